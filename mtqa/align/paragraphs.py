"""Paragraph pairing: when two articles have the same paragraphs, sentences align inside each pair.

Machine translation keeps an article's paragraphs (one line in, one line out), and a feed adds its
boilerplate as lines of its own. So when both sides have the same number of paragraphs once the
boilerplate-only ones are set aside, and every pair is plausible by length, the i-th source paragraph
is the i-th target paragraph. Aligning sentences inside each pair then cannot pair a headline with the
body, and a long source sentence that the MT split into four or more target sentences becomes one
bead (the search allows 1-n and n-1 beads inside a pair) instead of a 1-3 bead and false additions.
Anything else (different counts, an implausible pair) falls back to the whole-document search.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from mtqa.align.features import SentenceFeatures

MAX_PAIR_COST = 8.0  # Gale-Church cost (-log p) above which a paragraph pair is implausible
MAX_MEAN_COST = 3.0  # ... and the mean over all pairs
GC_VARIANCE = 6.8

Block = tuple[int, ...]


def _groups(para: Sequence[int], feats: Sequence[SentenceFeatures]) -> tuple[list[Block], list[Block]]:
    """(content paragraphs, boilerplate-only paragraphs) as tuples of sentence indices, in order."""
    by: dict[int, list[int]] = {}
    for i, p in enumerate(para):
        by.setdefault(p, []).append(i)
    content: list[Block] = []
    boiler: list[Block] = []
    for idx in by.values():
        (boiler if all(feats[i].boilerplate for i in idx) else content).append(tuple(idx))
    return content, boiler


def _cost(ls: int, lt: int, ratio: float) -> float:
    mean = (ls + lt / ratio) / 2
    delta = (lt / ratio - ls) / math.sqrt(GC_VARIANCE * max(mean, 1.0))
    return -math.log(max(math.erfc(abs(delta) / math.sqrt(2)), 1e-12))


def paragraph_pairs(
    src: Sequence[SentenceFeatures],
    tgt: Sequence[SentenceFeatures],
    src_para: Sequence[int],
    tgt_para: Sequence[int],
    ratio: float,
) -> tuple[list[tuple[Block, Block]], list[Block], list[Block]] | None:
    """(paragraph pairs, boilerplate source paragraphs, boilerplate target paragraphs), or None when
    the paragraphs do not pair up one to one; ``ratio`` is target characters per source character."""
    s_content, s_boiler = _groups(src_para, src)
    t_content, t_boiler = _groups(tgt_para, tgt)
    if len(s_content) < 2 or len(s_content) != len(t_content):
        return None
    ls = [sum(src[i].chars for i in b) for b in s_content]
    lt = [sum(tgt[j].chars for j in b) for b in t_content]
    costs = [_cost(a, b, ratio) for a, b in zip(ls, lt)]
    if max(costs) > MAX_PAIR_COST or sum(costs) / len(costs) > MAX_MEAN_COST:
        return None
    return list(zip(s_content, t_content)), s_boiler, t_boiler
