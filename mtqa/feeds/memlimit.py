"""A memory limit on one article's check, so that a pathological input cannot exhaust the machine.

The default ``--timeout`` does not stop a memory blow-up: a quadratic algorithm can take gigabytes
in seconds. Three layers bound the memory an article may take (``batch --max-memory MIB``):

- **Refused up front.** An article whose texts are too long for the budget at
  :data:`BYTES_PER_CHAR` (several times what a check of news text takes) is not checked: an ``E501``
  record.
- **Address-space limit, in worker processes.** A worker gets ``RLIMIT_AS`` set to what it has
  mapped when it starts plus the budget; an allocation past it raises ``MemoryError``, and the article
  becomes an ``E501`` record while the worker lives on (the memory is freed as the error unwinds). Not
  set with ``--device cuda``, whose driver maps large address ranges of its own. Native code that
  cannot take a failed allocation may crash the worker instead: that costs only its article.
- **Resident-memory watchdog.** The batch watches each worker process's resident memory
  (``/proc/PID/statm``) and kills a worker that grows past the budget during one article (native
  code that does not raise): its article becomes an ``E501`` record and a new worker takes its
  place. In the batch's own process (``--jobs 1``), where a crash would end the batch, a watchdog
  thread raises ``MemoryError`` in the checking thread instead once the article has grown the
  process past the budget (Python code: between bytecodes, as the time limit does).

On a Dask cluster the workers' own memory limit applies (``--scheduler local`` sets it to the budget).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Self

DEFAULT_MAX_MEMORY_MB = 2048  # per article check: 30 times what a 1 MB article takes (64 MiB, measured)
# An estimate of the memory a check takes per character of source and target, with a wide margin: a check
# of news text measured 60 bytes a character (1.09 M characters: 64 MiB over the process's start).
BYTES_PER_CHAR = 200
MIB = 1 << 20
WATCH_INTERVAL = 0.05  # seconds between looks at the resident memory (a check grows 300 MB/s at worst seen)


def too_large(chars: int, max_memory_mb: float) -> bool:
    """True when ``chars`` characters of text cannot be checked within the budget."""
    return bool(max_memory_mb) and chars * BYTES_PER_CHAR > max_memory_mb * MIB


def mapped_bytes() -> int | None:
    """This process's address-space size (``VmSize``), or None where ``/proc`` has no such thing."""
    try:
        with open("/proc/self/status", encoding="ascii", errors="replace") as fh:
            for line in fh:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        return None
    return None


def resident_bytes(pid: int) -> int | None:
    """Process ``pid``'s resident memory, or None once it is gone (or off Linux)."""
    try:
        with open(f"/proc/{pid}/statm", encoding="ascii") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return None


@contextmanager
def address_space_limit(max_memory_mb: float) -> Iterator[None]:
    """``RLIMIT_AS`` at what is mapped now plus ``max_memory_mb`` MiB inside the block (0: no limit);
    an existing lower limit is kept. Where there is no such limit, nothing is done."""
    try:
        import resource
    except ImportError:  # pragma: no cover - not on Unix
        resource = None  # type: ignore[assignment]
    mapped = mapped_bytes()
    if not max_memory_mb or resource is None or mapped is None:
        yield
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    want = mapped + int(max_memory_mb * MIB)
    for cap in (soft, hard):
        if cap != resource.RLIM_INFINITY:
            want = min(want, cap)
    resource.setrlimit(resource.RLIMIT_AS, (want, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


class MemoryWatch:
    """The in-process watchdog: ``with watch.article():`` around each article's check; once the process's
    resident memory is ``max_memory_mb`` MiB over what it was when the article started, ``MemoryError``
    is raised in the thread that entered the block (again every interval while it stays over)."""

    def __init__(self, max_memory_mb: float) -> None:
        self.budget = int(max_memory_mb * MIB)
        self.pid = os.getpid()
        self._lock = threading.Lock()
        self._tid: int | None = None  # the checking thread, while an article is checked
        self._start = 0
        self._fired = False
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def __enter__(self) -> Self:
        if self.budget and resident_bytes(self.pid) is not None:
            self._thread = threading.Thread(target=self._watch, name="mtqa-memory-watch", daemon=True)
            self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()

    @contextmanager
    def article(self) -> Iterator[None]:
        if self._thread is None:
            yield
            return
        with self._lock:
            self._start, self._fired, self._tid = resident_bytes(self.pid) or 0, False, threading.get_ident()
        try:
            yield
        finally:
            with self._lock:
                tid, self._tid = self._tid, None
                if self._fired and tid is not None:  # withdraw one not raised yet (see mtqa.feeds.timelimit)
                    _async_raise(tid, None)

    def _watch(self) -> None:
        while not self._stop.wait(WATCH_INTERVAL):
            now = resident_bytes(self.pid)
            with self._lock:
                if self._tid is not None and now is not None and now - self._start > self.budget:
                    self._fired = True
                    _async_raise(self._tid, MemoryError)


def _async_raise(tid: int, exc: type[BaseException] | None) -> None:
    import ctypes

    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(tid), ctypes.py_object(exc) if exc else None)
