from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from mtqa.detectors.base import CheckContext, Detector
from mtqa.types import AlignedSegment, Finding, Severity


@lru_cache(maxsize=8)
def _pattern(mark: str) -> re.Pattern[str]:
    """A number with one or two decimals after ``mark``, not part of a longer number."""
    return re.compile(r"(?<![\w.,])(\d+)" + re.escape(mark) + r"(\d{1,2})(?!\d|[.,]\d)")


class SourceDecimalMark(Detector):
    """A decimal number written with the source language's decimal mark ("4,8 million" in English).

    A number with a comma (or full stop) followed by one or two digits, where the target language
    writes decimals with the other mark, and the aligned source has the very same number: the figure
    was carried over, not localized. Three digits after the mark are a thousands group ("4,800"), never
    flagged.

    ## Why
    "4,8 million" is unidiomatic at best; at worst a reader takes "1,5" for a list or "2,50" for
    thousands. Figures are what readers act on.

    ## Bad
    it "4,8 milioni di proiettili" -> en "4,8 million shells"

    ## Good
    en "4.8 million shells"

    ## Fix safety
    Swapping the decimal mark is safe: the source writes the same number.

    ## Known false positives
    Lists of small numbers written without spaces ("chapters 1,2") that the source writes the same way.

    ## Options
    None.
    """

    code = "L202"
    name = "source-decimal-mark"
    category = "locale convention/number format"
    severity = Severity.MINOR

    def check_segment(self, seg: AlignedSegment, ctx: CheckContext) -> Iterable[Finding]:
        dec = ctx.tgt_profile.decimal_mark
        wrong = "," if dec == "." else "."
        if ctx.src_profile.decimal_mark != wrong or not seg.src_text or wrong not in seg.tgt_text:
            return
        pattern = _pattern(wrong)
        src_numbers = {m.group(0) for m in pattern.finditer(seg.src_text)}
        for m in pattern.finditer(seg.tgt_text):
            if m.group(0) in src_numbers:
                yield self.in_segment(
                    ctx,
                    seg,
                    "target",
                    m.start(),
                    m.end(),
                    f'"{m.group(0)}" keeps the source language\'s decimal mark "{wrong}"',
                    suggestion=f"{m.group(1)}{dec}{m.group(2)}",
                    fix="safe",
                )
