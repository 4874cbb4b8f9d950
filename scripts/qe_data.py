"""Training and test examples for the quality model (``mtqa/qe``), and the split, written down once.

Fit only on (the TRAIN sets):
- ``wmt-qe23-task2-mqm-spans/task_2/train``: newstest2021 zh-en and en-de, WMT21 TED zh-en: one row per
  (system, segment, rater) with MQM error spans (character offsets into the translation) and severities;
- synthetic pairs made from the human references in those same files (``corrupt``).
Dev (held out from the training files, so choosing on it is allowed; ``is_dev``): a tenth of the
newstest2021 sources (zh-en and en-de), every system's translation of them and the synthetic pairs made
from them; ``scripts/train_qe.py train --hold-dev`` leaves them out of training.
Never fit or tune on (the TEST sets, reported in the README):
- WMT23 zh-en and he-en (``wmt23-mqm-mtme``; ``wmt-qe23-task2-mqm-spans`` part B for spans),
- WMT22 zh-en (``task_2/dev``).
google-mqm-ted and WMT23 en-de are allowed for fitting by the project's split but are not used by this
version (en-de's WMT23 items are whole paragraphs, over the 96-token side limit; say so, not hide it).

An example is a (source, translation) pair with its MQM points (5 a major error, 1 a minor one;
higher is worse), the character spans of its errors in the translation, and a group key: translations
of the same source share a group, which is what the ranking loss compares within.
"""

from __future__ import annotations

import csv
import random
import re
import sys
import zlib
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import score_data as sd

QE23 = sd.QE23
TRAIN_FILES = {
    "nt21-zh-en": ("zh", "en", QE23 / "task_2/train/2021_zh-en_processed.tsv"),
    "ted21-zh-en": ("zh", "en", QE23 / "task_2/train/2021_TED_zh-en_processed.tsv"),
    "nt21-en-de": ("en", "de", QE23 / "task_2/train/2021_en-de_processed.tsv"),
}
WMT22_DEV = QE23 / "task_2/dev/2022_zh-en_test_processed.tsv"
MAJOR, MINOR = 5.0, 1.0
csv.field_size_limit(10**8)


@dataclass
class Example:
    dataset: str
    lp: str
    system: str
    group: str
    source: str
    target: str
    points: float  # MQM points, higher is worse
    spans: list[tuple[int, int, int]] = field(default_factory=list)  # (start, end, 1 minor / 2 major)
    synthetic: bool = False


def _spans(starts: str, ends: str, errors: str, n: int) -> tuple[float, list[tuple[int, int, int]]]:
    if errors.strip() in ("no-error", ""):
        return 0.0, []
    sev = errors.split()
    out, points = [], 0.0
    for a, b, s in zip(starts.split(), ends.split(), sev):
        level = 2 if s == "major" else 1
        points += MAJOR if level == 2 else MINOR
        a_, b_ = int(a), int(b)
        if 0 <= a_ <= b_ <= n and a_ >= 0:
            out.append((a_, b_, level))
    return points, out


def read_qe23(path: Path, dataset: str, lp: str) -> list[Example]:
    """One example per (system, segment): raters' points averaged, their spans pooled."""
    rows: dict[tuple[str, str, str], list[tuple[str, str, float, list[tuple[int, int, int]]]]] = defaultdict(list)
    with open(path, encoding="utf-8", newline="") as fh:
        for rec in csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            if len(rec) < 9 or rec[0] == "mt_system":
                continue
            system, doc, seg, _rater, src, tgt, st, en, err = rec[:9]
            points, spans = _spans(st, en, err, len(tgt))
            rows[(system, doc, seg)].append((src, tgt, points, spans))
    out = []
    for (system, doc, seg), rs in rows.items():
        src, tgt = rs[0][0], rs[0][1]
        pts = sum(r[2] for r in rs) / len(rs)
        spans = [s for r in rs for s in r[3]]
        out.append(Example(dataset, lp, system.removeprefix("hyp."), f"{dataset}:{doc}:{seg}", src, tgt, pts,
                           spans))
    return out


def is_dev(group: str) -> bool:
    """True for the dev split: a held-out tenth of the newstest2021 sources (groups).

    ``group`` is an example's group key (``"nt21-zh-en:<doc>:<seg>"``: every translation of one source
    shares it, and so do the synthetic pairs made from that source's reference). The choice is a stable
    hash of the key (CRC-32 modulo 10 == 0; never Python's ``hash()``, which changes between processes),
    so it is the same on every machine and run. WMT21 TED sources are never dev.
    """
    return group.startswith("nt21-") and zlib.crc32(group.encode("utf-8")) % 10 == 0


def train_examples() -> list[Example]:
    out: list[Example] = []
    for name, (s, t, path) in TRAIN_FILES.items():
        out += read_qe23(path, name, f"{s}-{t}")
    return out


def is_reference(system: str) -> bool:
    return system.startswith("ref")


# ---------------------------------------------------------------- synthetic corruptions
_NUM = re.compile(r"\d+(?:[.,]\d+)*")
_CAP = re.compile(r"(?<!^)(?<![.!?] )\b[A-Z][a-z]{2,}\b")
_AUX = {"en": re.compile(r"\b(is|are|was|were|will|can|has|have|had|would|should|could)\b"),
        "de": re.compile(r"\b(ist|sind|war|waren|wird|werden|kann|hat|haben|hatte)\b")}
