"""Where a batch's articles are checked: in this process, in local worker processes, or on a Dask cluster.

Every engine takes the feed as an iterator and yields one :data:`Result` per item, in input order, with
a bounded number of items read ahead (``window``), so that memory stays flat however long the feed is.
Results are the same whichever engine makes them: the report is encoded to JSON where it is checked,
and the parent only writes lines.

What travels between processes: the :class:`~mtqa.types.ArticlePair` (or :class:`~mtqa.feed.BadItem`)
to the worker, the report's JSON line and its summary fields back.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from mtqa.errors import InternalError, TimeLimitError
from mtqa.timelimit import ArticleTimeout, time_limit

if TYPE_CHECKING:
    from mtqa.config import QAConfig
    from mtqa.pipeline import Runner

# (report as one JSON line, the fields of it that the batch summary needs)
Result = tuple[str, dict[str, Any]]
SUMMARY_KEYS = ("id", "input", "verdict", "score", "words", "penalty", "fluency", "findings", "failures",
                "source_lang", "target_lang", "error", "signature", "warnings")
DEFAULT_TIMEOUT = 120.0  # seconds per article: over 1,000 times a typical news article's check (fast mode)
WINDOW_PER_WORKER = 4  # items read ahead per worker: enough to keep every worker busy
GRACE = 10.0  # seconds past the time limit before a stuck worker is given up on (hard deadline)
POLL = 0.5  # seconds between hard-deadline checks while waiting for workers
GC_YOUNG = 10_000  # allocations between collections of the youngest generation (CPython's default: 700)


@dataclass(frozen=True)
class Engine:
    """How to run a batch: ``jobs`` worker processes (0: one per core, 1: in this process), or a Dask
    ``scheduler`` address ("local" starts a local cluster); ``timeout`` seconds per article (0: none)."""

    jobs: int = 0
    scheduler: str | None = None
    timeout: float = DEFAULT_TIMEOUT


def worker_count(jobs: int) -> int:
    if jobs > 0:
        return jobs
    try:
        return len(os.sched_getaffinity(0))  # the cores this process may use, not all the machine's
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


def results(items: Iterable[Any], cfg: QAConfig, engine: Engine) -> Iterator[Result]:
    """One result per item, in input order."""
    if engine.scheduler:
        from mtqa.cluster import dask_results

        yield from dask_results(items, cfg, engine.scheduler, worker_count(engine.jobs), engine.timeout)
        return
    jobs = worker_count(engine.jobs)
    if jobs <= 1:
        from mtqa.pipeline import Runner

        runner = Runner.from_config(cfg)
        with settled_gc():
            for item in items:
                yield check_item(runner, item, engine.timeout)
        return
    yield from _pool_results(items, cfg, jobs, engine.timeout)


@contextmanager
def settled_gc() -> Iterator[None]:
    """The garbage collector tuned for checking article after article, once everything is imported.

    A check allocates hundreds of thousands of short-lived objects (tokens, features, findings) and
    makes almost no reference cycles, which reference counting could not free. With CPython's
    defaults the collector ran every 700 allocations and kept traversing the long-lived objects of
    the imported modules and caches: 6% of a batch's time. Those objects are moved out of its sight
    (``gc.freeze``, which also keeps forked workers from copying their pages), and the youngest
    generation is collected every :data:`GC_YOUNG` allocations; cycles are still collected. The
    defaults come back afterwards, for a program that runs a batch from the library."""
    import gc

    before = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(GC_YOUNG, *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)
        gc.unfreeze()


def check_item(runner: Runner, item: Any, timeout: float) -> Result:
    """The item's report under the time limit, as a JSON line and its summary fields."""
    try:
        with time_limit(timeout):
            d = _report_dict(runner, item)
    except ArticleTimeout:
        d = error_dict(runner, item, TimeLimitError.code, time_limit_message(item, timeout))
    return encode(d)


def time_limit_message(item: Any, timeout: float, what_happened: str = "") -> str:
    """The message of an E500 record, the same whichever engine gave up on the article."""
    return (f"article {item.article_id!r} took longer than the time limit of {timeout:g} s{what_happened}; "
            "raise it with --timeout SECONDS (0: no limit)")


def encode(d: dict[str, Any]) -> Result:
    return json.dumps(d, ensure_ascii=False), {k: d.get(k) for k in SUMMARY_KEYS}


def _report_dict(runner: Runner, item: Any) -> dict[str, Any]:
    from mtqa.feed import BadItem

    if isinstance(item, BadItem):
        return error_dict(runner, item, item.code, item.message)
    return runner.check(item).to_dict()


