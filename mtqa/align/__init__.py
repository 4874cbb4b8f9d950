"""Sentence alignment (``align.v2``): the stage function :func:`align` and the bead-to-text view
:func:`bead_texts`.

1. Anchors: sentence pairs sharing a number or word found once in each document, chained in order,
   give the band that the search explores (``mtqa.align.search``).
2. First pass: the beads (1-1, 1-2, 2-1, 2-2, 1-3, 3-1, and 1-0/0-1 for sentences with no
   counterpart) with the lowest total cost, scored from length, anchors, punctuation, paragraphs and
   boilerplate (``mtqa.align.scorer``, weights in ``mtqa.align.weights``).
3. In the ``accurate`` mode (or with ``lexicon=True``), a second pass in a narrow band around the
   first path: the same with a lexicon learned from the first pass (``mtqa.align.learned_lexicon``) and
   sentence-embedding distance (``mtqa.align.embedding``, accurate mode only).
4. Each sentence left unaligned gets a confidence: how much cheaper the alignment is with it left out
   than with it joined to a neighbouring bead or paired with a neighbouring unaligned sentence.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from mtqa.align.config import AlignConfig
from mtqa.align.features import SentenceFeatures, sentence_features
from mtqa.align.learned_lexicon import learn_lexicon, lexicon_keys
from mtqa.align.paragraphs import paragraph_pairs
from mtqa.align.scorer import SHAPES, BeadScorer, Cost, prior_ratio
from mtqa.align.search import Band, anchor_band, anchors, best_path, path_band
from mtqa.lang.profiles import LanguageProfile
from mtqa.types import AlignedSegment, Alignment, AlignmentStats, Bead, Document, Segment

if TYPE_CHECKING:
    from mtqa.resources.embed import SentenceEncoder

__all__ = ["AlignConfig", "align", "align_features", "alignment_stats", "bead_texts"]

NULLS = ((1, 0), (0, 1))
DIAGONAL_MARGIN = 2.0  # cost units by which each 1-1 pair of a paragraph must beat two null beads
FLOOR_SLACK = 1e-9  # against rounding, where a null bead's cost is compared through its lower bound
MAX_MERGED_SIDE = 6  # widest bead considered when testing whether a null bead belongs to a neighbour
CONFIDENCE_SCALE = 1.0  # the cost margin (in weight units) at which a null bead's confidence is 1 - 1/e
# Bead costs (grid cells times shapes) that a paragraph pair's whole-rectangle search may evaluate: a
# pair of 20 sentences a side (news paragraphs have a handful). A longer pair is searched in a band
# around its anchors with beads of at most WIDE_BOUNDED sentences a side, so that its work grows with
# its length, not with its cube: two paragraphs of 100 sentences with the numbers in opposite order
# took 115 s and 430 MB the whole-rectangle way (issue 14, item 9).
EXACT_PAIR_WORK = 20_000
WIDE_BOUNDED = 8
# Target sentences by which the search band widens, either side, for the difference in sentence counts
# between two anchors: unbounded, a document with three times as many sentences on one side and no
# anchors was searched over a band as wide as the difference, its work growing with the square of its
# length (300 against 900 sentences: 22 s, 390 MB). News translations differ by a few sentences; on the
# alignment benchmark (scripts/bench_align.py, fast mode) a bound of 16 already leaves every F1 as it
# was (4 does not), so 32 leaves a margin.
MAX_SLACK = 32


def align(
    src: Sequence[Segment],
    tgt: Sequence[Segment],
    src_profile: LanguageProfile,
    tgt_profile: LanguageProfile,
    cfg: AlignConfig | None = None,
    encoder: SentenceEncoder | None = None,
) -> Alignment:
    """``encoder``: the sentence encoder of the accurate mode (a
    :class:`mtqa.resources.embed.SentenceEncoder`, owned by the caller: the Runner loads it once, on its
    device); by default ``cfg.encoder`` on the CPU."""
    cfg = cfg or AlignConfig()
    sf = [sentence_features(s.text, src_profile) for s in src]
    tf = [sentence_features(t.text, tgt_profile) for t in tgt]
    embed = None
    if cfg.embed and src and tgt:
        from mtqa.align.embedding import EmbeddingDistance
        from mtqa.resources.embed import get_encoder

        embed = EmbeddingDistance(
            [s.text for s in src], [t.text for t in tgt], encoder or get_encoder(cfg.encoder)
        ).distance
    beads = align_features(sf, tf, [s.paragraph for s in src], [t.paragraph for t in tgt], cfg, embed,
                           prior_ratio(src_profile.code, tgt_profile.code))
    return Alignment(beads, cfg.signature())


def align_features(
    src: Sequence[SentenceFeatures],
    tgt: Sequence[SentenceFeatures],
    src_para: Sequence[int],
    tgt_para: Sequence[int],
    cfg: AlignConfig,
    embed: Callable[[int, int, int, int], float] | None = None,
    ratio_prior: float = 1.0,
) -> tuple[Bead, ...]:
    """The two passes over sentence features; ``embed`` is the accurate mode's distance, if any."""
    n, m = len(src), len(tgt)
    if n == 0 or m == 0:
        return tuple(Bead((i,), (), 0.0, 1.0) for i in range(n)) + tuple(
            Bead((), (j,), 0.0, 1.0) for j in range(m)
        )
    shapes = [s for s in SHAPES if max(s) <= cfg.max_side] + list(NULLS)
    scorer = BeadScorer(src, tgt, src_para, tgt_para, prior_ratio=ratio_prior)
    second = cfg.learn_lexicon or embed is not None
    final_w = cfg.final_weights()
    first_cost = scorer.cost_function(cfg.first_pass_weights(), keep=final_w if second else None)
    pairs = paragraph_pairs(src, tgt, src_para, tgt_para, scorer.ratio) if cfg.paragraphs else None
    keys = ([f.keys for f in src], [f.keys for f in tgt])
    if pairs is not None:
        beads = _by_paragraph(pairs, shapes, first_cost, scorer.null_floor(cfg.first_pass_weights()), keys,
                              cfg.band)
    else:
        chain = anchors(*keys)
        beads = best_path(n, m, anchor_band(chain, n, m, cfg.band, max_slack=MAX_SLACK), shapes, first_cost)
    if not second:  # one pass: its weights are the final ones, and its cache already holds the beads
        return _with_costs(beads, scorer, first_cost, shapes)
    learned = lexicon_keys(src, tgt, learn_lexicon(src, tgt, beads)) if cfg.learn_lexicon else None
    scorer.set_extras(learned, embed)
    cost = scorer.second_pass(final_w)
    if pairs is not None:
        beads = _by_paragraph(pairs, shapes, cost, scorer.null_floor(final_w), keys, cfg.band)
    else:
        beads = best_path(n, m, path_band(beads, n, m, cfg.refine_band), shapes, cost)
    return _with_costs(beads, scorer, cost, shapes)


