from __future__ import annotations

from collections.abc import Iterable

from mtqa.detectors.base import CheckContext, Detector
from mtqa.terms.match import term_hits
from mtqa.types import Finding, Severity, Status


class MissingTerm(Detector):
    """A termbase term in the source whose translation uses none of the termbase's renderings.

    Runs only with a glossary. Where :ref:`T101` (wrong-term) sees a forbidden rendering, this one sees
    the absence of every accepted rendering (and of every forbidden one: those are T101's), and flags
    the source term. It is in preview: translators legitimately paraphrase, use a pronoun, or use a
    rendering that the termbase does not list yet.

    ## Why
    A termbase lists the renderings a publication accepts; a term translated any other way is either
    an error or a variant that the termbase should learn, and either way an editor wants to see it.

    ## Bad
    it "il Pil regionale è cresciuto" -> en "regional output grew" with a termbase that accepts only
    "GDP" for "Pil".

    ## Good
    en "regional GDP grew"

    ## Known false positives
    Paraphrase, pronouns and ellipsis ("it grew"); renderings missing from the termbase; a sentence
    aligned with the wrong target sentence.

    ## Options
    None. The termbase is the configuration.
    """

    code = "T102"
    name = "missing-term"
    category = "terminology/inconsistent with termbase"
    severity = Severity.MINOR
    status = Status.PREVIEW

    def check(self, ctx: CheckContext) -> Iterable[Finding]:
        if ctx.glossary is None:
            return
        entries = [e for e in ctx.glossary.for_pair(ctx.src_profile.code, ctx.tgt_profile.code) if e.accepted]
        for seg, e, src in term_hits(ctx.beads, entries):
            if e.find_accepted(seg.tgt_text) or e.find_forbidden(seg.tgt_text):
                continue
            term = seg.src_text[src[0] : src[1]]
            expected = " or ".join(f'"{a}"' for a in e.accepted[:3])
            yield self.in_segment(
                ctx, seg, "source", src[0], src[1],
                f'"{term}": the translation uses none of the termbase renderings ({expected}; {e.id})',
                suggestion=e.accepted[0],
            )
