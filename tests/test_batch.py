"""The batch engine: same reports whatever runs them (--jobs 1, --jobs 2, Dask), per-article time limit,
resume after a kill (SIGKILL of a running ``mtqa batch``), atomic outputs, summary counts."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from mtqa import pipeline

from mtqa.feeds import engines
from mtqa.cli import main
from mtqa.config import QAConfig
from mtqa.feeds.engines import Engine
from mtqa.inputs import read_inputs

DEMO = Path(__file__).resolve().parent.parent / "corpora" / "demo"
NAMES = ["court-ruling", "football-club", "night-sky-satellite", "port-strike"]


def make_feed(path: Path, n: int, extra: dict[int, str] | None = None) -> Path:
    """``n`` demo articles as a JSONL feed with their own ids; ``extra`` puts raw lines at positions."""
    lines = []
    for i in range(n):
        if extra and i in extra:
            lines.append(extra[i])
            continue
        name = NAMES[i % len(NAMES)]
        lines.append(json.dumps({
            "id": f"{name}-{i}", "source_lang": "it", "target_lang": "en",
            "source": (DEMO / f"{name}.it.txt").read_text(encoding="utf-8"),
            "target": (DEMO / f"{name}.en.txt").read_text(encoding="utf-8"),
        }, ensure_ascii=False))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def batch(feed: Path, out: Path, *flags: str) -> str:
    main(["batch", str(feed), "--out", str(out), "--quiet", *flags])
    return (out / "reports.jsonl").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def feed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_feed(tmp_path_factory.mktemp("feed") / "feed.jsonl", 12, {3: "{not json", 7: '{"id": "x"}'})


@pytest.fixture(scope="module")
def serial(feed: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    return batch(feed, tmp_path_factory.mktemp("serial"), "--jobs", "1")


def test_jobs_and_dask_match_serial(feed: Path, serial: str, tmp_path: Path) -> None:
    pytest.importorskip("distributed")
    assert len(serial.splitlines()) == 12
    assert batch(feed, tmp_path / "p", "--jobs", "2") == serial
    assert batch(feed, tmp_path / "d", "--jobs", "2", "--scheduler", "local") == serial


def test_dask_time_limit(tmp_path: Path) -> None:
    pytest.importorskip("distributed")
    feed = make_feed(tmp_path / "two.jsonl", 2)
    got = [json.loads(x) for x in batch(feed, tmp_path, "--jobs", "1", "--scheduler", "local", "--timeout",
                                        "0.001").splitlines()]
    assert [g["error"]["code"] for g in got] == ["E500", "E500"]


def test_summary_counts_every_input(feed: Path, serial: str, tmp_path: Path) -> None:
    assert [json.loads(x)["input"] for x in serial.splitlines()] == [f"{feed}:{n}" for n in range(1, 13)]
    batch(feed, tmp_path)
    md = (tmp_path / "summary.md").read_text(encoding="utf-8")
    assert "articles: **12** in = 10 scored" in md and "+ 2 errored" in md
    from mtqa.report.contract import read_reports
    from mtqa.report.totals import summarize

    s = summarize(read_reports(tmp_path / "reports.jsonl")).to_dict()
    assert s["articles"] == s["scored"] + s["errors"] == 12


def _slow_check(self: Any, pair: Any) -> Any:
    if pair.article_id.endswith("-5"):
        time.sleep(60)
    return pipeline.Runner._check(self, pair)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_time_limit_records_and_goes_on(feed: Path, serial: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                        jobs: str) -> None:
    # the worker processes are forked from this one, so they inherit the slow pipeline
    monkeypatch.setattr(pipeline.Runner, "check", _slow_check)
    t = time.monotonic()
    got = [json.loads(x) for x in batch(feed, tmp_path, "--jobs", jobs, "--timeout", "1").splitlines()]
    assert time.monotonic() - t < 30
    want = [json.loads(x) for x in serial.splitlines()]
    assert got[5]["error"]["code"] == "E500" and "time limit of 1 s" in got[5]["error"]["message"]
    assert got[5]["input"] == want[5]["input"] and got[5]["id"] == want[5]["id"]
    assert got[:5] + got[6:] == want[:5] + want[6:]  # the articles after it are checked as usual


def test_stuck_or_dead_worker_is_replaced(feed: Path, serial: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Code that the soft time limit cannot interrupt (here: SIGALRM blocked) is killed at the hard
    deadline; a worker that dies takes only its own article with it."""

    def bad_check(self: Any, pair: Any) -> Any:
        if pair.article_id.endswith("-5"):
            signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
            time.sleep(60)
        if pair.article_id.endswith("-9"):
            os._exit(3)
        return pipeline.Runner._check(self, pair)

    monkeypatch.setattr(pipeline.Runner, "check", bad_check)
    monkeypatch.setattr(engines, "GRACE", 0.5)
    items = read_inputs([feed], None)
    got = [json.loads(line) for line, _ in engines.results(items, QAConfig(), Engine(jobs=2, timeout=0.5))]
    want = [json.loads(x) for x in serial.splitlines()]
    assert [g["input"] for g in got] == [w["input"] for w in want]
    assert got[5]["error"]["code"] == "E500" and "worker was stopped" in got[5]["error"]["message"]
    assert got[9]["error"]["code"] == "E900" and "died (exit code 3)" in got[9]["error"]["message"]
    assert [g for k, g in enumerate(got) if k not in (5, 9)] == [w for k, w in enumerate(want) if k not in (5, 9)]


