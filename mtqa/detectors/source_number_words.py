from __future__ import annotations

import re
from collections.abc import Iterable

from mtqa.detectors.base import CheckContext, Detector
from mtqa.text.numbers import find_numbers
from mtqa.types import AlignedSegment, Finding, Severity


def format_number(value: float, thousands: str, decimal: str) -> str:
    if value == int(value):
        return f"{int(value):,}".replace(",", thousands)
    whole, frac = f"{value:,.6f}".rstrip("0").split(".")
    return whole.replace(",", thousands) + decimal + frac


class SourceNumberWords(Detector):
    """A number written the source language's way, with a scale word the target does not use after
    digits ("10 thousand" for Italian "10 mila").

    Which scale words are unidiomatic after digits comes from the target profile
    (``unidiomatic_digit_scales``): English writes 10,000, not 10 thousand, but 5 million is fine.

    ## Why
    Calques of source number formats read as foreign and slow the reader down; in tables and figures
    they are also easy to misread.

    ## Bad
    it "10 mila container" -> en "10 thousand containers"; "tra i 3 mila e i 4 mila dollari" -> en
    "between 3 thousand and 4 thousand dollars"

    ## Good
    en "10,000 containers", "between 3,000 and 4,000 dollars"

    ## Fix safety
    Writing the number with digits and the target's thousands mark is safe ("10,000").

    ## Known false positives
    "tens of thousands" and "thousands of" (no digits) are not flagged; quoting a figure as spoken.

    ## Options
    None.
    """

    code = "L201"
    name = "source-number-words"
    category = "locale convention/number format"
    severity = Severity.MINOR

    def check_segment(self, seg: AlignedSegment, ctx: CheckContext) -> Iterable[Finding]:
        prof = ctx.tgt_profile
        if not prof.unidiomatic_digit_scales:
            return
        thousands = prof.thousands_marks[0] if prof.thousands_marks else ","
        for n in find_numbers(seg.tgt_text, prof):
            if n.scaled_by in prof.unidiomatic_digit_scales and re.match(r"\d", n.text):
                yield self.in_segment(
                    ctx,
                    seg,
                    "target",
                    n.start,
                    n.end,
                    f'"{n.text}" writes the number the source language\'s way',
                    suggestion=format_number(n.value, thousands, prof.decimal_mark),
                    fix="safe",
                )
