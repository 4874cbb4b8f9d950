"""The calibrated quality score: features, weights as data, and the report keys."""

from __future__ import annotations

import json

import pytest

from mtqa.config import QAConfig
from mtqa.pipeline import check_texts
from mtqa.scores.quality import foreign_share, load_weights, merge, qualities, repetition_share
from mtqa.types import QUALITY_FEATURES, QualityFeatures

SRC = "Il governo ha approvato il bilancio.\nLe scuole riapriranno lunedì.\n"
GOOD = "The government approved the budget.\nSchools will reopen on Monday.\n"
BAD = "The the government government xqzv approved budgett budgett budgett.\nSchools 学校 reopen reopen reopen reopen.\n"


def test_weights_are_data_with_provenance() -> None:
    data = load_weights()
    assert set(data.models) == {"fast", "accurate"}
    assert "adequacy" not in data.models["fast"].features
    assert "adequacy" in data.models["accurate"].features
    for m in data.models.values():
        assert set(m.features) <= set(QUALITY_FEATURES) and len(m.coef) == len(m.features) == len(m.scale)
    assert data.provenance["fit_data"] and data.provenance["held_apart"]


@pytest.mark.parametrize(
    "text, lang, expected",
    [
        ("All Latin letters here", "en", 0.0),
        ("中国 China", "en", 2 / 7),
        ("Привет мир", "ru", 0.0),
        ("", "en", 0.0),
    ],
)
def test_foreign_share(text: str, lang: str, expected: float) -> None:
    assert foreign_share(text, lang) == pytest.approx(expected)


def test_repetition_share() -> None:
    assert repetition_share("one two three four five") == 0.0
    assert repetition_share("go go go go go go") > 0.5


def test_merge_adds_counts_and_averages_shares() -> None:
    a = QualityFeatures(words=1.0, penalty=0.0, foreign=0.0)
    b = QualityFeatures(words=1.0, penalty=1.0, foreign=1.0)
    m = merge([a, b])
    assert m.words == pytest.approx(__import__("math").log1p(2 * (__import__("math").e - 1)))
    assert m.foreign == pytest.approx(0.5)


def test_bad_translation_scores_below_good() -> None:
    good = check_texts(SRC, GOOD, "it", "en")
    bad = check_texts(SRC, BAD, "it", "en")
    assert good.score and bad.score and good.score.quality is not None and bad.score.quality is not None
    assert 0 <= bad.score.quality < good.score.quality <= 100
    d = good.to_dict()
    assert d["quality"] == good.score.quality
    assert d["quality_model"].startswith("quality.v1(fast)")
    assert all(b["quality"] is not None and set(b["features"]) == set(QUALITY_FEATURES) for b in d["beads"])
    assert d["reference_metrics"] is None
    json.dumps(d)


def test_quality_is_per_bead_and_article_is_their_mean() -> None:
    rep = check_texts(SRC, GOOD, "it", "en")
    qs = [s.quality for s in rep.segment_scores]
    assert rep.score and rep.score.quality == pytest.approx(sum(qs) / len(qs), abs=0.01)  # type: ignore[arg-type]
    assert qualities([s.features for s in rep.segment_scores]) == qs  # type: ignore[misc]


def test_fast_path_needs_no_encoder() -> None:
    rep = check_texts(SRC, GOOD, "it", "en", QAConfig())
    assert all(s.adequacy is None for s in rep.segment_scores)
