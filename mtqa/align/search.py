"""The search: dynamic programming over beads inside a band of the (source x target) grid.

The band follows the anchor path, not the diagonal: sentence pairs that share a key found once in
each document (a number, a name) are chained into the longest run that keeps the order of both
documents, and the band is centred on the line through them. Between two anchors it is ``width``
wide plus the difference in sentence counts there (room for a run of additions or omissions, up to a
bound), so a long document costs time in proportion to its length, not to its length squared. A
second pass searches a narrower band around the first path.
"""

from __future__ import annotations

import bisect
import itertools
import math
from collections.abc import Callable, Sequence

from mtqa.types import Bead

Band = list[tuple[int, int]]  # per source position i (0..n): the target positions j searched
Cost = Callable[[int, int, int, int], float]


def _chain(pairs: set[tuple[int, int]]) -> list[tuple[int, int]]:
    """The longest chain of pairs strictly increasing in both i and j: sort by i, ties by j
    descending, then the longest strictly increasing subsequence of j (patience sorting)."""
    order = sorted(pairs, key=lambda p: (p[0], -p[1]))
    tails: list[int] = []
    tail_idx: list[int] = []
    prev: list[int] = [-1] * len(order)
    for k, (_, j) in enumerate(order):
        pos = bisect.bisect_left(tails, j)
        if pos == len(tails):
            tails.append(j)
            tail_idx.append(k)
        else:
            tails[pos] = j
            tail_idx[pos] = k
        prev[k] = tail_idx[pos - 1] if pos else -1
    chain = []
    k = tail_idx[-1] if tail_idx else -1
    while k >= 0:
        chain.append(order[k])
        k = prev[k]
    return chain[::-1]


def anchors(src_keys: Sequence[Sequence[str]], tgt_keys: Sequence[Sequence[str]], min_gap: int = 16
            ) -> list[tuple[int, int]]:
    """Sentence pairs (i, j) that share a number or word key found in exactly one sentence on each
    side, chained in the order of both documents; then the same inside every gap of the chain longer
    than ``min_gap`` sentences, with keys unique within the gap (recursive anchoring: a key that
    repeats across a long document still anchors its own stretch)."""
    found: list[tuple[int, int]] = []

    def within(i0: int, i1: int, j0: int, j1: int) -> None:
        where_s: dict[str, list[int]] = {}
        where_t: dict[str, list[int]] = {}
        for where, keys_list, lo, hi in ((where_s, src_keys, i0, i1), (where_t, tgt_keys, j0, j1)):
            for idx in range(lo, hi):
                for k in set(keys_list[idx]):
                    if k[0] != "q":
                        where.setdefault(k, []).append(idx)
        chain = _chain({(v[0], where_t[k][0]) for k, v in where_s.items()
                        if len(v) == 1 and len(where_t.get(k, ())) == 1})
        if not chain:
            return
        found.extend(chain)
        points = [(i0 - 1, j0 - 1), *chain, (i1, j1)]
        for (a, b), (c, d) in itertools.pairwise(points):
            if min(c - a, d - b) > min_gap:
                within(a + 1, c, b + 1, d)

    within(0, len(src_keys), 0, len(tgt_keys))
    return sorted(found)


def _connect(band: Band, m: int) -> Band:
    """Clip to the grid and make each row overlap the previous one, so the corner is reachable."""
    out: Band = []
    for i, (lo, hi) in enumerate(band):
        lo, hi = max(0, lo), min(m, hi)
        if out:
            lo = min(lo, out[-1][1])
            hi = max(hi, lo)
        out.append((lo, hi))
    out[0] = (0, out[0][1])
    out[-1] = (min(out[-1][0], m), m)
    return out


def anchor_band(chain: Sequence[tuple[int, int]], n: int, m: int, width: int, max_slack: int | None = None
                ) -> Band:
    """Rows centred on the line through the anchors ``chain``, ``width`` target sentences either side
    plus the difference in sentence counts between two anchors (at most ``max_slack``, if given: then
    no row is wider than the slope of the line plus ``2 * (width + max_slack)``)."""
    points = [(0, 0), *[(i, j) for i, j in chain if 0 < i < n and 0 < j < m], (n, m)]
    band: Band = [(0, 0)] * (n + 1)
    seen = [False] * (n + 1)
    for (a, b), (c, d) in itertools.pairwise(points):
        slack = abs((d - b) - (c - a))
        w = width + (slack if max_slack is None else min(slack, max_slack))
        for i in range(a, c + 1):
            centre = b + (d - b) * (i - a) / (c - a) if c > a else (b + d) / 2
            lo, hi = math.floor(centre - w), math.ceil(centre + w)
            if seen[i]:
                lo, hi = min(lo, band[i][0]), max(hi, band[i][1])
            band[i] = (lo, hi)
            seen[i] = True
    return _connect(band, m)


def path_band(beads: Sequence[Bead], n: int, m: int, radius: int) -> Band:
    """Rows around a previous alignment path, ``radius`` target sentences either side."""
    band: list[list[int]] = [[m, 0] for _ in range(n + 1)]
    i = j = 0
    for b in beads:
        i1, j1 = i + len(b.src), j + len(b.tgt)
        for r in range(max(0, i - radius), min(n, i1 + radius) + 1):
            band[r][0] = min(band[r][0], j - radius)
            band[r][1] = max(band[r][1], j1 + radius)
        i, j = i1, j1
    return _connect([(lo, hi) for lo, hi in band], m)


def best_path(n: int, m: int, band: Band, shapes: Sequence[tuple[int, int]], cost: Cost) -> list[Bead]:
    """The sequence of beads of the given shapes with the lowest total cost from (0, 0) to (n, m)."""
    inf = math.inf
    best: list[list[float]] = []
    back: list[list[int]] = []
    for i in range(n + 1):
        lo, hi = band[i]
        row = [inf] * (hi - lo + 1)
        brow = [-1] * (hi - lo + 1)
        for j in range(lo, hi + 1):
            if i == 0 and j == 0:
                row[0] = 0.0
                continue
            b, arg = inf, -1
            for s, (di, dj) in enumerate(shapes):
                pi, pj = i - di, j - dj
                if pi < 0 or pj < 0:
                    continue
                if di == 0:
                    prev_row, prev_lo = row, lo
                else:
                    prev_row, prev_lo = best[pi], band[pi][0]
                k = pj - prev_lo
                if k < 0 or k >= len(prev_row):
                    continue
                p = prev_row[k]
                if p == inf:
                    continue
                c = p + cost(pi, i, pj, j)
                if c < b:
                    b, arg = c, s
            row[j - lo] = b
            brow[j - lo] = arg
        best.append(row)
        back.append(brow)
    if best[n][m - band[n][0]] == inf:
        raise AssertionError("the alignment band does not reach the end of both documents")
    beads: list[Bead] = []
    i, j = n, m
    while i or j:
        di, dj = shapes[back[i][j - band[i][0]]]
        beads.append(Bead(tuple(range(i - di, i)), tuple(range(j - dj, j))))
        i, j = i - di, j - dj
    beads.reverse()
    return beads
