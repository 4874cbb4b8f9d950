"""A spelling word list per language (pyspellchecker's, which ships with its wheel and works offline),
served from the shared on-disk cache of :mod:`mtqa.resources.wordstore`, and edit-distance-1 suggestions.

pyspellchecker's English list is American ("colour" is missing), and wordfreq's lists hold common
misspellings ("recieve" at Zipf 2.8), so a word is taken for a misspelling only when both agree; see
:func:`misspelling`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache

from mtqa.resources.wordstore import CountTable, data_stamp
from mtqa.text.frequencies import zipf_many

LANGUAGES = frozenset({"ar", "de", "en", "es", "eu", "fa", "fr", "it", "lv", "nl", "pt", "ru"})
_LETTERS = "abcdefghijklmnopqrstuvwxyz"
KNOWN_ZIPF = (
    3.3  # wordfreq frequency from which a word missing from the spelling list is a variant, not an error
)
UNSEEN_ZIPF = 1.0  # below this, a word missing from the spelling list is a non-word
# a near-miss suggestion must be this much more frequent (100x) to call a rare word a misspelling
GAP_ZIPF = 2.0
# Longer than any word of the spelling lists plus one letter (the longest, Dutch, has 46), so no listed word
# is one edit away and the word cannot be flagged. It also bounds the edit candidates: a word of n letters
# has 54n + 25 of them, each n letters long, so memory grows with n squared (8,000 letters: 3.2 GB).
MAX_WORD_CHARS = 48


@cache
def _table(lang: str) -> CountTable | None:
    stamp = data_stamp("spellchecker", "resources", f"{lang}.json.gz") if lang in LANGUAGES else None
    if stamp is None:
        return None

    def load() -> list[tuple[str, float]]:
        import gzip
        import json
        from importlib import resources

        raw = resources.files("spellchecker").joinpath("resources", f"{lang}.json.gz").read_bytes()
        return [(w, float(n)) for w, n in json.loads(gzip.decompress(raw)).items()]

    return CountTable(f"pyspellchecker-{lang}", stamp, load)


def available(lang: str) -> bool:
    return _table(lang) is not None


def known(words: list[str], lang: str, remember: bool = True) -> dict[str, float]:
    """The words of the spelling list among ``words`` (lower case), with their counts."""
    t = _table(lang)
    return t.get_many(words, remember) if t else {}


def _edits1(word: str) -> set[str]:
    if len(word) > MAX_WORD_CHARS:
        return set()  # see MAX_WORD_CHARS: nothing listed is one edit away
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    return (
        {a + b[1:] for a, b in splits if b}
        | {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
        | {a + c + b[1:] for a, b in splits if b for c in _LETTERS}
        | {a + c + b for a, b in splits for c in _LETTERS}
    )


@lru_cache(maxsize=20_000)  # the same rare words come back article after article
def _nearest(word: str, lang: str) -> str | None:
    """The most frequent word of the spelling list one edit away from ``word``, if any; of equally
    frequent ones the first in alphabetical order, so that the answer never depends on set order."""
    cands = known(list(_edits1(word)), lang, remember=False)  # 500 words, most of them never seen again
    return min(cands, key=lambda c: (-cands[c], c)) if cands else None


@dataclass(frozen=True)
class Misspelling:
    word: str
    suggestion: str | None


def misspellings(words: list[str], lang: str) -> dict[str, Misspelling]:
    """The misspelled words among lower-case ``words``: missing from the spelling list, with a known word
    one edit away, and either unseen by wordfreq or far rarer than that word ("definately" ->
    "definitely")."""
    if not available(lang):
        return {}
    distinct = [w for w in set(words) if len(w) <= MAX_WORD_CHARS]  # longer ones have no known word near
    listed = known(distinct, lang)
    unknown = [w for w in distinct if w not in listed]
    if not unknown:
        return {}
    freq = zipf_many(unknown, lang)
    out = {}
    for w in unknown:
        z = freq.get(w, 0.0)
        if z >= KNOWN_ZIPF or (w.endswith("s") and known([w[:-1]], lang)):
            continue  # a frequent variant, or a rare plural of a known word ("financings")
        best = _nearest(w, lang)
        # without a known word one edit away, a rare word is more likely a term than a typo ("mesophase")
        if best and (z < UNSEEN_ZIPF or zipf_many([best], lang).get(best, 0.0) - z >= GAP_ZIPF):
            out[w] = Misspelling(w, best)
    return out
