"""MQM-style scoring (``mqm.v1``): severity weights, per-sentence penalties and the article score.

Weights follow the WMT MQM convention (Freitag et al. 2021): minor 1, major 5, critical 25, and a
minor punctuation error 0.1. The article's penalty is the sum over its findings, normalized per 1,000
target words; the quality score is ``100 - penalty per 100 words`` (MQM's raw scoring model), floored
at 0. An article passes when its score reaches the pass threshold and it has no critical finding.
The default threshold, 99, lets through at most one minor-error point per 100 words (one major error
per 500 words): the rules find only part of what a human rater would, so what they do find counts.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Literal

from mtqa.types import (
    AlignedSegment,
    ArticleScore,
    Finding,
    QualityFeatures,
    SegmentScore,
    SentenceFluency,
    Severity,
)

WEIGHTS = {Severity.NEUTRAL: 0.0, Severity.MINOR: 1.0, Severity.MAJOR: 5.0, Severity.CRITICAL: 25.0}
PUNCTUATION_MINOR = 0.1
SCHEME = "mqm.v1(minor=1,major=5,critical=25,minor-punct=0.1)"


def weight(f: Finding) -> float:
    if f.severity is Severity.MINOR and f.category.endswith("/punctuation"):
        return PUNCTUATION_MINOR
    return WEIGHTS[f.severity]


def segment_scores(
    beads: Sequence[AlignedSegment],
    findings: Sequence[Finding],
    fluency: Sequence[SentenceFluency | None],
    features: Sequence[QualityFeatures] | None = None,
    quality: Sequence[float] | None = None,
) -> tuple[SegmentScore, ...]:
    """Penalty and mean target fluency of every bead; ``fluency`` is per target sentence; ``features``
    and ``quality`` (per bead, from :mod:`mtqa.quality`) are carried along when given."""
    pen: dict[int, float] = defaultdict(float)
    for f in findings:
        if f.bead_index is not None:
            pen[f.bead_index] += weight(f)
    out = []
    for k, seg in enumerate(beads):
        flu = [fl for j in seg.bead.tgt if (fl := fluency[j]) is not None]
        mean = round(sum(x.score for x in flu) / len(flu), 4) if flu else None
        feat = features[k] if features else None
        out.append(
            SegmentScore(
                seg.bead_index, round(pen[seg.bead_index], 3), mean,
                quality=quality[k] if quality else None,
                adequacy=None if feat is None or feat.adequacy is None else round(feat.adequacy, 4),
                features=feat,
            )
        )
    return tuple(out)


def article_score(
    findings: Sequence[Finding],
    words: int,
    source_words: int,
    fluency: Sequence[SentenceFluency | None],
    pass_threshold: float,
    quality: Sequence[float] = (),
) -> ArticleScore:
    penalty = sum(weight(f) for f in findings)
    norm = max(words, 1)
    per_1000 = 1000.0 * penalty / norm
    score = max(0.0, 100.0 - per_1000 / 10.0)
    flu = [f.score for f in fluency if f is not None]
    critical = any(f.severity is Severity.CRITICAL for f in findings)
    verdict: Literal["pass", "fail"] = "pass" if score >= pass_threshold and not critical else "fail"
    return ArticleScore(
        words=words,
        source_words=source_words,
        penalty=round(penalty, 3),
        penalty_per_1000=round(per_1000, 3),
        score=round(score, 2),
        fluency=round(sum(flu) / len(flu), 4) if flu else None,
        verdict=verdict,
        quality=round(sum(quality) / len(quality), 2) if quality else None,
    )
