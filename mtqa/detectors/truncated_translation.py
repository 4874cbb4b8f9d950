from __future__ import annotations

from collections.abc import Iterable

from mtqa.align.scorer import char_ratio, prior_ratio
from mtqa.detectors.base import CheckContext, Detector
from mtqa.types import Finding, Severity, Status


def _chars(text: str) -> int:
    return len("".join(text.split()))


class TruncatedTranslation(Detector):
    """A target far too short for its source sentence: most of the content is missing ("." for a
    twelve-word sentence, half a sentence cut off).

    The expected length is the source's characters times the article's own ratio of target to source
    characters (pulled toward the language pair's usual ratio for short articles). A bead whose target
    has less than ``max_share`` of that is reported on the target, provided the expected length is at
    least ``min_expected`` characters (so that short headlines and captions are left alone).

    ## Why
    MT engines and feed pipelines sometimes return an empty or truncated segment; the aligner then
    still pairs it with its source, so no omission is reported, and the reader loses the sentence.

    ## Bad
    it "Il Cremlino ha annunciato la visita del presidente a Pyongyang." -> en "."

    ## Good
    en "The Kremlin announced the president's visit to Pyongyang."

    ## Known false positives
    Legitimately compressed renderings of wordy sources (officialese, long lists of titles); headlines
    that the translation shortens on purpose. Preview: 0.20 precision against the raters' spans on
    WMT23 zh-en (10 findings).

    ## Options
    - ``max_share`` (float, 0.3): report targets shorter than this share of the expected length.
    - ``min_expected`` (int, 30): ignore beads whose target should be shorter than this (characters).
    """

    code = "A204"
    name = "truncated-translation"
    category = "accuracy/omission"
    severity = Severity.MAJOR
    status = Status.PREVIEW  # WMT23 zh-en: 2 of 10 findings inside a rater's span (README, detector table)
    default_options = {"max_share": 0.3, "min_expected": 30}

    def check(self, ctx: CheckContext) -> Iterable[Finding]:
        ratio = char_ratio(_chars(ctx.source_text), _chars(ctx.target_text),
                           prior_ratio(ctx.src_profile.code, ctx.tgt_profile.code))
        for seg in ctx.beads:
            if not seg.bead.src or not seg.bead.tgt:
                continue
            expected = _chars(seg.src_text) * ratio
            if expected < self.options["min_expected"]:
                continue
            share = _chars(seg.tgt_text) / expected
            if share < self.options["max_share"]:
                yield self.in_segment(
                    ctx,
                    seg,
                    "target",
                    0,
                    len(seg.tgt_text),
                    f"translation has {share:.0%} of the length its source sentence calls for: content is "
                    "missing",
                    confidence=min(1.0, 1.0 - share),
                )
