"""Agreement utilities and the comparison score's arithmetic."""

from __future__ import annotations

import pytest
from sacrebleu.metrics import CHRF

from mtqa.compare import agreement as ag
from mtqa.compare.signals import win_scores

PAIRS = [
    ("The port workers went on strike on Monday.", "Dock workers began a strike on Monday."),
    ("Fires in Sardinia, 21,000 hectares burned.", "Wildfires in Sardinia: 21,000 hectares gone up in smoke"),
    ("identical text", "identical text"),
    ("Short.", "Something completely different and much longer than the other."),
]


@pytest.mark.parametrize("hyp,ref", PAIRS)
def test_chrf_is_sacrebleus_sentence_chrf(hyp: str, ref: str) -> None:
    ours = ag.chrf(ag.counts(hyp), ag.counts(ref))
    assert ours == pytest.approx(CHRF().sentence_score(hyp, [ref]).score, abs=1e-4)


def test_utilities_bounds_and_identity() -> None:
    a, b = ag.counts("The visit will last three days."), ag.counts("The visit lasts three days.")
    for fn in (ag.chrf, ag.bleu, ag.tokf1):
        assert fn(a, a) == pytest.approx(100.0)
        assert 0 < fn(a, b) < 100
    assert ag.tokf1(a, b) == pytest.approx(ag.tokf1(b, a))  # symmetric
    assert ag.bleu(a, ag.counts("nothing shared here")) == 0.0


def test_matrices_agree_with_the_pairwise_functions() -> None:
    texts = ["The visit will last three days.", "The visit lasts three days.", "Il visito durera tre giorni."]
    m = ag.similarity_matrices(texts)
    cs = [ag.counts(t) for t in texts]
    for u, fn in (("chrf", ag.chrf), ("bleu", ag.bleu), ("tokf1", ag.tokf1)):
        for i in range(3):
            for j in range(3):
                want = 100.0 if i == j else fn(cs[i], cs[j])
                assert m[u][i][j] == pytest.approx(want)


def test_the_odd_one_out_has_the_least_consensus() -> None:
    texts = [
        "The visit will last three days.",
        "The visit will last 3 days.",
        "The visit lasts three days.",
        "Tomorrow it rains in the north.",
    ]
    cons = ag.consensus(ag.similarity_matrices(texts)["chrf"])
    assert min(range(4), key=cons.__getitem__) == 3
    assert ag.consensus([[100.0]]) == [0.0]  # alone: nothing to agree with


def test_reliability_weights_favour_the_engine_that_agrees() -> None:
    groups = []
    for k in range(5):
        texts = [
            f"The council approved budget {k} yesterday.",
            f"The council approved budget {k} yesterday evening.",
            f"Council approve the budget {k} in yesterday.",
            f"Zebra {k} purple quickly.",
        ]
        groups.append((("a", "b", "c", "odd"), ag.similarity_matrices(texts)["chrf"]))
    w = ag.reliability_weights(groups, sharpness=1.0)
    assert w["odd"] < min(w["a"], w["b"], w["c"])
    assert ag.reliability_weights(groups, sharpness=0.0) == {e: 1.0 for e in ("a", "b", "c", "odd")}


def test_win_scores_are_mean_win_probabilities() -> None:
    s = win_scores([2.0, 0.0, -1.0])
    assert sum(s) == pytest.approx(50 * 3)  # p(a>b) + p(b>a) = 1 for every pair
    assert s[0] > s[1] > s[2]
    assert win_scores([1.0, 1.0]) == [50.0, 50.0]
    assert win_scores([0.3]) == [50.0]


def test_the_shipped_model_reads_every_signal_it_was_fitted_on() -> None:
    from mtqa.compare.signals import Group, group_signals, load_models, matrices, model_for, provenance
    from mtqa.errors import ConfigError

    import numpy as np

    texts = ("The visit will last three days.", "The visit lasts three days.", "Visit three days.")
    vecs = np.eye(3, 8)  # the accurate mode's embeddings (unit vectors)
    g = Group("x", ("a", "b", "c"), texts, ({"quality": 90.0}, {"quality": 80.0}, {"quality": 40.0}), vecs)
    rows = group_signals(g, matrices(g), {})
    assert set(load_models()) == {"fast", "accurate"}
    for model in load_models().values():
        assert set(model.features) <= set(rows[0])
        assert len(model.features) == len(model.mean) == len(model.scale) == len(model.coef)
    assert "wmt23 en-de" in provenance()["fit_on"] and "wmt23 zh-en" not in provenance()["fit_on"]
    with pytest.raises(ConfigError, match="fitted: accurate, fast"):
        model_for("nope")
