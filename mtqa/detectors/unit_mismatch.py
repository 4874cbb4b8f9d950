from __future__ import annotations

from collections.abc import Iterable

from mtqa.detectors.base import CheckContext, Detector
from mtqa.text.quantities import find_quantities
from mtqa.types import AlignedSegment, Finding, Severity


class UnitMismatch(Detector):
    """A figure whose unit or currency the translation changes without converting it ("152 mm" ->
    "152 cm", "6,5 milioni di euro" -> "$6.5 million").

    Units, currencies and temperature scales are read on both sides (``mtqa.text.quantities``). A target
    quantity that converts the source one (25 mm and 1 inch, 30 °C and 86 °F, within 12% for rounding)
    is fine; the same number with a unit of another size or another currency is flagged.

    ## Why
    A wrong unit changes the fact by orders of magnitude, and a swapped currency misstates every
    amount; both slip past a number check because the digits are right.

    ## Bad
    it "proiettili da 152 mm" -> en "152 cm shells"; it "perdite per 6,5 milioni di euro" -> en
    "losses of $6.5 million"

    ## Good
    en "152 mm shells", "losses of €6.5 million"; it "25 mm di pioggia" -> en "an inch of rain" (a
    conversion; a number word is not read).

    ## Known false positives
    A translation that converts a currency and keeps the figure by coincidence; compound imperial
    measures ("6 feet 6").

    ## Options
    None.
    """

    code = "A102"
    name = "unit-mismatch"
    category = "accuracy/mistranslation"
    severity = Severity.MAJOR

    def check_segment(self, seg: AlignedSegment, ctx: CheckContext) -> Iterable[Finding]:
        if not seg.src_text or not seg.tgt_text:
            return
        src = find_quantities(seg.src_text, ctx.src_profile)
        if not src:
            return
        tgt = find_quantities(seg.tgt_text, ctx.tgt_profile)
        for t in tgt:
            if any(s.close_to(t) for s in src):
                continue
            # the same number with a unit of the same kind but another size, or another currency; a change
            # of kind (length to speed) is more likely a unit mtqa could not read in full
            same = [
                s
                for s in src
                if s.number.values & t.number.values
                and s.dimension != "temperature"
                and (
                    s.dimension == t.dimension
                    or (s.dimension.startswith("currency") and t.dimension.startswith("currency"))
                )
            ]
            if not same or any(s.close_to(t) for s in same):
                continue
            s = same[0]
            kind = (
                "currency"
                if s.dimension.startswith("currency") or t.dimension.startswith("currency")
                else "unit"
            )
            yield self.in_segment(
                ctx,
                seg,
                "target",
                t.number.start,
                max(t.number.end, _unit_end(seg.tgt_text, t.number.end, t.unit)),
                f'{kind} changed: the source\'s "{s.number.text} {s.unit}" became "{t.number.text} {t.unit}"',
            )


def _unit_end(text: str, end: int, unit: str) -> int:
    i = text.lower().find(unit, end)
    return i + len(unit) if 0 <= i <= end + 5 else end

