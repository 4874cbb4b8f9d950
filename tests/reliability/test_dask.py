"""The Dask engine under attack (issue 14, item 8), against ``--scheduler local``: an innocent article
queued behind a stuck task gets its own report, and killing the worker processes during a batch loses
no article. Dask workers are fresh processes (not forks of this one), so the misbehaviour is put into
them with a worker preload script (``distributed.worker.preload``): articles whose id starts with
``stuck`` sleep where the time limit's asynchronous exception cannot reach (native code), and every
article records the pid of the worker that checks it, for the test to kill."""

from __future__ import annotations

import json
import os
import signal
import threading
import time
from pathlib import Path

import pytest

from mtqa.cli import main
from tests.test_batch import make_feed

pytest.importorskip("distributed")

PRELOAD = '''
import os
import time
from pathlib import Path

from mtqa import pipeline

PIDS = Path({pids!r})
PIDS.mkdir(parents=True, exist_ok=True)
(PIDS / str(os.getpid())).touch()


def check(self, pair):
    if pair.article_id.startswith("stuck"):
        time.sleep(60)  # one C call: the asynchronous exception of the time limit waits for it
    time.sleep({pause!r})
    return pipeline.Runner._check(self, pair)


pipeline.Runner.check = check
'''


def _with_preload(tmp_path: Path, pause: float = 0.0) -> tuple[Path, Path]:
    """A preload script for the workers and the folder where each worker leaves its pid."""
    pids = tmp_path / "pids"
    script = tmp_path / "preload_attack.py"
    script.write_text(PRELOAD.format(pids=str(pids), pause=pause), encoding="utf-8")
    return script, pids


def _batch(feed: Path, out: Path, preload: Path, *flags: str) -> tuple[int, list[str]]:
    import dask

    with dask.config.set({"distributed.worker.preload": [str(preload)]}):
        rc = main(["batch", str(feed), "--out", str(out), "--quiet", "--scheduler", "local", *flags])
    return rc, (out / "reports.jsonl").read_text(encoding="utf-8").splitlines()


def test_article_queued_behind_a_stuck_task_gets_its_report(tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """One worker, a task stuck in native code, an innocent article behind it. It got E500: the stuck
    task's worker was restarted before the task was cancelled, so the scheduler ran the stuck task again
    on the fresh worker, ahead of the innocent one (or the configuration, scattered to that worker only,
    was lost with it, and the innocent task failed for its lost dependency). The innocent article's
    deadline now runs only while a worker holds it."""
    from mtqa.feeds import cluster

    monkeypatch.setattr(cluster, "GRACE", 3.0)  # the hard deadline: --timeout plus this
    feed = make_feed(tmp_path / "feed.jsonl", 2)
    lines = feed.read_text(encoding="utf-8").splitlines()
    lines[0] = lines[0].replace('"id": "court-ruling-0"', '"id": "stuck-0"')
    feed.write_text("\n".join(lines) + "\n", encoding="utf-8")
    preload, _ = _with_preload(tmp_path)
    # --timeout 8: a fresh worker loads its resources inside the first article's time limit
    rc, got = _batch(feed, tmp_path / "dask", preload, "--jobs", "1", "--timeout", "8")
    main(["batch", str(feed), "--out", str(tmp_path / "serial"), "--quiet", "--jobs", "1"])
    want = (tmp_path / "serial" / "reports.jsonl").read_text(encoding="utf-8").splitlines()
    assert rc == 2 and len(got) == 2  # the stuck article is an error record
    stuck = json.loads(got[0])
    assert stuck["id"] == "stuck-0" and stuck["error"]["code"] == "E500"
    assert "on the cluster" in stuck["error"]["message"]
    assert got[1] == want[1]  # the innocent article: its own report, as the serial run makes it


def test_killing_workers_loses_no_article(tmp_path: Path) -> None:
    """SIGKILL of the worker process, three times during a batch, each time after the batch has made
    progress (watched on reports.jsonl, not on a clock). The configuration was scattered once to the
    workers: when they died it was lost, and every later task failed (E900, FutureCancelledError: lost
    dependencies; before the retries, a traceback). Now each task carries it: every input gets its own
    report, the same as the serial run's, and the batch exits 0/1."""
    n, kill_at = 24, (2, 7, 12)
    feed = make_feed(tmp_path / "feed.jsonl", n)
    preload, pids = _with_preload(tmp_path, pause=0.15)
    out = tmp_path / "dask"
    killed: list[int] = []
    done = threading.Event()

    def written() -> int:
        try:
            return (out / "reports.jsonl").read_bytes().count(b"\n")
        except OSError:
            return 0

    def killer() -> None:
        for at in kill_at:
            while written() < at and not done.is_set():
                time.sleep(0.02)
            alive = [int(p.name) for p in pids.glob("*") if int(p.name) not in killed] if pids.is_dir() else []
            if done.is_set() or not alive:
                return
            for pid in alive:
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                killed.append(pid)

    thread = threading.Thread(target=killer, daemon=True)
    thread.start()
    try:
        rc, got = _batch(feed, out, preload, "--jobs", "1", "--timeout", "60")
    finally:
        done.set()
        thread.join(timeout=5)
    main(["batch", str(feed), "--out", str(tmp_path / "serial"), "--quiet", "--jobs", "1"])
    want = (tmp_path / "serial" / "reports.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(killed) == len(kill_at)  # the attack happened: a worker was killed at each point
    assert rc in (0, 1)
    assert [json.loads(x)["input"] for x in got] == [json.loads(x)["input"] for x in want]
    assert got == want
