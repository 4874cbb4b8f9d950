"""The fault suite: the attack of issue 14, reusable. It generates the cases, runs ``mtqa`` on them in
fresh processes and checks the invariants, then prints ``tried / survived / lost``.

Cases (each counted once):

- **bad inputs**: crafted JSONL lines, TSV rows, directories (symbolic links, odd file names, bad
  ``meta.toml``), broken XLIFF and TMX files; run with ``--jobs 1`` and ``--jobs 2``;
- **pathological texts**: the kinds of :data:`KINDS` at three sizes, in one feed per size, under
  ``--timeout`` and ``--max-memory``;
- **kills**: SIGKILL of a running batch then ``--resume``; SIGKILL of the batch's process alone (its
  workers must go too);
- **disk and permission faults**: an unwritable ``--out``, a file size limit (``ulimit -f``), an
  unwritable ``--html``;
- **concurrent runs** on one ``--out``;
- **hostile content**: terminal escapes and bidi controls in ids, languages and labels, through
  ``report --format text``, ``check --format csv``, ``summary.md`` and SARIF.

Invariants: one record per input item (in input order, each input once), no traceback, exit 0/1/2 as
documented (2 for an input, output or usage error), bounded time (every article inside its limit) and
memory (peak resident memory of the batch's processes under the limit), nothing outside the inputs
read (a marker in a file outside them never appears in an output), no partial output file left.

    .venv/bin/python scripts/fault_suite.py [--quick] [--keep DIR]

A case that breaks an invariant is *lost*; the exit status is 1 if any is.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "corpora" / "demo"
SECRET = "FAULT-SUITE-SECRET-7f3a"  # in a file outside the inputs: must never be read
IT = "Il governo ha annunciato nuove misure per le famiglie. Il ministro ha parlato ieri a Roma.\n"
EN = "The government announced new measures for families. The minister spoke in Rome yesterday.\n"
TIMEOUT, MAX_MEMORY = 30, 1024


@dataclass
class Tally:
    tried: int = 0
    lost: list[str] = field(default_factory=list)

    def check(self, name: str, ok: bool, why: str = "") -> None:
        self.tried += 1
        if not ok:
            self.lost.append(f"{name}: {why}")
            print(f"  LOST {name}: {why}", flush=True)


def mtqa(
    *args: str, cwd: Path | None = None, limit_fsize: int | None = None, timeout: float = 600
) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT), NO_COLOR="1")

    def pre() -> None:
        if limit_fsize is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit_fsize, limit_fsize))

    return subprocess.run(
        [sys.executable, "-m", "mtqa", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        errors="replace",
        timeout=timeout,
        preexec_fn=pre,
        check=False,
    )


def reports(out: Path) -> list[dict]:
    path = out / "reports.jsonl"
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines()] if path.exists() else []


def line(
    aid: object, src: object = IT, tgt: object = EN, sl: object = "it", tl: object = "en", **kw: object
) -> str:
    d = {"id": aid, "source_lang": sl, "target_lang": tl, "source": src, "target": tgt, **kw}
    return json.dumps({k: v for k, v in d.items() if v is not None}, ensure_ascii=False)


# one JSONL line each: every one must come back as exactly one record
BAD_LINES: list[tuple[str, str]] = [
    ("not json", "{not json"),
    ("json array", "[1, 2, 3]"),
    ("json string", '"just a string"'),
    ("no source", line("a1", src=None)),
    ("no target", line("a2", tgt=None)),
    ("empty source", line("a3", src="")),
    ("whitespace target", line("a4", tgt=" \n\t ")),
    ("source a number", line("a5", src=5)),
    ("target a list", line("a6", tgt=["x"])),
    ("id a number", line(7)),
    ("id an object", line({"a": 1})),
    ("id empty", line("")),
    ("id a path", line("../../etc/passwd")),
    ("id absolute", line("/etc/passwd")),
    ("id with ESC", line("evil\x1b[2J\x1b]0;pwned\x07")),
    ("id with bidi", line("abc\u202edcba")),
    ("id very long", line("x" * 5000)),
    ("duplicate id 1", line("dup")),
    ("duplicate id 2", line("dup")),
    (
        "lone surrogate in source_lang",
        '{"id": "s1", "source_lang": "\\ud800", "target_lang": "en", "source": '
        + json.dumps(IT)
        + ', "target": '
        + json.dumps(EN)
        + "}",
    ),
    (
        "lone surrogate in text",
        '{"id": "s2", "source_lang": "it", "target_lang": "en", "source": "a \\udc80 b",'
        ' "target": ' + json.dumps(EN) + "}",
    ),
    ("integer of 5000 digits", '{"id": "big", "n": ' + "9" * 5000 + ', "source": "x", "target": "y"}'),
    (
        "float overflow",
        '{"id": "inf", "n": 1e999999, "source": ' + json.dumps(IT) + ', "target": ' + json.dumps(EN) + "}",
    ),
    ("NUL bytes", line("nul", tgt="The \x00\x00\x00 government.")),
    ("many controls", line("ctl", tgt="".join(chr(c) for c in range(1, 31)) * 20)),
    ("unknown target language", line("zz", tl="zz")),
    ("unknown source language", line("xx", sl="xx")),
    ("language a number", line("ln", sl=5)),
    ("meta not an object", line("m1", meta=5)),
    ("meta nested", line("m2", meta={"a": {"b": [1, 2]}})),
    ("too large", line("huge", src="parola " * 200_000)),
    ("reference a number", line("r1", reference=5)),
    ("deep nesting", '{"id": "deep", "x": ' + "[" * 5000 + "]" * 5000 + "}"),
    ("blank line", ""),
]


def bad_inputs(t: Tally, work: Path) -> None:
    feed = work / "bad.jsonl"
    with feed.open("wb") as fh:
        for _, text in BAD_LINES:
            fh.write(text.encode("utf-8", "surrogatepass") + b"\n")
        fh.write(b'{"id": "latin1", "source": "caf\xe9", "target": "x"}\n')  # not UTF-8
    names = [n for n, _ in BAD_LINES] + ["not UTF-8"]
    tsv = work / "bad.tsv"
    tsv.write_text(
        "id\tsource\ttarget\nt1\tuno\nt2\t" + IT.strip() + "\t" + EN.strip() + "\n\t\t\n", encoding="utf-8"
    )
    folder = work / "dir"
    folder.mkdir()
    for aid in ("good", "new\nline", "tab\there", "leak", "dirlink"):
        if aid not in ("leak", "dirlink"):
            (folder / f"{aid}.it.txt").write_text(IT, encoding="utf-8")
        (folder / f"{aid}.en.txt").write_text(EN, encoding="utf-8")
    (folder / "leak.it.txt").symlink_to(work / "secret.txt")
    (folder / "dirlink.it.txt").symlink_to(work)
    raw = os.fsencode(folder) + b"/bad\xffname"
    for lang, text in (("it", IT), ("en", EN)):
        Path(os.fsdecode(raw + f".{lang}.txt".encode())).write_text(text, encoding="utf-8")
    metas = {
        "meta5": "meta = 5",
        "langs5": "langs = 5",
        "badtoml": "langs = [",
        "badlangs": 'langs = "x-y-z"',
    }
    dirs = []
    for name, meta in metas.items():
        d = work / name
        d.mkdir()
        (d / "a.it.txt").write_text(IT, encoding="utf-8")
        (d / "a.en.txt").write_text(EN, encoding="utf-8")
        (d / "meta.toml").write_text(meta + "\n", encoding="utf-8")
        dirs.append(d)
    xlf = work / "broken.xlf"
    units = "".join(
        f'<file original="f{k}" source-language="it" target-language="en"><body><trans-unit id="1">'
        f"<source>{IT.strip()}</source><target>{EN.strip()}</target></trans-unit></body></file>"
        for k in range(5)
    )
    xlf.write_text(
        f'<?xml version="1.0"?><xliff version="1.2">{units}<file><body><trans-unit', encoding="utf-8"
    )
    tmx = work / "broken.tmx"
    tus = "".join(
        f'<tu tuid="u{k}"><tuv xml:lang="it"><seg>{IT.strip()}</seg></tuv><tuv xml:lang="en"><seg>'
        f"{EN.strip()}</seg></tuv></tu>"
        for k in range(5)
    )
    tmx.write_text(
        f'<?xml version="1.0"?><tmx version="1.4"><header srclang="it"/><body>{tus}<tu><tuv', encoding="utf-8"
    )
    # expected records: JSONL lines (a blank line is not an item), TSV rows, directory articles, one
    # per bad meta.toml, and the good units before the break of each XML file (README, Inputs) plus one
    # record of the break
    cases = [
        (feed, len(names) - 1, "jsonl lines"),
        (tsv, 2, "tsv rows"),  # a row of empty fields is a blank line
        (folder, 6, "directory"),
        *[(d, 1, f"meta.toml {d.name}") for d in dirs],
        (xlf, 6, "broken XLIFF"),  # the five good units and a record of the break
        (tmx, 2, "broken TMX"),  # units without an x-document are one article: it and the break
    ]
    for jobs in ("1", "2"):
        for path, want, what in cases:
            out = work / f"out-{jobs}-{path.name}"
            r = mtqa(
                "batch",
                str(path),
                "--out",
                str(out),
                "--quiet",
                "--jobs",
                jobs,
                "--format",
                "jsonl,md,csv,sarif,html",
            )
            got = reports(out) if out.exists() else []
            blob = b"".join(f.read_bytes() for f in out.iterdir()) if out.exists() else b""
            problems = [
                p
                for p, bad in [
                    (f"{len(got)} records for {want} inputs", len(got) != want),
                    ("traceback", "Traceback" in r.stderr),
                    (f"exit {r.returncode}", r.returncode not in (0, 1, 2)),
                    ("read a file outside the inputs", SECRET.encode() in blob),
                    ("inputs repeated", len({g.get("input") for g in got}) != len(got)),
                    # what was read before the break of an XML file is checked, not lost to the break
                    ("good units before the break lost", path in (xlf, tmx) and any(
                        g.get("error") for g in got[:-1])),
                ]
                if bad
            ]
            t.check(f"bad inputs, {what}, --jobs {jobs}", not problems, "; ".join(problems) + r.stderr[-300:])


KINDS: dict[str, Callable[[int], tuple[str, str]]] = {
    "long lower-case word": lambda n: (IT, EN + "a" * n + " end."),
    "long mixed word": lambda n: (IT, EN + ("abcdefghij" * (n // 10 + 1))[:n] + "."),
    "run of dots": lambda n: (IT + "." * n, EN + "." * n),
    "run of ?!": lambda n: (IT + "?!" * (n // 2), EN + "?!" * (n // 2)),
    "numbers in opposite order": lambda n: (
        " ".join(f"Il valore {i} è salito." for i in range(n // 20)),
        " ".join(f"The value {i} rose." for i in reversed(range(n // 20))),
    ),
    "near-copy": lambda n: (" ".join(f"parola{i % 50}" for i in range(n // 8)) + ".",) * 2,
    "near-copy of characters": lambda n: (
        ("abcde " * (n // 6)),
        "abcde " * (n // 12) + "x" + "abcde " * (n // 12),
    ),
    "nested brackets": lambda n: (IT + "(" * n + ")" * n, EN + "(" * n + ")" * n),
    "open quotes": lambda n: (IT + "«" * n, EN + "“" * n),
    "repeated word": lambda n: (IT, "the " * (n // 4) + "end."),
    "hyphen chain": lambda n: (IT, EN + "-".join(["ab"] * (n // 3)) + "."),
    "CJK run": lambda n: (IT, "的" * n),
    "one-character lines": lambda n: (
        "\n".join("A" * 1 for _ in range(n // 2)),
        "\n".join("B" for _ in range(n // 2)),
    ),
    "combining marks": lambda n: (IT, EN + "e" + "\u0301" * n + "."),
    "emoji": lambda n: (IT, EN + "😀" * n + "."),
    "one sentence vs many": lambda n: ("Parola " * (n // 7) + ".", "Word. " * (n // 6)),
    "many sentences vs one": lambda n: ("Frase. " * (n // 7), "Word " * (n // 5) + "."),
    "units": lambda n: ("5 km " * (n // 5) + ".", "5 mi " * (n // 5) + "."),
    "mixed quotes": lambda n: (IT + "\"'«»“”" * (n // 6), EN + "\"'«»“”" * (n // 6)),
    "tags": lambda n: (IT + "<b>" * (n // 3), EN + "<b>" * (n // 3)),
    "long URL": lambda n: (IT + "http://x.it/" + "a/" * (n // 2), EN + "http://x.it/" + "a/" * (n // 2)),
    "digits": lambda n: (IT + "1" * n + ".", EN + "1" * n + "."),
    "apostrophes": lambda n: (IT, EN + "l'" * (n // 2) + "x."),
    "spaces": lambda n: (IT + " " * n + "fine.", EN + " " * n + "end."),
    "repeated names": lambda n: ("Rossi " * (n // 6) + ".", "Rossi " * (n // 6) + "."),
    "number separators": lambda n: (IT + ",".join(["1000"] * (n // 5)), EN + ",".join(["1000"] * (n // 5))),
    "short sentences": lambda n: ("A. " * (n // 3), "B. " * (n // 3)),
}


def _tree_peak_mib(r: subprocess.CompletedProcess[str]) -> float:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # the largest child so far


def pathological(t: Tally, work: Path, sizes: list[int]) -> list[str]:
    rows = []
    for n in sizes:
        feed = work / f"patho-{n}.jsonl"
        feed.write_text(
            "".join(line(f"{k} {n}", *gen(n)) + "\n" for k, gen in KINDS.items()), encoding="utf-8"
        )
        out = work / f"patho-out-{n}"
        start = time.perf_counter()
        r = mtqa(
            "batch",
            str(feed),
            "--out",
            str(out),
            "--quiet",
            "--jobs",
            "2",
            "--timeout",
            str(TIMEOUT),
            "--max-memory",
            str(MAX_MEMORY),
            "--format",
            "jsonl",
        )
        wall = time.perf_counter() - start
        got = {g["id"]: g for g in reports(out)}
        stopped = []
        for k in KINDS:
            g = got.get(f"{k} {n}")
            code = ((g or {}).get("error") or {}).get("code")
            if code == "E500":  # bounded: stopped at its time limit, recorded, and the batch went on
                stopped.append(k)
            t.check(
                f"pathological, {k}, {n:,} characters",
                g is not None and code in (None, "E500") and "Traceback" not in r.stderr,
                "no record" if g is None else f"{code}: {(g.get('error') or {}).get('message', '')[:200]}",
            )
        rows.append(f"{n:,} characters: {len(KINDS)} kinds in {wall:.1f} s (whole batch, --jobs 2); "
                    f"stopped at the {TIMEOUT} s limit (E500): {', '.join(stopped) or 'none'}")
    peak = _tree_peak_mib(r)
    t.check("pathological, peak memory", peak < MAX_MEMORY + 512, f"{peak:.0f} MiB")
    rows.append(f"largest process's peak resident memory over all runs: {peak:.0f} MiB")
    return rows


def _demo_feed(path: Path, n: int) -> Path:
    names = ["court-ruling", "football-club", "night-sky-satellite", "port-strike"]
    path.write_text(
        "".join(
            line(
                f"{names[i % 4]}-{i}",
                (DEMO / f"{names[i % 4]}.it.txt").read_text("utf-8"),
                (DEMO / f"{names[i % 4]}.en.txt").read_text("utf-8"),
            )
            + "\n"
            for i in range(n)
        ),
        encoding="utf-8",
    )
    return path


def _popen(*args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "mtqa", *args],
        env=dict(os.environ, PYTHONPATH=str(ROOT)),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def _wait_lines(path: Path, n: int, proc: subprocess.Popen[bytes], limit: float = 300) -> bool:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline and proc.poll() is None:
        if path.exists() and path.read_bytes().count(b"\n") >= n:
            return True
        time.sleep(0.02)
    return False


def _children(pid: int) -> set[int]:
    try:
        return {int(x) for x in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()}
    except OSError:
        return set()


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[-1].split()[0] != "Z"
    except OSError:
        return False


def kills(t: Tally, work: Path, trials: int) -> None:
    feed = _demo_feed(work / "long.jsonl", 120)
    whole = work / "whole"
    mtqa("batch", str(feed), "--out", str(whole), "--quiet", "--jobs", "1", "--format", "jsonl")
    want = (whole / "reports.jsonl").read_text(encoding="utf-8")
    for k in range(trials):
        out = work / f"killed-{k}"
        proc = _popen("batch", str(feed), "--out", str(out), "--quiet", "--jobs", "2", "--format", "jsonl")
        started = _wait_lines(out / "reports.jsonl", 10 + 15 * k, proc)
        os.kill(proc.pid, signal.SIGKILL)
        workers = _children(proc.pid)
        proc.wait()
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and any(_alive(w) for w in workers):
            time.sleep(0.05)
        orphans = [w for w in workers if _alive(w)]
        for w in orphans:
            os.kill(w, signal.SIGKILL)
        t.check(
            f"kill -9 of the batch, trial {k + 1}: workers go too",
            started and not orphans,
            f"{len(orphans)} orphan workers" if started else "the batch finished before the kill",
        )
        r = mtqa("batch", str(feed), "--out", str(out), "--quiet", "--resume", "--format", "jsonl")
        got = (out / "reports.jsonl").read_text(encoding="utf-8")
        t.check(
            f"kill -9 then --resume, trial {k + 1}",
            got == want and "Traceback" not in r.stderr,
            f"{got.count(chr(10))} lines, {want.count(chr(10))} wanted",
        )
    # the same feed spelled another way, from another folder
    (work / "elsewhere").mkdir()
    r = mtqa(
        "batch",
        os.path.relpath(feed, work / "elsewhere"),
        "--out",
        str(whole),
        "--quiet",
        "--resume",
        "--format",
        "jsonl",
        cwd=work / "elsewhere",
    )
    got = (whole / "reports.jsonl").read_text(encoding="utf-8")
    t.check(
        "--resume with the path spelled relative, from another folder",
        got == want,
        f"{got.count(chr(10))} lines",
    )


def faults(t: Tally, work: Path) -> None:
    feed = _demo_feed(work / "small.jsonl", 6)
    ro = work / "readonly"
    ro.mkdir()
    ro.chmod(0o500)
    r = mtqa("batch", str(feed), "--out", str(ro / "out"), "--quiet", "--jobs", "1")
    root = os.geteuid() == 0  # root writes anyway: the case says nothing then
    t.check(
        "unwritable --out",
        root or (r.returncode == 2 and "Traceback" not in r.stderr and "[E6" in r.stderr),
        f"exit {r.returncode}: {r.stderr[-300:]}",
    )
    out = work / "fsize"
    r = mtqa("batch", str(feed), "--out", str(out), "--quiet", "--jobs", "1", limit_fsize=40_000)
    lines = (out / "reports.jsonl").read_bytes() if (out / "reports.jsonl").exists() else b""
    torn = bool(lines) and not lines.endswith(b"\n")
    partial = [p.name for p in out.iterdir() if p.name.endswith((".tmp", ".partial"))] if out.exists() else []
    t.check(
        "file size limit (ulimit -f)",
        r.returncode == 2 and "Traceback" not in r.stderr and not torn and not partial,
        f"exit {r.returncode}, torn {torn}, partial {partial}: {r.stderr[-300:]}",
    )
    r = mtqa("batch", str(feed), "--out", str(out), "--quiet", "--jobs", "1", "--resume")
    t.check(
        "--resume after the file size limit",
        r.returncode in (0, 1) and len(reports(out)) == 6,
        f"exit {r.returncode}, {len(reports(out))} records",
    )
    html = ro / "report.html"
    r = mtqa(
        "batch", str(feed), "--out", str(work / "html-out"), "--quiet", "--jobs", "1", "--html", str(html)
    )
    t.check(
        "unwritable --html",
        root or (r.returncode == 2 and "Traceback" not in r.stderr and not html.exists()),
        f"exit {r.returncode}: {r.stderr[-300:]}",
    )
    for bad in ("inf", "nan", "-1"):
        r = mtqa(
            "batch", str(feed), "--out", str(work / f"t-{bad}"), "--quiet", "--jobs", "1", "--timeout", bad
        )
        ok = r.returncode == (0 if bad == "inf" else 2) or (bad == "inf" and r.returncode == 1)
        t.check(
            f"--timeout {bad}", ok and "Traceback" not in r.stderr, f"exit {r.returncode}: {r.stderr[-200:]}"
        )
    ro.chmod(0o700)


def concurrent(t: Tally, work: Path) -> None:
    feed = _demo_feed(work / "conc.jsonl", 60)
    out = work / "conc-out"
    a = _popen("batch", str(feed), "--out", str(out), "--quiet", "--jobs", "1", "--resume")
    _wait_lines(out / "reports.jsonl", 1, a)
    b = _popen("batch", str(feed), "--out", str(out), "--quiet", "--jobs", "1", "--resume")
    rb = b.wait()
    err = (b.stderr.read() if b.stderr else b"").decode("utf-8", "replace")
    ra = a.wait()
    got = reports(out)
    inputs = [g["input"] for g in got]
    t.check(
        "two concurrent runs on one --out",
        rb == 2 and "[E601]" in err and ra in (0, 1) and len(inputs) == len(set(inputs)) == 60,
        f"second exit {rb}, first {ra}, {len(inputs)} lines",
    )


def hostile(t: Tally, work: Path) -> None:
    esc = "\x1b]0;pwned\x07\x1b[2J\u202e\x9b31m"
    feed = work / "hostile.jsonl"
    feed.write_text(
        line("h1", sl="it", tl="en", meta={"feed": "wire" + esc})
        + "\n"
        + line("h2", tgt=EN + esc + " done.")
        + "\n",
        encoding="utf-8",
    )
    out = work / "hostile-out"
    mtqa("batch", str(feed), "--out", str(out), "--quiet", "--jobs", "1", "--format", "jsonl,md,sarif")
    r = mtqa("report", str(out / "reports.jsonl"), "--format", "text")
    raw = [c for c in ("\x1b", "\u202e", "\x9b", "\x07") if c in r.stdout]
    t.check("report --format text shows no raw control", not raw, f"raw {raw!r}")
    src, tgt = work / "h.it.txt", work / "h.en.txt"
    src.write_text(IT, encoding="utf-8")
    tgt.write_text(EN + "Teh \x1b[31mgoverment" + esc + ".\n", encoding="utf-8")
    r = mtqa("check", str(src), str(tgt), "--format", "csv")
    raw = [c for c in ("\x1b", "\u202e", "\x9b", "\x07") if c in r.stdout]
    t.check("check --format csv shows no raw control", not raw, f"raw {raw!r}")
    md = (out / "summary.md").read_text(encoding="utf-8") if (out / "summary.md").exists() else ""
    t.check("summary.md holds no raw control", not any(c in md for c in ("\x1b", "\u202e")), "raw controls")
    sarif = next(out.glob("*.sarif"), None)
    uris = (
        []
        if sarif is None
        else [
            loc["physicalLocation"]["artifactLocation"]["uri"]
            for run in json.loads(sarif.read_text("utf-8"))["runs"]
            for res in run["results"]
            for loc in res["locations"]
        ]
    )
    t.check(
        "SARIF URIs relative and encoded",
        all(":" not in u.split("/")[0] and " " not in u for u in uris),
        f"{uris[:3]}",
    )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="two sizes of pathological text, one kill trial")
    ap.add_argument("--keep", type=Path, metavar="DIR", help="work in DIR and keep it")
    args = ap.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="mtqa-faults-"))
    work.mkdir(parents=True, exist_ok=True)
    (work / "secret.txt").write_text(SECRET + "\n", encoding="utf-8")
    t = Tally()
    start = time.perf_counter()
    notes: list[str] = []
    try:
        for name, step in [
            ("bad inputs", lambda: bad_inputs(t, work)),
            (
                "pathological texts",
                lambda: notes.extend(
                    pathological(t, work, [2_000, 16_000] if args.quick else [2_000, 16_000, 64_000])
                ),
            ),
            ("kills", lambda: kills(t, work, 1 if args.quick else 3)),
            ("disk and permission faults", lambda: faults(t, work)),
            ("concurrent runs", lambda: concurrent(t, work)),
            ("hostile content", lambda: hostile(t, work)),
        ]:
            print(f"{name} ...", flush=True)
            step()
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    for n in notes:
        print(f"  {n}")
    print(
        f"tried {t.tried} / survived {t.tried - len(t.lost)} / lost {len(t.lost)} "
        f"({time.perf_counter() - start:.0f} s, nproc {os.cpu_count()})"
    )
    for lost in t.lost:
        print(f"  lost: {lost}")
    return 1 if t.lost else 0


if __name__ == "__main__":
    sys.exit(main())
