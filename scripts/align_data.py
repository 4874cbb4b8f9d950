"""Alignment test sets for ``scripts/bench_align.py``: Text+Berg gold, synthetic NTREX it-en, WMT23 MT.

Each loader returns :class:`GoldDoc` records: one sentence per line on each side, gold beads over
those lines, and the languages. Nothing here is tuned: the split of every set into the part that may
be used for tuning (``dev``) and the part reported (``test``) is fixed here, once.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from align_synthetic import SyntheticConfig, perturb

from mtqa.align.gold import parse_gold
from mtqa.types import Bead

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(os.environ.get("MTQA_SHARED", ROOT.parent / "shared")) / "data"
TEXTBERG = DATA / "textberg-align-gold" / "bleualign_data"
NTREX = DATA / "ntrex-it-en"
WMT23 = DATA / "wmt23-mqm-mtme" / "data" / "mt-metrics-eval-v2" / "wmt23"


@dataclass(frozen=True)
class GoldDoc:
    doc_id: str
    src_lang: str
    tgt_lang: str
    source: tuple[str, ...]
    target: tuple[str, ...]
    gold: tuple[Bead, ...]


def _lines(path: Path) -> tuple[str, ...]:
    text = path.read_text(encoding="utf-8")
    return tuple(text[:-1].split("\n") if text.endswith("\n") else text.split("\n"))


def textberg(split: str) -> list[GoldDoc]:
    """``dev`` (1 document, for tuning) or ``test`` (test0..test6, for reporting only)."""
    names = ["dev"] if split == "dev" else [f"test{i}" for i in range(7)]
    return [
        GoldDoc(n, "de", "fr", _lines(TEXTBERG / f"{n}.de"), _lines(TEXTBERG / f"{n}.fr"),
                parse_gold((TEXTBERG / f"{n}.defr").read_text(encoding="utf-8"), str(TEXTBERG / f"{n}.defr")))
        for n in names
    ]


def _grouped(ids: tuple[str, ...], *sides: tuple[str, ...]) -> dict[str, list[tuple[str, ...]]]:
    docs: dict[str, list[tuple[str, ...]]] = {}
    for k, d in enumerate(ids):
        docs.setdefault(d, []).append(tuple(side[k] for side in sides))
    return docs


def _in_split(k: int, split: str) -> bool:
    # every fourth document is for tuning ("dev"), the others are reported ("test"); "all" is both
    return split == "all" or (k % 4 == 0) == (split == "dev")


def ntrex_synthetic(split: str, cfg: SyntheticConfig | None = None) -> list[GoldDoc]:
    """NTREX-128 news (Italian translation as the source, English original as the target), perturbed
    by :func:`align_synthetic.perturb`; fillers for inserted lines come from the other split."""
    cfg = cfg or SyntheticConfig()
    ids = _lines(NTREX / "DOCUMENT_IDS.tsv")
    it = _lines(NTREX / "NTREX-128" / "newstest2019-ref.ita.txt")
    en = _lines(NTREX / "NTREX-128" / "newstest2019-src.eng.txt")
    docs = list(_grouped(ids, it, en).items())
    mine = [(d, p) for k, (d, p) in enumerate(docs) if _in_split(k, split)]
    other = [p for k, (_, p) in enumerate(docs) if not _in_split(k, split)]
    fillers = ([s for p in other for s, _ in p], [t for p in other for _, t in p])
    out = []
    for doc_id, pairs in mine:
        sp = perturb(doc_id, [(s, t) for s, t in pairs], cfg, fillers, ("it", "en"))
        out.append(GoldDoc(doc_id, "it", "en", sp.source, sp.target, sp.gold))
    return out


def wmt23(lp: str, system: str, split: str = "all") -> list[GoldDoc]:
    """WMT23 source documents against one system's output; gold is 1-1 by line (the MT was made
    segment by segment). Empty output lines are kept: the aligner must pair or skip them."""
    src_lang, tgt_lang = lp.split("-")
    ids = tuple(line.split("\t")[1] for line in _lines(WMT23 / "documents" / f"{lp}.docs"))
    src = _lines(WMT23 / "sources" / f"{lp}.txt")
    mt = _lines(WMT23 / "system-outputs" / lp / f"{system}.txt")
    docs = list(_grouped(ids, src, mt).items())
    out = []
    for k, (doc_id, pairs) in enumerate(docs):
        if not _in_split(k, split):
            continue
        gold = tuple(Bead((i,), (i,)) for i in range(len(pairs)))
        out.append(GoldDoc(doc_id, src_lang, tgt_lang, tuple(s for s, _ in pairs), tuple(t for _, t in pairs), gold))
    return out