def test_resume_keeps_done_drops_torn_line(feed: Path, serial: str, tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    lines = serial.splitlines(keepends=True)
    reports = tmp_path / "reports.jsonl"
    reports.write_text("".join(lines[:4]) + lines[4][:50], encoding="utf-8")  # killed while writing line 5
    assert batch(feed, tmp_path, "--resume") == serial
    assert "4 articles kept" in capsys.readouterr().err
    resumed_summary = (tmp_path / "summary.md").read_text(encoding="utf-8")
    assert batch(feed, tmp_path, "--resume") == serial  # a finished run: nothing to do
    err = capsys.readouterr().err
    assert "12 articles kept" in err and ", 0 checked now" in err
    reports.write_text(lines[0] + "garbage\n" + lines[1], encoding="utf-8")
    assert main(["batch", str(feed), "--out", str(tmp_path), "--quiet", "--resume"]) == 2  # not ours to resume
    assert "cannot resume" in capsys.readouterr().err
    assert batch(feed, tmp_path) == serial  # without --resume the file is replaced
    assert (tmp_path / "summary.md").read_text(encoding="utf-8") == resumed_summary


def test_sigkill_mid_feed_then_resume(tmp_path: Path) -> None:
    feed = make_feed(tmp_path / "long.jsonl", 40, {11: "{broken"})
    whole = batch(feed, tmp_path / "whole", "--jobs", "1")
    out = tmp_path / "killed"
    cmd = [sys.executable, "-m", "mtqa", "batch", str(feed), "--out", str(out), "--quiet", "--jobs", "2"]
    proc = subprocess.Popen(cmd, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    reports = out / "reports.jsonl"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        if reports.exists() and reports.read_bytes().count(b"\n") >= 8:
            break
        time.sleep(0.02)
    assert proc.poll() is None, "the batch finished before it could be killed: make the feed longer"
    os.killpg(proc.pid, signal.SIGKILL)  # the batch and its workers, mid-feed
    proc.wait()
    partial = reports.read_bytes().count(b"\n")
    assert 8 <= partial < 40
    assert batch(feed, out, "--resume") == whole
    inputs = [json.loads(x)["input"] for x in whole.splitlines()]
    assert len(inputs) == len(set(inputs)) == 40  # every input line exactly once


def test_outputs_are_replaced_atomically(tmp_path: Path) -> None:
    from mtqa.report.outputs import write_file

    path = write_file(tmp_path / "summary.md", "old")
    write_file(path, "new")
    assert path.read_text() == "new" and [p.name for p in tmp_path.iterdir()] == ["summary.md"]
