from __future__ import annotations

from collections.abc import Iterable

from mtqa.boilerplate import is_boilerplate
from mtqa.detectors.base import CheckContext, Detector
from mtqa.tokens import words
from mtqa.types import AlignedSegment, Finding, Severity


def null_confidence(seg: AlignedSegment) -> float:
    """The aligner's confidence that a null bead's sentences have no counterpart (1 when it gave none)."""
    return 1.0 if seg.bead.confidence is None else seg.bead.confidence


class OmittedSentence(Detector):
    """A source sentence with no counterpart in the translation (omission).

    Comes from the alignment: a source sentence aligned to nothing. Each finding carries the aligner's
    confidence: how much worse the alignment becomes when the sentence is joined to a neighbouring
    bead or paired with a neighbouring unaligned target sentence instead (near 0: it could as well be
    part of a neighbour; near 1: nothing around it fits). Source lines that are feed boilerplate
    (credits, "Riproduzione riservata", share prompts; see ``mtqa.boilerplate``) are not reported,
    wherever they sit: a translation is right to leave them out. A source sentence split over two
    target sentences is a 1-2 bead, not an omission.

    ## Why
    A dropped sentence is invisible to the reader of the translation and to every sentence-level
    check; it is one of the worst accuracy errors and one that segment-level tools cannot see.

    ## Bad
    it "Il Cremlino ha annunciato la visita. Putin sarà a Pyongyang il 18 giugno." -> en "The Kremlin
    announced the visit."

    ## Good
    en "The Kremlin announced the visit. Putin will be in Pyongyang on June 18."

    ## Known false positives
    Source sentences that the translation merged into a neighbour while rewording it heavily (the
    aligner's confidence is then usually low).

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
            conf = null_confidence(seg)
            if conf < self.options["min_confidence"]:
                continue
            for i in seg.bead.src:
                sent = ctx.source_segments[i]
                if sum(1 for _ in words(sent.text)) < self.options["min_words"] or is_boilerplate(sent.text):
                    continue
                yield self.finding(
                    ctx, "source", sent.start, sent.end,
                    "source sentence not found in the translation", bead=k, confidence=conf,
                )
