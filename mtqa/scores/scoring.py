"""MQM-style scoring (``mqm.v1``): severity weights, per-sentence penalties and the article score.

Weights follow the WMT MQM convention (Freitag et al. 2021): minor 1, major 5, critical 25, and a
minor punctuation error 0.1. The article's penalty is the sum over its findings, normalized per 1,000
target words; the quality score is ``100 - penalty per 100 words`` (MQM's raw scoring model), floored
at 0. An article passes when its score reaches the pass threshold and it has no critical finding.
The default threshold, 99, lets through at most one minor-error point per 100 words (one major error
per 500 words): the rules find only part of what a human rater would, so what they do find counts.

Two cases sit at the bottom of both numbers, whatever the detectors found: a translation that does not
align with its source as a whole (:func:`unrelated_translation`: the mean cost of its sentence pairs
above the aligner's own limit for a plausible pairing) scores 0 with quality 0; and a sentence pair
with nothing on one side (a source sentence not translated, a sentence added) has quality 0.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Literal

from mtqa.types import (
    AlignedSegment,
    Alignment,
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
UNRELATED_MEAN_COST = 3.0  # the aligner's limit for a plausible pairing (align.paragraphs.MAX_MEAN_COST)
UNRELATED_MIN_PAIRS = 3  # fewer aligned pairs say too little about the whole


def weight(f: Finding) -> float:
    if f.severity is Severity.MINOR and f.category.endswith("/punctuation"):
        return PUNCTUATION_MINOR
    return WEIGHTS[f.severity]


def unrelated_translation(alignment: Alignment | None) -> str | None:
    """Why the translation reads as a text about something else, or None: the mean alignment cost of its
    sentence pairs above :data:`UNRELATED_MEAN_COST` (length, numbers, names and punctuation disagree
    pair after pair; correct NTREX translations stay far below, see README, Scores)."""
    if alignment is None:
        return None
    costs = [b.cost for b in alignment.beads if b.src and b.tgt]
    if len(costs) < UNRELATED_MIN_PAIRS or sum(costs) / len(costs) <= UNRELATED_MEAN_COST:
        return None
    return (
        f"the translation does not align with the source (mean pair cost {sum(costs) / len(costs):.2f} > "
        f"{UNRELATED_MEAN_COST:g}): unrelated, scored 0"
    )


def bottom_null_beads(beads: Sequence[AlignedSegment], quality: Sequence[float]) -> list[float]:
    """Quality per bead, 0 where a bead has nothing on one side: an untranslated or added sentence ranks
    below any translation (the fluency of a missing sentence says nothing about it)."""
    return [q if seg.bead.src and seg.bead.tgt else 0.0 for seg, q in zip(beads, quality)]


def segment_scores(
    beads: Sequence[AlignedSegment],
    findings: Sequence[Finding],
    fluency: Sequence[SentenceFluency | None],
    features: Sequence[QualityFeatures] | None = None,
    quality: Sequence[float] | None = None,
) -> tuple[SegmentScore, ...]:
    """Penalty and mean target fluency of every bead; ``fluency`` is per target sentence; ``features``
    and ``quality`` (per bead, from :mod:`mtqa.scores.quality`) are carried along when given."""
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
    unrelated: bool = False,
) -> ArticleScore:
    """``unrelated`` (see :func:`unrelated_translation`) puts the score and the quality at 0."""
    penalty = sum(weight(f) for f in findings)
    norm = max(words, 1)
    per_1000 = 1000.0 * penalty / norm
    score = 0.0 if unrelated else max(0.0, 100.0 - per_1000 / 10.0)
    quality = [0.0] * len(quality) if unrelated else quality
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
