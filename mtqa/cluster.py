"""The Dask engine: ``mtqa batch --scheduler ADDRESS`` (an existing ``distributed`` cluster) or
``--scheduler local`` (a :class:`distributed.LocalCluster` of worker processes on this machine).

Workers need the same mtqa installed (``pip install 'mtqa[dask]'``): tasks are the function
:func:`_check_on_worker` by reference, the configuration (sent once to every worker), and one article
per task; a task returns the report's JSON line and its summary fields. Each worker builds its
pipeline once per configuration and keeps it.

A task runs in a worker thread, where the time limit raises in that thread (see
:mod:`mtqa.timelimit`); should a task still not come back by the limit plus a grace period, the client
records the article as timed out, stops waiting for it and goes on with the feed.
"""

from __future__ import annotations

import hashlib
import pickle
import threading
from collections import deque
from collections.abc import Iterable, Iterator
from contextlib import ExitStack
from typing import TYPE_CHECKING, Any

from mtqa.engines import GRACE, WINDOW_PER_WORKER, Result, check_item, encode, error_dict, time_limit_message
from mtqa.errors import ConfigError, ModelError, TimeLimitError

if TYPE_CHECKING:
    from mtqa.config import QAConfig
    from mtqa.pipeline import Runner

_RUNNERS: dict[str, Runner] = {}  # on a worker: one pipeline per configuration
_LOCK = threading.Lock()


def _check_on_worker(key: str, cfg: QAConfig, item: Any, timeout: float) -> Result:
    from mtqa.pipeline import Runner

    with _LOCK:
        runner = _RUNNERS.get(key)
        if runner is None:
            runner = _RUNNERS[key] = Runner.from_config(cfg)
    return check_item(runner, item, timeout)


def _client(stack: ExitStack, address: str, workers: int) -> Any:
    try:
        from distributed import Client, LocalCluster
    except ImportError as e:
        raise ModelError("--scheduler needs Dask distributed: pip install 'mtqa[dask]'") from e
    if address == "local":
        cluster = stack.enter_context(LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                                   dashboard_address=None))
        return stack.enter_context(Client(cluster))
    try:
        return stack.enter_context(Client(address, timeout="30s"))
    except OSError as e:
        raise ConfigError(f"--scheduler {address}: cannot reach the Dask scheduler ({e})") from e


def dask_results(items: Iterable[Any], cfg: QAConfig, address: str, workers: int,
                 timeout: float) -> Iterator[Result]:
    """One result per item, in input order, with a bounded number of tasks in flight."""
    from distributed import TimeoutError as DaskTimeout

    from mtqa.pipeline import Runner

    runner = Runner.from_config(cfg)  # for the error records of tasks given up on
    key = hashlib.sha256(pickle.dumps(cfg)).hexdigest()[:16]  # QAConfig holds dicts: not hashable
    with ExitStack() as stack:
        client = _client(stack, address, workers)
        window = max(workers, len(client.scheduler_info().get("workers", {})), 1) * WINDOW_PER_WORKER
        [cfg_future] = client.scatter([cfg], broadcast=True)
        pending: deque[tuple[Any, Any]] = deque()
        feed = iter(items)
        while True:
            while len(pending) < window:
                item = next(feed, None)
                if item is None:
                    break
                pending.append(
                    (item, client.submit(_check_on_worker, key, cfg_future, item, timeout, pure=False))
                )
            if not pending:
                return
            item, fut = pending.popleft()
            try:
                yield fut.result(timeout=timeout + GRACE if timeout else None)
            except (DaskTimeout, TimeoutError):
                fut.cancel()
                yield encode(error_dict(runner, item, TimeLimitError.code,
                                        time_limit_message(item, timeout, " on the cluster")))
