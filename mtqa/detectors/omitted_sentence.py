from __future__ import annotations

from typing import Iterable

from mtqa.align.features import containment, sentence_features
from mtqa.detectors.base import CheckContext, Detector
from mtqa.tokens import words
from mtqa.types import Finding, Severity


def null_bead_confidence(ctx: CheckContext, k: int, side: str) -> float:
    """How sure we are that the sentences of null bead ``k`` have no counterpart: one minus the largest
    share of their anchors (numbers, names, cognates) found on the other side of a nearby bead."""
    seg = ctx.beads[k]
    mine_text, mine_prof, other_prof = (
        (seg.src_text, ctx.src_profile, ctx.tgt_profile)
        if side == "source"
        else (seg.tgt_text, ctx.tgt_profile, ctx.src_profile)
    )
    mine = dict(sentence_features(mine_text, mine_prof).keys)
    best = 0.0
    for o in range(max(0, k - 2), min(len(ctx.beads), k + 3)):
        other = ctx.beads[o].tgt_text if side == "source" else ctx.beads[o].src_text
        if other:
            best = max(best, containment(mine, dict(sentence_features(other, other_prof).keys)))
    return 1.0 - best


class OmittedSentence(Detector):
    """A source sentence with no counterpart in the translation (omission).

    Comes from the alignment: a source sentence aligned to nothing. Each finding carries a confidence:
    one minus how much of the sentence's anchors (numbers, names, cognates) turn up in the neighbouring
    target sentences; below ``min_confidence`` the sentence is probably merged into a neighbour and is
    not reported.

    ## Why
    A dropped sentence is invisible to the reader of the translation and to every sentence-level
    check; it is one of the worst accuracy errors and one that segment-level tools cannot see.

    ## Bad
    it "Il Cremlino ha annunciato la visita. Putin sarà a Pyongyang il 18 giugno." -> en "The Kremlin
    announced the visit."

    ## Good
    en "The Kremlin announced the visit. Putin will be in Pyongyang on June 18."

    ## Known false positives
    Source sentences that the translation merged into a neighbour with little in common lexically;
    source boilerplate (photo credits, "riproduzione riservata") that a feed is right to drop.

    ## Options
    - ``min_confidence`` (float, 0.4): report only omissions at least this sure.
    - ``min_words`` (int, 3): ignore shorter source sentences (captions, bylines).
    """

    code = "A201"
    name = "omitted-sentence"
    category = "accuracy/omission"
    severity = Severity.MAJOR
    default_options = {"min_confidence": 0.4, "min_words": 3}

    def check(self, ctx: CheckContext) -> Iterable[Finding]:
        for k, seg in enumerate(ctx.beads):
            if seg.bead.tgt or not seg.bead.src:
                continue
            if sum(1 for _ in words(seg.src_text)) < self.options["min_words"]:
                continue
            conf = null_bead_confidence(ctx, k, "source")
            if conf < self.options["min_confidence"]:
                continue
            yield self.finding(
                ctx, "source", seg.src_start, seg.src_end,
                "source sentence not found in the translation", bead=k, confidence=conf,
            )
