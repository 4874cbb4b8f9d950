"""How the swapped-languages check (E301) behaves on real sentence pairs: how often it fires on correct
pairs (false alarms) and on the same pairs with source and target swapped (recall). Single sentences
are the hard case: an article gives the language identifier more text.

    .venv/bin/python scripts/check_swapped.py
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from score_data import mlqe, wmt23  # noqa: E402

from mtqa.config import QAConfig  # noqa: E402
from mtqa.errors import LanguagesSwapped  # noqa: E402
from mtqa.pipeline import resolve_languages  # noqa: E402
from mtqa.types import ArticlePair, Document  # noqa: E402


def main() -> None:
    cfg = QAConfig()
    sets = [("wmt23 zh-en", lambda: wmt23("zh-en")), ("wmt23 he-en", lambda: wmt23("he-en")),
            ("mlqe-pe et-en test20", lambda: mlqe("et-en", "test20")), ("mlqe-pe ro-en test20", lambda: mlqe("ro-en", "test20"))]
    for name, load in sets:
        pairs = {(it.source, it.target): it.langs for it in load()}  # distinct pairs: systems repeat outputs
        flagged = {False: 0, True: 0}
        for (src, tgt), (s, t) in pairs.items():
            for swap in (False, True):
                a, b = (tgt, src) if swap else (src, tgt)
                try:
                    resolve_languages(ArticlePair("x", Document(a, s), Document(b, t)), cfg)
                except LanguagesSwapped:
                    flagged[swap] += 1
        n = len(pairs)
        print(f"{name}: {n} distinct pairs; E301 on correct pairs {flagged[False]} ({flagged[False] / n:.1%}), "
              f"on swapped pairs {flagged[True]} ({flagged[True] / n:.1%})")


if __name__ == "__main__":
    main()
