"""One batch per --out folder (issue 14, item 4) and worker processes that die with the batch (item 7)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from mtqa.cli import main
from mtqa.feeds.folderlock import batch_lock
from tests.test_batch import make_feed


def test_second_batch_on_the_same_out_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    feed = make_feed(tmp_path / "feed.jsonl", 2)
    out = tmp_path / "out"
    with batch_lock(out):  # a run in progress
        rc = main(["batch", str(feed), "--out", str(out), "--quiet", "--jobs", "1", "--resume"])
        err = capsys.readouterr().err
        assert rc == 2 and "[E601]" in err and "another mtqa batch" in err
        assert not (out / "reports.jsonl").exists() and not (out / "summary.md").exists()
    assert main(["batch", str(feed), "--out", str(out), "--quiet", "--jobs", "1"]) in (0, 1)  # released


def _children(pid: int) -> set[int]:
    try:
        return {int(x) for x in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()}
    except OSError:
        return set()


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs Linux /proc")
def test_workers_die_with_a_killed_batch(tmp_path: Path) -> None:
    feed = make_feed(tmp_path / "long.jsonl", 400)
    cmd = [sys.executable, "-m", "mtqa", "batch", str(feed), "--out", str(tmp_path / "out"), "--quiet",
           "--jobs", "2"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        workers: set[int] = set()
        while time.monotonic() < deadline and len(workers) < 2 and proc.poll() is None:
            workers = _children(proc.pid)
            time.sleep(0.05)
        assert len(workers) == 2, "the batch did not start two workers"
        os.kill(proc.pid, signal.SIGKILL)  # the batch alone, not its process group
        proc.wait()
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and any(_alive(w) for w in workers):
            time.sleep(0.05)
        assert not [w for w in workers if _alive(w)], "workers outlived their batch"
    finally:
        for w in _children(proc.pid) | workers:
            try:
                os.kill(w, signal.SIGKILL)
            except OSError:
                pass


def test_workers_do_not_hold_the_folder_lock(tmp_path: Path) -> None:
    """Forked workers held copies of the lock's descriptor: after a SIGKILL of the batch, a worker not yet
    gone kept the folder locked, and the --resume right after was refused (E601; a flaky
    test_sigkill_mid_feed_then_resume under load)."""
    from mtqa.feeds import engines
    from mtqa.config import QAConfig
    from mtqa.feeds.engines import Engine
    from mtqa.inputs import read_inputs

    out = tmp_path / "out"
    feed = make_feed(tmp_path / "feed.jsonl", 12)
    with batch_lock(out):
        results = engines.results(read_inputs([feed]), QAConfig(), Engine(jobs=2))
        next(results)  # the workers are running
    try:
        with batch_lock(out):  # the batch's own descriptor is closed; the workers' must be too
            pass
    finally:
        results.close()
