"""Large word-count tables (wordfreq, wordsegment, pyspellchecker) behind a fast, shared on-disk cache.

Loading wordsegment's 590,000 counts or a wordfreq list into Python dicts takes 0.15-0.35 s, longer
than checking an article. The first use builds two files in the user's cache directory
(``$MTQA_CACHE``, else ``$XDG_CACHE_HOME/mtqa``, else ``~/.cache/mtqa``) from the installed package's
own data: a MARISA trie of the words (``.trie``, which numbers them 0..n-1) and their values in that
order (``.f64``, doubles in the machine's byte order). Later processes memory-map both, in well under
a millisecond, and share their pages; a lookup costs about half a microsecond (an SQLite query, used
before, cost 2 µs a word in bulk and 12 µs alone), and a per-process memo makes repeated words as
cheap as a dict lookup. Where the cache cannot be written the table is loaded into memory instead, so
results never depend on the cache.
"""

from __future__ import annotations

import mmap
import os
import tempfile
import threading
from array import array
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

Loader = Callable[[], Iterable[tuple[str, float]]]
MEMO_MAX = 100_000  # words remembered per table and process (hits and misses): a feed repeats most words
_UNSEEN: Any = object()
FORMAT = "1"  # of the cache files; part of their names, so that a new format never reads an old file


def cache_dir() -> Path:
    if os.environ.get("MTQA_CACHE"):
        return Path(os.environ["MTQA_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "mtqa"


def data_stamp(package: str, *parts: str) -> str | None:
    """The identity of a data file inside an installed package, for the names of the cache files built
    from it: its size and modification time, so that a new release of the data gets a new cache. Found
    without importing the package (wordfreq's import alone takes longer than checking an article) or
    reading package metadata. None when the package is not installed; ``"missing"`` when the file is
    not there (the table's loader then says what is wrong)."""
    import importlib.util

    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        return None
    try:
        st = os.stat(os.path.join(next(iter(spec.submodule_search_locations)), *parts))
    except OSError:
        return "missing"
    return f"{st.st_size:x}.{st.st_mtime_ns:x}"


class CountTable:
    """A read-only ``str -> float`` table. ``name`` and ``version`` (a release, or a :func:`data_stamp`)
    identify the cache files; a key that the loader gives twice keeps its first value."""

    def __init__(self, name: str, version: str, loader: Loader) -> None:
        self.name = name
        self.version = version
        self._loader = loader
        self._lock = threading.Lock()
        self._trie: Any = None  # marisa_trie.Trie: word -> position
        self._values: Any = None  # memoryview of doubles, by position
        self._mem: dict[str, float] | None = None
        self._memo: dict[str, float | None] = {}  # a dict lookup is several times faster than the trie's

    @property
    def path(self) -> Path:
        """The trie file; the values sit beside it with the suffix ``.f64``."""
        return cache_dir() / f"{self.name}-{self.version}.t{FORMAT}.trie"

    def _open(self) -> None:
        if self._trie is not None or self._mem is not None:
            return
        with self._lock:
            if self._trie is not None or self._mem is not None:
                return
            try:
                self._map(self.path)
                return
            except (OSError, ValueError, RuntimeError):  # not built yet, unreadable, or torn
                pass
            pairs = _first_values(self._loader())
            try:
                self._build(self.path, pairs)
                self._map(self.path)
            except (OSError, ValueError, RuntimeError):  # no writable cache: keep it in memory
                self._mem = pairs

    def _map(self, path: Path) -> None:
        import marisa_trie

        with path.with_suffix(".f64").open("rb") as fh:
            values = memoryview(mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)).cast("d")
        trie = marisa_trie.Trie()
        trie.mmap(str(path))
        if len(trie) != len(values):
            raise ValueError(f"{path}: {len(trie)} words but {len(values)} values")
        self._values, self._trie = values, trie

    def _build(self, path: Path, pairs: dict[str, float]) -> None:
        """Write both files under temporary names, then move them into place, values first: a reader
        that finds the trie finds its values, and parallel builders only ever replace a file whole."""
        import marisa_trie

        trie = marisa_trie.Trie(pairs)
        values = array("d", bytes(8 * len(trie)))
        for k, v in pairs.items():
            values[trie.key_id(k)] = v
        path.parent.mkdir(parents=True, exist_ok=True)
        for target, save in ((path.with_suffix(".f64"), lambda p: Path(p).write_bytes(values.tobytes())),
                             (path, trie.save)):
            fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
            os.close(fd)
            try:
                save(tmp)
                os.replace(tmp, target)
            finally:
                if os.path.exists(tmp):
                    os.unlink(tmp)

    def get_many(self, keys: Iterable[str], remember: bool = True) -> dict[str, float]:
        """The keys found, with their values. ``remember=False`` for keys unlikely to come back (spelling
        candidates): they skip the per-process memo."""
        self._open()
        if self._mem is not None:
            mem = self._mem
            return {k: mem[k] for k in keys if k in mem}
        find, values = self._trie.get, self._values
        if not remember:
            found = ((k, find(k)) for k in keys)
            return {k: values[i] for k, i in found if i is not None}
        memo = self._memo
        if len(memo) > MEMO_MAX:
            memo.clear()
        out: dict[str, float] = {}
        for k in keys:
            v = memo.get(k, _UNSEEN)
            if v is _UNSEEN:
                i = find(k)
                v = memo[k] = None if i is None else values[i]
            if v is not None:
                out[k] = v
        return out

    def get(self, key: str) -> float | None:
        return self.get_many((key,)).get(key)


def _first_values(pairs: Iterable[tuple[str, float]]) -> dict[str, float]:
    out: dict[str, float] = {}
    for k, v in pairs:
        out.setdefault(k, float(v))
    return out
