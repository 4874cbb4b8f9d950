"""Speed and memory of mtqa against its peers on the same input: the 123 NTREX articles (1,997 sentence
pairs, Italian source, English target).

Three measurements, the tools interleaved and each repeated (``--repeat``, median reported):

a. whole processes: ``mtqa batch`` on the articles as a JSONL feed (paragraph layout; its default of
   one worker per core, and ``--jobs 1``) against translate-toolkit's ``pofilter`` (its default StandardChecker) on the same
   sentence pairs as a Gettext PO file; wall time and peak RSS of the largest process;
b. in process, per sentence pair: mtqa on one-sentence articles (``--fluency none`` and default),
   ``StandardChecker().run_filters(unit)`` and ``sacrebleu.sentence_chrf``;
c. whole-article throughput of ``mtqa batch``, and the start-up time of ``mtqa check`` on one article.

How to read it: the machine is shared and noisy, so compare the *ratios* (time of mtqa ÷ time of the
peer: above 1 means mtqa is slower), not the seconds. mtqa does more per pair than the peers (language
identification, segmentation, alignment, fluency), and pofilter does nothing at article level.
"""

from __future__ import annotations

import argparse
import atexit
import json
import os
import shutil
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any, Callable

from _bench import DEFAULT_DATA, layout, load_ntrex, md_table, median, run_process, timed, write_results

SEED = Path("seeds")  # under the shared folder: kim-shells.src.it.txt / kim-shells.mt.en.txt


def tool(name: str) -> str:
    path = Path(sys.executable).parent / name
    if not path.exists():
        raise SystemExit(f"{name} not found next to {sys.executable}; install the bench extra: pip install -e '.[bench]'")
    return str(path)


