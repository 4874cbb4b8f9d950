"""The lock that gives one batch at a time a ``--out`` folder (issue 14, item 4).

``flock`` on the folder itself: no lock file to leave behind or to clean up, and the kernel releases it
however the process ends, once every descriptor of it is closed. A forked worker holds copies of the
batch's descriptors, so it closes them first (:func:`close_inherited_locks`): a worker still dying of
the SIGKILL that ended its batch must not keep the folder locked against the ``--resume`` that follows.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from mtqa.errors import OutputInUse

_HELD: set[int] = set()  # descriptors of the folder locks this process holds


@contextmanager
def batch_lock(out: Path) -> Iterator[None]:
    """Exclusive use of the folder ``out`` while the block runs; :class:`OutputInUse` (E601) at once when
    another batch holds it."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not on Unix: no lock
        yield
        return
    out.mkdir(parents=True, exist_ok=True)
    fd = os.open(out, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    _HELD.add(fd)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise OutputInUse(f"{out}: another mtqa batch is writing to this folder; wait for it to finish, "
                              "or give another --out") from None
        yield
    finally:
        _HELD.discard(fd)
        os.close(fd)


def close_inherited_locks() -> None:
    """In a forked worker process: close its copies of the batch's lock descriptors."""
    for fd in list(_HELD):
        try:
            os.close(fd)
        except OSError:
            pass
    _HELD.clear()
