"""The default aligner (``lex.v1``): dynamic programming over beads, scored from length and anchors.

Cost of a bead = ``length_weight`` x Gale-Church length cost + ``lexical_weight`` x (1 - anchor
overlap) x (sentences in the bead / 2) + a prior for the bead shape + ``paragraph_penalty`` for every paragraph break inside the bead.
A null bead (a sentence aligned to nothing) costs ``null_cost``. The search runs in a band around the
diagonal (``band`` sentences either side, widened by the difference in sentence counts), so time grows
about linearly with the article length.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Sequence

from mtqa.align.features import SentenceFeatures, merge, overlap
from mtqa.types import Alignment, Bead, Segment

_SHAPE_PRIOR = {
    (1, 1): 0.0,
    (1, 2): 0.6,
    (2, 1): 0.6,
    (2, 2): 1.2,
    (1, 3): 1.2,
    (3, 1): 1.2,
}


@dataclass(frozen=True)
class AlignConfig:
    """Every setting of the aligner; all of them go into the report signature."""

    max_side: int = 3  # at most this many sentences on one side of a bead
    length_weight: float = 0.35
    lexical_weight: float = 3.0
    null_cost: float = 1.9
    paragraph_penalty: float = 1.5
    band: int = 30
    variance: float = 6.8  # Gale and Church's s^2

    def signature(self) -> str:
        return (
            f"lex.v1(max={self.max_side},len={self.length_weight:g},lex={self.lexical_weight:g},"
            f"null={self.null_cost:g},para={self.paragraph_penalty:g},band={self.band})"
        )

    def shapes(self) -> list[tuple[int, int]]:
        return [s for s in _SHAPE_PRIOR if max(s) <= self.max_side]


def _norm_sf(x: float) -> float:
    """Two-sided tail probability of a standard normal."""
    return math.erfc(abs(x) / math.sqrt(2))


@dataclass
class _Scorer:
    src: Sequence[SentenceFeatures]
    tgt: Sequence[SentenceFeatures]
    src_para: Sequence[int]
    tgt_para: Sequence[int]
    cfg: AlignConfig
    ratio: float
    cache: dict = field(default_factory=dict)

    def cost(self, i0: int, i1: int, j0: int, j1: int) -> float:
        key = (i0, i1, j0, j1)
        hit = self.cache.get(key)
        if hit is not None:
            return hit
        ls, ks = merge(list(self.src[i0:i1]))
        lt, kt = merge(list(self.tgt[j0:j1]))
        cfg = self.cfg
        length = self.length_cost(ls, lt)
        lex = overlap(ks, kt)
        # the lexical term is per sentence, so that a 2-2 bead is not cheaper than the two 1-1 beads in it
        size = (i1 - i0 + j1 - j0) / 2
        c = cfg.length_weight * length + cfg.lexical_weight * size * (1.0 - lex) + _SHAPE_PRIOR[(i1 - i0, j1 - j0)]
        breaks = (self.src_para[i1 - 1] - self.src_para[i0]) + (self.tgt_para[j1 - 1] - self.tgt_para[j0])
        c += cfg.paragraph_penalty * breaks
        self.cache[key] = c
        return c

    def length_cost(self, ls: int, lt: int) -> float:
        if ls + lt == 0:
            return 0.0
        mean = (ls + lt / self.ratio) / 2
        delta = (lt / self.ratio - ls) / math.sqrt(self.cfg.variance * max(mean, 1.0))
        return min(-math.log(max(_norm_sf(delta), 1e-12)), 25.0)


def align_features(
    src: Sequence[SentenceFeatures],
    tgt: Sequence[SentenceFeatures],
    src_para: Sequence[int],
    tgt_para: Sequence[int],
    cfg: AlignConfig,
) -> tuple[Bead, ...]:
    n, m = len(src), len(tgt)
    if n == 0 or m == 0:
        return tuple(Bead((i,), ()) for i in range(n)) + tuple(Bead((), (j,)) for j in range(m))
    total_s = sum(f.chars for f in src) or 1
    total_t = sum(f.chars for f in tgt) or 1
    sc = _Scorer(src, tgt, src_para, tgt_para, cfg, ratio=total_t / total_s)
    width = cfg.band + abs(n - m)
    inf = float("inf")
    # best[i][j]: cost of aligning src[:i] with tgt[:j]; back[i][j]: the last bead's shape
    best: list[dict[int, float]] = [dict() for _ in range(n + 1)]
    back: list[dict[int, tuple[int, int]]] = [dict() for _ in range(n + 1)]
    best[0][0] = 0.0
    shapes = cfg.shapes() + [(1, 0), (0, 1)]
    for i in range(n + 1):
        center = i * m / n
        lo, hi = max(0, int(center - width)), min(m, int(center + width) + 1)
        row, brow = best[i], back[i]
        for j in range(lo, hi + 1):
            if i == 0 and j == 0:
                continue
            b, arg = inf, (0, 0)
            for di, dj in shapes:
                pi, pj = i - di, j - dj
                if pi < 0 or pj < 0:
                    continue
                prev = best[pi].get(pj)
                if prev is None:
                    continue
                if di == 0 or dj == 0:
                    c = prev + cfg.null_cost
                else:
                    c = prev + sc.cost(pi, i, pj, j)
                if c < b:
                    b, arg = c, (di, dj)
            if b < inf:
                row[j] = b
                brow[j] = arg
    if m not in best[n]:  # the band missed the corner: cannot happen with width >= |n - m|
        raise AssertionError("alignment band did not reach the end of both documents")
    beads: list[Bead] = []
    i, j = n, m
    while i > 0 or j > 0:
        di, dj = back[i][j]
        pi, pj = i - di, j - dj
        c = cfg.null_cost if di == 0 or dj == 0 else sc.cost(pi, i, pj, j)
        beads.append(Bead(tuple(range(pi, i)), tuple(range(pj, j)), round(c, 4)))
        i, j = pi, pj
    beads.reverse()
    return tuple(beads)


def align_segments(
    src: Sequence[Segment],
    tgt: Sequence[Segment],
    src_features: Sequence[SentenceFeatures],
    tgt_features: Sequence[SentenceFeatures],
    cfg: AlignConfig,
) -> Alignment:
    beads = align_features(
        src_features, tgt_features, [s.paragraph for s in src], [t.paragraph for t in tgt], cfg
    )
    return Alignment(beads, cfg.signature())
