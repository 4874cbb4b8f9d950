"""Recall per injected error type, false findings on the clean articles, and what ``mtqa fix`` restores.

    .venv/bin/python scripts/bench_inject.py [--split test] [--seeds 1,2,3] [--baseline FILE] [--readme]

The feeds are built by the fixed recipe in ``scripts/_inject.py`` from the 123 NTREX it-en articles
(Italian human translation as the source, the English original as the target, laid out as in the recipe):
for every article, seed and error type, one copy of the article with one error of that type. Dev split:
articles at even positions of NTREX's file order; test split: odd positions (reported here, never tuned
on). An injection counts as found when a finding of the type's detector (``CODES`` in the recipe)
overlaps the injected span; every finding on the clean articles is a false finding (or a slip of the
original English), per 1,000 target words. Fix: the safe edits of every finding applied in one pass;
an injection is restored when the fixed text equals the clean text around the injection (difflib), and
*changed on clean* counts the characters that fix changes in the clean articles.
"""

from __future__ import annotations

import argparse
import difflib
import json
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _bench import DEFAULT_DATA, ROOT, load_ntrex, md_table, run_process, splice, write_results
from _inject import CODES, MECHANICAL, TYPES, Injected, inject, layout

from mtqa.align.config import MODES

README_BLOCK = "inject"


def _paragraphs(text: str) -> tuple[list[str], list[tuple[int, int]]]:
    """The paragraphs of ``text`` (split at blank lines) and their (start, end) offsets."""
    paras, spans, pos = [], [], 0
    for p in text.split("\n\n"):
        paras.append(p)
        spans.append((pos, pos + len(p)))
        pos += len(p) + 2
    return paras, spans


def _restored(clean: str, fixed: str, span: tuple[int, int]) -> bool:
    """``fixed`` equals ``clean`` in and around ``span`` (clean offsets): no paragraph that holds the
    injection differs, and no paragraph was added or removed next to it. Paragraph by paragraph, so
    that a slip fixed elsewhere in the article does not count against this injection (and difflib
    stays fast: it compares whole paragraphs, not characters)."""
    a_paras, a_spans = _paragraphs(clean)
    b_paras, _ = _paragraphs(fixed)
    lo, hi = span[0] - 1, span[1] + 1
    near = {k for k, (s, e) in enumerate(a_spans) if s < hi and lo < e} or {len(a_paras) - 1}
    for op, i1, i2, _j1, _j2 in difflib.SequenceMatcher(None, a_paras, b_paras, autojunk=False).get_opcodes():
        if op == "equal":
            continue
        if (i1 == i2 and (i1 in near or i1 - 1 in near)) or near.intersection(range(i1, i2)):
            return False
    return True


