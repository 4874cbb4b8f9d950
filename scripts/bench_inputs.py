"""How the readers scale: articles per second and peak memory of reading (no checking) a feed of N
and of 10 N articles, per format, each run in its own process so that its peak RSS is its own.

    nice .venv/bin/python scripts/bench_inputs.py [--n 2000]

Every article is the same ~0.8 KB Italian-English pair under its own id: JSONL and TSV gzipped (where
identical articles compress to almost nothing), XLIFF with one <file> of 5 such units per article, TMX
with 5 such units per x-document group. Reading is a small
part of a batch (checking takes tens of milliseconds an article); what matters is that memory does
not grow with the feed.
"""

from __future__ import annotations

import argparse
import gzip
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

S = "Il Cremlino ha annunciato la visita del presidente. " * 8
T = "The Kremlin announced the president's visit. " * 8
FORMATS = ("jsonl.gz", "tsv.gz", "xlf", "tmx")


def write_feed(path: Path, fmt: str, n: int) -> None:
    if fmt in ("jsonl.gz", "tsv.gz"):
        with gzip.open(path, "wt", encoding="utf-8") as fh:
            for i in range(n):
                fh.write(json.dumps({"id": f"a{i}", "source": S, "target": T}) + "\n" if fmt == "jsonl.gz"
                         else f"a{i}\t{S}\t{T}\n")
        return
    with path.open("w", encoding="utf-8") as fh:
        if fmt == "xlf":
            fh.write('<xliff version="1.2">\n')
            unit = f"<trans-unit id='u'><source>{S}</source><target>{T}</target></trans-unit>" * 5
            for i in range(n):
                fh.write(f'<file original="a{i}" source-language="it" target-language="en"><body>{unit}</body></file>\n')
            fh.write("</xliff>\n")
        else:
            fh.write('<tmx version="1.4"><header srclang="it"/><body>\n')
            for i in range(n):
                tu = (f'<tu><prop type="x-document">a{i}</prop><tuv xml:lang="it"><seg>{S}</seg></tuv>'
                      f'<tuv xml:lang="en"><seg>{T}</seg></tuv></tu>\n')
                fh.write(tu * 5)
            fh.write("</body></tmx>\n")


def read_one(path: Path) -> None:
    """In the child process: read the feed, print articles, seconds and peak RSS (KiB) as JSON."""
    from mtqa.inputs import read_inputs

    t = time.perf_counter()
    n = sum(1 for _ in read_inputs([path]))
    print(json.dumps({"articles": n, "seconds": time.perf_counter() - t,
                      "peak_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=2000, help="articles in the 1x feed (default 2000)")
    ap.add_argument("--read", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.read:
        return read_one(args.read)
    print("| format | articles | file size | articles/s | peak RSS |")
    print("|---|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as tmp:
        for fmt in FORMATS:
            for n in (args.n, 10 * args.n):
                path = Path(tmp) / f"feed{n}.{fmt}"
                write_feed(path, fmt, n)
                out = subprocess.run([sys.executable, __file__, "--read", str(path)], check=True,
                                     capture_output=True, text=True).stdout
                r = json.loads(out)
                assert r["articles"] == n, r
                print(f"| {fmt} | {n:,} | {path.stat().st_size / 1e6:.1f} MB | {n / r['seconds']:,.0f} | "
                      f"{r['peak_kib'] / 1024:.0f} MiB |")
                path.unlink()


if __name__ == "__main__":
    main()