def write_inputs(tmp: Path, articles: list[Any]) -> tuple[Path, Path]:
    from translate.storage import po

    feed = tmp / "feed.jsonl"
    with feed.open("w", encoding="utf-8") as fh:
        for a in articles:
            fh.write(json.dumps({"id": a.doc_id, "source": layout(a.it, "paragraphs")[0],
                                 "target": layout(a.en, "paragraphs")[0], "source_lang": "it",
                                 "target_lang": "en"}, ensure_ascii=False) + "\n")
    store = po.pofile()
    for a in articles:
        for k, (s, t) in enumerate(zip(a.it, a.en)):
            unit = store.addsourceunit(s)
            unit.target = t
            unit.setcontext(f"{a.doc_id}:{k}")
    pofile = tmp / "pairs.po"
    pofile.write_bytes(bytes(store))
    return feed, pofile


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="shared data folder (default %(default)s)")
    ap.add_argument("--repeat", type=int, default=3, help="runs of each measurement; the median is reported")
    ap.add_argument("--starts", type=int, default=5, help="runs of the mtqa check start-up (default 5)")
    ap.add_argument("--name", default="speed", help="result file name under scripts/results/")
    args = ap.parse_args()
    articles = load_ntrex(args.data)
    seed_src = args.data.parent / SEED / "kim-shells.src.it.txt"
    seed_mt = args.data.parent / SEED / "kim-shells.mt.en.txt"
    if not seed_src.exists():
        raise SystemExit(f"seed article not found at {seed_src}")
    mtqa, pofilter = tool("mtqa"), tool("pofilter")
    pairs = [(s, t) for a in articles for s, t in zip(a.it, a.en)]

    import sacrebleu
    from translate.filters.checks import StandardChecker
    from translate.storage import po

    from mtqa.config import QAConfig
    from mtqa.pipeline import Runner
    from mtqa.text.tokens import word_count
    from mtqa.types import ArticlePair, Document

    # Byte-compile mtqa as a regular install would: pip compiles the peers' wheels at install time, but an
    # editable install under PYTHONDONTWRITEBYTECODE (as here) would recompile mtqa at every start.
    import compileall

    compileall.compile_dir(str(Path(__file__).resolve().parents[1] / "mtqa"), quiet=1)
    tmp = Path(tempfile.mkdtemp(prefix="mtqa-bench-"))
    atexit.register(shutil.rmtree, tmp, True)
    feed, pofile = write_inputs(tmp, articles)
    units = [u for u in po.pofile.parsefile(str(pofile)).units if not u.isheader()]
    assert len(units) == len(pairs), (len(units), len(pairs))
    words = sum(word_count(layout(a.en, "paragraphs")[0]) for a in articles)

    procs: dict[str, list[str]] = {
        "mtqa batch": [mtqa, "batch", str(feed), "--out", str(tmp / "out1"), "--quiet"],
        "mtqa batch --jobs 1": [mtqa, "batch", str(feed), "--out", str(tmp / "out2"), "--quiet", "--jobs", "1"],
        "pofilter": [pofilter, "-i", str(pofile), "-o", str(tmp / "out.po"), "--progress", "none"],
    }
    flagged: dict[str, int] = {}
    runners = {"fluency none": Runner.from_config(QAConfig(fluency="none")), "default": Runner.from_config(QAConfig())}
    checker = StandardChecker()
    ttk_filters: Counter[str] = Counter()

    def mtqa_pairs(key: str) -> Callable[[], None]:
        def go() -> None:
            n = 0
            for k, (s, t) in enumerate(pairs):
                n += bool(runners[key].check(ArticlePair(str(k), Document(s, "it"), Document(t, "en"))).findings)
            flagged[f"mtqa ({key})"] = n
        return go

    def ttk() -> None:
        fails = [checker.run_filters(u) for u in units]
        flagged["StandardChecker"] = sum(bool(f) for f in fails)
        ttk_filters.clear()
        ttk_filters.update(name for f in fails for name in f)

    def chrf() -> None:
        for k, (_, t) in enumerate(pairs):
            sacrebleu.sentence_chrf(t, [pairs[k - 1][1]])

    inproc: dict[str, Callable[[], None]] = {"mtqa (fluency none)": mtqa_pairs("fluency none"),
                                             "mtqa (default)": mtqa_pairs("default"),
                                             "StandardChecker": ttk, "chrF": chrf}
    for fn in inproc.values():  # warm-up: imports, caches, models
        fn()
    wall: dict[str, list[float]] = {k: [] for k in [*procs, *inproc]}
    rss: dict[str, list[int]] = {k: [] for k in procs}
    for _ in range(args.repeat):
        for key, cmd in procs.items():
            w, r = run_process(cmd, ok=(0, 1))
            wall[key].append(w)
            rss[key].append(r)
        for key, fn in inproc.items():
            wall[key].append(timed(fn))
    first = json.loads((tmp / "out1" / "reports.jsonl").open(encoding="utf-8").readline())
    signature = first["signature"]

    env_cold = {**os.environ, "MTQA_CACHE": str(tmp / "empty-cache")}
    check = [mtqa, "check", str(seed_src), str(seed_mt), "--color", "never"]
    cold = run_process(check, env=env_cold, ok=(0, 1))[0]
    starts = [run_process(check, ok=(0, 1))[0] for _ in range(args.starts)]
    py_start = median([run_process([sys.executable, "-c", "pass"])[0] for _ in range(args.starts)])

    med = {k: median(v) for k, v in wall.items()}
    n = len(pairs)
    proc_rows = [[k, f"{n / med[k]:,.0f}", f"{med[k] / med['pofilter']:.2f}", f"{median(rss[k]) / 1024:.0f}"]
                 for k in procs]
    inproc_rows = [[k, f"{n / med[k]:,.0f}", f"{med[k] / med['StandardChecker']:.2f}",
                    f"{flagged[k]} ({100 * flagged[k] / n:.1f}%)" if k in flagged else "-"] for k in inproc]
    b1 = med["mtqa batch --jobs 1"]
    body = "\n\n".join([
        f"Input: {len(articles)} NTREX articles, {n} sentence pairs (it → en), {words:,} target words. "
        f"Median of {args.repeat} interleaved runs. Ratios are time ÷ the peer's time (above 1: mtqa is slower).",
        "### a. Whole processes (same sentence pairs)",
        md_table(["process", "sentence pairs / s", "time ÷ pofilter", "peak RSS MiB"], proc_rows, "lrrr"),
        "`mtqa batch feed.jsonl --out DIR --quiet` reads the articles (paragraph layout) and does language "
        "identification, segmentation, alignment, the default detectors and fluency, with one worker per core by default; `pofilter -i pairs.po -o out.po` "
        "runs translate-toolkit's StandardChecker on the already aligned pairs. Both run from byte-compiled "
        "modules (pip compiled translate-toolkit at install; the script compiles mtqa first). Peak RSS (GNU time `%M`) is "
        "that of the largest single process: with several workers they come on top of the parent.",
        "### b. In process, per sentence pair",
        md_table(["measure", "pairs / s", "time ÷ StandardChecker", "pairs flagged (clean data)"], inproc_rows, "lrrr"),
        "mtqa runs each pair as a one-sentence article through one `Runner`. chrF is sacrebleu's "
        "`sentence_chrf` of each English target against the English target of the previous pair: a pure "
        "speed measurement (a reference-based metric needs a reference in the target language, which a "
        "quality check of source and MT does not have); its scores mean nothing here. StandardChecker's "
        "commonest failures on these clean pairs: "
        + ", ".join(f"{k} {v}" for k, v in ttk_filters.most_common(6)) + ".",
        "### c. Whole articles and start-up",
        md_table(["measure", "value"], [
            ["mtqa batch, articles / s (--jobs 1)", f"{len(articles) / b1:.1f}"],
            ["mtqa batch, words / s (--jobs 1)", f"{words / b1:,.0f}"],
            [f"mtqa batch (default, {os.cpu_count()} cores) ÷ --jobs 1 (time)", f"{med['mtqa batch'] / b1:.2f}"],
            [f"mtqa check, one article, warm cache (median of {args.starts}), s", f"{median(starts):.2f}"],
            ["mtqa check, one article, empty MTQA_CACHE (once), s", f"{cold:.2f}"],
            ["cold cache ÷ warm", f"{cold / median(starts):.1f}"],
            [f"python -c pass (median of {args.starts}), s", f"{py_start:.2f}"],
        ], "lr"),
        "The first run ever builds the word-count cache (memory-mapped tries) in `~/.cache/mtqa` (or `$MTQA_CACHE`); "
        "the cold-cache row measures that once, with `MTQA_CACHE` pointed at an empty folder. The seed "
        "article is `shared/seeds/kim-shells.{src.it,mt.en}.txt`.",
    ])
    raw = {"articles": len(articles), "pairs": n, "words": words, "repeat": args.repeat, "wall_s": wall,
           "peak_rss_kib": rss, "median_s": med, "flagged": flagged, "standardchecker_filters": dict(ttk_filters), "check_warm_s": starts,
           "check_cold_cache_s": cold, "python_start_s": py_start}
    print(write_results(args.name, "Speed and memory against peers", signature, body, raw))


if __name__ == "__main__":
    main()
