"""Alignment gold files and strict/lax precision, recall and F1 over beads.

The format and the scoring follow Vecalign's ``score.py`` (itself after Sennrich and Volk 2011) so
that figures compare with published ones: one bead per line, ``[0, 1]:[2]``, 0-based sentence indices.
*Strict* counts a bead as found only when both sides match exactly; *lax* counts a bead that overlaps
a gold bead on both sides. Null beads (``[]`` on one side) are left out of recall and kept in
precision, exactly as Vecalign and Bertalign score them (see :func:`score_alignments`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from mtqa.errors import InputError
from mtqa.types import Bead

_LINE = re.compile(r"^\s*\[([\d,\s]*)\]\s*:\s*\[([\d,\s]*)\]\s*$")


def parse_gold(text: str, origin: str = "<gold>") -> tuple[Bead, ...]:
    beads = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        m = _LINE.match(line)
        if not m:
            raise InputError(f"{origin}:{n}: not an alignment bead like '[0, 1]:[2]': {line!r}")
        src = tuple(int(x) for x in m.group(1).replace(",", " ").split())
        tgt = tuple(int(x) for x in m.group(2).replace(",", " ").split())
        beads.append(Bead(src, tgt))
    return tuple(beads)


def format_gold(beads: Iterable[Bead]) -> str:
    return "".join(f"[{', '.join(map(str, b.src))}]:[{', '.join(map(str, b.tgt))}]\n" for b in beads)


@dataclass(frozen=True)
class PRF:
    precision: float
    recall: float
    f1: float

    @staticmethod
    def of(tp_p: float, n_p: float, tp_r: float, n_r: float) -> PRF:
        p = tp_p / n_p if n_p else 0.0
        r = tp_r / n_r if n_r else 0.0
        return PRF(p, r, 2 * p * r / (p + r) if p + r else 0.0)


@dataclass(frozen=True)
class AlignmentScore:
    strict: PRF
    lax: PRF
    test_beads: int
    gold_beads: int


def _count(gold: Sequence[Bead], test: Sequence[Bead]) -> tuple[int, int, int]:
    """(strict hits, lax hits, test beads): how many test beads are in gold exactly / overlap gold.

    A test bead overlaps when one of its target sentences is linked in gold to one of its source
    sentences.
    """
    gold_set = {(b.src, b.tgt) for b in gold if b.src or b.tgt}
    linked: dict[int, set[int]] = {}
    for b in gold:
        for i in b.src:
            linked.setdefault(i, set()).update(b.tgt)
    strict = lax = total = 0
    for b in test:
        if not (b.src or b.tgt):
            continue
        total += 1
        if (b.src, b.tgt) in gold_set:
            strict += 1
            lax += 1
        elif any(j in linked.get(i, ()) for i in b.src for j in b.tgt):
            lax += 1
    return strict, lax, total


def score_alignments(test: Sequence[Sequence[Bead]], gold: Sequence[Sequence[Bead]]) -> AlignmentScore:
    """Micro-averaged strict and lax P/R/F1 over several documents, by Vecalign's convention.

    Precision is over every test bead, null beads included (a null bead that gold also has is a hit);
    recall is over the gold beads with sentences on both sides, matched against the test beads with
    sentences on both sides. Vecalign keeps this asymmetry to stay comparable with earlier published
    scores, and so do we.
    """
    if len(test) != len(gold):
        raise InputError(f"{len(test)} test documents but {len(gold)} gold documents")
    ps = pl = pn = rs = rl = rn = 0
    for t_doc, g_doc in zip(test, gold):
        s, l, n = _count(g_doc, t_doc)
        ps, pl, pn = ps + s, pl + l, pn + n
        full_t = [b for b in t_doc if b.src and b.tgt]
        full_g = [b for b in g_doc if b.src and b.tgt]
        s, l, n = _count(full_t, full_g)
        rs, rl, rn = rs + s, rl + l, rn + n
    return AlignmentScore(
        strict=PRF.of(ps, pn, rs, rn),
        lax=PRF.of(pl, pn, rl, rn),
        test_beads=pn,
        gold_beads=rn,
    )
