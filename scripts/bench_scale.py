"""Feeds at scale: throughput of ``mtqa batch`` with --jobs 1, --jobs 2 and --scheduler local on the same
feed, peak memory of the whole process tree for a 1x and a 10x feed, and the cost of --resume.

The feed is the 123 NTREX articles (Italian source, English target, paragraph layout) as JSONL; the 10x
feed repeats them ten times with their own ids. Every figure is a whole ``mtqa batch`` process, start-up
(and, for Dask, the local cluster's start) included. Memory is sampled every 50 ms over the batch and all
its descendants (worker processes, Dask's scheduler and workers): the peak of the summed RSS (pages
shared by forked workers counted in each) and of the summed PSS (shared pages split between them).

    nice .venv/bin/python scripts/bench_scale.py            # writes scripts/results/scale.{md,json}
    nice .venv/bin/python scripts/bench_scale.py --readme   # and the README table
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from _bench import DEFAULT_DATA, ROOT, layout, load_ntrex, md_table, median, splice, write_results


def write_feed(path: Path, articles: list[Any], copies: int) -> int:
    with path.open("w", encoding="utf-8") as fh:
        for c in range(copies):
            for a in articles:
                fh.write(json.dumps({"id": f"{a.doc_id}#{c}", "source": layout(a.it, "paragraphs")[0],
                                     "target": layout(a.en, "paragraphs")[0], "source_lang": "it",
                                     "target_lang": "en"}, ensure_ascii=False) + "\n")
    return copies * len(articles)


def run_tree(cmd: list[str]) -> dict[str, float]:
    """Run ``cmd``; wall seconds and the peak summed RSS / PSS (MiB) of it and all its descendants."""
    import psutil

    err = tempfile.TemporaryFile()
    t = time.perf_counter()
    p = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=err)
    root = psutil.Process(p.pid)
    peak_rss = peak_pss = 0
    while p.poll() is None:
        rss = pss = 0
        try:
            procs = [root, *root.children(recursive=True)]
        except psutil.NoSuchProcess:
            break
        for q in procs:
            try:
                m = q.memory_full_info()
            except (psutil.NoSuchProcess, psutil.AccessDenied):
                continue
            rss += m.rss
            pss += getattr(m, "pss", m.rss)
        peak_rss, peak_pss = max(peak_rss, rss), max(peak_pss, pss)
        time.sleep(0.05)
    wall = time.perf_counter() - t
    if p.wait() not in (0, 1, 2):
        err.seek(0)
        raise SystemExit(f"{' '.join(cmd)} exited {p.returncode}: {err.read().decode()[-2000:]}")
    err.close()
    return {"wall_s": round(wall, 2), "rss_mib": round(peak_rss / 2**20, 1), "pss_mib": round(peak_pss / 2**20, 1)}


def lines(path: Path) -> int:
    return path.read_bytes().count(b"\n")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="shared data folder (default %(default)s)")
    ap.add_argument("--repeat", type=int, default=3, help="runs of each 1x measurement (median; default 3)")
    ap.add_argument("--sizes", default="10,20", help="copies of the feed for the memory runs (default 10,20)")
    ap.add_argument("--readme", action="store_true", help="also write the table into README.md")
    args = ap.parse_args()
    articles = load_ntrex(args.data)
    mtqa = str(Path(sys.executable).parent / "mtqa")
    raw: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="mtqa-scale-") as tmp_s:
        tmp = Path(tmp_s)
        small = tmp / "feed-1x.jsonl"
        n_small = write_feed(small, articles, 1)

        def batch(feed: Path, out: str, *flags: str) -> dict[str, float]:
            return run_tree([mtqa, "batch", str(feed), "--out", str(tmp / out), "--quiet", *flags])

        engines = {"--jobs 1": ["--jobs", "1"], "--jobs 2": ["--jobs", "2"],
                   "--jobs 2 --scheduler local": ["--jobs", "2", "--scheduler", "local"]}
        rows = []
        for name, flags in engines.items():
            runs = [batch(small, "t", *flags) for _ in range(args.repeat)]
            wall = median([r["wall_s"] for r in runs])
            raw[name] = runs
            rows.append([name, f"1x ({n_small})", wall, n_small / wall,
                         max(r["rss_mib"] for r in runs), max(r["pss_mib"] for r in runs)])
        for copies in (int(x) for x in args.sizes.split(",")):
            big = tmp / f"feed-{copies}x.jsonl"
            n_big = write_feed(big, articles, copies)
            for name in ("--jobs 1", "--jobs 2"):
                r = batch(big, "big", *engines[name])
                raw[f"{name} {copies}x"] = r
                rows.append([name, f"{copies}x ({n_big})", r["wall_s"], n_big / r["wall_s"], r["rss_mib"],
                             r["pss_mib"]])
            big.unlink()
        throughput = md_table(["engine", "feed (articles)", "wall s", "articles/s", "peak RSS, MiB (tree)",
                               "peak PSS, MiB (tree)"], rows, "llrrrr")

        # resume: a finished run (nothing left to check) and a run killed half-way (half the lines kept)
        full = batch(small, "r", "--jobs", "1")
        again = batch(small, "r", "--jobs", "1", "--resume")
        report = tmp / "r" / "reports.jsonl"
        kept = report.read_bytes().splitlines(keepends=True)
        report.write_bytes(b"".join(kept[: len(kept) // 2]))
        half = batch(small, "r", "--jobs", "1", "--resume")
        assert lines(report) == n_small, "resume did not complete the feed"
        raw["resume"] = {"fresh": full, "finished": again, "half": half}
        resume = md_table(["run (--jobs 1, 1x feed)", "wall s", "share of a fresh run"], [
            ["fresh run", full["wall_s"], "100%"],
            ["--resume on a finished run", again["wall_s"], f"{100 * again['wall_s'] / full['wall_s']:.0f}%"],
            [f"--resume with {len(kept) // 2} of {n_small} reports done", half["wall_s"],
             f"{100 * half['wall_s'] / full['wall_s']:.0f}%"],
        ], "lrr")
    from mtqa import __version__

    body = (f"NTREX feed, {n_small} articles (1x) and {' and '.join(args.sizes.split(','))} times that, as JSONL; fast mode (the batch "
            f"default); whole processes, start-up included (1x rows: median of {args.repeat} runs), on a machine "
            "with 2 cores: compare rows, not seconds, and check the load average above (other jobs on the "
            "cores take the gain of --jobs 2 away). The Dask row includes starting the local cluster.\n\n"
            f"{throughput}\n\nCost of `--resume`:\n\n{resume}\n")
    md = write_results("scale", "Feeds at scale", f"mtqa {__version__}", body, raw)
    print(md)
    if args.readme:
        splice(ROOT / "README.md", md.split("\n", 2)[2], "scale")


if __name__ == "__main__":
    main()
