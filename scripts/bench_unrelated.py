"""Do empty-ish and unrelated translations score at the bottom? Both numbers, on the NTREX articles.

    .venv/bin/python scripts/bench_unrelated.py [--data ../shared/data] [--limit N]

Each NTREX article (Italian source, English original as a correct translation, ``paragraphs`` layout)
is checked three ways, in the default (fast) mode: as it is (*correct*); with the target of the next
article in file order (*unrelated*: a fluent English article about something else); and with only its
first target sentence kept (*one sentence*: the rest of the translation missing). The table gives the
median and the range of ``score`` and ``quality``, the pass rate, and for the correct pairs how many
are flagged unrelated (false alarms of the rule in :mod:`mtqa.scores.scoring`). An empty target is refused
before scoring (E105) and needs no row.
"""

from __future__ import annotations

import argparse
import statistics
from pathlib import Path

from _bench import DEFAULT_DATA, layout, load_ntrex, md_table

from mtqa.pipeline import check_texts


def _cell(xs: list[float]) -> str:
    return f"{statistics.median(xs):.1f} ({min(xs):.1f}–{max(xs):.1f})" if xs else "–"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--limit", type=int, default=0, help="only the first N articles (0: all)")
    args = ap.parse_args(argv)
    arts = load_ntrex(args.data)
    arts = arts[: args.limit] if args.limit else arts
    rows = []
    for kind in ("correct", "unrelated", "one sentence"):
        scores, quality, passed, flagged = [], [], 0, 0
        for k, a in enumerate(arts):
            src = layout(a.it, "paragraphs")[0]
            tgt_lines = {"correct": a.en, "unrelated": arts[(k + 1) % len(arts)].en,
                         "one sentence": a.en[:1]}[kind]
            r = check_texts(src, layout(tgt_lines, "paragraphs")[0], "it", "en").to_dict()
            if r["score"] is None:
                continue
            scores.append(r["score"])
            quality.append(r["quality"])
            passed += r["verdict"] == "pass"
            flagged += any("unrelated" in w for w in r.get("warnings") or [])
        rows.append([kind, str(len(scores)), _cell(scores), _cell(quality), f"{passed}/{len(scores)}",
                     str(flagged)])
    print(md_table(["pairs", "articles", "score: median (range)", "quality: median (range)", "pass",
                    "flagged unrelated"], rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