_NEG = {"en": " not", "de": " nicht"}


def corrupt(ex: Example, rng: random.Random, names: list[str]) -> Example | None:
    """A worse copy of a good translation, with its damage tagged as one major error (5 points)."""
    t = ex.target
    lang = ex.lp.split("-")[1]
    kinds = ["drop", "number", "negate", "name", "untranslated", "swap"]
    rng.shuffle(kinds)
    for kind in kinds:
        new, span = None, None
        if kind == "number" and (ms := list(_NUM.finditer(t))):
            m = rng.choice(ms)
            digits = m.group()
            rep = str(int(re.sub(r"\D", "", digits) or 0) * rng.choice((2, 3, 10)) + rng.randint(1, 9))
            new = t[:m.start()] + rep + t[m.end():]
            span = (m.start(), m.start() + len(rep))
        elif kind == "negate" and (ms := list(_AUX[lang].finditer(t))):
            m = rng.choice(ms)
            new = t[:m.end()] + _NEG[lang] + t[m.end():]
            span = (m.start(), m.end() + len(_NEG[lang]))
        elif kind == "name" and (ms := list(_CAP.finditer(t))) and names:
            m = rng.choice(ms)
            rep = rng.choice(names)
            if rep != m.group():
                new = t[:m.start()] + rep + t[m.end():]
                span = (m.start(), m.start() + len(rep))
        elif kind == "drop":
            parts = [p for p in re.split(r"(?<=[,;])\s+", t)]
            if len(parts) >= 2:
                k = rng.randrange(len(parts))
                new = " ".join(parts[:k] + parts[k + 1:])
                span = None  # an omission has no span in the translation
        elif kind == "untranslated" and len(ex.source) > 10:
            words = t.split(" ")
            if len(words) >= 6:
                k = rng.randrange(len(words) - 3)
                chunk = ex.source[: max(4, len(ex.source) // 4)]
                head = " ".join(words[:k])
                new = (head + " " if head else "") + chunk + " " + " ".join(words[k + 3:])
                a = len(head) + (1 if head else 0)
                span = (a, a + len(chunk))
        elif kind == "swap":
            words = t.split(" ")
            idx = [i for i, w in enumerate(words) if len(w) > 3]
            if len(idx) >= 2:
                i, j = rng.sample(idx, 2)
                if words[i] != words[j]:
                    words[i], words[j] = words[j], words[i]
                    new = " ".join(words)
                    both = []
                    for k in (i, j):
                        start = len(" ".join(words[:k])) + (1 if k else 0)
                        both.append((start, start + len(words[k]), 2))
                    return Example(ex.dataset, ex.lp, "synthetic-swap", ex.group, ex.source, new,
                                   ex.points + MAJOR, both, synthetic=True)
        if new is not None and new != t:
            spans = [(span[0], span[1], 2)] if span else []
            return Example(ex.dataset, ex.lp, f"synthetic-{kind}", ex.group, ex.source, new, ex.points + MAJOR,
                           spans, synthetic=True)
    return None


def synthetic_examples(train: list[Example], n: int, seed: int = 0) -> list[Example]:
    rng = random.Random(seed)
    refs = [e for e in train if is_reference(e.system) and e.points == 0]
    names = sorted({m.group() for e in refs for m in _CAP.finditer(e.target)})
    rng.shuffle(refs)
    out = []
    for ex in refs:
        c = corrupt(ex, rng, names)
        if c is not None:
            out.append(c)
        if len(out) >= n:
            break
    return out


# ---------------------------------------------------------------- test sets (never fitted on)
def wmt23_test(lp: str, segments: int = 300) -> list[sd.Item]:
    """WMT23 items of the first ``segments`` source segments that have a human score, every system."""
    items = sd.wmt23(lp)
    segs = sorted({it.seg for it in items})[:segments]
    keep = set(segs)
    return [it for it in items if it.seg in keep]


def part_b(lp: str) -> list[tuple[int, str, str, list[tuple[int, int, int]]]]:
    """WMT23 QE task 2 test (part B): (sid, source, mt, gold spans) for every test segment."""
    short = lp.replace("-", "")
    base = QE23 / f"test_data_2023/task2/{lp}/test.{short}.final"
    src = sd._lines(Path(f"{base}.src"))
    mt = sd._lines(Path(f"{base}.mt"))
    gold: dict[int, tuple[str, list[tuple[int, int, int]]]] = {}
    with open(QE23 / "gold_labels/hallucinations_gold_T2_header.tsv", encoding="utf-8", newline="") as fh:
        for rec in csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            if not rec or rec[0] != lp:
                continue
            sid, text = int(rec[2]), rec[3]
            _pts, spans = _spans(rec[4], rec[5], rec[6], len(text))
            gold[sid] = (text, spans)
    out = []
    for i, (s, m) in enumerate(zip(src, mt)):
        text, spans = gold.get(i, (m, []))
        out.append((i, s, text, spans))
    return out


def wmt22_dev() -> list[Example]:
    return read_qe23(WMT22_DEV, "wmt22-zh-en", "zh-en")
