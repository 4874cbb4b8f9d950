"""The search: anchors, the band, and the dynamic programming."""

from __future__ import annotations

import itertools

import pytest

from mtqa.align import NULLS
from mtqa.align.scorer import SHAPES
from mtqa.align.search import anchor_band, anchors, best_path, path_band
from mtqa.types import Bead

SHAPES_ALL = list(SHAPES) + list(NULLS)


def test_anchors_keep_the_order_of_both_documents() -> None:
    src = [["#1"], ["#2", "pxx"], ["#3"], ["#9"], ["#4"]]
    tgt = [["#1"], ["#3"], ["#2"], ["#4"], ["#9"]]
    chain = anchors(src, tgt)
    assert chain == sorted(chain)
    assert all(a[1] < b[1] for a, b in zip(chain, chain[1:]))
    assert len(chain) == 3  # of the crossing pairs (2, 3) and (9, 4), one of each is dropped


def test_keys_repeated_across_a_long_document_still_anchor_their_stretch() -> None:
    """Recursive anchoring: a key found twice in the document is unique inside a gap."""
    block = [[f"#{k}"] for k in range(40)]
    # every key but the middle one occurs twice on each side
    src, tgt = block + [["#999"]] + block, block + [["#999"]] + block
    chain = anchors(src, tgt)
    assert len(chain) >= 70
    assert all(i == j for i, j in chain)


def test_band_is_connected_and_reaches_both_ends() -> None:
    n, m = 50, 70
    band = anchor_band([(10, 30), (40, 45)], n, m, 3)
    assert band[0][0] == 0 and band[n][1] == m
    for (lo0, hi0), (lo1, hi1) in zip(band, band[1:]):
        assert lo1 <= hi0 and lo1 <= hi1
    # between (10, 30) and (40, 45) the counts drift apart by 15: the band widens by as much
    assert band[25][1] - band[25][0] >= 2 * (3 + 15)


def test_band_width_does_not_grow_with_the_document() -> None:
    for n in (100, 1000):
        chain = [(i, i) for i in range(5, n, 10)]
        widths = [hi - lo for lo, hi in anchor_band(chain, n, n, 4)]
        assert max(widths) <= 2 * 4 + 2


def _brute_force(n: int, m: int, cost) -> float:
    """The cheapest tiling of (n, m) by the shapes, by trying every sequence."""
    best = float("inf")

    def go(i: int, j: int, acc: float) -> None:
        nonlocal best
        if (i, j) == (n, m):
            best = min(best, acc)
            return
        for di, dj in SHAPES_ALL:
            if i + di <= n and j + dj <= m:
                go(i + di, j + dj, acc + cost(i, i + di, j, j + dj))

    go(0, 0, 0.0)
    return best


@pytest.mark.parametrize("seed", range(5))
def test_best_path_is_optimal(seed: int) -> None:
    n, m = 4, 5
    values = itertools.count(seed * 7 + 1)
    table: dict[tuple[int, int, int, int], float] = {}

    def cost(i0: int, i1: int, j0: int, j1: int) -> float:
        key = (i0, i1, j0, j1)
        if key not in table:
            table[key] = (next(values) * 7919 % 97) / 10
        return table[key]

    band = [(0, m)] * (n + 1)
    beads = best_path(n, m, band, SHAPES_ALL, cost)
    i = j = 0
    total = 0.0
    for b in beads:
        total += cost(i, i + len(b.src), j, j + len(b.tgt))
        i, j = i + len(b.src), j + len(b.tgt)
    assert (i, j) == (n, m)
    assert total == pytest.approx(_brute_force(n, m, cost))


def test_path_band_follows_the_previous_path() -> None:
    beads = [Bead((0,), (0,)), Bead((1,), (1, 2)), Bead((2,), (3,)), Bead((3,), ())]
    band = path_band(beads, 4, 4, 1)
    assert band[0][0] == 0 and band[4][1] == 4
    assert all(lo <= hi for lo, hi in band)
    assert band[2][0] <= 1 and band[2][1] >= 3
