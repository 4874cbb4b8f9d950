"""Helpers shared by the ``scripts/bench_*.py`` benchmarks: paths, data checks, the NTREX articles,
timing, Markdown tables and result files.

Every result is written twice, ``scripts/results/<name>.md`` (the tables) and
``scripts/results/<name>.json`` (the raw numbers); both start with the command that produced them, the
date, the machine and the mtqa signature, so that a number can always be traced to a run.
"""

from __future__ import annotations

import datetime as _dt
import json
import os
import platform
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Sequence

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "scripts" / "results"
DEFAULT_DATA = ROOT.parent / "shared" / "data"


def require(path: Path, what: str) -> Path:
    """``path`` if it exists; otherwise print what is missing and exit with status 2."""
    if not path.exists():
        sys.stderr.write(f"{what} not found at {path}; point --data at the shared data folder "
                         f"(default {DEFAULT_DATA}). Nothing was measured.\n")
        raise SystemExit(2)
    return path


PARAGRAPH = 3  # sentences per paragraph in the NTREX "paragraphs" layout
Spans = list[tuple[int, int]]


@dataclass(frozen=True)
class Article:
    doc_id: str
    it: tuple[str, ...]
    en: tuple[str, ...]


def load_ntrex(data: Path) -> list[Article]:
    """The NTREX articles in file order, lines grouped by DOCUMENT_IDS.tsv."""
    base = require(data / "ntrex-it-en", "NTREX (ntrex-it-en)")
    ids = (base / "DOCUMENT_IDS.tsv").read_text(encoding="utf-8").splitlines()
    it = (base / "NTREX-128" / "newstest2019-ref.ita.txt").read_text(encoding="utf-8").splitlines()
    en = (base / "NTREX-128" / "newstest2019-src.eng.txt").read_text(encoding="utf-8").splitlines()
    if not len(ids) == len(it) == len(en):
        raise SystemExit(f"NTREX files differ in length: {len(ids)} ids, {len(it)} it, {len(en)} en")
    order: dict[str, list[int]] = {}
    for n, doc in enumerate(ids):
        order.setdefault(doc.split("\t")[0].strip(), []).append(n)
    return [Article(d, tuple(it[n].strip() for n in ns), tuple(en[n].strip() for n in ns)) for d, ns in order.items()]


def layout(lines: tuple[str, ...], how: str) -> tuple[str, Spans]:
    """The article text in a layout, and each original line's (start, end) in it."""
    spans: Spans = []
    text = ""
    for k, line in enumerate(lines):
        if k:
            text += "\n" if how == "lines" else ("\n\n" if k % PARAGRAPH == 0 else " ")
        spans.append((len(text), len(text) + len(line)))
        text += line
    return text, spans


def command_line() -> str:
    """The command that is running, as typed from the repository root."""
    exe = Path(sys.executable)
    exe_s = str(exe.relative_to(ROOT)) if ROOT in exe.parents else str(exe)
    script = Path(sys.argv[0]).resolve()
    script_s = str(script.relative_to(ROOT)) if ROOT in script.parents else str(script)
    return shlex.join([exe_s, script_s, *sys.argv[1:]])


def machine() -> dict[str, Any]:
    return {
        "nproc": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(terse=True),
        "load_average_1min": round(os.getloadavg()[0], 2),
    }


def md_table(headers: Sequence[str], rows: Iterable[Sequence[Any]], align: str = "") -> str:
    """A GitHub Markdown table; ``align`` has one letter per column, l (default) or r."""
    cells = [[_cell(c) for c in r] for r in rows]
    sep = ["---:" if a == "r" else "---" for a in align.ljust(len(headers), "l")]
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join(sep) + "|"]
    lines += ["| " + " | ".join(r) + " |" for r in cells]
    return "\n".join(lines)


def _cell(v: Any) -> str:
    if isinstance(v, float):
        v = f"{v:,.1f}" if abs(v) >= 100 else f"{v:.3g}" if abs(v) < 0.1 and v else f"{v:.2f}"
    return str(v).replace("|", "\\|").replace("\n", " ⏎ ")


def pct(a: float, b: float) -> str:
    return f"{100 * a / b:.1f}%" if b else "-"


def clip(text: str, n: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def median(xs: Sequence[float]) -> float:
    return statistics.median(xs)


def timed(fn: Callable[[], Any]) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def run_process(cmd: Sequence[str], env: dict[str, str] | None = None, ok: Sequence[int] = (0,)) -> tuple[float, int]:
    """Run ``cmd`` from the repository root; (wall seconds, peak RSS in KiB of its largest process).

    The peak comes from GNU ``/usr/bin/time -f %M`` where it exists: a child forked straight from this
    (large) Python process inherits its high-water mark, so its own ``ru_maxrss`` would read too high.
    """
    gnu_time = Path("/usr/bin/time")
    with tempfile.TemporaryFile() as err, tempfile.NamedTemporaryFile("r") as peak:
        full = [str(gnu_time), "-f", "%M", "-o", peak.name, *cmd] if gnu_time.exists() else list(cmd)
        t = time.perf_counter()
        p = subprocess.Popen(full, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(p.pid, 0)
        wall = time.perf_counter() - t
        p.returncode = os.waitstatus_to_exitcode(status)
        if p.returncode not in ok:
            err.seek(0)
            raise RuntimeError(f"{shlex.join(cmd)} exited {p.returncode}: {err.read().decode()[-2000:]}")
        lines = peak.read().split()
        return wall, int(lines[-1]) if gnu_time.exists() and lines else usage.ru_maxrss


def header(command: str, signature: str, date: str, m: dict[str, Any]) -> str:
    return (f"Command (from the repository root): `{command}`  \n"
            f"Date: {date}; machine: nproc {m['nproc']}, Python {m['python']}, {m['platform']}, "
            f"load average {m['load_average_1min']} at the end  \n"
            f"mtqa signature: `{signature}`\n")


def write_results(name: str, title: str, signature: str, body: str, raw: dict[str, Any]) -> str:
    """Write ``results/<name>.md`` and ``results/<name>.json``; return the Markdown."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    command = command_line()
    date = _dt.datetime.now().astimezone().isoformat(timespec="seconds")
    m = machine()
    md = f"## {title}\n\n{header(command, signature, date, m)}\n{body.strip()}\n"
    (RESULTS / f"{name}.md").write_text(md, encoding="utf-8")
    meta = {"command": command, "date": date, "machine": m, "signature": signature}
    (RESULTS / f"{name}.json").write_text(json.dumps({**meta, **raw}, ensure_ascii=False, indent=1) + "\n",
                                         encoding="utf-8")
    return md


def splice(path: Path, text: str, block: str = "v1") -> None:
    """Replace what lies between the ``bench:<block>`` markers in the Markdown file ``path`` with ``text``."""
    start, end = f"<!-- bench:{block}:start -->", f"<!-- bench:{block}:end -->"
    doc = path.read_text(encoding="utf-8")
    a, b = doc.find(start), doc.find(end)
    if a < 0 or b < a:
        raise SystemExit(f"{path}: no {start} ... {end} block to replace")
    path.write_text(doc[: a + len(start)] + "\n" + text.strip() + "\n" + doc[b:], encoding="utf-8")