def _changed(a: str, b: str) -> int:
    """Characters that differ between ``a`` and ``b`` (replaced, inserted or deleted)."""
    a_paras, b_paras = a.split("\n\n"), b.split("\n\n")
    n = 0
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a_paras, b_paras, autojunk=False).get_opcodes():
        if op == "equal":
            continue
        x, y = "\n\n".join(a_paras[i1:i2]), "\n\n".join(b_paras[j1:j2])
        n += sum(
            max(k2 - k1, m2 - m1)
            for tag, k1, k2, m1, m2 in difflib.SequenceMatcher(None, x, y, autojunk=False).get_opcodes()
            if tag != "equal"
        )
    return n


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--split", choices=("dev", "test"), default="test")
    ap.add_argument("--seeds", default="1,2,3", help="comma-separated recipe seeds (default %(default)s)")
    ap.add_argument("--types", default=",".join(TYPES), help="comma-separated error types (default: all)")
    ap.add_argument("--baseline", type=Path, help="an earlier result JSON to show beside this run")
    ap.add_argument("--name", default=None, help="result file under scripts/results/ (default inject_SPLIT)")
    ap.add_argument("--readme", action="store_true", help="write the tables into README.md")
    ap.add_argument(
        "--align",
        choices=(*MODES, "lexicon"),
        default="fast",
        help="aligner: the fast default, fast with the learned lexicon, or the accurate (embedding) mode",
    )
    ap.add_argument("--show-misses", type=int, default=0, help="print this many misses per type (dev only)")
    ap.add_argument(
        "--speed",
        type=int,
        default=0,
        metavar="N",
        help="also time `mtqa batch` on the split's injected feed with and without --fix, N rounds",
    )
    args = ap.parse_args()
    if args.show_misses and args.split == "test":
        raise SystemExit("--show-misses is for the dev split only: the test split is never looked at")

    from mtqa.align.config import AlignConfig
    from mtqa.config import QAConfig
    from mtqa.pipeline import Runner
    from mtqa.text.frequencies import zipf
    from mtqa.text.spelling import known
    from mtqa.types import ArticlePair, Document

    try:
        from mtqa.fix import apply_fixes
    except ImportError:  # before ``mtqa fix`` existed
        apply_fixes = None  # type: ignore[assignment]

    def is_word(w: str) -> bool:
        return bool(known([w], "en")) or zipf(w, "en") >= 1.5

    arts = [a for n, a in enumerate(load_ntrex(args.data)) if n % 2 == (0 if args.split == "dev" else 1)]
    seeds = [int(s) for s in args.seeds.split(",")]
    types = args.types.split(",")
    align = AlignConfig(lexicon=True) if args.align == "lexicon" else AlignConfig(mode=args.align)
    runner = Runner.from_config(QAConfig(langs=("it", "en"), align=align))

    def check(doc: str, src: str, tgt: str) -> Any:
        return runner.check(ArticlePair(doc, Document(src, "it"), Document(tgt, "en")))

    # clean articles: false findings and characters that fix changes
    t0 = time.perf_counter()
    clean_words, clean_findings, clean_changed = 0, Counter[str](), 0
    clean_edits: list[dict[str, Any]] = []  # every edit fix makes in a clean article, to be read one by one
    for a in arts:
        rep = check(a.doc_id, layout(a.it)[0], layout(a.en)[0])
        clean_words += rep.score.words
        clean_findings.update(f.code for f in rep.findings)
        if apply_fixes is not None:
            fixed, applied = apply_fixes(rep.target_text, rep.findings)
            clean_changed += _changed(rep.target_text, fixed)
            clean_edits += [
                {
                    "doc": a.doc_id,
                    "code": e.code,
                    "context": _mark(rep.target_text, e.start, e.end),
                    "replacement": e.replacement,
                }
                for e in applied
            ]
    t_clean = time.perf_counter() - t0

    n, found, restored = Counter[str](), Counter[str](), Counter[str]()
    misses: dict[str, list[str]] = defaultdict(list)
    t0 = time.perf_counter()
    for kind in types:
        for seed in seeds:
            for a in arts:
                inj = inject(kind, a.it, a.en, a.doc_id, seed, args.split, is_word)
                if inj is None:
                    continue
                n[kind] += 1
                rep = check(a.doc_id, inj.source, inj.target)
                hit = any(
                    f.code in CODES[kind]
                    and f.side == inj.side
                    and f.start < max(inj.span[1], inj.span[0] + 1)
                    and inj.span[0] < f.end
                    for f in rep.findings
                )
                found[kind] += hit
                if not hit and len(misses[kind]) < args.show_misses:
                    misses[kind].append(_context(inj))
                if apply_fixes is not None and kind in MECHANICAL:
                    fixed, _ = apply_fixes(rep.target_text, rep.findings)
                    restored[kind] += _restored(layout(a.en)[0], fixed, inj.clean_span)
    t_inj = time.perf_counter() - t0
    for kind, ms in misses.items():
        print(f"== misses: {kind}")
        for m in ms:
            print("  ", m)

    raw: dict[str, Any] = {
        "split": args.split,
        "seeds": seeds,
        "articles": len(arts),
        "clean_words": clean_words,
        "clean_findings": dict(clean_findings),
        "clean_changed_chars": clean_changed if apply_fixes else None,
        "clean_edits": clean_edits,
        "types": {
            k: {
                "n": n[k],
                "found": found[k],
                "restored": restored[k] if apply_fixes and k in MECHANICAL else None,
            }
            for k in types
        },
        "seconds": {"clean": round(t_clean, 1), "injected": round(t_inj, 1)},
    }
    if args.speed:
        raw["speed"] = batch_speed(arts, seeds, types, args.split, is_word, args.speed)
    base = json.loads(args.baseline.read_text(encoding="utf-8")) if args.baseline else None
    body = render(raw, base)
    name = args.name or f"inject_{args.split}"
    md = write_results(
        name, f"Injected errors, NTREX {args.split} split", runner_signature(runner), body, raw
    )
    print(md)
    if args.readme:
        splice(ROOT / "README.md", md.split("\n", 2)[2], README_BLOCK)


