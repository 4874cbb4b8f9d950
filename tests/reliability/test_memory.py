"""The per-article memory limit (issue 14, item 1): an article that needs more memory than
``--max-memory`` becomes an E501 record, in this process (address-space limit) and in worker
processes (address-space limit, and the resident-memory watchdog for what does not raise), and an
article too long for the budget is refused before it is checked. The batch goes on."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest

from mtqa import pipeline

from mtqa.feeds import engines
from mtqa.config import QAConfig
from mtqa.feeds.engines import Engine
from mtqa.inputs import read_inputs
from mtqa.feeds.memlimit import MIB, address_space_limit, mapped_bytes
from tests.test_batch import make_feed

pytestmark = pytest.mark.skipif(mapped_bytes() is None, reason="needs Linux /proc")
_REAL_CHECK = pipeline.Runner._check


def _greedy_check(self: Any, pair: Any) -> Any:
    if pair.article_id.endswith("-2"):
        # 2 GiB in 16 MiB steps, written (resident, for the in-process watchdog) and each a fresh mapping
        # (for the workers' address-space limit); both stop it at the test's 256 MiB budget
        return [b"x" * (16 * MIB) for _ in range(128)]
    return _REAL_CHECK(self, pair)


@pytest.fixture(autouse=True)
def _word_lists_built(tmp_path_factory: pytest.TempPathFactory) -> None:
    """The word-count cache is built once per machine, outside any article's budget; here, before."""
    engines.check_item(pipeline.Runner.from_config(QAConfig()), next(iter(read_inputs(
        [make_feed(tmp_path_factory.mktemp("warm") / "w.jsonl", 1)]))), 0)


def _codes(feed: Path, engine: Engine) -> list[str | None]:
    got = [json.loads(line) for line, _ in engines.results(read_inputs([feed]), QAConfig(), engine)]
    return [(g.get("error") or {}).get("code") for g in got]


@pytest.mark.parametrize("jobs", [1, 2])
def test_article_over_the_memory_limit_is_a_record(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                   jobs: int) -> None:
    monkeypatch.setattr(pipeline.Runner, "_check", _greedy_check)  # forked workers inherit it
    feed = make_feed(tmp_path / "feed.jsonl", 4)
    assert _codes(feed, Engine(jobs=jobs, max_memory=256)) == [None, None, "E501", None]


def test_limit_is_lifted_after_the_batch(tmp_path: Path) -> None:
    import resource

    before = resource.getrlimit(resource.RLIMIT_AS)
    with address_space_limit(64):
        assert resource.getrlimit(resource.RLIMIT_AS)[0] < (mapped_bytes() or 0) + 65 * MIB
    assert resource.getrlimit(resource.RLIMIT_AS) == before


def test_worker_growing_past_the_limit_is_stopped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Memory that does not raise (native code; here the address-space limit is off, as with CUDA):
    the batch watches the worker's resident memory and replaces the worker."""

    def resident_hog(self: Any, pair: Any) -> Any:
        if pair.article_id.endswith("-1"):
            hog = [bytearray(MIB) for _ in range(200)]  # resident: bytearray() writes its zeros
            time.sleep(60)
            return hog
        return _REAL_CHECK(self, pair)

    monkeypatch.setattr(pipeline.Runner, "_check", resident_hog)
    monkeypatch.setattr(engines, "address_budget", lambda cfg, mb: 0.0)
    monkeypatch.setattr(engines, "POLL", 0.05)
    feed = make_feed(tmp_path / "feed.jsonl", 3)
    got = [json.loads(line) for line, _ in engines.results(read_inputs([feed]), QAConfig(),
                                                           Engine(jobs=2, max_memory=100, timeout=0))]
    assert [(g.get("error") or {}).get("code") for g in got] == [None, "E501", None]
    assert "grow past the memory limit of 100 MiB" in got[1]["error"]["message"]


def test_article_too_long_for_the_budget_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def never(self: Any, pair: Any) -> Any:
        raise AssertionError("an article too long for the memory budget was checked")

    feed = make_feed(tmp_path / "feed.jsonl", 1)
    monkeypatch.setattr(pipeline.Runner, "_check", never)
    got = [json.loads(line) for line, _ in engines.results(read_inputs([feed]), QAConfig(),
                                                           Engine(jobs=1, max_memory=0.1))]
    assert got[0]["error"]["code"] == "E501" and "too long to check" in got[0]["error"]["message"]


_HELD: list[bytes] = []  # what a greedy check leaves behind in its worker (a cache that kept it)


def _check_that_keeps_memory(self: Any, pair: Any) -> Any:
    """The fault suite's 64,000-character long word: the check ran out of memory under the limit and a
    cache kept what it had filled, so every later article on that worker was E501 too."""
    if _HELD or pair.article_id.endswith("-1"):
        _HELD.append(b"")
        raise MemoryError
    return _REAL_CHECK(self, pair)


def test_worker_whose_article_ran_out_of_memory_is_replaced(tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pipeline.Runner, "_check", _check_that_keeps_memory)
    feed = make_feed(tmp_path / "feed.jsonl", 4)
    assert _codes(feed, Engine(jobs=2, max_memory=512)) == [None, "E501", None, None]


def test_worker_without_room_for_the_next_article_is_a_record(tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """A worker whose address space had no room left even to receive the next article died with a
    traceback; the batch read the reset pipe as an output failure (E600) and stopped, losing the rest."""
    import os
    from multiprocessing.connection import Connection

    batch_pid, real_recv = os.getpid(), Connection.recv
    received: list[int] = []

    def recv(self: Connection) -> Any:
        if os.getpid() != batch_pid:  # in a worker: its second article finds no room
            received.append(1)
            if len(received) == 2:
                raise MemoryError
        return real_recv(self)

    monkeypatch.setattr(Connection, "recv", recv)
    feed = make_feed(tmp_path / "feed.jsonl", 4)
    got = [json.loads(line) for line, _ in engines.results(read_inputs([feed]), QAConfig(),
                                                           Engine(jobs=2, max_memory=512))]
    codes = [(g.get("error") or {}).get("code") for g in got]
    assert len(got) == 4 and codes.count("E501") >= 1 and set(codes) <= {None, "E501"}
    assert all("without room left" in g["error"]["message"] for g in got if g.get("error"))
