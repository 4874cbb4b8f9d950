"""Word frequencies from wordfreq on the Zipf scale (0 = unseen, 3 = once per million words,
7 = "the"), served from the shared on-disk cache of :mod:`mtqa.resources.wordstore`."""

from __future__ import annotations

import math
from functools import cache, lru_cache

from mtqa.resources.wordstore import CountTable, data_stamp


@cache
def _table(lang: str) -> CountTable:
    def load() -> list[tuple[str, float]]:
        from wordfreq import get_frequency_dict

        return [
            (w, round(math.log10(f) + 9, 2)) for w, f in get_frequency_dict(lang, "best").items() if f > 0
        ]

    # wordfreq's "best" list: its large one where it has one
    large = data_stamp("wordfreq", "data", f"large_{lang}.msgpack.gz")
    stamp = large if large != "missing" else data_stamp("wordfreq", "data", f"small_{lang}.msgpack.gz")
    return CountTable(f"wordfreq-{lang}", stamp or "missing", load)


@lru_cache(maxsize=200_000)
def zipf(word: str, lang: str) -> float:
    """Zipf frequency of a lower-case word; 0.0 when unknown (or the language has no list)."""
    try:
        return _table(lang).get(word) or 0.0
    except LookupError:  # wordfreq has no list for this language
        return 0.0


def zipf_many(words: list[str], lang: str) -> dict[str, float]:
    """Bulk lookup: one query for a whole article."""
    try:
        return _table(lang).get_many(words)
    except LookupError:
        return {}


def is_known(word: str, lang: str, min_zipf: float = 1.0) -> bool:
    return zipf(word.lower(), lang) >= min_zipf
