"""How the reports scale: a 1,000-article feed made by repeating the demo corpus and the seed article
(each copy with its own id, feed and engine label), rendered to every format, and the HTML report
loaded and used in Debian's chromium.

    .venv/bin/python scripts/bench_report.py [--n 1000] [--repeat 3]

Prints a Markdown table for README (Benchmarks, Reports). Times are the median of --repeat runs;
"check" is the pipeline's own time per article on the same articles, for scale.
"""

from __future__ import annotations

import argparse
import copy
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]


def _size(n: int) -> str:
    return f"{n / 2**20:.1f} MiB" if n >= 2**20 else f"{n / 2**10:.0f} KiB"


def median_time(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    times, out = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), out


def base_reports(repeat: int) -> tuple[list[dict[str, Any]], float]:
    from mtqa.config import QAConfig
    from mtqa.inputs import read_inputs
    from mtqa.pipeline import Runner

    inputs = [ROOT / "corpora" / "demo"] + ([SEEDS] if (SEEDS / "kim-shells.mt.en.txt").is_file() else [])
    items = list(read_inputs(inputs))
    runner = Runner.from_config(QAConfig())
    runner.check(items[0])  # warm caches (word lists), as a batch would after its first article
    secs, reports = median_time(lambda: [runner.check(it).to_dict() for it in items], repeat)
    return reports, secs / len(items)


def feed(base: list[dict[str, Any]], n: int) -> list[dict[str, Any]]:
    out = []
    for k in range(n):
        r = copy.deepcopy(base[k % len(base)])
        r["id"] = f"{r['id']}-{k:04d}"
        r["meta"] = dict(r.get("meta") or {}, feed=f"feed-{k % 3}", engine=f"engine-{k % 2}")
        out.append(r)
    return out


def browser_numbers(html: Path, repeat: int) -> dict[str, float]:
    from playwright.sync_api import sync_playwright

    res: dict[str, list[float]] = {"load": [], "open": [], "filter": [], "open_all": [], "heap": []}
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS)
        for _ in range(repeat):
            pg = b.new_page(viewport={"width": 1300, "height": 900})
            pg.goto(html.as_uri())
            pg.wait_for_selector("html[data-ready]")
            res["load"].append(pg.evaluate("performance.getEntriesByType('navigation')[0].loadEventEnd") / 1000)
            res["open"].append(pg.evaluate(
                "(() => { const t = performance.now(); document.querySelector('li.art button.toggle').click();"
                " return performance.now() - t })()") / 1000)
            res["filter"].append(pg.evaluate(
                "(() => { const t = performance.now(); const i = document.querySelector('input[name=sev][value=minor]');"
                " i.click(); return performance.now() - t })()") / 1000)
            res["open_all"].append(pg.evaluate(
                "(() => { document.getElementById('f-reset').click(); const t = performance.now();"
                " document.getElementById('f-expand').click(); return performance.now() - t })()") / 1000)
            res["heap"].append(pg.evaluate("performance.memory ? performance.memory.usedJSHeapSize : 0") / 2**20)
            pg.close()
        b.close()
    return {k: statistics.median(v) for k, v in res.items()}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    from mtqa.report import outputs

    base, check_s = base_reports(args.repeat)
    reports = feed(base, args.n)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for fmt in ("html", "csv", "sarif", "parquet", "md"):
            secs, files = median_time(lambda: outputs.render(fmt, reports, 99.0), args.repeat)
            size = sum(len(c.encode("utf-8") if isinstance(c, str) else c) for c in files.values())
            for name, content in files.items():
                path = Path(tmp) / name
                path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
            rows.append((fmt, secs, size))
        tracemalloc.start()
        outputs.render("html", reports, 99.0)
        peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
        web = browser_numbers(Path(tmp) / "report.html", args.repeat)
    batch = check_s * args.n
    print(f"{args.n} articles ({len(base)} distinct, repeated); checking them takes ~{batch:.1f} s "
          f"({check_s * 1000:.0f} ms per article, measured on the distinct ones)\n")
    print("| output | render time | share of the batch's check time | size |\n|---|---|---|---|")
    for fmt, secs, size in rows:
        print(f"| {fmt} | {secs:.2f} s | {100 * secs / batch:.1f}% | {_size(size)} |")
    print(f"\nHTML render peak Python memory: {peak:.0f} MiB. In chromium (headless, {args.repeat} fresh pages, median): "
          f"load to ready {web['load']:.2f} s; open the worst article {1000 * web['open']:.0f} ms; "
          f"apply a severity filter {1000 * web['filter']:.0f} ms; open all {args.n} articles {web['open_all']:.1f} s (script time); "
          f"JS heap {web['heap']:.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
