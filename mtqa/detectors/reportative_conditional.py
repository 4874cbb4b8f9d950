from __future__ import annotations

import re
from collections.abc import Iterable

from mtqa.detectors.base import CheckContext, Detector
from mtqa.types import AlignedSegment, Finding, Severity

# the Italian conditional perfect ("sarebbero partiti", "avrebbe ucciso", "sarebbe stato arrestato"),
# which news Italian uses for what is reported, not confirmed
_SOURCE = re.compile(
    r"\b(?:sarebbe|sarebbero|avrebbe|avrebbero)\s+(?:(?:già|anche|poi|ormai|stato|stata|stati|state)\s+){0,2}"
    r"([^\W\d_]+(?:at[oaie]|ut[oaie]|it[oaie]|ss[oaie]|st[oaie]|rs[oaie]|tt[oaie]|ct[oaie]|lt[oaie]|nt[oaie]))\b",
    re.IGNORECASE,
)
# modal and counterfactual uses: "avrebbe dovuto" (should have), "se ..." (if), which English renders
# with "would/should/could have" as well
_MODALS = frozenset({"dovuto", "potuto", "voluto", "saputo"})
_REAL_CONDITIONAL = re.compile(
    r"\b(?:se|qualora|altrimenti|senza|nel caso|come se|piacerebbe|magari|sennò|anche se)\b", re.IGNORECASE
)
_TARGET = re.compile(r"\bwould(?:\s+not|n't)?\s+have\s+(?:been\s+)?[^\W\d_]+", re.IGNORECASE)
_HEDGED = re.compile(
    r"\b(?:reportedly|allegedly|supposedly|apparently|purportedly|according to|(?:is|are|was|were) said|"
    r"said to|believed to|thought to|claimed to|if|unless|otherwise|without)\b",
    re.IGNORECASE,
)


class ReportativeConditional(Detector):
    """The Italian reportative conditional ("sarebbero partiti": reportedly left) rendered as a plain
    English conditional ("would have left").

    Italian news reports unconfirmed facts in the conditional perfect: "10 mila container sarebbero
    partiti" means *10,000 containers reportedly left*, not that they would have left under some
    condition. A target "would have" + participle is flagged when its bead's source has such a
    conditional (not a modal one, "avrebbe dovuto", and no "se" clause) and the target carries no
    hedge of its own ("reportedly", "allegedly", "according to", "is said to", ...) and no "if".

    ## Why
    "Would have left" reads as a counterfactual: the reader learns that the shipment did *not* happen,
    the opposite of the report. The distinction between what is confirmed and what is reported is
    also the one news style cares most about.

    ## Bad
    it "10 mila container sarebbero partiti per la Russia" -> en "10,000 containers would have left for
    Russia"

    ## Good
    en "10,000 containers reportedly left for Russia"; "are said to have left"; and, for a real
    conditional, it "Se fosse arrivato prima, sarebbe partito" -> en "If he had come earlier, he would
    have left".

    ## Known false positives
    A conditional of the future in the past ("disse che sarebbe partito": he said he would leave) that
    English renders "would have left" in reported speech; counterfactuals without "se" ("in quel caso
    sarebbe morto").

    ## Options
    None.
    """

    code = "A502"
    name = "reportative-conditional"
    category = "accuracy/mistranslation"
    severity = Severity.MINOR

    def check_segment(self, seg: AlignedSegment, ctx: CheckContext) -> Iterable[Finding]:
        if (
            ctx.src_profile.code != "it"
            or ctx.tgt_profile.code != "en"
            or "would" not in seg.tgt_text.lower()
        ):
            return
        forms = [m for m in _SOURCE.finditer(seg.src_text) if m.group(1).lower() not in _MODALS]
        if not forms or _REAL_CONDITIONAL.search(seg.src_text) or _HEDGED.search(seg.tgt_text):
            return
        for m in _TARGET.finditer(seg.tgt_text):
            yield self.in_segment(
                ctx,
                seg,
                "target",
                m.start(),
                m.end(),
                f'"{m.group()}" renders the Italian reportative conditional "{forms[0].group().strip()}" '
                'as a plain conditional: the source reports it, unconfirmed ("reportedly")',
                suggestion="reportedly ...",
            )
