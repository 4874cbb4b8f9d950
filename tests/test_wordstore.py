"""The word-count cache: the same answers from a fresh build, from the files a later process maps,
and from memory when the cache cannot be written; a damaged file is rebuilt."""

from __future__ import annotations

from pathlib import Path

import pytest

from mtqa.resources.wordstore import CountTable

ROWS = [("the", 7.73), ("shells", 4.1), ("città", 4.5), ("Kim Jong-un", 3.0), ("the", 1.0), ("", 2.0)]
# a repeated key keeps its first value
EXPECTED = {"the": 7.73, "shells": 4.1, "città": 4.5, "Kim Jong-un": 3.0, "": 2.0}
ASKED = ["the", "shells", "città", "citta", "Kim Jong-un", "bullets", "", "THE"]


def table(calls: list[int], name: str = "t") -> CountTable:
    def load() -> list[tuple[str, float]]:
        calls.append(1)
        return ROWS

    return CountTable(name, "1.0", load)


def answers(t: CountTable) -> tuple[dict[str, float], list[float | None]]:
    return t.get_many(ASKED), [t.get(k) for k in ASKED]


def expected() -> tuple[dict[str, float], list[float | None]]:
    return {k: EXPECTED[k] for k in ASKED if k in EXPECTED}, [EXPECTED.get(k) for k in ASKED]


def test_built_then_mapped_by_a_later_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MTQA_CACHE", str(tmp_path))
    calls: list[int] = []
    first = table(calls)
    assert answers(first) == expected()
    assert answers(first) == expected()  # again, from the per-process memo
    assert first.path.is_file() and first.path.with_suffix(".f64").is_file()
    later = table(calls)  # what a new process does: map the files, never load the package's data
    assert answers(later) == expected()
    assert calls == [1]


def test_unwritable_cache_falls_back_to_memory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("MTQA_CACHE", str(blocker / "cache"))
    calls: list[int] = []
    t = table(calls)
    assert answers(t) == expected()
    assert calls == [1]


def test_damaged_values_file_is_rebuilt(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MTQA_CACHE", str(tmp_path))
    calls: list[int] = []
    table(calls).get("the")
    values = table(calls).path.with_suffix(".f64")
    values.write_bytes(values.read_bytes()[:-8])  # one value short: torn or tampered with
    assert answers(table(calls)) == expected()
    assert calls == [1, 1]


def test_data_stamp_follows_the_data_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib

    from mtqa.resources.wordstore import data_stamp

    pkg = tmp_path / "mtqa_stamp_pkg"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("raise RuntimeError('a stamp must not import the package')\n")
    (pkg / "counts.txt").write_text("the 7\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    importlib.invalidate_caches()
    first = data_stamp("mtqa_stamp_pkg", "counts.txt")
    assert first and first == data_stamp("mtqa_stamp_pkg", "counts.txt")
    (pkg / "counts.txt").write_text("the 7\nshells 4\n")  # a new release of the data
    assert data_stamp("mtqa_stamp_pkg", "counts.txt") not in (first, None, "missing")
    assert data_stamp("mtqa_stamp_pkg", "other.txt") == "missing"
    assert data_stamp("mtqa_no_such_package_here") is None
