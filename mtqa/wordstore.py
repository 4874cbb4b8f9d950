"""Large word-count tables (wordfreq, wordsegment) behind a fast, shared on-disk cache.

Loading wordsegment's 590,000 counts or a wordfreq list into Python dicts takes 0.15-0.35 s, longer
than checking an article. The first use builds an SQLite file in the user's cache directory
(``$MTQA_CACHE``, else ``$XDG_CACHE_HOME/mtqa``, else ``~/.cache/mtqa``) from the installed package's
own data; later runs look up only the words an article has. Where the cache cannot be written the
table is loaded into memory instead, so results never depend on the cache.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
import threading
from pathlib import Path
from typing import Callable, Iterable

Loader = Callable[[], Iterable[tuple[str, float]]]
MEMO_MAX = 200_000  # words remembered per table and process (hits and misses); a feed repeats most words


def cache_dir() -> Path:
    if os.environ.get("MTQA_CACHE"):
        return Path(os.environ["MTQA_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "mtqa"


class CountTable:
    """A read-only ``str -> float`` table. ``name`` and ``version`` identify the cache file."""

    def __init__(self, name: str, version: str, loader: Loader) -> None:
        self.name = name
        self.version = version
        self._loader = loader
        self._db: sqlite3.Connection | None = None
        self._mem: dict[str, float] | None = None
        self._lock = threading.Lock()
        self._memo: dict[str, float | None] = {}

    def _open(self) -> None:
        if self._db is not None or self._mem is not None:
            return
        with self._lock:
            if self._db is not None or self._mem is not None:
                return
            path = cache_dir() / f"{self.name}-{self.version}.sqlite"
            try:
                if not path.is_file():
                    self._build(path)
                self._db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
            except (OSError, sqlite3.Error):
                self._mem = dict(self._loader())

    def _build(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        os.close(fd)
        try:
            db = sqlite3.connect(tmp)
            db.execute("CREATE TABLE t (k TEXT PRIMARY KEY, v REAL) WITHOUT ROWID")
            db.executemany("INSERT OR IGNORE INTO t VALUES (?, ?)", self._loader())
            db.commit()
            db.close()
            os.replace(tmp, path)  # atomic: parallel workers never see a half-written file
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)

    def get_many(self, keys: Iterable[str]) -> dict[str, float]:
        self._open()
        if self._mem is not None:
            return {k: self._mem[k] for k in set(keys) if k in self._mem}
        assert self._db is not None
        memo = self._memo
        out: dict[str, float] = {}
        wanted = []
        for k in set(keys):
            if k in memo:
                v = memo[k]
                if v is not None:
                    out[k] = v
            else:
                wanted.append(k)
        found: dict[str, float] = {}
        for i in range(0, len(wanted), 900):  # SQLite's default limit on bound parameters
            chunk = wanted[i : i + 900]
            q = f"SELECT k, v FROM t WHERE k IN ({','.join('?' * len(chunk))})"
            found.update(self._db.execute(q, chunk).fetchall())
        if len(memo) + len(wanted) > MEMO_MAX:
            memo.clear()
        for k in wanted:
            memo[k] = found.get(k)
        out.update(found)
        return out

    def get(self, key: str) -> float | None:
        return self.get_many([key]).get(key)
