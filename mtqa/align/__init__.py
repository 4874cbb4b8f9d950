"""Sentence alignment: the stage function :func:`align` and the bead-to-text view :func:`bead_texts`."""

from __future__ import annotations

from collections import Counter
from typing import Sequence

from mtqa.align.features import sentence_features
from mtqa.align.lexical import AlignConfig, align_segments
from mtqa.lang.profiles import LanguageProfile
from mtqa.types import AlignedSegment, Alignment, AlignmentStats, Document, Segment

__all__ = ["AlignConfig", "align", "alignment_stats", "bead_texts"]


def align(
    src: Sequence[Segment],
    tgt: Sequence[Segment],
    src_profile: LanguageProfile,
    tgt_profile: LanguageProfile,
    cfg: AlignConfig | None = None,
) -> Alignment:
    cfg = cfg or AlignConfig()
    sf = [sentence_features(s.text, src_profile) for s in src]
    tf = [sentence_features(t.text, tgt_profile) for t in tgt]
    return align_segments(src, tgt, sf, tf, cfg)


def _span(doc: Document, segs: Sequence[Segment], idx: tuple[int, ...], anchor: int) -> tuple[str, int, int]:
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
        st, ss, se = _span(source, src, bead.src, s_anchor)
        tt, ts, te = _span(target, tgt, bead.tgt, t_anchor)
        s_anchor, t_anchor = se, te
        out.append(AlignedSegment(k, bead, st, tt, ss, se, ts, te))
    return tuple(out)


def alignment_stats(alignment: Alignment) -> AlignmentStats:
    kinds = Counter(b.kind for b in alignment.beads)
    costs = [b.cost for b in alignment.beads if b.src and b.tgt]
    return AlignmentStats(
        beads=len(alignment.beads),
        by_kind=tuple(sorted(kinds.items())),
        omitted_source=sum(len(b.src) for b in alignment.beads if not b.tgt),
        added_target=sum(len(b.tgt) for b in alignment.beads if not b.src),
        mean_cost=round(sum(costs) / len(costs), 4) if costs else 0.0,
    )
