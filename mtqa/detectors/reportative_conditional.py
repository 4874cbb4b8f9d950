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
# "would have" + a participle; not "would have to submit" (obligation) or "would have more to say" (a
# noun phrase): those are no conditional perfect
_TARGET = re.compile(
    r"\bwould(?:\s+not|n't)?\s+have\s+(?:been\s+)?"
    r"(?!(?:to|more|less|a|an|the|no|any|some|much|many|enough|little|few|his|her|their|its|our)\b)"
    r"[^\W\d_]+",
    re.IGNORECASE,
)
# a conditional in a clause after a verb of saying ("ha dichiarato che avrebbe avuto", "hanno
# annunciato che sarebbero state prese", "affermando che non avrebbe reagito"): the future in the past
# of reported speech, which English renders with "would" too
_SAID_THAT = re.compile(
    r"\b(?:(?:ha|hanno|aveva|avevano)\s+(?:\w+\s+)?(?:detto|affermato|dichiarato|annunciato|spiegato|"
    r"aggiunto|riferito|scritto|promesso|assicurato|sostenuto|garantito|precisato|comunicato)|"
    r"disse|dissero|affermò|dichiarò|annunciò|promise|assicurò|"
    r"dicendo|affermando|dichiarando|annunciando|spiegando|promettendo|assicurando|"
    r"pensava|credeva|sapeva|temeva|sperava)\b[^.;:!?]*?\bche\b[^.;:!?]*$",
    re.IGNORECASE,
)
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

    A conditional in a clause after a verb of saying ("ha dichiarato che avrebbe avuto", "annunciando
    che sarebbero state prese") is the future in the past of reported speech, not a report, and
    "would have to" / "would have more" are no conditional perfect: neither is flagged.

    ## Known false positives
    Counterfactuals without "se" ("in quel caso sarebbe morto", "milioni di persone sarebbero state
    uccise").

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
        forms = [
            m
            for m in _SOURCE.finditer(seg.src_text)
            if m.group(1).lower() not in _MODALS and not _SAID_THAT.search(seg.src_text, 0, m.start())
        ]
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
