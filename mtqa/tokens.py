"""Word tokens with character offsets, the one tokenizer the detectors share."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

# letters with inner apostrophes or hyphens stay one token ("Kim Jong-un", "l'unità" -> l', unità)
_WORD = re.compile(r"[^\W\d_]+(?:[’'][^\W\d_]+)*", re.UNICODE)


class Token(NamedTuple):
    """A word and its offsets. A named tuple, not a dataclass: articles have thousands, made often."""

    start: int
    end: int
    text: str

    @property
    def lower(self) -> str:
        return self.text.lower()


@lru_cache(maxsize=4096)  # many detectors read the same sentences
def words(text: str) -> tuple[Token, ...]:
    """Alphabetic words (no digits), with offsets into ``text``."""
    return tuple(Token(m.start(), m.end(), m.group(0)) for m in _WORD.finditer(text))


def word_count(text: str) -> int:
    """Words as MQM counts them: runs of letters or digits."""
    return len(re.findall(r"\w+(?:[’'.,-]\w+)*", text))
