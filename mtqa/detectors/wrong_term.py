from __future__ import annotations

from collections.abc import Iterable

from mtqa.detectors.base import CheckContext, Detector
from mtqa.terms.match import overlaps, term_hits
from mtqa.types import Finding, Severity


class WrongTerm(Detector):
    """A source term rendered in a way the termbase forbids ("bullets" for artillery "proiettili").

    Runs only with a glossary (``--glossary FILE`` or the ``glossary`` setting; TBX-Basic or CSV, see
    ``mtqa.terms``). For every aligned sentence whose source has a termbase term, and where the entry's
    context condition holds (such as a calibre in mm near "proiettili"), a forbidden rendering in the
    target is flagged with the source term and the expected rendering. The entry may set its own
    severity. mtqa ships an Italian-English news termbase in ``corpora/termbases/it-en-news.tbx``.

    ## Why
    A wrong term in context changes what the reader learns ("4.8 million bullets" is small-arms
    ammunition; 152 mm shells are artillery); newsroom termbases exist to prevent exactly this, and a
    rule that knows the term and its context catches it every time.

    ## Bad
    it "4,8 milioni di proiettili, per lo più da 152 mm" -> en "4.8 million bullets, mostly 152 mm"
    (termbase: proiettili near a calibre -> shells, rounds; forbidden: bullets)

    ## Good
    en "4.8 million shells, mostly 152 mm"; "bullets" for "proiettili" in a sentence about pistols
    (the context condition does not hold).

    ## Known false positives
    A forbidden word that renders another source word of the same sentence; termbase entries whose
    context condition is too broad.

    ## Options
    None. The termbase is the configuration.
    """

    code = "T101"
    name = "wrong-term"
    category = "terminology/inconsistent with termbase"
    severity = Severity.MAJOR
    supersedes = ("T201",)  # the termbase says which rendering is wrong: one finding, with the expected term

    def check(self, ctx: CheckContext) -> Iterable[Finding]:
        if ctx.glossary is None:
            return
        entries = [
            e for e in ctx.glossary.for_pair(ctx.src_profile.code, ctx.tgt_profile.code) if e.forbidden
        ]
        for seg, e, src in term_hits(ctx.beads, entries):
            term = seg.src_text[src[0] : src[1]]
            accepted = e.find_accepted(seg.tgt_text)
            for span in e.find_forbidden(seg.tgt_text):
                found = seg.tgt_text[span[0] : span[1]]
                # inside a longer accepted term ("Chamber" in "Chamber of Deputies"), not the same
                # letters in another case ("Nato" is not "NATO")
                if any(
                    overlaps(span, a) and seg.tgt_text[a[0] : a[1]].lower() != found.lower() for a in accepted
                ):
                    continue
                expected = " or ".join(f'"{a}"' for a in e.accepted[:2]) or "another rendering"
                note = f" ({e.note})" if e.note else ""
                yield self.in_segment(
                    ctx,
                    seg,
                    "target",
                    span[0],
                    span[1],
                    f'"{term}" rendered as "{found}"; the termbase ({ctx.glossary.name}, {e.id}) has '
                    f'{expected}{note}',
                    suggestion=e.accepted[0] if e.accepted else None,
                    severity=e.severity,
                )
