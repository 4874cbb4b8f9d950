from __future__ import annotations

from collections.abc import Iterable, Sequence

from mtqa.detectors.base import CheckContext, Detector
from mtqa.lang.profiles import LanguageProfile
from mtqa.text.numbers import Number, find_number_words, find_numbers, scale_variants
from mtqa.text.quantities import Quantity, find_quantities
from mtqa.types import AlignedSegment, Finding, Severity


def _matches(a: Number, pool: Sequence[Number]) -> Number | None:
    for b in pool:
        if a.values & b.values:
            return b
    return None


def _drop_conversions(
    seg: AlignedSegment, sp: LanguageProfile, tp: LanguageProfile, missing: list[Number], extra: list[Number]
) -> tuple[list[Number], list[Number]]:
    """Leave out the pairs where the target converts the source's unit ("25 mm" and "1 inch"; "250
    chili" and "550 pound", "30 gradi" and "80 degrees": an ambiguous unit read as the other side's)."""
    sq: dict[int, list[Quantity]] = {}
    tq: dict[int, list[Quantity]] = {}
    for q in find_quantities(seg.src_text, sp, ambiguous=True):
        sq.setdefault(q.number.start, []).append(q)
    for q in find_quantities(seg.tgt_text, tp, ambiguous=True):
        tq.setdefault(q.number.start, []).append(q)
    converted = {(s.start, t.start) for s in missing for t in extra
                 if any(a.close_to(b) for a in sq.get(s.start, ()) for b in tq.get(t.start, ()))}
    return ([s for s in missing if not any(s.start == a for a, _ in converted)],
            [t for t in extra if not any(t.start == b for _, b in converted)])


class NumberMismatch(Detector):
    """A number in the source that the translation changes, drops, or a number in the translation
    that the source does not have.

    Numbers are read by each side's conventions (``4,8 milioni`` = ``4.8 million``, ``10 mila`` =
    ``10,000``, ``10.30`` = ``10:30``), and a number may be written with digits on one side and as a
    word on the other ("tre" / "3"; Italian compounds, ages and approximations too: "trentatré" /
    "33", "trentunenne" / "31-year-old", "una ventina" / "about 20"). Before a number counts as
    missing it is also looked for in the neighbouring beads, so an alignment off by one sentence does
    not raise a false alarm.

    ## Why
    A changed figure silently misinforms the reader: casualty counts, prices and dates are exactly
    what a news reader takes away.

    ## Bad
    it "4,8 milioni di proiettili" -> en "4.5 million shells"

    ## Good
    it "4,8 milioni di proiettili" -> en "4.8 million shells"; it "10 mila" -> en "10,000"

    Unit conversions with their units on both sides ("25 mm" / "1 inch", "30 °C" / "86 °F", "198 cm" /
    "6-foot-6", ranges "5-10 cm" / "2 to 4 inches") match within rounding (``mtqa.text.quantities``); an
    ambiguous unit is read as the other side's ("250 chili" / "550 pound", "30 gradi" / "80 degrees").

    Source languages without a profile (Chinese, Russian, ...) write numbers in words, numerals and
    scale abbreviations mtqa cannot read: they are not checked unless ``unprofiled_sources`` is set,
    and then only substitutions are reported (a source number missing together with a target number
    the source lacks).

    ## Known false positives
    Conversions without a unit on one side, and rounding ("almost 5 million" for 4,8 milioni); numbers inside
    names that one side spells out ("Kim III" / "Kim 3").

    ## Options
    - ``ignore_years`` (bool, false): do not compare numbers between 1900 and 2100.
    - ``unprofiled_sources`` (bool, false): also check sources in languages without a profile.
    """

    code = "A101"
    name = "number-mismatch"
    category = "accuracy/mistranslation"
    severity = Severity.MAJOR
    default_options = {"ignore_years": False, "unprofiled_sources": False}

    def check(self, ctx: CheckContext) -> Iterable[Finding]:
        beads = ctx.beads
        sp, tp = ctx.src_profile, ctx.tgt_profile
        if sp.generic and not self.options["unprofiled_sources"]:
            return
        src_nums: list[Sequence[Number]] = [find_numbers(b.src_text, sp) for b in beads]
        if sp.generic:
            src_nums = [[scale_variants(n) for n in ns] for ns in src_nums]
        tgt_nums = [find_numbers(b.tgt_text, tp) for b in beads]
        for k, seg in enumerate(beads):
            if not seg.bead.src or not seg.bead.tgt:
                continue  # omissions and additions are reported as such
            if not src_nums[k] and not tgt_nums[k]:
                continue  # no digits on either side: number words alone are not compared
            near = range(max(0, k - 1), min(len(beads), k + 2))
            missing = [n for n in src_nums[k] if not self._skip(n) and not _matches(n, tgt_nums[k])]
            extra = [n for n in tgt_nums[k] if not self._skip(n) and not _matches(n, src_nums[k])]
            # numbers written as words on the other side ("tre" / "3"), read only when needed
            if missing:
                words_t = find_number_words(seg.tgt_text, tp)
                missing = [n for n in missing if not _matches(n, words_t)]
            if extra:
                words_s = find_number_words(seg.src_text, sp)
                extra = [n for n in extra if not _matches(n, words_s)]
            missing = [n for n in missing if not any(_matches(n, tgt_nums[o]) for o in near if o != k)]
            extra = [n for n in extra if not any(_matches(n, src_nums[o]) for o in near if o != k)]
            if missing and extra:
                missing, extra = _drop_conversions(seg, sp, tp, missing, extra)
            if sp.generic:
                # a language without a profile may write numbers in words or numerals mtqa cannot read:
                # only a substitution (one number in, another out) is evidence
                n = min(len(missing), len(extra))
                missing, extra = missing[:n], extra[:n]
            yield from self._report(ctx, seg, missing, extra)

    def _skip(self, n: Number) -> bool:
        return bool(self.options["ignore_years"]) and 1900 <= n.value <= 2100 and n.scaled_by is None

    def _report(
        self, ctx: CheckContext, seg: AlignedSegment, missing: list[Number], extra: list[Number]
    ) -> Iterable[Finding]:
        for s, t in zip(missing, extra):
            yield self.in_segment(
                ctx, seg, "target", t.start, t.end,
                f'"{t.text}" does not match the source\'s "{s.text}"',
                suggestion=s.text,
            )
        for t in extra[len(missing):]:
            yield self.in_segment(ctx, seg, "target", t.start, t.end, f'"{t.text}" is not in the source')
        for s in missing[len(extra):]:
            yield self.in_segment(
                ctx, seg, "source", s.start, s.end, f'"{s.text}" is missing from the translation'
            )
