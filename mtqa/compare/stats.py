"""The statistics of an engine comparison: confidence intervals, paired significance, corrections.

- :func:`bootstrap_ci`: percentile bootstrap interval of a mean, resampling items (Efron and
  Tibshirani 1993; Koehn 2004 for MT).
- :func:`approximate_randomization`: the paired test sacreBLEU runs with ``--paired-ar``: under the
  null hypothesis that the two engines are exchangeable, each item's two scores are swapped with
  probability 1/2; the p-value is the share of shuffles whose absolute mean difference reaches the
  observed one, ``(c + 1) / (R + 1)`` (Riezler and Maxwell 2005; Noreen 1989).
- :func:`paired_bootstrap_ci`: bootstrap interval of the mean paired difference.
- :func:`holm`: Holm's step-down correction of a family of p-values (controls the family-wise error
  rate; uniformly more powerful than Bonferroni).

Every random draw comes from a ``numpy`` generator seeded with :data:`SEED`, so a comparison is
reproducible; the seed and the number of resamples go into the comparison's signature.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from mtqa.compare import RESAMPLES

SEED = 12345  # sacreBLEU's default seed for its resampling tests
CONFIDENCE = 0.95


def bootstrap_ci(
    values: Sequence[float], resamples: int = RESAMPLES, confidence: float = CONFIDENCE, seed: int = SEED
) -> tuple[float, float]:
    """Percentile interval of the mean of ``values`` (one per item); a single value is its own interval."""
    v = np.asarray(values, dtype=float)
    if len(v) == 0:
        raise ValueError("bootstrap_ci: no values")
    if len(v) == 1:
        return float(v[0]), float(v[0])
    rng = np.random.default_rng(seed)
    means = v[rng.integers(0, len(v), size=(resamples, len(v)))].mean(axis=1)
    a = (1 - confidence) / 2
    return float(np.quantile(means, a)), float(np.quantile(means, 1 - a))


def approximate_randomization(
    a: Sequence[float], b: Sequence[float], resamples: int = RESAMPLES, seed: int = SEED
) -> float:
    """Two-sided p-value of the mean paired difference ``a - b`` (one pair per item)."""
    x, y = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if x.shape != y.shape or len(x) == 0:
        raise ValueError("approximate_randomization: needs two equally long, non-empty score lists")
    d = x - y
    observed = abs(d.mean())
    rng = np.random.default_rng(seed)
    signs = rng.choice(np.array([-1.0, 1.0]), size=(resamples, len(d)))
    shuffled = np.abs((signs * d).mean(axis=1))
    # a small tolerance: a shuffle that reproduces the observed difference up to rounding counts
    c = int((shuffled >= observed - 1e-12).sum())
    return (c + 1) / (resamples + 1)


def paired_bootstrap_ci(
    a: Sequence[float],
    b: Sequence[float],
    resamples: int = RESAMPLES,
    confidence: float = CONFIDENCE,
    seed: int = SEED,
) -> tuple[float, float]:
    d = np.asarray(a, dtype=float) - np.asarray(b, dtype=float)
    return bootstrap_ci(d.tolist(), resamples, confidence, seed)


def holm(pvalues: Sequence[float]) -> list[float]:
    """Holm-adjusted p-values, in the input order (monotone, capped at 1)."""
    m = len(pvalues)
    order = sorted(range(m), key=lambda i: pvalues[i])
    out = [0.0] * m
    running = 0.0
    for rank, i in enumerate(order):
        running = max(running, min(1.0, (m - rank) * pvalues[i]))
        out[i] = running
    return out


@dataclass(frozen=True)
class Record:
    wins: int
    ties: int
    losses: int


def wins_ties_losses(a: Sequence[float], b: Sequence[float], margin: float) -> Record:
    """Items where ``a`` beats ``b`` by more than ``margin``, is within it, or loses by more."""
    w = t = lo = 0
    for x, y in zip(a, b):
        if x - y > margin:
            w += 1
        elif y - x > margin:
            lo += 1
        else:
            t += 1
    return Record(w, t, lo)
