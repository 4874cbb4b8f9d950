"""Loaders for the human-judgment data sets that scripts/bench_scores.py and scripts/fit_quality.py
measure on. Everything reads ../shared/data (see each folder's README); nothing is copied into the repo.

Each loader returns :class:`Item` rows: one rated (system, segment) pair with its source, MT output,
reference (where the data set has one), human score (higher = better) and the WMT23 participants'
metric scores for the same segment (WMT23 only).

- ``wmt23(lp)``: WMT23 general task, MQM (zh-en, he-en sentences; en-de paragraphs). Human references
  and the synthetic reference are not systems here: refA is the reference.
- ``mlqe(lp, split)``: MLQE-PE (ro-en, et-en, ru-en), Wikipedia sentences, z-normalized DA.
  ``test20`` (with document ids, and the post-edit as a *targeted* reference) and ``test21``
  (different sentences; used for fitting only). The tarballs are extracted to a temporary folder.
- ``newstest2021()``: newstest2021 zh-en, 47 news articles x 13 systems, from the WMT QE 2023 task 2
  files (part A: text, document ids, error spans); the human score is Google's per-segment MQM average
  (google-mqm-ted), matched to the part-A segments by their per-system score pattern (the avg file has no
  text); ref.A is the reference, and neither human reference is scored as a system.
"""

from __future__ import annotations

import csv
import os
import tarfile
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(os.environ.get("MTQA_SHARED", ROOT.parent / "shared")) / "data"
WMT23 = DATA / "wmt23-mqm-mtme/data/mt-metrics-eval-v2/wmt23"
MLQE = DATA / "mlqe-pe/data"
QE23 = DATA / "wmt-qe23-task2-mqm-spans"
GOOGLE = DATA / "google-mqm-ted"

WMT23_METRICS = (
    "chrF-refA", "BLEU-refA", "COMET-refA", "CometKiwi-src", "XCOMET-QE-Ensemble-src",
    "MetricX-23-QE-src", "GEMBA-MQM-src", "Random-sysname-src",
)
NOT_SYSTEMS = {"refA", "refB", "synthetic_ref"}


@dataclass(frozen=True)
class Item:
    dataset: str
    lp: str
    system: str
    seg: int  # segment index in the data set's source file
    doc: str
    source: str
    target: str
    reference: str | None
    human: float
    metrics: dict[str, float] = field(default_factory=dict, hash=False, compare=False)

    @property
    def langs(self) -> tuple[str, str]:
        s, t = self.lp.split("-")
        return s, t


def _lines(path: Path) -> list[str]:
    # split on "\n" only: str.splitlines() would also split on U+2028 and friends inside a segment
    text = path.read_text(encoding="utf-8")
    return text[:-1].split("\n") if text.endswith("\n") else text.split("\n")


def _scores(path: Path) -> dict[str, list[float | None]]:
    out: dict[str, list[float | None]] = defaultdict(list)
    for line in path.read_text(encoding="utf-8").splitlines():
        sysname, v = line.split("\t")
        out[sysname].append(None if v == "None" else float(v))
    return out


def available() -> dict[str, bool]:
    return {"wmt23": WMT23.is_dir(), "mlqe": MLQE.is_dir(), "newstest2021": QE23.is_dir() and GOOGLE.is_dir()}


def wmt23(lp: str) -> list[Item]:
    src = _lines(WMT23 / f"sources/{lp}.txt")
    ref = _lines(WMT23 / f"references/{lp}.refA.txt")
    docs = [line.split("\t")[1] for line in _lines(WMT23 / f"documents/{lp}.docs")]
    human = _scores(WMT23 / f"human-scores/{lp}.mqm.seg.score")
    metrics = {m: _scores(WMT23 / f"metric-scores/{lp}/{m}.seg.score") for m in WMT23_METRICS}
    out = []
    for system, scores in human.items():
        if system in NOT_SYSTEMS:
            continue
        mt = _lines(WMT23 / f"system-outputs/{lp}/{system}.txt")
        for i, h in enumerate(scores):
            if h is None:
                continue
            ms = {m: v for m, sc in metrics.items() if (v := sc[system][i]) is not None}
            out.append(Item("wmt23", lp, system, i, docs[i], src[i], mt[i], ref[i], h, ms))
    return out


@cache
def _mlqe_dir() -> Path:
    tmp = Path(tempfile.mkdtemp(prefix="mtqa-mlqe-"))
    for tgz in sorted(MLQE.glob("*/test*/*.tar.gz")) + sorted(MLQE.glob("test21_goldlabels/*.tar.gz")):
        with tarfile.open(tgz) as tf:
            tf.extractall(tmp, filter="data")
    return tmp


