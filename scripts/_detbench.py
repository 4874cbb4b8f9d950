"""Data and scoring for ``scripts/bench_detectors.py``: DEMETR items with the span of their injected
error, WMT23 zh-en articles with the raters' MQM spans, NTREX clean articles, and precision/recall
counters. Nothing here prints; the script renders the tables."""

from __future__ import annotations

import difflib
import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "data"

DEMETR_LANGS = {"chinese_simple": "zh", "czech": "cs", "french": "fr", "german": "de", "hindi": "hi",
                "italian": "it", "japanese": "ja", "polish": "pl", "russian": "ru", "spanish": "es"}
# perturbations whose "perturbed" sentence is a correct translation, or no local edit at all
DEMETR_CORRECT = {"base_id35_reference"}
DEMETR_SKIP = {"base_id33_empty", "base_id33_shuffle_trans"}


@dataclass(frozen=True)
class DemetrItem:
    category: str
    id: int
    lang: str
    src: str
    mt: str  # correct translation
    pert: str  # with one injected error
    edit: tuple[int, int]  # span of the injected error in ``pert`` (widened to whole words)


def edit_span(a: str, b: str) -> tuple[int, int]:
    """The region of ``b`` that differs from ``a``, widened to whole words (a deletion becomes the
    words on either side of the gap)."""
    ops = [op for op in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes() if op[0] != "equal"]
    if not ops:
        return (0, 0)
    lo, hi = min(op[3] for op in ops), max(op[4] for op in ops)
    lo = max(0, lo - 1) if lo == hi else lo
    hi = min(len(b), hi + 1) if lo + 1 >= hi else hi
    while lo > 0 and not b[lo - 1].isspace():
        lo -= 1
    while hi < len(b) and not b[hi].isspace():
        hi += 1
    return (lo, hi)


def load_demetr(data: Path, split: str) -> list[DemetrItem]:
    """Applied perturbations of all ten languages; ``split`` "dev" (even ids), "test" (odd ids), "all"."""
    out = []
    for f in sorted((data / "demetr" / "dataset").glob("*.json")):
        if f.stem in DEMETR_SKIP:
            continue
        for it in json.loads(f.read_text(encoding="utf-8")):
            iid = int(it["id"])
            if not it["pert_check"] or (split == "dev" and iid % 2) or (split == "test" and not iid % 2):
                continue
            out.append(DemetrItem(f.stem, iid, DEMETR_LANGS[it["lang_tag"]], it["src_sent"], it["mt_sent"],
                                  it["pert_sent"], edit_span(it["mt_sent"], it["pert_sent"])))
    return out


@dataclass(frozen=True)
class RaterSpan:
    start: int
    end: int
    category: str
    severity: str


@dataclass(frozen=True)
class WmtArticle:
    system: str
    doc: str
    src_lines: tuple[str, ...]
    tgt_lines: tuple[str, ...]
    spans: tuple[tuple[RaterSpan, ...] | None, ...]  # per line: target-side rater spans, None = not rated


def load_wmt23(data: Path, lp: str = "zh-en") -> list[WmtArticle]:
    base = data / "wmt23-mqm-mtme" / "data" / "mt-metrics-eval-v2" / "wmt23"
    docs = [line.split("\t")[1] for line in (base / "documents" / f"{lp}.docs").read_text(encoding="utf-8").splitlines()]
    src = (base / "sources" / f"{lp}.txt").read_text(encoding="utf-8").splitlines()
    ratings: dict[tuple[str, int], tuple[RaterSpan, ...]] = {}
    for f in sorted((base / "human-scores").glob(f"{lp}.mqm.rater*.seg.rating")):
        seen: dict[str, int] = defaultdict(int)
        for line in f.read_text(encoding="utf-8").splitlines():
            system, _, value = line.partition("\t")
            k = seen[system]
            seen[system] += 1
            if value.strip() == "None":
                continue
            errs = json.loads(value)["errors"]
            ratings[(system, k)] = tuple(
                RaterSpan(e["start"], max(e["end"], e["start"] + 1), e["category"], e["severity"])
                for e in errs if not e.get("is_source_error")
            )
    systems = sorted({s for s, _ in ratings})
    out = []
    for system in systems:
        path = base / "system-outputs" / lp / f"{system}.txt"
        if not path.is_file():
            continue
        tgt = path.read_text(encoding="utf-8").splitlines()
        by_doc: dict[str, list[int]] = defaultdict(list)
        for n, d in enumerate(docs):
            by_doc[d].append(n)
        for d, lines in by_doc.items():
            spans = tuple(ratings.get((system, n)) for n in lines)
            if all(s is None for s in spans):
                continue
            out.append(WmtArticle(system, d, tuple(src[n] for n in lines), tuple(tgt[n] for n in lines), spans))
    return out


def load_ntrex(data: Path) -> list[tuple[str, tuple[str, ...], tuple[str, ...]]]:
    """(doc id, Italian lines, English lines) per NTREX article, in file order."""
    base = data / "ntrex-it-en"
    ids = [line.split("\t")[0].strip() for line in (base / "DOCUMENT_IDS.tsv").read_text(encoding="utf-8").splitlines()]
    it = (base / "NTREX-128" / "newstest2019-ref.ita.txt").read_text(encoding="utf-8").splitlines()
    en = (base / "NTREX-128" / "newstest2019-src.eng.txt").read_text(encoding="utf-8").splitlines()
    order: dict[str, list[int]] = {}
    for n, d in enumerate(ids):
        order.setdefault(d, []).append(n)
    return [(d, tuple(it[n] for n in ns), tuple(en[n] for n in ns)) for d, ns in order.items()]


def line_offsets(lines: tuple[str, ...]) -> list[int]:
    """Start offset of each line in ``"\\n".join(lines)``."""
    out, pos = [], 0
    for line in lines:
        out.append(pos)
        pos += len(line) + 1
    return out


@dataclass
class Counts:
    """Precision and recall counters of one checker."""

    tp: int = 0
    fp: int = 0
    hit: dict[str, int] = field(default_factory=lambda: defaultdict(int))  # recall numerators per category
    n: dict[str, int] = field(default_factory=lambda: defaultdict(int))  # recall denominators per category

    @property
    def findings(self) -> int:
        return self.tp + self.fp

    @property
    def precision(self) -> float | None:
        return self.tp / self.findings if self.findings else None

    def recall(self, cats: Iterator[str] | tuple[str, ...]) -> float | None:
        cats = tuple(cats)
        n = sum(self.n[c] for c in cats)
        return sum(self.hit[c] for c in cats) / n if n else None


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]

