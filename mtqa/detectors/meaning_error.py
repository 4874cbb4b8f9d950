from __future__ import annotations

from collections.abc import Iterable

from mtqa.detectors.base import CheckContext, Detector
from mtqa.types import Finding, Severity


class MeaningError(Detector):
    """Words of the translation that mtqa's quality model tags as a meaning error (mistranslation,
    wrong sense, distortion), with the aligned source sentence in the message.

    Runs in the accurate mode only (``--accurate``, or ``qe = "qe.v1"`` in the settings): the quality
    model (:mod:`mtqa.qe.model`) reads each aligned source and target sentence together and tags every
    target token OK, minor or major; a run of tokens whose error probability reaches ``threshold``
    becomes one finding, with the run's more probable severity and the probability as its confidence.
    It was trained on human MQM error spans (newstest2021 and WMT21 TED); its precision and recall on
    test sets it never saw are in the README (Benchmarks, quality model).

    ## Why
    The worst errors of machine translation are fluent: "kidnapping" for *deportazione*, a negation
    lost, a wrong sense of a word. No surface rule sees them; a model that compares the two sides can.

    ## Bad
    it "I prigionieri sono stati deportati in Siberia." en "The prisoners were kidnapped in Siberia."

    ## Good
    it "I prigionieri sono stati deportati in Siberia." en "The prisoners were deported to Siberia."

    ## Known false positives
    It is a statistical model: about half of its spans match a human annotator's (see the README), it
    tags free but correct renderings and the words next to a real error, and its judgment weakens on
    long sentences (each side is cut at 96 tokens) and on language pairs it was not trained on (it saw
    zh-en and en-de).

    ## Options
    - ``threshold`` (float, 0.5): the error probability a token needs to be tagged.
    """

    code = "A503"
    name = "meaning-error"
    category = "accuracy/mistranslation"
    severity = Severity.MAJOR
    default_options = {"threshold": 0.5}

    def check(self, ctx: CheckContext) -> Iterable[Finding]:
        if ctx.qe is None:
            return
        from mtqa.qe.model import error_spans

        for seg, pred in zip(ctx.beads, ctx.qe):
            if pred is None:
                continue
            source = " ".join(seg.src_text.split())
            if len(source) > 120:
                source = source[:117] + "..."
            for a, b, sev, p in error_spans(pred, self.options["threshold"]):
                severity = self.severity if sev == "major" else Severity.MINOR
                yield self.finding(
                    ctx, "target", seg.tgt_start + a, seg.tgt_start + b,
                    f"the quality model reads this as a {sev} meaning error (p {p:.2f}); "
                    f"source: \"{source}\"",
                    bead=seg.bead_index, severity=severity, confidence=round(p, 3),
                )
