"""From checked translations to an engine ranking with confidence.

:func:`compare_reports` scores every translation of every compared item (the comparison score of
:mod:`mtqa.compare.signals`), then per engine the mean score with a bootstrap interval over its
items, and per pair of engines, on the items both translated: the mean difference with its bootstrap
interval, the approximate-randomization p-value, Holm-corrected over all pairs, and the articles
won, tied and lost. An engine's rank is 1 + the number of engines significantly better than it
(corrected p below ``alpha``), so engines that cannot be told apart share a rank, as in WMT's clusters.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

from mtqa.compare import stats
from mtqa.compare.agreement import reliability_weights
from mtqa.compare.groups import group_reports
from mtqa.compare.signals import Group, Model, group_signals, matrices, win_scores

ALPHA = 0.05  # family-wise error rate of the pairwise tests (after Holm)
TIE_MARGIN = 1.0  # an article is a tie when two engines' comparison scores are within this (0-100 scale)


@dataclass(frozen=True)
class Translation:
    id: str
    engine: str
    item: str
    score: float
    signals: dict[str, float] = field(hash=False, compare=False)
    verdict: str = ""
    mtqa_score: float | None = None
    findings: int = 0


@dataclass(frozen=True)
class EngineStats:
    engine: str
    rank: int
    articles: int
    mean: float
    low: float
    high: float
    wins: int
    ties: int
    losses: int


@dataclass(frozen=True)
class PairTest:
    a: str
    b: str
    articles: int  # items both engines translated
    diff: float  # mean score of a minus b
    low: float
    high: float
    p: float
    p_holm: float
    wins: int  # articles where a beats b by more than TIE_MARGIN
    ties: int
    losses: int

    @property
    def significant(self) -> bool:
        return self.p_holm < ALPHA

    def flipped(self) -> PairTest:
        return PairTest(self.b, self.a, self.articles, -self.diff, -self.high, -self.low, self.p, self.p_holm,
                        self.losses, self.ties, self.wins)


@dataclass(frozen=True)
class Comparison:
    translations: tuple[Translation, ...]
    engines: tuple[EngineStats, ...]  # best first
    pairs: tuple[PairTest, ...]
    signature: str
    reliability: dict[str, float]

    def ordered_pairs(self) -> list[PairTest]:
        """The pairs with the better-ranked engine first, in ranking order (as people read them)."""
        order = {e.engine: k for k, e in enumerate(self.engines)}
        out = [p if order[p.a] < order[p.b] else p.flipped() for p in self.pairs]
        return sorted(out, key=lambda p: (order[p.a], order[p.b]))

    def by_item(self) -> dict[str, list[Translation]]:
        out: dict[str, list[Translation]] = {}
        for t in self.translations:
            out.setdefault(t.item, []).append(t)
        return out


def signature(model: Model, resamples: int, seed: int) -> str:
    return (
        f"{model.signature()}|agree:chrf,bleu,tokf1{',embed' if 'cons_embed' in model.features else ''}"
        f"|rel:{model.sharpness:g}|boot:{resamples}|ar:{resamples}|seed:{seed}|holm:{ALPHA:g}"
        f"|tie:{TIE_MARGIN:g}"
    )


def compare_reports(
    reports: Sequence[Mapping[str, Any]],
    model: Model,
    encoder: Any = None,
    resamples: int = stats.RESAMPLES,
    seed: int = stats.SEED,
) -> Comparison:
    """Score and rank the engines of checked article reports (``reports.jsonl`` dicts)."""
    grouped = group_reports(reports)
    groups = []
    for item, reps in grouped.items():
        targets = tuple(str(r.get("target") or "") for r in reps)
        vecs = encoder.encode(list(targets)) if encoder is not None else None
        groups.append(Group(item, tuple(str(r["meta"]["engine"]) for r in reps), targets, tuple(reps), vecs))
    mats = [matrices(g) for g in groups]
    rel = reliability_weights([(g.engines, m["chrf"]) for g, m in zip(groups, mats)], model.sharpness)
    translations = []
    for g, m in zip(groups, mats):
        rows = group_signals(g, m, rel)
        for rep, row, score in zip(g.reports, rows, win_scores([model.strength(r) for r in rows])):
            translations.append(
                Translation(
                    str(rep.get("id")),
                    str(rep["meta"]["engine"]),
                    g.item,
                    round(score, 4),
                    {k: round(v, 4) for k, v in row.items()},
                    str(rep.get("verdict") or ""),
                    rep.get("score"),
                    len(rep.get("findings") or []),
                )
            )
    engines, pairs = rank(translations, resamples, seed)
    return Comparison(tuple(translations), engines, pairs, signature(model, resamples, seed), rel)


def rank(
    translations: Sequence[Translation], resamples: int = stats.RESAMPLES, seed: int = stats.SEED
) -> tuple[tuple[EngineStats, ...], tuple[PairTest, ...]]:
    scores: dict[str, dict[str, float]] = {}  # engine -> item -> score
    for t in translations:
        scores.setdefault(t.engine, {})[t.item] = t.score
    names = sorted(scores)
    raw = []
    for a, b in combinations(names, 2):
        common = [i for i in scores[a] if i in scores[b]]
        if not common:
            continue
        xa, xb = [scores[a][i] for i in common], [scores[b][i] for i in common]
        mean_a, mean_b = sum(xa) / len(xa), sum(xb) / len(xb)
        low, high = stats.paired_bootstrap_ci(xa, xb, resamples, seed=seed)
        rec = stats.wins_ties_losses(xa, xb, TIE_MARGIN)
        p = stats.approximate_randomization(xa, xb, resamples, seed)
        raw.append((a, b, len(common), mean_a - mean_b, low, high, p, rec))
    adjusted = stats.holm([r[6] for r in raw])
    pairs = tuple(
        PairTest(a, b, n, round(d, 4), round(lo, 4), round(hi, 4), p, ph, rec.wins, rec.ties, rec.losses)
        for (a, b, n, d, lo, hi, p, rec), ph in zip(raw, adjusted)
    )
    better = {e: 0 for e in names}
    record = {e: [0, 0, 0] for e in names}
    for pt in pairs:
        if pt.significant:
            better[pt.b if pt.diff > 0 else pt.a] += 1
        for e, rec3 in ((pt.a, (pt.wins, pt.ties, pt.losses)), (pt.b, (pt.losses, pt.ties, pt.wins))):
            for k in range(3):
                record[e][k] += rec3[k]
    out = []
    for e in names:
        vals = list(scores[e].values())
        low, high = stats.bootstrap_ci(vals, resamples, seed=seed)
        out.append(
            EngineStats(
                e,
                1 + better[e],
                len(vals),
                round(sum(vals) / len(vals), 4),
                round(low, 4),
                round(high, 4),
                *record[e],
            )
        )
    out.sort(key=lambda s: (s.rank, -s.mean, s.engine))
    return tuple(out), pairs
