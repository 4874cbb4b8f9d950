"""Synthetic alignment test sets: a 1-1 parallel document with sentences merged, split, dropped and
inserted at known places, so that the gold beads stay known.

Real alignment gold is rare (Text+Berg is one German-French set); this turns any sentence-aligned
parallel text (NTREX, WMT test sets) into a test of the shapes an aligner must find in news: a
translator who joins two sentences (2-1), cuts one in two (1-2), leaves one out (omission, 1-0) or
adds one (addition, 0-1: a sentence of another article or a feed's boilerplate line).

Everything is drawn from ``random.Random(f"{seed}:{doc_id}")``, so one document's perturbation does
not depend on the others, and the same seed gives the same set on any machine (string seeds are
hashed with SHA-512 by :mod:`random`). :meth:`SyntheticConfig.signature` records the settings.
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from dataclasses import dataclass

from mtqa.types import Bead

# where a sentence can be cut in two: after a comma or semicolon, or before a conjunction
_CUT = re.compile(r"[,;]\s+|\s+(?=(?:and|but|while|e|ma|mentre|und|aber|et|mais|y|pero)\s)", re.IGNORECASE)
BOILERPLATE = {
    "en": ("Follow us on Google News", "Related news:", "Share this article", "All rights reserved"),
    "it": ("Seguici su Google News", "Leggi anche:", "Riproduzione riservata", "Condividi questo articolo"),
}


@dataclass(frozen=True)
class SyntheticConfig:
    """Rates per sentence pair of each change; each change picks its side (source or target) at random."""

    seed: int = 0
    merge: float = 0.08  # two consecutive sentences joined into one on one side (2-1 or 1-2)
    split: float = 0.06  # one sentence cut in two on one side (1-2 or 2-1)
    drop: float = 0.04  # one sentence left out on one side (1-0 or 0-1)
    insert: float = 0.04  # after this pair, a line with no counterpart on one side (0-1 or 1-0)
    boilerplate: float = (
        0.5  # share of inserted lines that are feed boilerplate, the rest come from other documents
    )

    def signature(self) -> str:
        return (
            f"synth.v1(seed={self.seed},merge={self.merge:g},split={self.split:g},drop={self.drop:g},"
            f"insert={self.insert:g},boiler={self.boilerplate:g})"
        )


@dataclass(frozen=True)
class SyntheticPair:
    doc_id: str
    source: tuple[str, ...]  # one sentence (or merged sentences) per line
    target: tuple[str, ...]
    gold: tuple[Bead, ...]


def _cut(text: str) -> tuple[str, str] | None:
    """Cut a sentence near its middle at a clause boundary; None when there is none in the middle half."""
    n = len(text)
    cuts = [m for m in _CUT.finditer(text) if 0.25 * n <= m.start() <= 0.75 * n]
    if not cuts:
        return None
    m = min(cuts, key=lambda c: abs(c.start() - n / 2))
    left, right = text[: m.start()].rstrip(" ,;"), text[m.end() :].lstrip()
    if not left or not right:
        return None
    return left + ".", right[0].upper() + right[1:]


def _join(a: str, b: str, rng: random.Random) -> str:
    if rng.random() < 0.5 and a.endswith(".") and b[:1].isupper():
        return f"{a[:-1]}, {b[0].lower()}{b[1:]}"  # the way a translator joins two sentences
    return f"{a} {b}"


def perturb(
    doc_id: str,
    pairs: Sequence[tuple[str, str]],
    cfg: SyntheticConfig,
    fillers: tuple[Sequence[str], Sequence[str]] = ((), ()),
    langs: tuple[str, str] = ("it", "en"),
) -> SyntheticPair:
    """Turn a 1-1 parallel document into a harder one with known beads.

    ``fillers`` are (source, target) sentences from other documents, drawn for inserted lines that are
    not boilerplate; ``langs`` picks the boilerplate lines (languages without a list only get fillers).
    """
    rng = random.Random(f"{cfg.seed}:{doc_id}")
    src: list[str] = []
    tgt: list[str] = []
    gold: list[Bead] = []

    def emit(s: Sequence[str], t: Sequence[str]) -> None:
        gold.append(
            Bead(tuple(range(len(src), len(src) + len(s))), tuple(range(len(tgt), len(tgt) + len(t))))
        )
        src.extend(s)
        tgt.extend(t)

    k = 0
    while k < len(pairs):
        s, t = pairs[k]
        side = rng.randrange(2)  # 0: the change is on the source side, 1: on the target side
        r = rng.random()
        used = 1
        halves = _cut(s if side == 0 else t)
        if r < cfg.merge and k + 1 < len(pairs):
            s2, t2 = pairs[k + 1]
            if side == 0:
                emit([_join(s, s2, rng)], [t, t2])
            else:
                emit([s, s2], [_join(t, t2, rng)])
            used = 2
        elif cfg.merge <= r < cfg.merge + cfg.split and halves:
            if side == 0:
                emit(halves, [t])
            else:
                emit([s], halves)
        elif cfg.merge + cfg.split <= r < cfg.merge + cfg.split + cfg.drop:
            # gold lists one null bead per sentence, as the Text+Berg gold does
            if side == 0:
                emit([], [t])
            else:
                emit([s], [])
        else:
            emit([s], [t])
        if rng.random() < cfg.insert:
            ins_side = rng.randrange(2)
            lang = langs[ins_side]
            pool = fillers[ins_side]
            if (rng.random() < cfg.boilerplate or not pool) and lang in BOILERPLATE:
                line = rng.choice(BOILERPLATE[lang])
            elif pool:
                line = rng.choice(pool)
            else:
                line = ""
            if line and ins_side == 0:
                emit([line], [])
            elif line:
                emit([], [line])
        k += used
    return SyntheticPair(doc_id, tuple(src), tuple(tgt), tuple(gold))
