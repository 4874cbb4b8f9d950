"""Run the v1 benchmarks (DEMETR detection, NTREX false findings, speed) and put their tables into a
Markdown file, between ``<!-- bench:v1:start -->`` and ``<!-- bench:v1:end -->``.

Each benchmark runs as its own process and writes ``scripts/results/<name>.{md,json}``; the combined
block is those Markdown files in order (headings two levels down), each starting with the command that
produced it. ``--no-run`` only re-assembles the block from the results already written.

    .venv/bin/python scripts/bench_all.py --readme README.md
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

from _bench import DEFAULT_DATA, RESULTS, ROOT, command_line, splice

BENCHES = (("bench_demetr.py", "demetr"), ("bench_ntrex_clean.py", "ntrex_clean"), ("bench_speed.py", "speed"))


def demote(md: str, levels: int) -> str:
    return "\n".join("#" * levels + line if line.startswith("#") else line for line in md.splitlines())


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--readme", type=Path, help="Markdown file whose bench:v1 block is replaced")
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="shared data folder (default %(default)s)")
    ap.add_argument("--repeat", type=int, default=3, help="passed to bench_speed.py (default 3)")
    ap.add_argument("--no-run", action="store_true", help="use the results already in scripts/results/")
    ap.add_argument("--demote", type=int, default=2,
                    help="heading levels to add: the results' ## titles become #### (default 2)")
    args = ap.parse_args()
    if args.readme is not None and not args.readme.is_file():
        raise SystemExit(f"{args.readme}: no such file")
    if not args.no_run:
        for script, _ in BENCHES:
            cmd = [sys.executable, str(Path("scripts") / script)]
            if args.data != DEFAULT_DATA:
                cmd += ["--data", str(args.data.resolve())]
            if script == "bench_speed.py":
                cmd += ["--repeat", str(args.repeat)]
            sys.stderr.write(f"running {' '.join(cmd[1:])}\n")
            done = subprocess.run(cmd, cwd=ROOT, stdout=subprocess.DEVNULL)
            if done.returncode:
                sys.stderr.write(f"{script} failed (exit {done.returncode}); block not updated\n")
                return done.returncode
    parts = []
    for script, name in BENCHES:
        path = RESULTS / f"{name}.md"
        if not path.is_file():
            raise SystemExit(f"{path} is missing: run scripts/{script} first (or drop --no-run)")
        parts.append(demote(path.read_text(encoding="utf-8"), args.demote))
    block = (f"Regenerate with `{command_line()}`; raw numbers in `scripts/results/*.json`.\n\n"
             + "\n\n".join(parts))
    if args.readme is None:
        print(block)
    else:
        splice(args.readme, block)
        sys.stderr.write(f"updated the bench:v1 block of {args.readme}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