def _by_paragraph(
    pairs: tuple[list[tuple[tuple[int, ...], tuple[int, ...]]], list[tuple[int, ...]], list[tuple[int, ...]]],
    shapes: Sequence[tuple[int, int]],
    cost: Cost,
    null_floor: Cost,
    keys: tuple[Sequence[Sequence[str]], Sequence[Sequence[str]]],
    width: int,
) -> list[Bead]:
    """Search each paragraph pair on its own; boilerplate-only paragraphs become null beads.
    ``null_floor`` is a lower bound of ``cost`` for null beads; ``keys`` the sentences' anchor keys and
    ``width`` the band's, for a pair too long for the whole-rectangle search (:func:`_pair_search`)."""
    matched, s_boiler, t_boiler = pairs

    def clear(i: int, j: int) -> bool:
        """Source sentence ``i`` and target ``j`` beat leaving both out by DIAGONAL_MARGIN."""
        paired = cost(i, i + 1, j, j + 1) + DIAGONAL_MARGIN
        if paired + FLOOR_SLACK < null_floor(i, i + 1, j, j) + null_floor(i, i, j, j + 1):
            return True  # already beaten by the floors: the null beads' own costs can only be higher
        return paired < cost(i, i + 1, j, j) + cost(i, i, j, j + 1)

    pieces: list[Bead] = []
    for sb, tb in matched:
        a, b = sb[0], tb[0]
        ns, nt = len(sb), len(tb)
        if ns == nt and all(clear(a + k, b + k) for k in range(ns)):
            # the common case, a paragraph translated sentence by sentence: when every 1-1 pair beats
            # leaving both sentences out by a clear margin, the search would only confirm it
            pieces += [Bead((a + k,), (b + k,)) for k in range(ns)]
            continue
        def shifted(i0: int, i1: int, j0: int, j1: int, a: int = a, b: int = b) -> float:
            return cost(i0 + a, i1 + a, j0 + b, j1 + b)

        band, pair_shapes = _pair_search(ns, nt, shapes, keys[0][a : a + ns], keys[1][b : b + nt], width)
        sub = best_path(ns, nt, band, pair_shapes, shifted)
        pieces += [Bead(tuple(i + a for i in x.src), tuple(j + b for j in x.tgt)) for x in sub]
    pieces += [Bead((i,), ()) for blk in s_boiler for i in blk]
    pieces += [Bead((), (j,)) for blk in t_boiler for j in blk]
    return _in_order(pieces)