def batch_speed(
    arts: list[Any], seeds: list[int], types: list[str], split: str, is_word: Any, rounds: int
) -> dict[str, Any]:
    """Wall time of ``mtqa batch --jobs 1`` on the injected feed, without and with ``--fix``, alternating."""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        feed = Path(tmp) / "feed.jsonl"
        with feed.open("w", encoding="utf-8") as fh:
            for kind in types:
                for seed in seeds:
                    for a in arts:
                        inj = inject(kind, a.it, a.en, a.doc_id, seed, split, is_word)
                        if inj is not None:
                            rec = {
                                "id": f"{a.doc_id}-{kind}-{seed}",
                                "source": inj.source,
                                "target": inj.target,
                                "source_lang": "it",
                                "target_lang": "en",
                            }
                            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
        n = sum(1 for _ in feed.open(encoding="utf-8"))
        times: dict[str, list[float]] = {"plain": [], "fix": []}
        for _ in range(rounds):
            for mode in ("plain", "fix"):
                cmd = [
                    sys.executable,
                    "-m",
                    "mtqa",
                    "batch",
                    str(feed),
                    "--out",
                    f"{tmp}/{mode}",
                    "--jobs",
                    "1",
                    "--quiet",
                    *(["--fix"] if mode == "fix" else []),
                ]
                times[mode].append(run_process(cmd, ok=(0, 1, 2))[0])
    plain, fix = (
        sorted(times["plain"])[len(times["plain"]) // 2],
        sorted(times["fix"])[len(times["fix"]) // 2],
    )
    return {
        "articles": n,
        "rounds": rounds,
        "plain_s": round(plain, 2),
        "fix_s": round(fix, 2),
        "ratio": round(fix / plain, 3),
    }


def runner_signature(runner: Any) -> str:
    from mtqa.signature import run_signature

    return run_signature(runner.cfg, runner.detectors, "none")


def _mark(text: str, a: int, b: int, width: int = 40) -> str:
    """``text[a:b]`` in ``[[...]]`` with ``width`` characters either side."""
    return text[max(0, a - width) : a] + "[[" + text[a:b] + "]]" + text[b : b + width]


def _context(inj: Injected) -> str:
    text = inj.source if inj.side == "source" else inj.target
    return repr(_mark(text, *inj.span))


def render(raw: dict[str, Any], base: dict[str, Any] | None) -> str:
    def rate(r: dict[str, Any], codes: set[str] | None = None) -> float:
        c = r["clean_findings"]
        return 1000 * sum(v for k, v in c.items() if codes is None or k in codes) / max(r["clean_words"], 1)

    def rec(r: dict[str, Any] | None, k: str) -> str:
        t = (r or {}).get("types", {}).get(k)
        return f"{t['found'] / t['n']:.2f}" if t and t["n"] else "-"

    def res(k: str) -> str:
        t = raw["types"][k]
        return f"{t['restored'] / t['n']:.2f}" if t["restored"] is not None and t["n"] else "-"

    headers = [
        "error type",
        "detector",
        "injected",
        *(["recall before"] if base else []),
        "recall",
        "fix restores",
    ]
    rows = [
        [k, "/".join(CODES[k]), raw["types"][k]["n"], *([rec(base, k)] if base else []), rec(raw, k), res(k)]
        for k in raw["types"]
    ]
    codes = {c for k in raw["types"] for c in CODES[k]}
    mech = [k for k in raw["types"] if k in MECHANICAL and raw["types"][k]["restored"] is not None]
    tot_n = sum(raw["types"][k]["n"] for k in mech)
    tot_r = sum(raw["types"][k]["restored"] for k in mech)
    lines = [
        (
            f"Split `{raw['split']}`: {raw['articles']} NTREX articles, {raw['clean_words']:,} target words, "
            f"seeds {', '.join(map(str, raw['seeds']))}: one article copy per (article, seed, type) with one "
            "error injected."
        ),
        "",
        md_table(headers, rows, "llr" + "r" * (len(headers) - 3)),
        "",
        "| clean articles | " + ("before | " if base else "") + "now |",
        "|---|" + ("---:|" if base else "") + "---:|",
        "| false findings per 1,000 words, detectors above | "
        + (f"{rate(base, codes):.2f} | " if base else "")
        + f"{rate(raw, codes):.2f} |",
        "| false findings per 1,000 words, all default detectors | "
        + (f"{rate(base):.2f} | " if base else "")
        + f"{rate(raw):.2f} |",
    ]
    if raw["clean_changed_chars"] is not None:
        lines.append(
            f"| characters changed by `fix` | {'- | ' if base else ''}{raw['clean_changed_chars']} |"
        )
    if raw.get("speed"):
        sp = raw["speed"]
        speed = (
            f"`mtqa batch --jobs 1` on this split's injected feed ({sp['articles']} articles, median of "
            f"{sp['rounds']} alternating rounds): {sp['plain_s']} s without `--fix`, {sp['fix_s']} s with "
            f"it (ratio {sp['ratio']})."
        )
        lines += ["", speed]
    if tot_n:
        lines += [
            "",
            f"Mechanical errors restored exactly by the safe fixes: {tot_r}/{tot_n} = {tot_r / tot_n:.3f}.",
        ]
    if raw.get("clean_edits"):
        lines += [
            "",
            "Every edit `fix` made in the clean articles (the originals have slips of their own):",
            "",
        ]
        lines += [
            f"- {e['code']} {e['doc']}: `{e['context']!r}` → `{e['replacement']!r}`"
            for e in raw["clean_edits"]
        ]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
