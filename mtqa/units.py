"""Unit mode: CAT files (XLIFF, TMX, PO) checked unit by unit.

A translation unit's source and target are a pair given by the file, so the aligner never looks across
units: sentences are aligned only inside each unit (a unit of one sentence on each side is one 1-1
bead without a search; a unit whose target is empty gives its source sentences as omissions). Every
finding is given the unit it falls in (the report's ``unit``), and each unit gets its own score and
verdict from its own findings, beside the file's. Checks that need the whole text (term consistency,
boilerplate) still see the whole file: only the alignment is per unit.

The stages: :func:`mask_pair` (placeholders and markup blanked for the language checks, see
:mod:`mtqa.text.placeholders`), :func:`align_units`, :func:`assign_units` and :func:`unit_scores`.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from mtqa.align import AlignConfig, align
from mtqa.lang.profiles import LanguageProfile
from mtqa.scores.scoring import article_score
from mtqa.text.placeholders import mask
from mtqa.text.tokens import word_count
from mtqa.types import Alignment, ArticlePair, Bead, Document, Finding, Segment, Unit, UnitScore

if TYPE_CHECKING:
    from mtqa.resources.embed import SentenceEncoder

SIGNATURE = "units.v1"


def mask_pair(pair: ArticlePair) -> ArticlePair:
    """The pair with placeholders, tags, URLs, e-mails and code blanked on both sides (offsets kept)."""
    return replace(
        pair,
        source=Document(mask(pair.source.text), pair.source.lang),
        target=Document(mask(pair.target.text), pair.target.lang),
    )


def restore_segments(segs: Sequence[Segment], text: str) -> tuple[Segment, ...]:
    """Segments found on the masked text, with the original text (same offsets)."""
    return tuple(replace(s, text=text[s.start : s.end]) for s in segs)


def _by_unit(segs: Sequence[Segment], starts: Sequence[int], units: int) -> list[list[int]]:
    out: list[list[int]] = [[] for _ in range(units)]
    for s in segs:
        out[max(bisect.bisect_right(starts, s.start) - 1, 0)].append(s.index)
    return out


def align_units(
    units: Sequence[Unit],
    src: Sequence[Segment],
    tgt: Sequence[Segment],
    src_profile: LanguageProfile,
    tgt_profile: LanguageProfile,
    cfg: AlignConfig,
    encoder: SentenceEncoder | None = None,
) -> tuple[Alignment, tuple[int, ...]]:
    """The alignment, sentences paired only inside their unit, and the unit of each bead (``encoder``:
    the accurate mode's, as for :func:`mtqa.align.align`)."""
    s_by = _by_unit(src, [u.src_start for u in units], len(units))
    t_by = _by_unit(tgt, [u.tgt_start for u in units], len(units))
    beads: list[Bead] = []
    owner: list[int] = []
    for k, (si, ti) in enumerate(zip(s_by, t_by)):
        if len(si) == 1 and len(ti) == 1:
            part: Sequence[Bead] = (Bead((si[0],), (ti[0],)),)
        elif not si or not ti:  # an empty side: the other side's sentences are omitted or added
            part = [Bead((i,), (), 0.0, 1.0) for i in si] + [Bead((), (j,), 0.0, 1.0) for j in ti]
        else:
            sub = align(
                [replace(src[i], index=n) for n, i in enumerate(si)],
                [replace(tgt[j], index=n) for n, j in enumerate(ti)],
                src_profile,
                tgt_profile,
                cfg,
                encoder,
            )
            part = [
                replace(b, src=tuple(si[i] for i in b.src), tgt=tuple(ti[j] for j in b.tgt))
                for b in sub.beads
            ]
        beads += part
        owner += [k] * len(part)
    return Alignment(tuple(beads), f"{cfg.signature()}|{SIGNATURE}"), tuple(owner)


def unit_at(units: Sequence[Unit], side: str, offset: int) -> int:
    """Index of the unit whose line holds ``offset`` of ``side``'s text."""
    starts = [u.src_start if side == "source" else u.tgt_start for u in units]
    return max(bisect.bisect_right(starts, offset) - 1, 0)


def assign_units(
    findings: Sequence[Finding], units: Sequence[Unit], bead_unit: Sequence[int]
) -> tuple[Finding, ...]:
    """Each finding with its unit: the unit of its bead, else the unit its span starts in."""
    out = []
    for f in findings:
        k = (
            bead_unit[f.bead_index]
            if f.bead_index is not None and f.bead_index < len(bead_unit)
            else unit_at(units, f.side, f.start)
        )
        out.append(replace(f, unit=units[k].ref))
    return tuple(out)


def unit_scores(
    pair: ArticlePair, findings: Sequence[Finding], bead_unit: Sequence[int], pass_threshold: float
) -> tuple[UnitScore, ...]:
    """Each unit's own score and verdict (the MQM score of :mod:`mtqa.scores.scoring` on the unit's words)."""
    index = {u.ref: k for k, u in enumerate(pair.units)}
    mine: list[list[Finding]] = [[] for _ in pair.units]
    for f in findings:
        if f.unit is not None and f.unit in index:
            mine[index[f.unit]].append(f)
    beads: list[list[int]] = [[] for _ in pair.units]
    for b, k in enumerate(bead_unit):
        beads[k].append(b)
    out = []
    for k, u in enumerate(pair.units):
        words = word_count(pair.target.text[u.tgt_start : u.tgt_end])
        src_words = word_count(pair.source.text[u.src_start : u.src_end])
        sc = article_score(mine[k], words, src_words, (), pass_threshold)
        out.append(UnitScore(u.ref, tuple(beads[k]), len(mine[k]), sc))
    return tuple(out)
