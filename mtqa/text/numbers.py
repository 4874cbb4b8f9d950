"""Numbers in running text, read by the conventions of a language profile.

``4,8 milioni`` (Italian) and ``4.8 million`` (English) both read as 4,800,000; ``10 mila`` and
``10,000`` as 10,000. A mark followed by exactly three digits is read as a thousands mark when the
language uses it as one; otherwise as a decimal mark, whatever the language, so that a decimal comma
left in English ("4,8 million") still compares equal (detecting it is another detector's job).
Clock times (``10.30``, ``10:30``, ``12 h 00``, ``15时50分``, ``3 p.m.``) also carry their hhmm reading so
that they compare across languages; "the 1980s" also reads as 80 (Italian "gli anni '80"); Chinese and
Japanese multipliers apply in any profile (``3万`` = 30,000).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from mtqa.lang.profiles import LanguageProfile

_NUM = re.compile(
    # (?=\d) first lets the regex engine skip to the next digit instead of trying the look-behind
    # everywhere; then: not inside a Latin word or another number (CJK text writes digits right next
    # to its characters); a full stop before it only after a letter ("No.1", "art.5", not ".5")
    r"(?=\d)(?<![0-9A-Za-z\u00c0-\u024f\u0370-\u04ff_,])(?<![^A-Za-z]\.)(?<!^\.)"
    r"(\d{1,3}(?:[.,\u00a0\u202f' ](?=\d{3}(?!\d))\d{3})+(?:[.,]\d+)?|\d+(?:[.,:]\d+)?)"
    r"(?:\s*(%|‰))?"
)
_AFTER = re.compile(r"[\s\u00a0\u202f]*-?\s*([^\W\d_]+)", re.UNICODE)
# clock times written with an hour mark ("12 h 00", "15时50分", "15時50分"), and the 12-hour clock
_HOUR_MARK = re.compile(r"[\s\u00a0\u202f]?(?:h(?:\s?(\d{2}))?\b|(?:时|時|点|點)(\d{2})?(?:分)?)")
# "XV secolo", and the French ordinal forms "Xe", "XIe siècle", "Ier"
_ROMAN = re.compile(r"\b([IVXLC]{2,6}|[IVXLC](?=e\b|er\b))(?:e|er|ème)?\b")
_ROMAN_VALUE = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
_AM_PM = re.compile(r"\s?(a\.m\.|p\.m\.|am\b|pm\b|AM\b|PM\b)")
_DECADE = re.compile(r"['’]?s\b")
# "£125m", "$2bn", "€40k": a scale letter glued to an amount after a currency symbol
_CURRENCY_BEFORE = re.compile(r"[$€£¥]\s?$")
_MONEY_SUFFIX = re.compile(r"(bn|m|k)\b", re.IGNORECASE)
_SUFFIX_VALUE = {"bn": 1e9, "m": 1e6, "k": 1e3}
# Chinese and Japanese multipliers written right after the digits ("3万" = 30,000), in any profile
_CJK_SCALE = re.compile(r"(万亿|萬億|兆|亿|億|万|萬|千)")
_CJK_VALUE = {
    "万亿": 10**12,
    "萬億": 10**12,
    "兆": 10**12,
    "亿": 10**8,
    "億": 10**8,
    "万": 10**4,
    "萬": 10**4,
    "千": 1000,
}


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
    groups = re.split(r"[.,\u00a0\u202f' ]", raw)
    if len(marks) > 1 and len(set(marks)) == 1:
        return {float("".join(groups))}  # 1.000.000: only thousands marks repeat
    if len(set(marks)) == 2:
        # 1.234,5 or 1,234.5: the last mark is the decimal one
        dec = marks[-1]
        head, tail = raw.rsplit(dec, 1)
        return {float(re.sub(r"\D", "", head) + "." + tail)}
    mark = marks[0]
    head, tail = raw.split(mark)
    if len(tail) == 3 and (mark in profile.thousands_marks or mark == " "):
        out.add(float(head + tail))
    elif mark in ".,":
        out.add(float(head + "." + tail))
    else:
        out.add(float(head + tail))
    if mark == "." and len(tail) == 2 and int(head) < 24 and int(tail) < 60:
        out.add(float(int(head) * 100 + int(tail)))  # 10.30 as a time
    return out


def _canon(v: float) -> float:
    """Nine significant digits, so that 315.1 × 10⁸ equals 31.51 × 10⁹ despite binary floats."""
    return float(f"{v:.9g}")


def _plain(raw: str) -> str:
    return re.sub(r"\D", "", raw)


def _twelve_hour(v: float, pm: bool) -> float:
    """3 p.m. -> 1500, 3:30 p.m. (read as 330) -> 1530, 12 a.m. -> 0."""
    hhmm = v * 100 if v < 13 else v
    h, m = divmod(int(hhmm), 100)
    return float(((h % 12) + (12 if pm else 0)) * 100 + m)


@lru_cache(maxsize=2048)  # A101, A102 and L201 read the same sentences
def find_numbers(text: str, profile: LanguageProfile) -> tuple[Number, ...]:
    """Numbers written with digits, with the scale word after them applied."""
    out: list[Number] = []
    for m in _NUM.finditer(text):
        if out and m.start() < out[-1].end:
            continue  # already read as part of the previous number ("15时50分", "1万1000")
        raw = m.group(1)
        vals = _readings(raw, profile)
        end = m.end()
        scale = None
        after = _AFTER.match(text, end)
        cjk = _CJK_SCALE.match(text, end)
        hour = _HOUR_MARK.match(text, end) if len(raw) <= 2 else None
        ampm = _AM_PM.match(text, end)
        if cjk:
            scale = cjk.group(1)
            vals = {v * _CJK_VALUE[scale] for v in vals}
            end = cjk.end()
            rest = _NUM.match(text, end)  # "1万1000" = 11,000
            if rest and not rest.group(2) and float(_plain(rest.group(1))) < _CJK_VALUE[scale]:
                vals = {v + float(_plain(rest.group(1))) for v in vals}
                end = rest.end()
        elif hour and int(raw) <= 24 and int(hour.group(1) or hour.group(2) or 0) < 60:
            hhmm = float(int(raw) * 100 + int(hour.group(1) or hour.group(2) or 0))
            # "12 h" is also a duration of twelve hours: keep the plain reading unless minutes follow
            vals = {hhmm} if hour.group(1) or hour.group(2) else vals | {hhmm}
            end = hour.end()
        elif ampm:
            vals = vals | {_twelve_hour(v, ampm.group(1)[0].lower() == "p") for v in vals if v < 1300}
        elif len(raw) == 4 and raw.endswith("0") and _DECADE.match(text, end):
            vals = vals | {v % 100 for v in vals}  # the 1980s = gli anni '80
        elif (
            suffix := _MONEY_SUFFIX.match(text, end)
            if _CURRENCY_BEFORE.search(text[max(0, m.start() - 4) : m.start()])
            else None
        ):
            scale = suffix.group(1).lower()
            vals = {v * _SUFFIX_VALUE[scale] for v in vals}
            end = suffix.end()
        elif after and after.group(1).lower() in profile.scale_words:
            scale = after.group(1).lower()
            mult = profile.scale_words[scale]
            vals = {v * mult for v in vals}
            end = after.end()
        out.append(Number(m.start(), end, text[m.start() : end], frozenset(_canon(v) for v in vals), scale))
    return tuple(out)


def find_number_words(text: str, profile: LanguageProfile) -> list[Number]:
    """Numbers written as words ("due", "three", "third", "the eighties"), month names (June = 6) and
    Roman numerals ("XV secolo"), for matching against digits ("6月18日" is June 18)."""
    out = []
    for m in re.finditer(r"[^\W\d_]+", text):
        w = m.group(0).lower()
        if w in profile.number_words:
            out.append(Number(m.start(), m.end(), m.group(0), frozenset({float(profile.number_words[w])})))
        elif w in profile.months:
            out.append(
                Number(m.start(), m.end(), m.group(0), frozenset({float(profile.months.index(w) + 1)}))
            )
    for m in _ROMAN.finditer(text):  # "XV secolo" = the 15th century
        v = _roman(m.group(1))
        if v:
            out.append(Number(m.start(), m.end(), m.group(0), frozenset({float(v)})))
    return out


def _roman(s: str) -> int | None:
    total, prev = 0, 0
    for c in reversed(s):
        v = _ROMAN_VALUE[c]
        total = total - v if v < prev else total + v
        prev = max(prev, v)
    return total if 0 < total < 200 else None


def scale_variants(n: Number) -> Number:
    """``n`` also read as thousands, millions or billions: for sources in languages without a profile,
    whose scale words ("570 tys.", "1 млн") mtqa cannot read."""
    vals = {v * m for v in n.values for m in (1, 1e3, 1e6, 1e9)}
    return Number(n.start, n.end, n.text, frozenset(_canon(v) for v in vals), n.scaled_by)
