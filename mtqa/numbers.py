"""Numbers in running text, read by the conventions of a language profile.

``4,8 milioni`` (Italian) and ``4.8 million`` (English) both read as 4,800,000; ``10 mila`` and
``10,000`` as 10,000. A mark followed by exactly three digits is read as a thousands mark when the
language uses it as one; otherwise as a decimal mark, whatever the language, so that a decimal comma
left in English ("4,8 million") still compares equal (detecting it is another detector's job).
Clock times (``10.30``, ``10:30``) also carry their hhmm reading so that they compare across languages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from mtqa.lang.profiles import LanguageProfile

_NUM = re.compile(
    r"(?<![\w.,])"  # not inside a word or another number
    r"(\d{1,3}(?:[.,\u00a0\u202f'](?=\d{3}(?!\d))\d{3})+(?:[.,]\d+)?|\d+(?:[.,:]\d+)?)"
    r"(?:\s*(%|‰))?"
)
_AFTER = re.compile(r"[\s\u00a0\u202f]*-?\s*([^\W\d_]+)", re.UNICODE)


@dataclass(frozen=True)
class Number:
    start: int
    end: int  # end of the digits, or of the scale word when there is one
    text: str
    values: frozenset[float]  # acceptable readings (several when the notation is ambiguous)
    scaled_by: str | None = None  # the scale word that followed ("mila", "million"), if any

    @property
    def value(self) -> float:
        return min(self.values)


def _readings(raw: str, profile: LanguageProfile) -> set[float]:
    if ":" in raw:
        h, m = raw.split(":", 1)
        return {float(int(h) * 100 + int(m))} if len(m) == 2 else {float(h), float(m)}
    marks = [c for c in raw if not c.isdigit()]
    if not marks:
        return {float(raw)}
    out: set[float] = set()
    groups = re.split(r"[.,\u00a0\u202f']", raw)
    if len(marks) > 1 and len(set(marks)) == 1:
        return {float("".join(groups))}  # 1.000.000: only thousands marks repeat
    if len(set(marks)) == 2:
        # 1.234,5 or 1,234.5: the last mark is the decimal one
        dec = marks[-1]
        head, tail = raw.rsplit(dec, 1)
        return {float(re.sub(r"\D", "", head) + "." + tail)}
    mark = marks[0]
    head, tail = raw.split(mark)
    if len(tail) == 3 and mark in profile.thousands_marks:
        out.add(float(head + tail))
    elif mark in ".,":
        out.add(float(head + "." + tail))
    else:
        out.add(float(head + tail))
    if mark == "." and len(tail) == 2 and int(head) < 24 and int(tail) < 60:
        out.add(float(int(head) * 100 + int(tail)))  # 10.30 as a time
    return out


def find_numbers(text: str, profile: LanguageProfile) -> list[Number]:
    """Numbers written with digits, with the scale word after them applied."""
    out = []
    for m in _NUM.finditer(text):
        raw = m.group(1)
        vals = _readings(raw, profile)
        end = m.end()
        scale = None
        after = _AFTER.match(text, end)
        if after and after.group(1).lower() in profile.scale_words:
            scale = after.group(1).lower()
            mult = profile.scale_words[scale]
            vals = {v * mult for v in vals}
            end = after.end()
        out.append(Number(m.start(), end, text[m.start() : end], frozenset(round(v, 6) for v in vals), scale))
    return out


def find_number_words(text: str, profile: LanguageProfile) -> list[Number]:
    """Cardinal numbers written as words ("due", "three"), for matching against digits."""
    out = []
    for m in re.finditer(r"[^\W\d_]+", text):
        w = m.group(0).lower()
        if w in profile.number_words:
            out.append(Number(m.start(), m.end(), m.group(0), frozenset({float(profile.number_words[w])})))
    return out
