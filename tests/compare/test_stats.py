"""The comparison's statistics on constructed data whose answer is known."""

from __future__ import annotations

import itertools

import pytest

from mtqa.compare import stats
from mtqa.compare.ranking import Translation, rank


def test_bootstrap_interval_holds_the_mean_and_narrows_with_more_items() -> None:
    small = [float(x % 7) for x in range(20)]
    large = small * 20
    lo_s, hi_s = stats.bootstrap_ci(small)
    lo_l, hi_l = stats.bootstrap_ci(large)
    mean = sum(small) / len(small)
    assert lo_s < mean < hi_s and lo_l < mean < hi_l
    assert hi_l - lo_l < (hi_s - lo_s) / 3  # 20x the items: about sqrt(20) = 4.5x narrower
    assert stats.bootstrap_ci([5.0] * 10) == (5.0, 5.0)
    assert stats.bootstrap_ci([3.0]) == (3.0, 3.0)
    with pytest.raises(ValueError):
        stats.bootstrap_ci([])


def test_bootstrap_is_reproducible_with_its_seed() -> None:
    xs = [float(x * x % 11) for x in range(30)]
    assert stats.bootstrap_ci(xs) == stats.bootstrap_ci(xs)
    assert stats.bootstrap_ci(xs, seed=1) != stats.bootstrap_ci(xs, seed=2)


def test_approximate_randomization_matches_the_exact_permutation_test() -> None:
    # three items, each a difference of +1: of the 2^3 sign patterns only the two uniform ones reach
    # |mean| >= 1, so the exact two-sided p-value is 2/8 = 0.25
    p = stats.approximate_randomization([2.0, 2.0, 2.0], [1.0, 1.0, 1.0], resamples=20000)
    assert p == pytest.approx(0.25, abs=0.01)
    # differences (3, 1, 1, 1): exact count of sign patterns with |mean| >= the observed 1.5
    d = [3.0, 1.0, 1.0, 1.0]
    obs = sum(d) / 4
    exact = (
        sum(
            abs(sum(s * x for s, x in zip(signs, d)) / 4) >= obs
            for signs in itertools.product((-1, 1), repeat=4)
        )
        / 16
    )
    p = stats.approximate_randomization([x + 10 for x in d], [10.0] * 4, resamples=20000)
    assert p == pytest.approx(exact, abs=0.01)


def test_approximate_randomization_extremes_and_symmetry() -> None:
    a = [50.0 + (i % 5) for i in range(40)]
    b = [x - 10 for x in a]
    assert stats.approximate_randomization(a, b) == pytest.approx(1 / (stats.RESAMPLES + 1))
    assert stats.approximate_randomization(a, a) == 1.0  # no difference: every shuffle reaches it
    noisy = [x + (3 if i % 2 else -3) for i, x in enumerate(a)]
    assert stats.approximate_randomization(a, noisy) == stats.approximate_randomization(noisy, a)
    with pytest.raises(ValueError):
        stats.approximate_randomization([1.0], [1.0, 2.0])


def test_holm_known_values() -> None:
    # sorted: 0.005*4 = 0.02, 0.01*3 = 0.03, 0.03*2 = 0.06, 0.04*1 = 0.04 -> raised to 0.06 (monotone)
    assert stats.holm([0.01, 0.04, 0.03, 0.005]) == pytest.approx([0.03, 0.06, 0.06, 0.02])
    assert stats.holm([0.5, 0.9]) == pytest.approx([1.0, 1.0])
    assert stats.holm([]) == []


def test_wins_ties_losses() -> None:
    rec = stats.wins_ties_losses([10, 10, 10, 10], [5, 9.5, 10, 20], margin=1.0)
    assert (rec.wins, rec.ties, rec.losses) == (1, 2, 1)


def _translations(means: dict[str, float], n: int) -> list[Translation]:
    out = []
    for e, m in means.items():
        for i in range(n):
            out.append(Translation(f"{i}.{e}", e, str(i), m + (i % 5) - 2, {}))
    return out


def test_rank_separates_a_clearly_better_engine_and_ties_identical_ones() -> None:
    engines, pairs = rank(_translations({"good": 70.0, "same1": 40.0, "same2": 40.0}, 30))
    assert engines[0].engine == "good"
    ranks = {e.engine: e.rank for e in engines}
    assert ranks == {"good": 1, "same1": 2, "same2": 2}  # one engine significantly better than each
    by = {(p.a, p.b): p for p in pairs}
    assert by[("good", "same1")].significant and by[("good", "same1")].wins == 30
    same = by[("same1", "same2")]
    assert not same.significant and same.p == 1.0 and same.ties == 30 and same.diff == 0
    good = next(e for e in engines if e.engine == "good")
    assert good.low < good.mean < good.high and (good.wins, good.ties, good.losses) == (60, 0, 0)
