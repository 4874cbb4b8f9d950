"""Where a batch's articles are checked: in this process, in local worker processes, or on a Dask cluster.

Every engine takes the feed as an iterator and yields one :data:`Result` per item, in input order, with
a bounded number of items read ahead (``window``), so that memory stays flat however long the feed is.
Results are the same whichever engine makes them: the report is encoded to JSON where it is checked,
and the parent only writes lines.

What travels between processes: the :class:`~mtqa.types.ArticlePair` (or :class:`~mtqa.inputs.BadItem`)
to the worker, the report's JSON line and its summary fields back.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from mtqa.errors import InternalError, MemoryLimitError, TimeLimitError
from mtqa.feeds.engine_work import (
    GRACE,
    WINDOW_PER_WORKER,
    Result,
    check_item,
    encode,
    error_dict,
    memory_limit_message,
    time_limit_message,
)
from mtqa.feeds.memlimit import (
    DEFAULT_MAX_MEMORY_MB,
    MIB,
    MemoryWatch,
    address_space_limit,
    resident_bytes,
)

if TYPE_CHECKING:
    from mtqa.config import QAConfig
    from mtqa.pipeline import Runner

DEFAULT_TIMEOUT = 120.0  # seconds per article: over 1,000 times a typical news article's check (fast mode)
POLL = 0.5  # seconds between hard-deadline checks while waiting for workers
GC_YOUNG = 10_000  # allocations between collections of the youngest generation (CPython's default: 700)


@dataclass(frozen=True)
class Engine:
    """How to run a batch: ``jobs`` worker processes (0: one per core, 1: in this process), or a Dask
    ``scheduler`` address ("local" starts a local cluster); ``timeout`` seconds per article (0: none);
    ``max_memory`` MiB per article check (0: none; see :mod:`mtqa.feeds.memlimit`)."""

    jobs: int = 0
    scheduler: str | None = None
    timeout: float = DEFAULT_TIMEOUT
    max_memory: float = DEFAULT_MAX_MEMORY_MB


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
        from mtqa.feeds.cluster import dask_results

        yield from dask_results(items, cfg, engine.scheduler, worker_count(engine.jobs), engine.timeout,
                                engine.max_memory)
        return
    jobs = worker_count(engine.jobs)
    if jobs <= 1:
        from mtqa.pipeline import Runner

        runner = Runner.from_config(cfg)
        with settled_gc(), MemoryWatch(engine.max_memory) as watch:
            for item in items:
                try:
                    with watch.article():
                        result = check_item(runner, item, engine.timeout, engine.max_memory)
                except MemoryError:  # the watchdog's, raised just after check_item's own handler
                    result = encode(error_dict(runner, item, MemoryLimitError.code,
                                               memory_limit_message(item, engine.max_memory)))
                yield result
        return
    yield from _pool_results(items, cfg, jobs, engine.timeout, engine.max_memory)


def address_budget(cfg: QAConfig, max_memory: float) -> float:
    """The address-space budget of a checking process: none with CUDA, whose driver maps large ranges."""
    return 0.0 if cfg.device == "cuda" else max_memory


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




# --- local worker processes -------------------------------------------------------------------------

def _serve(cfg: QAConfig, conn: Any, timeout: float, max_memory: float, parent_pid: int,
           inherited: list[Any]) -> None:
    """A worker process: check the items sent on ``conn`` one at a time, until it is closed or the batch's
    process is gone. ``inherited``: the batch's ends of the pipes (its own and the other workers'), which
    a forked worker holds copies of; closed, so that the end of the batch is seen as the end of the pipe."""
    from mtqa.feeds.folderlock import close_inherited_locks
    from mtqa.pipeline import Runner

    die_with_parent(parent_pid)
    close_inherited_locks()
    for c in inherited:
        c.close()
    runner = Runner.from_config(cfg)
    with address_space_limit(address_budget(cfg, max_memory)):
        while True:
            try:
                msg = conn.recv()
            except EOFError:  # the parent is gone (finished, or killed)
                return
            except MemoryError:  # no room left under the limit even for the next item: the parent replaces us
                os._exit(OUT_OF_MEMORY_EXIT)
            if msg is None:
                return
            seq, item = msg
            try:
                conn.send((seq, check_item(runner, item, timeout, max_memory), None))
            except Exception as e:  # noqa: BLE001 - only with --strict: the parent re-raises it
                conn.send((seq, None, e))


PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
OUT_OF_MEMORY_EXIT = 75  # a worker's exit status when its address-space limit left no room for the next item


def die_with_parent(parent_pid: int) -> None:
    """Have the kernel kill this process when the batch's process dies, even by SIGKILL (Linux's
    ``PR_SET_PDEATHSIG``); and leave at once if it has died already (before this was set)."""
    import signal
    import sys

    if sys.platform.startswith("linux"):
        import ctypes

        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):  # pragma: no cover - no prctl: the pipe's end still stops it
            pass
    if os.getppid() != parent_pid:
        os._exit(0)


@dataclass
class _Worker:
    proc: Any
    conn: Any
    job: tuple[int, Any, float, int] | None = None  # (seq, item, start time, resident bytes at the start)


def _pool_results(items: Iterable[Any], cfg: QAConfig, jobs: int, timeout: float, max_memory: float = 0.0
                  ) -> Iterator[Result]:
    """Up to ``jobs`` worker processes, one item each at a time. A worker that runs past the time limit
    plus :data:`GRACE` (stuck where the soft limit cannot reach), or whose resident memory grows by more
    than ``max_memory`` MiB, is killed and replaced, as is one that dies; its item becomes an error
    record and the feed goes on."""
    import multiprocessing as mp

    from mtqa.lang.identify import identify
    from mtqa.pipeline import Runner

    runner = Runner.from_config(cfg)  # for error records made here, and to import everything before forking
    identify("warm up", cfg.identifier)  # load the language model once, before the workers fork
    ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else mp.get_context("spawn")

    def start(others: list[_Worker]) -> _Worker:
        parent, child = ctx.Pipe()
        inherited = [parent, *(w.conn for w in others)]
        proc = ctx.Process(target=_serve, args=(cfg, child, timeout, max_memory, os.getpid(), inherited),
                           daemon=True)
        proc.start()
        child.close()
        return _Worker(proc, parent)

    with settled_gc():  # the workers inherit it
        yield from _run_pool(items, runner, start, jobs, timeout, max_memory)


def _run_pool(items: Iterable[Any], runner: Runner, start: Callable[[list[_Worker]], _Worker], jobs: int,
              timeout: float, max_memory: float = 0.0) -> Iterator[Result]:
    from multiprocessing.connection import wait

    workers: list[_Worker] = []
    for _ in range(jobs):
        workers.append(start(workers))
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
                    w.job = (nxt[0], nxt[1], time.monotonic(), resident_bytes(w.proc.pid) or 0)
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
                seq, item, started, rss0 = w.job
                if w.conn in ready:
                    try:
                        got_seq, result, exc = w.conn.recv()
                    except (EOFError, OSError):  # the worker died: its end of the pipe is closed or reset
                        w.proc.join(timeout=5)  # for its exit code
                        if w.proc.exitcode == OUT_OF_MEMORY_EXIT:
                            code, message = MemoryLimitError.code, memory_limit_message(
                                item, max_memory, "found its worker process without room left under")
                        else:
                            code, message = InternalError.code, (
                                f"the worker process checking article {item.article_id!r} died "
                                f"(exit code {w.proc.exitcode}); the batch went on")
                        done[seq] = _replace(workers, k, start, runner, item, code, message)
                        continue
                    if exc is not None:
                        raise exc
                    done[got_seq] = result
                    w.job = None
                    if (result[1].get("error") or {}).get("code") == MemoryLimitError.code:
                        _restart(workers, k, start)  # what filled its address space may still hold it
                elif timeout and time.monotonic() - started > timeout + GRACE:
                    done[seq] = _replace(workers, k, start, runner, item, TimeLimitError.code,
                                         time_limit_message(item, timeout, " and its worker was stopped"))
                elif max_memory and (resident_bytes(w.proc.pid) or 0) - rss0 > max_memory * MIB:
                    done[seq] = _replace(workers, k, start, runner, item, MemoryLimitError.code,
                                         memory_limit_message(item, max_memory,
                                                              "made its worker process grow past"))
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
    _restart(workers, k, start)
    return encode(error_dict(runner, item, code, message))


def _restart(workers: list[_Worker], k: int, start: Any) -> None:
    old = workers[k]
    if old.proc.is_alive():
        old.proc.kill()
    old.proc.join()
    old.conn.close()
    workers[k] = start([w for n, w in enumerate(workers) if n != k])

