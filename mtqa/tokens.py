"""Word tokens with character offsets, the one tokenizer the detectors share."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator

# letters with inner apostrophes or hyphens stay one token ("Kim Jong-un", "l'unità" -> l', unità)
_WORD = re.compile(r"[^\W\d_]+(?:[’'][^\W\d_]+)*", re.UNICODE)


@dataclass(frozen=True)
class Token:
    start: int
    end: int
    text: str

    @property
    def lower(self) -> str:
        return self.text.lower()


def words(text: str) -> Iterator[Token]:
    """Alphabetic words (no digits), with offsets into ``text``."""
    for m in _WORD.finditer(text):
        yield Token(m.start(), m.end(), m.group(0))


def word_count(text: str) -> int:
    """Words as MQM counts them: runs of letters or digits."""
    return len(re.findall(r"\w+(?:[’'.,-]\w+)*", text))