def error_dict(runner: Runner, item: Any, code: str, message: str) -> dict[str, Any]:
    """An error record for ``item`` (an ArticlePair or a BadItem)."""
    from mtqa.types import ArticleError

    return runner.error_report(item, ArticleError(code, message)).to_dict()


# --- local worker processes -------------------------------------------------------------------------

def _serve(cfg: QAConfig, conn: Any, timeout: float) -> None:
    """A worker process: check the items sent on ``conn`` one at a time, until it is closed."""
    from mtqa.pipeline import Runner

    runner = Runner.from_config(cfg)
    while True:
        try:
            msg = conn.recv()
        except EOFError:  # the parent is gone (finished, or killed)
            return
        if msg is None:
            return
        seq, item = msg
        try:
            conn.send((seq, check_item(runner, item, timeout), None))
        except Exception as e:  # noqa: BLE001 - only with --strict: the parent re-raises it
            conn.send((seq, None, e))


@dataclass
class _Worker:
    proc: Any
    conn: Any
    job: tuple[int, Any, float] | None = None  # (seq, item, start time)


def _pool_results(items: Iterable[Any], cfg: QAConfig, jobs: int, timeout: float) -> Iterator[Result]:
    """Up to ``jobs`` worker processes, one item each at a time. A worker that runs past the time limit
    plus :data:`GRACE` (stuck where the soft limit cannot reach) is killed and replaced, as is one that
    dies; its item becomes an error record and the feed goes on."""
    import multiprocessing as mp

    from mtqa.lang.identify import identify
    from mtqa.pipeline import Runner

    runner = Runner.from_config(cfg)  # for error records made here, and to import everything before forking
    identify("warm up", cfg.identifier)  # load the language model once, before the workers fork
    ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else mp.get_context("spawn")

    def start() -> _Worker:
        parent, child = ctx.Pipe()
        proc = ctx.Process(target=_serve, args=(cfg, child, timeout), daemon=True)
        proc.start()
        child.close()
        return _Worker(proc, parent)

    with settled_gc():  # the workers inherit it
        yield from _run_pool(items, runner, start, jobs, timeout)


def _run_pool(items: Iterable[Any], runner: Runner, start: Callable[[], _Worker], jobs: int, timeout: float
              ) -> Iterator[Result]:
    from multiprocessing.connection import wait

    workers = [start() for _ in range(jobs)]
    feed = enumerate(items)
    done: dict[int, Result] = {}
    next_seq = sent = 0
    exhausted = False
    window = jobs * WINDOW_PER_WORKER
    try:
        while True:
            for w in workers:
                if w.job is None and not exhausted and sent - next_seq < window:
                    nxt = next(feed, None)
                    if nxt is None:
                        exhausted = True
                        break
                    w.job = (nxt[0], nxt[1], time.monotonic())
                    w.conn.send(nxt)
                    sent += 1
            while next_seq in done:
                yield done.pop(next_seq)
                next_seq += 1
            busy = [w for w in workers if w.job is not None]
            if not busy:
                if exhausted:
                    return
                continue
            ready = wait([w.conn for w in busy], timeout=POLL)
            for k, w in enumerate(workers):
                if w.job is None:
                    continue
                seq, item, started = w.job
                if w.conn in ready:
                    try:
                        got_seq, result, exc = w.conn.recv()
                    except EOFError:
                        w.proc.join(timeout=5)  # for its exit code
                        done[seq] = _replace(workers, k, start, runner, item, InternalError.code,
                                             f"the worker process checking article {item.article_id!r} died "
                                             f"(exit code {w.proc.exitcode}); the batch went on")
                        continue
                    if exc is not None:
                        raise exc
                    done[got_seq] = result
                    w.job = None
                elif timeout and time.monotonic() - started > timeout + GRACE:
                    done[seq] = _replace(workers, k, start, runner, item, TimeLimitError.code,
                                         time_limit_message(item, timeout, " and its worker was stopped"))
    finally:
        for w in workers:
            if w.proc.is_alive():
                try:
                    w.conn.send(None)
                except OSError:
                    pass
        for w in workers:
            w.proc.join(timeout=2)
            if w.proc.is_alive():
                w.proc.kill()
                w.proc.join()
            w.conn.close()


def _replace(workers: list[_Worker], k: int, start: Any, runner: Runner, item: Any, code: str,
             message: str) -> Result:
    """Kill worker ``k`` (stuck or dead), start another in its place; the error record for its item."""
    old = workers[k]
    if old.proc.is_alive():
        old.proc.kill()
    old.proc.join()
    old.conn.close()
    workers[k] = start()
    return encode(error_dict(runner, item, code, message))

