"""``mtqa batch``: check a feed into ``DIR/reports.jsonl``, resumably, and total it up.

``reports.jsonl`` gets one line per input item, in input order, each written whole and flushed, so that
a kill at any moment leaves a readable file (at worst with a torn last line). Without ``resume`` an
existing ``reports.jsonl`` is replaced. With ``resume`` the reports already there are kept, keyed on
their ``input`` (where the article was read: unique within a feed and the same on every reading), a
torn last line is dropped, and only the items not yet reported are checked: the finished file equals an
uninterrupted run's. Memory stays flat in feed length: the engines read a bounded window ahead, and the
summary is totalled as the lines go by.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mtqa.engines import SUMMARY_KEYS, Engine, results
from mtqa.errors import InputError
from mtqa.report.json import BatchSummary, SummaryTotals

if TYPE_CHECKING:
    from mtqa.config import QAConfig

REPORTS = "reports.jsonl"


@dataclass(frozen=True)
class BatchResult:
    summary: BatchSummary
    reports: Path
    resumed: int  # reports kept from an earlier run (--resume)
    checked: int  # items checked in this run


def run_batch(
    items: Iterable[Any],
    cfg: QAConfig,
    out: Path,
    engine: Engine = Engine(),  # noqa: B008 - frozen dataclass, safe to share
    resume: bool = False,
    on_report: Callable[[str], None] | None = None,
) -> BatchResult:
    """Check ``items`` (FeedItems) into ``out/reports.jsonl``; ``on_report(id)`` after each line."""
    out.mkdir(parents=True, exist_ok=True)
    path = out / REPORTS
    totals = SummaryTotals()
    done: set[str] = set()
    if resume and path.exists():
        for slim in _kept_reports(path):
            totals.add(slim)
            done.add(slim["input"])
    elif path.exists():
        path.unlink()  # replaced, not appended to: a fresh run
    todo = (it for it in items if not (it.origin and it.origin in done))
    checked = 0
    with path.open("a", encoding="utf-8", newline="\n") as fh:
        for line, slim in results(todo, cfg, engine):
            fh.write(line + "\n")
            fh.flush()  # a kill loses at most the line being written
            totals.add(slim)
            checked += 1
            if on_report:
                on_report(slim["id"])
    return BatchResult(totals.summary(), path, len(done), checked)


def _kept_reports(path: Path) -> Iterator[dict[str, Any]]:
    """The summary fields of the whole reports in ``path``; a torn last line (a kill while it was being
    written) is cut off the file, so that its article is checked again and appended cleanly."""
    good_end = 0
    with path.open("rb") as fh:
        for n, raw in enumerate(fh, 1):
            try:
                d = json.loads(raw) if raw.endswith(b"\n") else None
            except json.JSONDecodeError:
                d = None
            if d is None:
                if fh.read(1):  # not the last line: this file was not written by an interrupted batch
                    raise InputError(f"{path}:{n}: not a report line; cannot resume from this file "
                                     "(run without --resume to replace it)")
                break
            if not isinstance(d, dict) or not d.get("input"):
                raise InputError(f"{path}:{n}: a report without 'input'; cannot resume from this file "
                                 "(run without --resume to replace it)")
            good_end += len(raw)
            yield {k: d.get(k) for k in SUMMARY_KEYS}
    if good_end < os.path.getsize(path):
        os.truncate(path, good_end)
