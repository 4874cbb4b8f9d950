"""Write the TBX-Basic form of a CSV termbase (the CSV is the source that people edit).

    .venv/bin/python scripts/build_termbase.py corpora/termbases/it-en-news.csv corpora/termbases/it-en-news.tbx

A test checks that both files hold the same entries, so the TBX is rebuilt whenever the CSV changes.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from mtqa.terms import load_glossary
from mtqa.terms.tbx import write_tbx


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("csv", type=Path)
    ap.add_argument("tbx", type=Path)
    ap.add_argument("--title", default="mtqa Italian-English news termbase, written for the mtqa project (CC0)")
    args = ap.parse_args()
    g = load_glossary(args.csv)
    write_tbx(g, args.tbx, args.title)
    print(f"wrote {len(g.concepts)} entries to {args.tbx}")


if __name__ == "__main__":
    main()
