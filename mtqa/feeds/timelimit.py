"""A time limit on one article's check, so that a pathological input cannot stall a feed.

In a process's main thread (``--jobs 1`` and the local worker processes) the limit is a ``SIGALRM``
timer: Python runs the handler between bytecodes, and the regular-expression engine checks for signals
while it backtracks, so a runaway regex is stopped too. In any other thread (a Dask worker runs tasks in
a thread pool) the limit raises :class:`ArticleTimeout` in that thread with
``PyThreadState_SetAsyncExc``, which only takes effect when the thread next runs Python bytecode; the
callers add a hard deadline of their own for code that never comes back (see :mod:`mtqa.feeds.engines`).

:class:`ArticleTimeout` derives from ``BaseException`` so that the ``except Exception`` blocks that turn
a crashing detector or article into a recorded failure do not swallow it.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


class ArticleTimeout(BaseException):
    """The article's check ran past its time limit."""


def _raise_timeout(signum: int, frame: Any) -> None:
    raise ArticleTimeout()


@contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise :class:`ArticleTimeout` inside the block once it has run ``seconds`` (None or 0: no limit)."""
    if not seconds or seconds <= 0:
        yield
    elif threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer"):
        with _alarm(seconds):
            yield
    else:
        with _async_raise(seconds):
            yield


@contextmanager
def _alarm(seconds: float) -> Iterator[None]:
    previous = signal.signal(signal.SIGALRM, _raise_timeout)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextmanager
def _async_raise(seconds: float) -> Iterator[None]:
    import ctypes  # only off the main thread (Dask workers): keep `mtqa` start-up light

    tid = threading.get_ident()
    lock = threading.Lock()
    state = {"active": True, "fired": False}

    def fire() -> None:
        with lock:
            if state["active"]:
                state["fired"] = True
                ctypes.pythonapi.PyThreadState_SetAsyncExc(
                    ctypes.c_ulong(tid), ctypes.py_object(ArticleTimeout)
                )

    timer = threading.Timer(seconds, fire)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        with lock:
            state["active"] = False
            timer.cancel()
            if state["fired"]:
                # the block may have ended before the pending exception was raised: withdraw it, so that
                # it does not go off later in code that has nothing to do with this article
                ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(tid), None)
