"""Word tokens with character offsets, the one tokenizer the detectors share."""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache, partial
from typing import NamedTuple

# letters with inner apostrophes or hyphens stay one token ("Kim Jong-un", "l'unità" -> l', unità)
_WORD = re.compile(r"[^\W\d_]+(?:[’'][^\W\d_]+)*", re.UNICODE)


class Token(NamedTuple):
    """A word and its offsets. A named tuple, not a dataclass: articles have thousands, made often."""

    start: int
    end: int
    text: str


def spans(pattern: re.Pattern[str], text: str) -> list[tuple[int, int, str]]:
    """(start, end, match) of every match of ``pattern``, a word pattern whose matches start with a
    letter and that matches every run of letters (as ``_WORD`` does).

    findall and str.find instead of finditer and its match objects: a third faster, and every detector
    reads every sentence. No letter lies between two matches, so the first occurrence of a match after
    the end of the previous one is where it was found."""
    out = []
    end = 0
    find = text.find
    for w in pattern.findall(text):
        start = find(w, end)
        end = start + len(w)
        out.append((start, end, w))
    return out


_token = partial(tuple.__new__, Token)


@lru_cache(maxsize=4096)  # many detectors read the same sentences
def words(text: str) -> tuple[Token, ...]:
    """Alphabetic words (no digits), with offsets into ``text``."""
    return tuple(map(_token, spans(_WORD, text)))


@lru_cache(maxsize=1024)  # several detectors want the source article's words in lower case
def lower_words(text: str) -> tuple[str, ...]:
    """The words of ``text`` (as :func:`words` finds them), in lower case."""
    return tuple([t[2].lower() for t in words(text)])


@lru_cache(maxsize=64)  # F101 and F102 ask for the same target article
def repeated_words(text: str) -> frozenset[str]:
    """The words (lower case) that ``text`` writes more than once: an article's spelling of a term
    ("fourballs" in a golf report, "agorot" in an Israeli one), not a slip made in one place."""
    return frozenset(w for w, n in Counter(lower_words(text)).items() if n > 1)


def word_count(text: str) -> int:
    """Words as MQM counts them: runs of letters or digits."""
    return len(re.findall(r"\w+(?:[’'.,-]\w+)*", text))