def mlqe(lp: str, split: str) -> list[Item]:
    d = _mlqe_dir()
    code = lp.replace("-", "")
    if split == "test21":
        base = d / f"{lp}-test21"
        src, mt = _lines(base / "test21.src"), _lines(base / "test21.mt")
        da = [float(x) for x in _lines(base / "goldlabels/test21.da")]
        return [Item("mlqe-test21", lp, "mlqe-nmt", i, "", s, t, None, h) for i, (s, t, h) in enumerate(zip(src, mt, da))]
    with (d / lp / f"test20.{code}.df.short.tsv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
    docs = _lines(d / lp / "test20.doc_ids")[1:]  # header line "doc_id"
    pe = _lines(d / f"{lp}-test20/test20.pe")
    return [
        Item("mlqe-test20", lp, "mlqe-nmt", i, docs[i], r["original"], r["translation"], pe[i], float(r["z_mean"]))
        for i, r in enumerate(rows)
    ]


# --- newstest2021 zh-en -------------------------------------------------------------------------------

SEVERITY = {"major": 5.0, "minor": 1.0}  # part A keeps no categories, so minor punctuation counts 1, not 0.1


def _part_a() -> dict[tuple[str, str, int], dict]:
    """(system, doc, seg) -> source, target and the mean MQM points over the raters of that row."""
    rows: dict[tuple[str, str, int], dict] = {}
    with (QE23 / "task_2/train/2021_zh-en_processed.tsv").open(encoding="utf-8", newline="") as fh:
        for line in fh:
            f = line.rstrip("\n").split("\t")
            # fixed columns at both ends; in some rows the doc id's spaces became tabs and the rater is missing
            system, middle, (source, target, _s, _e, errors) = f[0], f[1:-5], f[-5:]
            if middle[-1].startswith("rater"):
                middle.pop()
            seg, doc = middle.pop(), " ".join(middle)
            if not seg.isdigit():  # one article ("jingji guancha bao-zh-01.10329") lost its segment ids
                continue
            pts = sum(SEVERITY.get(e, 0.0) for e in errors.split())
            r = rows.setdefault((system.split(".", 1)[1], doc, int(seg)), {"source": source, "target": target, "pts": []})
            r["pts"].append(pts)
    return rows


def _google_avg() -> dict[str, dict[int, float]]:
    out: dict[str, dict[int, float]] = defaultdict(dict)
    path = GOOGLE / "newstest2021/zhen/mqm_newstest2021_zhen.avg_seg_scores.tsv"
    for line in path.read_text(encoding="utf-8").splitlines()[1:]:
        system, score, seg = line.split()
        if score != "None":
            out[system][int(seg)] = float(score)
    return out


def _match_google(rows: dict[tuple[str, str, int], dict], avg: dict[str, dict[int, float]]) -> dict[tuple[str, int], int]:
    """Map each part-A (doc, seg) to Google's global segment id: for every document, the offset where the
    per-system MQM pattern of its segments agrees best with Google's averages (Google's minor punctuation
    weighs 0.1, so the match is by least absolute difference, not equality)."""
    systems = sorted({s for s, _, _ in rows} & set(avg))
    segs_by_doc: dict[str, int] = defaultdict(int)
    for _, doc, seg in rows:
        segs_by_doc[doc] = max(segs_by_doc[doc], seg)
    rated = sorted(set().union(*(set(v) for v in avg.values())))
    mapping: dict[tuple[str, int], int] = {}
    for doc, n in segs_by_doc.items():
        best, best_cost = None, float("inf")
        for start in rated:
            cost, used = 0.0, 0
            for k in range(1, n + 1):
                for s in systems:
                    r = rows.get((s, doc, k))
                    g = avg[s].get(start + k - 1)
                    if r is None:
                        continue
                    if g is None:
                        cost += 25.0
                    else:
                        cost += abs(-sum(r["pts"]) / len(r["pts"]) - g)
                    used += 1
            if used and cost / used < best_cost:
                best, best_cost = start, cost / used
        if best is not None and best_cost < 0.5:
            for k in range(1, n + 1):
                mapping[(doc, k)] = best + k - 1
    return mapping


@cache
def newstest2021() -> tuple[Item, ...]:
    rows = _part_a()
    avg = _google_avg()
    mapping = _match_google(rows, avg)
    out = []
    for (system, doc, seg), r in sorted(rows.items()):
        if system in ("A", "B") or (doc, seg) not in mapping:
            continue
        gid = mapping[(doc, seg)]
        ref = rows.get(("A", doc, seg))
        h = avg.get(system, {}).get(gid)
        if h is None or ref is None:
            continue
        out.append(Item("newstest2021", "zh-en", system, gid, doc, r["source"], r["target"], ref["target"], h))
    return tuple(out)


def newstest2021_match_rate() -> tuple[int, int]:
    rows = _part_a()
    docsegs = {(d, s) for _, d, s in rows}
    return len(_match_google(rows, _google_avg())), len(docsegs)
