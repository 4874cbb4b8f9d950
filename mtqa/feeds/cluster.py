"""The Dask engine: ``mtqa batch --scheduler ADDRESS`` (an existing ``distributed`` cluster) or
``--scheduler local`` (a :class:`distributed.LocalCluster` of worker processes on this machine).

Workers need the same mtqa installed (``pip install 'mtqa[dask]'``): tasks are the function
:func:`_check_on_worker` by reference, the configuration and one article; a task returns the report's
JSON line and its summary fields. Each worker builds its pipeline once per configuration and keeps it.
A task depends on nothing a worker holds, so a worker that dies (killed, out of memory) takes only the
tasks it was running: the scheduler runs them again elsewhere, and the client submits one that keeps
failing again, up to :data:`TASK_TRIES` times, before recording it (E900).

A task runs in a worker thread, where the time limit raises in that thread (see
:mod:`mtqa.feeds.timelimit`); should a task that a worker holds still not come back by the limit plus a
grace period, the client records the article as timed out, cancels the task, restarts its worker
(stuck in native code) and goes on with the feed.
"""

from __future__ import annotations

import hashlib
import pickle
import threading
from asyncio import CancelledError
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import CancelledError as FutureCancelled
from contextlib import ExitStack
from typing import TYPE_CHECKING, Any, cast

from mtqa.errors import ConfigError, InternalError, ModelError, TimeLimitError
from mtqa.feeds.engine_work import (
    GRACE,
    WINDOW_PER_WORKER,
    Result,
    check_item,
    encode,
    error_dict,
    time_limit_message,
)

if TYPE_CHECKING:
    from mtqa.config import QAConfig
    from mtqa.pipeline import Runner

TASK_TRIES = 3  # submissions of one article before a failing task becomes an E900 record
DASK_WORKER_MB = 512  # what a Dask worker holds before its first task (about 150 MiB measured), rounded up
_RUNNERS: dict[str, Runner] = {}  # on a worker: one pipeline per configuration
_LOCK = threading.Lock()


def _check_on_worker(key: str, cfg: QAConfig, item: Any, timeout: float, max_memory: float = 0.0) -> Result:
    from mtqa.pipeline import Runner

    with _LOCK:
        runner = _RUNNERS.get(key)
        if runner is None:
            runner = _RUNNERS[key] = Runner.from_config(cfg)
    return check_item(runner, item, timeout, max_memory)


def _client(stack: ExitStack, address: str, workers: int, max_memory: float = 0.0) -> Any:
    try:
        from distributed import Client, LocalCluster
    except ImportError as e:
        raise ModelError("--scheduler needs Dask distributed: pip install 'mtqa[dask]'") from e
    if address == "local":
        # the nanny restarts a worker past its memory limit (the budget over what a worker holds idle)
        limit = f"{max_memory + DASK_WORKER_MB:g}MiB" if max_memory else None
        cluster = stack.enter_context(LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                                   dashboard_address=None, memory_limit=limit))
        return stack.enter_context(Client(cluster))
    try:
        return stack.enter_context(Client(address, timeout="30s"))
    except OSError as e:
        raise ConfigError(f"--scheduler {address}: cannot reach the Dask scheduler ({e})") from e


