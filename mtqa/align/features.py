"""Lexical anchors of a sentence, for alignment: things that survive translation unchanged or nearly so.

Each sentence becomes a small bag of weighted keys:

- ``#<digits>``: numbers with their separators removed, so ``4,8`` / ``4.8`` and ``10.000`` / ``10,000``
  give the same key (weight 3: numbers are the strongest anchors in news);
- ``N<prefix>``: capitalized words that do not open the sentence (names), accent-folded, first 5 letters
  (weight 2);
- ``W<prefix>``: other words of 4+ letters that are not function words, accent-folded, first 4 letters:
  cognates such as presidente/president, satellitare/satellite (weight 1);
- ``P<char>``: question and exclamation marks, quotation marks and brackets (weight 0.5).

Names and cognate prefixes also go into one shared ``W`` space, so a name in one language matches a
lower-case cognate in the other.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

from mtqa.lang.profiles import LanguageProfile

_TOKEN = re.compile(r"\d[\d.,'\u00a0\u202f]*\d|\d|\w+", re.UNICODE)
# quotation marks of any style count as one anchor, as do brackets
_PUNCT_ANCHORS = {"?": "?", "!": "!", "«": '"', "“": '"', "„": '"', '"': '"', "(": "(", "[": "("}

WEIGHTS = {"#": 3.0, "N": 2.0, "W": 1.0, "P": 0.5}


def fold(word: str) -> str:
    """Lower-case and strip accents: ``Perché`` -> ``perche``."""
    nfkd = unicodedata.normalize("NFKD", word.lower())
    return "".join(c for c in nfkd if not unicodedata.combining(c))


@dataclass(frozen=True)
class SentenceFeatures:
    chars: int  # non-space characters
    keys: tuple[tuple[str, float], ...]  # (key, weight), with repeats merged


def sentence_features(text: str, profile: LanguageProfile) -> SentenceFeatures:
    keys: Counter[str] = Counter()
    first = True
    for m in _TOKEN.finditer(text):
        tok = m.group(0)
        if tok[0].isdigit():
            keys["#" + re.sub(r"\D", "", tok)] += 1
        elif tok.isalpha():
            low = tok.lower()
            if low in profile.stopwords:
                first = False
                continue
            f = fold(tok)
            if tok[0].isupper() and not first and len(tok) >= 2:
                keys["N" + f[:5]] += 1
                keys["W" + f[:4]] += 1
            elif len(tok) >= 4:
                keys["W" + f[:4]] += 1
        first = False
    for ch in text:
        if ch in _PUNCT_ANCHORS:
            keys["P" + _PUNCT_ANCHORS[ch]] += 1
    chars = sum(1 for c in text if not c.isspace())
    return SentenceFeatures(chars, tuple((k, WEIGHTS[k[0]] * n) for k, n in sorted(keys.items())))


def merge(features: list[SentenceFeatures]) -> tuple[int, dict[str, float]]:
    chars = 0
    keys: dict[str, float] = {}
    for f in features:
        chars += f.chars
        for k, w in f.keys:
            keys[k] = keys.get(k, 0.0) + w
    return chars, keys


def overlap(a: dict[str, float], b: dict[str, float]) -> float:
    """Weighted Dice coefficient of two key bags, in [0, 1]; 0 when both are empty."""
    total = sum(a.values()) + sum(b.values())
    if total == 0:
        return 0.0
    if len(a) > len(b):
        a, b = b, a
    common = sum(min(w, b[k]) for k, w in a.items() if k in b)
    return 2 * common / total


def containment(a: dict[str, float], b: dict[str, float]) -> float:
    """Share of ``a``'s anchor weight that ``b`` also has, in [0, 1]; 0 when ``a`` is empty."""
    total = sum(a.values())
    if total == 0:
        return 0.0
    return sum(min(w, b[k]) for k, w in a.items() if k in b) / total