def _pair_search(
    ns: int,
    nt: int,
    shapes: Sequence[tuple[int, int]],
    src_keys: Sequence[Sequence[str]],
    tgt_keys: Sequence[Sequence[str]],
    width: int,
) -> tuple[Band, list[tuple[int, int]]]:
    """The band and bead shapes of the search inside a pair of ``ns`` and ``nt`` sentences.

    Inside a pair one sentence on one side may face any number on the other (1-n and n-1 beads), over
    the whole rectangle: exact, and cheap for paragraphs of news size, but its work grows with the cube
    of the pair's length. Past :data:`EXACT_PAIR_WORK` bead costs the pair is searched as a document
    is: in the band around its own anchors (see :func:`~mtqa.align.search.anchor_band` and
    :data:`MAX_SLACK`), with 1-n and n-1 beads of up to :data:`WIDE_BOUNDED` sentences: work linear in
    the pair's length."""
    wide = [(1, k) for k in range(4, nt + 1)] * (ns >= 1) + [(k, 1) for k in range(4, ns + 1)] * (nt >= 1)
    every = [*shapes, *wide]
    if (ns + 1) * (nt + 1) * len(every) <= EXACT_PAIR_WORK:
        return [(0, nt)] * (ns + 1), every
    bounded = [*shapes, *(s for s in wide if max(s) <= WIDE_BOUNDED)]
    return anchor_band(anchors(src_keys, tgt_keys), ns, nt, width, max_slack=MAX_SLACK), bounded


def _in_order(pieces: list[Bead]) -> list[Bead]:
    """Beads sorted into the one monotone sequence that covers both documents."""
    by_src = {b.src[0]: b for b in pieces if b.src}
    by_tgt = {b.tgt[0]: b for b in pieces if not b.src}
    out: list[Bead] = []
    i = j = 0
    while by_src or by_tgt:
        b = by_tgt.pop(j, None)
        if b is None:
            b = by_src.pop(i)
        out.append(b)
        i, j = i + len(b.src), j + len(b.tgt)
    return out


def _with_costs(beads: Sequence[Bead], scorer: BeadScorer, cost: Cost, shapes: Sequence[tuple[int, int]]
                ) -> tuple[Bead, ...]:
    """Beads with their cost, and for null beads the confidence that the sentence has no counterpart.

    Two kinds of evidence, either of which suffices (noisy-or): the margin, how much costlier the
    alignment is when the sentence joins the bead before or after it, or pairs with an unaligned
    sentence of the other side next to it (``1 - exp(-margin)``); and the content, one minus the
    largest share of its anchors (numbers, names, cognates) that a sentence around the gap has.
    """
    spans = []
    i = j = 0
    for b in beads:
        spans.append((i, i + len(b.src), j, j + len(b.tgt)))
        i, j = i + len(b.src), j + len(b.tgt)
    out = []
    for k, (b, sp) in enumerate(zip(beads, spans)):
        c = cost(*sp)
        if b.src and b.tgt:
            out.append(Bead(b.src, b.tgt, round(c, 4)))
            continue
        margins = []
        for o in (k - 1, k + 1):
            if 0 <= o < len(beads):
                merged = (
                    min(spans[o][0], sp[0]),
                    max(spans[o][1], sp[1]),
                    min(spans[o][2], sp[2]),
                    max(spans[o][3], sp[3]),
                )
                # wider than any search shape is allowed here: a long source sentence that MT split
                # into four is one bead, not a 1-3 bead and an addition
                if max(merged[1] - merged[0], merged[3] - merged[2]) <= MAX_MERGED_SIDE:
                    margins.append(cost(*merged) - cost(*spans[o]) - c)
        by_margin = 1 - math.exp(-max(0.0, min(margins)) / CONFIDENCE_SCALE) if margins else 1.0
        by_content = 1 - scorer.content_found(sp[0], sp[2], source=bool(b.src))
        conf = 1 - (1 - by_margin) * (1 - by_content)
        out.append(Bead(b.src, b.tgt, round(c, 4), round(conf, 4)))
    return tuple(out)


def _text_span(
    doc: Document, segs: Sequence[Segment], idx: tuple[int, ...], anchor: int
) -> tuple[str, int, int]:
    if not idx:
        return "", anchor, anchor
    s, e = segs[idx[0]].start, segs[idx[-1]].end
    return doc.text[s:e], s, e


def bead_texts(
    source: Document,
    target: Document,
    src: Sequence[Segment],
    tgt: Sequence[Segment],
    alignment: Alignment,
) -> tuple[AlignedSegment, ...]:
    """Each bead with the text it covers on both sides (empty text at the gap for null beads)."""
    out = []
    s_anchor = t_anchor = 0
    for k, bead in enumerate(alignment.beads):
        st, ss, se = _text_span(source, src, bead.src, s_anchor)
        tt, ts, te = _text_span(target, tgt, bead.tgt, t_anchor)
        s_anchor, t_anchor = se, te
        out.append(AlignedSegment(k, bead, st, tt, ss, se, ts, te))
    return tuple(out)


def alignment_stats(alignment: Alignment) -> AlignmentStats:
    return alignment.stats()