def dask_results(items: Iterable[Any], cfg: QAConfig, address: str, workers: int,
                 timeout: float, max_memory: float = 0.0) -> Iterator[Result]:
    """One result per item, in input order, with a bounded number of tasks in flight.

    Every task carries the configuration itself (a few hundred bytes): a copy scattered to the workers
    once died with the worker that held it, and every task after it failed for its lost dependency.
    A task's hard deadline (``timeout`` plus :data:`GRACE`) runs only while a worker has it: one queued
    behind stuck tasks is not charged for their time (see :func:`_wait`)."""
    from mtqa.pipeline import Runner

    runner = Runner.from_config(cfg)  # for the error records of tasks given up on
    key = hashlib.sha256(pickle.dumps(cfg)).hexdigest()[:16]  # QAConfig holds dicts: not hashable
    with ExitStack() as stack:
        client = _client(stack, address, workers, max_memory)
        window = max(workers, len(client.scheduler_info().get("workers", {})), 1) * WINDOW_PER_WORKER
        pending: deque[tuple[Any, Any]] = deque()
        feed = iter(items)

        def submit(item: Any) -> Any:
            return client.submit(_check_on_worker, key, cfg, item, timeout, max_memory, pure=False)

        while True:
            while len(pending) < window:
                item = next(feed, None)
                if item is None:
                    break
                pending.append((item, submit(item)))
            if not pending:
                return
            item, fut = pending.popleft()
            for attempt in range(TASK_TRIES):
                try:
                    got = _wait(client, fut, timeout + GRACE if timeout else None, window)
                # the worker died or was restarted under the task: submitted again, then recorded
                except (Exception, CancelledError) as e:
                    if cfg.strict and not _lost_task(e):
                        raise
                    if attempt + 1 < TASK_TRIES:
                        fut = submit(item)
                        continue
                    got = encode(error_dict(runner, item, InternalError.code, (
                        f"article {item.article_id!r}: its Dask task failed {TASK_TRIES} times "
                        f"({type(e).__name__}: {e}); a worker that died or ran out of memory takes its task "
                        "with it (see --max-memory)")))
                if got is None:  # past its deadline on a worker: that worker is stuck in native code
                    _give_up(client, fut)
                    got = encode(error_dict(runner, item, TimeLimitError.code,
                                            time_limit_message(item, timeout, " on the cluster")))
                yield got
                break


def _wait(client: Any, fut: Any, deadline: float | None, window: int) -> Result | None:
    """The task's result; None once a worker has held it for ``deadline`` seconds of this wait.

    The wait goes in steps of ``deadline``: a step that ends with the task on no worker's list (queued on
    the scheduler, or put back there by a worker's death or restart) does not count, so that an article
    queued behind stuck tasks gets its own full deadline once it runs. At most ``window + 1`` steps in
    all, ``window`` being the tasks in flight that can be ahead of it: a cluster that never runs it (no
    worker at all) still ends the wait. Raises what the task raised, or the cluster's error for it."""
    from distributed import TimeoutError as DaskTimeout

    if deadline is None:
        return cast("Result", fut.result())
    for _ in range(window + 1):
        try:
            return cast("Result", fut.result(timeout=deadline))
        except (DaskTimeout, TimeoutError):
            if _workers_of(client, fut):
                return None
    return None


def _workers_of(client: Any, fut: Any) -> list[str]:
    """The workers that hold ``fut``'s task (running it or next in line), as the scheduler sees it."""
    try:
        return [w for w, keys in client.processing().items() if fut.key in keys]
    except Exception:  # noqa: BLE001 - a scheduler that cannot say: treat the task as running
        return ["?"]


def _lost_task(e: BaseException) -> bool:
    """A failure of the cluster (a worker killed, a task cancelled), not of the check (--strict)."""
    lost = ("KilledWorker", "CommClosedError", "FutureCancelledError")
    return isinstance(e, (CancelledError, FutureCancelled)) or type(e).__name__ in lost


def _give_up(client: Any, fut: Any) -> None:
    """Cancel ``fut`` (past its deadline), then restart the worker that runs it, stuck in native code, so
    that the tasks queued on it run elsewhere rather than time out behind it. Cancelled first: a task
    still known to the scheduler when its worker goes is run again, on a fresh worker, ahead of the
    tasks behind it. Best effort: a worker without a nanny cannot be restarted, and then only its
    thread stays busy; a restart that does not finish in :data:`GRACE` seconds is the cluster's to
    finish (it removes the worker), not an error of the batch."""
    where = [w for w in _workers_of(client, fut) if w != "?"]
    fut.cancel()
    if not where:
        return
    try:
        client.restart_workers(where, timeout=GRACE, raise_for_error=False)
    except Exception:  # noqa: BLE001, S110 - the error record is made either way
        pass
