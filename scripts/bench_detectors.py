"""Per-detector precision and recall against known answers (DEMETR) and human MQM spans (WMT23 zh-en),
beside translate-toolkit's pofilter (StandardChecker) on the same data in the same run; false findings
and time per article on NTREX's clean article pairs.

    .venv/bin/python scripts/bench_detectors.py [--split test] [--readme]

How each number is counted (every detector runs, preview ones included, with ``--preview``):

- DEMETR (all ten languages into English; ``--split test`` = odd item ids, the half never used to tune
  a detector; ``dev`` = even ids). Each perturbed translation and each distinct correct translation is
  checked as a one-sentence article. *Span precision*: a target finding on a perturbed sentence is right
  when it overlaps the injected error (the diff against the correct sentence, widened to whole words);
  a source-side finding when the correct sentence does not get it too; every finding on a correct
  sentence (and on ``base_id35_reference``, a human reference) is a false alarm. *Recall*: share of the
  perturbed items of the detector's intended categories on which it has a right finding.
- WMT23 zh-en: each (system, document) is one article, lines joined by newlines; findings in lines the
  raters did not rate are ignored. A target finding is right when it overlaps a rater's span in its
  line (any category); a source-side finding when its line has an omission. Recall per MQM category:
  share of rater spans overlapped by at least one finding.
- Segment level (for the comparison with pofilter, which has no spans): a check that fires on a
  perturbed sentence but not on its correct version, or on a WMT line with a rater error, is right;
  firing on a correct sentence, on both versions, or on an error-free line is a false alarm.
- NTREX: the Italian human translation as source, the English original as target (no MT): every
  finding is a false alarm or a slip of the original; per 1,000 target words.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import platform
import statistics
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _detbench import (  # noqa: E402
    DEFAULT_DATA, DEMETR_CORRECT, ROOT, Counts, line_offsets, load_demetr, load_ntrex, load_wmt23, overlaps,
)

MARK_START, MARK_END = "<!-- bench:detectors:start -->", "<!-- bench:detectors:end -->"
V1 = ("A101", "A201", "A202", "A301", "A302", "A303", "F101", "F201", "F202", "F301", "F401", "L101", "L102", "L201")
# the DEMETR perturbations each detector is meant to catch (recall is measured on these)
INTENDED: dict[str, tuple[str, ...]] = {
    "A101": ("critical_id10_numbers_replaced",),
    "A102": ("critical_id10_numbers_replaced",),
    "A301": ("critical_id4_codemix",),
    "A304": ("critical_id4_codemix",),
    "A401": ("critical_id25_ne_removed",),
    "A402": ("critical_id9_ne_replaced",),
    "F101": ("minor_id26_misspelled", "minor_id27_char_removed"),
    "F102": ("minor_id26_misspelled", "minor_id27_char_removed"),
    "F201": ("minor_id29_punc_addition",),
    "F202": ("minor_id30_tokenized",),
    "F204": ("minor_id30_tokenized",),
    "F205": ("minor_id30_tokenized",),
    "A204": ("base_id33_empty",),
    "F301": ("minor_id1_repeat2", "minor_id2_repeat4"),
    "F401": ("minor_id31_full_lower", "minor_id32_first_lower"),
}


def runner(preview: bool, select: tuple[str, ...] = (), glossary: str | None = None, fluency: str = "none") -> Any:
    from mtqa.config import QAConfig
    from mtqa.pipeline import Runner

    return Runner.from_config(QAConfig(select=select, preview=preview, fluency=fluency, glossary=glossary))


def check(run: Any, aid: str, src: str, tgt: str, sl: str, tl: str = "en") -> Any:
    from mtqa.types import ArticlePair, Document

    return run.check(ArticlePair(aid, Document(src, sl), Document(tgt, tl)))


def pofilter_fails(checker: Any, src: str, tgt: str) -> set[str]:
    if checker is None:  # --select: mtqa's detectors only
        return set()
    from translate.storage import pypo

    unit = pypo.pounit(src)
    unit.target = tgt
    return set(checker.run_filters(unit))


def bench_demetr(data: Path, split: str, run: Any, checker: Any) -> dict[str, Any]:
    items = load_demetr(data, split)
    span: dict[str, Counts] = defaultdict(Counts)
    seg: dict[str, Counts] = defaultdict(Counts)
    correct: dict[tuple[str, str, str], tuple[list[Any], set[str]]] = {}
    for it in items:
        key = (it.lang, it.src, it.mt)
        if key not in correct:
            rep = check(run, f"mt:{it.id}", it.src, it.mt, it.lang)
            correct[key] = (list(rep.findings), pofilter_fails(checker, it.src, it.mt))
            for f in rep.findings:
                span[f.code].fp += 1
            for c in {f.code for f in rep.findings} | {"pofilter:" + x for x in correct[key][1]}:
                seg[c].fp += 1
        c_find, c_pof = correct[key]
        rep = check(run, f"{it.category}:{it.id}", it.src, it.pert, it.lang)
        ok_codes: set[str] = set()
        for f in rep.findings:
            if it.category in DEMETR_CORRECT:
                right = False
            elif f.side == "target":
                right = overlaps((f.start, f.end), it.edit)
            else:
                right = not any(g.code == f.code and g.side == "source" and g.text == f.text for g in c_find)
            if right:
                span[f.code].tp += 1
                ok_codes.add(f.code)
            else:
                span[f.code].fp += 1
        fired = {f.code for f in rep.findings} | {"pofilter:" + x for x in pofilter_fails(checker, it.src, it.pert)}
        before = {f.code for f in c_find} | {"pofilter:" + x for x in c_pof}
        for c in fired:
            if it.category not in DEMETR_CORRECT and c not in before:
                seg[c].tp += 1
                seg[c].hit[it.category] += 1
            else:
                seg[c].fp += 1
        if it.category not in DEMETR_CORRECT:
            for code in set(INTENDED) | ok_codes:
                span[code].n[it.category] += 1
                span[code].hit[it.category] += code in ok_codes
            for c in seg:
                seg[c].n[it.category] += 1
    return {"items": len(items), "correct": len(correct), "span": span, "seg": seg}


def bench_wmt(data: Path, run: Any, checker: Any, limit: int | None) -> dict[str, Any]:
    arts = load_wmt23(data)[:limit]
    # Several systems often output the very same line, and different raters then mark it differently
    # (one marks "Level 2 ." as a punctuation error, another leaves the same line unmarked). The
    # "pooled" precision counts a finding as right when any rater marked that span on any system's
    # identical line; the strict one uses only the raters of this system's line.
    pooled: dict[str, list[Any]] = defaultdict(list)
    for a in arts:
        for line, spans in zip(a.tgt_lines, a.spans):
            if spans is not None:
                pooled[line] += spans
    span: dict[str, Counts] = defaultdict(Counts)
    span_pooled: dict[str, Counts] = defaultdict(Counts)
    seg: dict[str, Counts] = defaultdict(Counts)
    cat_spans: Counter[str] = Counter()
    cat_hit: dict[str, Counter[str]] = defaultdict(Counter)  # detector -> category -> spans overlapped
    cat_seg: dict[str, Counter[str]] = defaultdict(Counter)  # category -> lines with such a span
    cat_seg_hit: dict[str, Counter[str]] = defaultdict(Counter)  # checker -> category -> lines flagged
    for a in arts:
        rep = check(run, f"{a.system}:{a.doc}", "\n".join(a.src_lines), "\n".join(a.tgt_lines), "zh")
        offs = line_offsets(a.tgt_lines)
        src_offs = line_offsets(a.src_lines)
        by_line: dict[int, list[Any]] = defaultdict(list)
        for f in rep.findings:
            o = offs if f.side == "target" else src_offs
            ln = max(i for i, s in enumerate(o) if s <= f.start)
            by_line[ln].append(f)
        for ln, spans in enumerate(a.spans):
            if spans is None:
                continue
            cats = {s.category for s in spans}
            for c in cats:
                cat_seg[c]["lines"] += 1
            for s in spans:
                cat_spans[s.category] += 1
            omission = any(s.category.startswith("accuracy/omission") for s in spans)
            fired: set[str] = set()
            for f in by_line.get(ln, []):
                fired.add(f.code)
                if f.side == "source":
                    ok = ok_pooled = omission
                else:
                    rel = (f.start - offs[ln], f.end - offs[ln])
                    ok = any(overlaps(rel, (s.start, s.end)) for s in spans)
                    ok_pooled = any(overlaps(rel, (s.start, s.end)) for s in pooled[a.tgt_lines[ln]])
                    for s in spans:
                        if overlaps(rel, (s.start, s.end)):
                            cat_hit[f.code][s.category] += 1
                            cat_hit["mtqa (default set)"][s.category] += 1
                if ok:
                    span[f.code].tp += 1
                else:
                    span[f.code].fp += 1
                if ok_pooled:
                    span_pooled[f.code].tp += 1
                else:
                    span_pooled[f.code].fp += 1
            fired |= {"pofilter:" + x for x in pofilter_fails(checker, a.src_lines[ln], a.tgt_lines[ln])}
            for c in fired:
                if spans:
                    seg[c].tp += 1
                    for cat in cats:
                        cat_seg_hit[c][cat] += 1
                else:
                    seg[c].fp += 1
    return {"articles": len(arts), "span": span, "span_pooled": span_pooled, "seg": seg, "cat_spans": cat_spans, "cat_hit": cat_hit,
            "cat_seg": cat_seg, "cat_seg_hit": cat_seg_hit}


def bench_ntrex(data: Path, repeat: int, glossary: str) -> dict[str, Any]:
    from mtqa.text.tokens import word_count

    arts = load_ntrex(data)
    docs = [(d, "\n".join(it), "\n".join(en)) for d, it, en in arts]
    words = sum(word_count(en) for _, _, en in docs)
    configs = {"v1 detectors (before)": runner(False, V1, fluency="auto"),
               "default set (after)": runner(False, (), fluency="auto"),
               "default set + termbase": runner(False, (), glossary, fluency="auto"),
               "every detector (preview too)": runner(True, (), glossary, fluency="auto")}
    by_code: dict[str, Counter[str]] = {k: Counter() for k in configs}
    examples: dict[str, list[str]] = defaultdict(list)
    times: dict[str, list[float]] = {k: [] for k in configs}
    for k, run in configs.items():  # warm-up: caches, word tables
        check(run, "warm", docs[0][1], docs[0][2], "it")
    for r in range(repeat):
        for k, run in configs.items():
            t = time.perf_counter()
            reps = [check(run, d, it, en, "it") for d, it, en in docs]
            times[k].append((time.perf_counter() - t) / len(docs))
            if r == 0:
                for rep in reps:
                    for f in rep.findings:
                        by_code[k][f.code] += 1
                        if k.startswith("every") and len(examples[f.code]) < 3:
                            examples[f.code].append(f"{f.text!r}: {f.message}")
    return {"articles": len(docs), "words": words, "by_code": by_code, "ms_per_article":
            {k: 1000 * statistics.median(v) for k, v in times.items()}, "examples": examples}


def fmt(x: float | None, n: int | None = None) -> str:
    if x is None:
        return "-"
    return f"{x:.2f}" + (f" ({n})" if n is not None else "")


def weak_line(dem: dict[str, Any], wmt: dict[str, Any]) -> str:
    """The stable detectors that measure under 0.8 somewhere, computed, so the README cannot drift."""
    from mtqa.detectors import ALL_DETECTORS
    from mtqa.types import Status

    weak = []
    for d in ALL_DETECTORS:
        if d.status is not Status.STABLE:
            continue
        for name, table in (("DEMETR", dem["span"]), ("WMT23", wmt["span"]), ("WMT23 pooled", wmt["span_pooled"])):
            c = table.get(d.code, Counts())
            if c.findings >= 10 and (c.precision or 0.0) < 0.8:
                weak.append(f"{d.code} ({name} {c.precision:.2f} on {c.findings})")
    return "Stable detectors under 0.8 on such a data set: " + (", ".join(weak) or "none") + "."


def render(dem: dict[str, Any], wmt: dict[str, Any], ntx: dict[str, Any], split: str) -> str:
    from mtqa.detectors import ALL_DETECTORS

    w = ntx["words"] / 1000
    rows = ["| code | name | status | DEMETR findings | DEMETR precision | DEMETR recall (intended) | "
            "WMT23 findings | WMT23 precision | WMT23 precision, pooled | NTREX per 1,000 words |",
            "|---|---|---|---:|---:|---|---:|---:|---:|---:|"]
    for d in ALL_DETECTORS:
        s, ws = dem["span"].get(d.code, Counts()), wmt["span"].get(d.code, Counts())
        wp = wmt["span_pooled"].get(d.code, Counts())
        rec = s.recall(INTENDED.get(d.code, ())) if d.code in INTENDED else None
        intended = f"{fmt(rec)} ({', '.join(c.split('_', 2)[-1] for c in INTENDED[d.code])})" if rec is not None else "-"
        nt = ntx["by_code"]["every detector (preview too)"][d.code]
        rows.append(f"| {d.code} | {d.name} | {d.status.value} | {s.findings} | {fmt(s.precision)} | {intended} | "
                    f"{ws.findings} | {fmt(ws.precision)} | {fmt(wp.precision)} | {nt / w:.2f} |")
    seg_rows = ["| checker | DEMETR fires | DEMETR precision | WMT23 lines flagged | WMT23 precision |",
                "|---|---:|---:|---:|---:|"]
    keys = sorted(set(dem["seg"]) | set(wmt["seg"]), key=lambda k: (k.startswith("pofilter"), k))
    for k in keys:
        a, b = dem["seg"].get(k, Counts()), wmt["seg"].get(k, Counts())
        if a.findings + b.findings:
            seg_rows.append(f"| {k} | {a.findings} | {fmt(a.precision)} | {b.findings} | {fmt(b.precision)} |")
    cats = [c for c, _ in wmt["cat_spans"].most_common(12)]
    pof = [k for k in wmt["cat_seg_hit"] if k.startswith("pofilter")]
    cat_rows = ["| MQM category (WMT23 zh-en) | rater spans | mtqa spans overlapped | best mtqa detector | "
                "lines with it | lines flagged by any pofilter check |", "|---|---:|---:|---|---:|---:|"]
    for c in cats:
        n = wmt["cat_spans"][c]
        best = max(((k, v[c]) for k, v in wmt["cat_hit"].items() if k != "mtqa (default set)"),
                   key=lambda kv: kv[1], default=("-", 0))
        lines = wmt["cat_seg"][c]["lines"]
        any_pof = max((wmt["cat_seg_hit"][k][c] for k in pof), default=0)
        cat_rows.append(f"| {c} | {n} | {wmt['cat_hit']['mtqa (default set)'][c] / n:.3f} | "
                        f"{best[0]} ({best[1]}) | {lines} | ≥{any_pof / lines:.3f} |")
    ntx_rows = ["| configuration | findings | per 1,000 words | ms per article (median) |", "|---|---:|---:|---:|"]
    for k, c in ntx["by_code"].items():
        n = sum(c.values())
        ntx_rows.append(f"| {k} | {n} | {n / w:.2f} | {ntx['ms_per_article'][k]:.1f} |")
    return "\n\n".join([
        f"DEMETR `{split}` split: {dem['items']} perturbed items and {dem['correct']} distinct correct "
        f"translations, ten source languages into English. WMT23 zh-en: {wmt['articles']} (system, document) "
        f"articles with MQM spans. NTREX: {ntx['articles']} clean article pairs, {ntx['words']:,} target words.",
        "#### Per detector (span level)", "\n".join(rows),
        "Precision counts every finding on a correct sentence or outside the raters' spans as false; a "
        "false alarm on a correct DEMETR sentence counts again in each perturbed copy of it. A dash: the "
        "detector did not fire there. Detectors are stable (on by default) only where they measure at least "
        "0.8 on every data set where they make at least 10 findings; the others are preview. "
        + weak_line(dem, wmt),
        "#### Segment level, mtqa beside pofilter (translate-toolkit StandardChecker, same sentences)",
        "\n".join(seg_rows),
        "#### Recall per MQM category (WMT23 zh-en)", "\n".join(cat_rows),
        "pofilter has no spans: its column is the share of lines with a span of that category on which "
        "its most frequent check fires (a lower bound of any check firing).",
        "#### NTREX clean pairs: false findings and time", "\n".join(ntx_rows),
    ])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--split", choices=["dev", "test", "all"], default="test")
    ap.add_argument("--wmt-limit", type=int, default=None, help="first N WMT23 articles only (quick runs)")
    ap.add_argument("--repeat", type=int, default=3, help="NTREX timing repeats")
    ap.add_argument("--readme", action="store_true", help="write the tables into README.md")
    ap.add_argument("--select", default="", help="comma-separated codes: measure only these detectors (no "
                    "pofilter, no NTREX timing), written to results/detectors_select.{md,json}")
    args = ap.parse_args()
    if args.select:
        select_only(args)
        return
    for sub in ("demetr", "wmt23-mqm-mtme", "ntrex-it-en"):
        if not (args.data / sub).is_dir():
            raise SystemExit(f"{args.data / sub} not found; point --data at the shared data folder")
    from translate.filters.checks import StandardChecker

    glossary = str(ROOT / "corpora" / "termbases" / "it-en-news.tbx")
    run = runner(True)
    checker = StandardChecker()
    t0 = time.perf_counter()
    dem = bench_demetr(args.data, args.split, run, checker)
    wmt = bench_wmt(args.data, run, checker, args.wmt_limit)
    ntx = bench_ntrex(args.data, args.repeat, glossary)
    body = render(dem, wmt, ntx, args.split)
    cmd = " ".join([".venv/bin/python", "scripts/bench_detectors.py", *sys.argv[1:]])
    sig = check(runner(False), "sig", "Il gatto dorme.", "The cat sleeps.", "it").signature
    head = (f"Command: `{cmd}` ({time.perf_counter() - t0:.0f} s)  \nDate: {dt.date.today()}; Python "
            f"{platform.python_version()}, {platform.machine()}  \nDefault signature: `{sig}`")
    md = head + "\n\n" + body + "\n"
    out = ROOT / "scripts" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "detectors.md").write_text(md, encoding="utf-8")
    raw = {"demetr": {k: {"tp": v.tp, "fp": v.fp, "hit": dict(v.hit), "n": dict(v.n)} for k, v in dem["span"].items()},
           "demetr_seg": {k: {"tp": v.tp, "fp": v.fp} for k, v in dem["seg"].items()},
           "wmt": {k: {"tp": v.tp, "fp": v.fp} for k, v in wmt["span"].items()},
           "wmt_seg": {k: {"tp": v.tp, "fp": v.fp} for k, v in wmt["seg"].items()},
           "ntrex": {k: dict(v) for k, v in ntx["by_code"].items()}, "ntrex_ms": ntx["ms_per_article"],
           "ntrex_examples": ntx["examples"]}
    (out / "detectors.json").write_text(json.dumps(raw, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(md)
    if args.readme:
        readme = ROOT / "README.md"
        doc = readme.read_text(encoding="utf-8")
        a, b = doc.find(MARK_START), doc.find(MARK_END)
        if a < 0 or b < a:
            raise SystemExit(f"README.md: no {MARK_START} ... {MARK_END} block")
        readme.write_text(doc[: a + len(MARK_START)] + "\n" + md + doc[b:], encoding="utf-8")


def select_only(args: argparse.Namespace) -> None:
    """Span precision and recall of a few detectors, counted exactly as the full run counts them."""
    codes = tuple(c.strip() for c in args.select.split(",") if c.strip())
    run = runner(True, codes)
    t0 = time.perf_counter()
    dem = bench_demetr(args.data, args.split, run, None)
    wmt = bench_wmt(args.data, run, None, args.wmt_limit)
    rows = ["| code | DEMETR findings | DEMETR precision | WMT23 findings | WMT23 precision |",
            "|---|---:|---:|---:|---:|"]
    raw: dict[str, Any] = {}
    for c in codes:
        d, w = dem["span"].get(c, Counts()), wmt["span"].get(c, Counts())
        rows.append(f"| {c} | {d.findings} | {_p(d.precision)} | {w.findings} | {_p(w.precision)} |")
        raw[c] = {"demetr": {"tp": d.tp, "fp": d.fp}, "wmt": {"tp": w.tp, "fp": w.fp}}
    cmd = " ".join([".venv/bin/python", "scripts/bench_detectors.py", *sys.argv[1:]])
    took = time.perf_counter() - t0
    md = f"Command: `{cmd}` ({took:.0f} s); DEMETR `{args.split}` split, {dt.date.today()}\n\n"
    md += "\n".join(rows) + "\n"
    out = ROOT / "scripts" / "results"
    (out / "detectors_select.md").write_text(md, encoding="utf-8")
    (out / "detectors_select.json").write_text(json.dumps(raw, indent=1) + "\n", encoding="utf-8")
    print(md)


def _p(x: float | None) -> str:
    return "-" if x is None else f"{x:.2f}"


if __name__ == "__main__":
    main()
