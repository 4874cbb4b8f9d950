"""``mtqa batch``: check a feed into ``DIR/reports.jsonl``, resumably, and total it up.

``reports.jsonl`` gets one line per input item, in input order, each written whole and flushed, so that
a kill at any moment leaves a readable file (at worst with a torn last line). Without ``resume`` an
existing ``reports.jsonl`` is replaced. With ``resume`` the reports already there are kept, keyed on
their ``input`` (where the article was read: the canonical path of its input, as ``mtqa batch`` gives
it, plus its place there; unique within a feed and the same on every reading, however the path was
spelled), a torn last line is dropped, and only the items not yet reported are checked: the finished
file equals an uninterrupted run's. A kept file made with other settings, or holding reports of other
inputs, is refused rather than mixed in. ``retry`` codes (``E500``...) are checked again: then the file
is rewritten in input order, and replaced at the end. Memory stays flat in feed length: the engines read
a bounded window ahead, and the summary is totalled as the lines go by (the keys of the kept reports are
held: some tens of bytes a line).

One batch at a time writes to a folder: :func:`mtqa.feeds.folderlock.batch_lock` holds an exclusive lock on
``DIR`` (``flock``, released by the kernel however the process ends).
"""

from __future__ import annotations

import json
import os
from collections import deque
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mtqa.errors import ConfigError, InputError, OutputError
from mtqa.feeds.engine_work import SUMMARY_KEYS
from mtqa.feeds.engines import Engine, results
from mtqa.report.totals import BatchSummary, SummaryTotals

if TYPE_CHECKING:
    from mtqa.config import QAConfig

REPORTS = "reports.jsonl"
VERDICTS = ("pass", "fail", "error")


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
    retry: Collection[str] = (),
    inputs: Sequence[Path] = (),
) -> BatchResult:
    """Check ``items`` (FeedItems) into ``out/reports.jsonl``; ``on_report(id)`` after each line.
    ``retry``: error codes whose kept reports are checked again; ``inputs``: the (canonical) input paths,
    which every kept report must come from. Callers that may run concurrently hold :func:`batch_lock`."""
    out.mkdir(parents=True, exist_ok=True)
    path = out / REPORTS
    totals = SummaryTotals()
    kept: dict[str, tuple[int, int]] = {}  # input -> (offset, length) of its line in the old file
    redo = 0
    if resume and path.exists():
        settings = _settings_key(cfg)
        prefixes = tuple(str(p) for p in inputs)
        for slim, at in _kept_reports(path, settings, prefixes):
            if slim["verdict"] == "error" and (slim.get("error") or {}).get("code") in retry:
                redo += 1
                continue
            totals.add(slim)
            kept[slim["input"]] = at
    elif path.exists():
        path.unlink()  # replaced, not appended to: a fresh run
    order: deque[tuple[int, int] | None] = deque()  # kept lines (rewrite) and None for a checked item

    def todo() -> Iterator[Any]:
        for it in items:
            at = kept.get(it.origin) if it.origin else None
            if at is None:
                order.append(None)
                yield it
            elif redo:
                order.append(at)

    checked = 0
    target = path.with_name(REPORTS + ".partial") if redo else path
    written = 0  # bytes of whole lines in ``target``
    try:
        with ExitStack() as stack:
            old = stack.enter_context(path.open("rb")) if redo else None
            fh = stack.enter_context(target.open("wb" if redo else "ab"))
            written = fh.tell()

            def copy_kept() -> None:
                nonlocal written
                while order and order[0] is not None and old is not None:
                    off, n = order.popleft()  # type: ignore[misc]
                    old.seek(off)
                    written += fh.write(old.read(n))

            for line, slim in results(todo(), cfg, engine):
                copy_kept()
                order.popleft()
                fh.write(line.encode("utf-8") + b"\n")
                fh.flush()  # a kill loses at most the line being written
                written = fh.tell()
                totals.add(slim)
                checked += 1
                if on_report:
                    on_report(slim["id"])
            copy_kept()
    except OSError as e:
        raise OutputError(_cannot_write(target, e, written, bool(redo))) from e
    if redo:
        os.replace(target, path)
    return BatchResult(totals.summary(), path, len(kept), checked)


def _cannot_write(target: Path, e: OSError, written: int, redo: bool) -> str:
    """The message for a write that failed (disk full, file size limit, permission), after cutting the
    file back to its whole lines: an interrupted file, resumable; a rewrite's file, removed."""
    why = e.strerror or str(e)
    try:
        if redo:
            target.unlink(missing_ok=True)
            return f"{target}: cannot write ({why}); {target.with_name(REPORTS)} is as it was"
        if target.exists():
            os.truncate(target, written)
    except OSError:
        pass
    return (f"{target}: cannot write ({why}); the reports written so far are kept: make room (or fix the "
            "permission) and run again with --resume")


def _settings_key(cfg: QAConfig) -> str:
    """The run signature without its fluency part, which names the model of each target language."""
    from mtqa.pipeline import Runner
    from mtqa.signature import run_signature

    runner = Runner.from_config(cfg)
    return _without_fluency(run_signature(cfg, runner.detectors, "n/a", runner.glossary))


def _without_fluency(signature: str) -> str:
    return "|".join(p for p in signature.split("|") if not p.startswith("flu:"))


def report_problem(d: Any) -> str | None:
    """Why a JSON value is not a report line of ``mtqa batch`` (the fields the summary reads), or None."""
    if not isinstance(d, dict):
        return "not a JSON object"
    for key in ("id", "input", "signature"):
        if not isinstance(d.get(key), str) or not d[key]:
            return f"no {key!r}"
    if d.get("verdict") not in VERDICTS:
        return "no 'verdict' (pass, fail or error)"
    if d["verdict"] == "error":
        return None if isinstance(d.get("error"), dict) else "an error record without 'error'"
    if not isinstance(d.get("score"), (int, float)) or not isinstance(d.get("findings"), list):
        return "no 'score' or 'findings'"
    keys = ("code", "category", "severity", "name")
    if not all(isinstance(f, dict) and all(isinstance(f.get(k), str) for k in keys) for f in d["findings"]):
        return "a finding without code, category, severity or name"
    return None


def _kept_reports(path: Path, settings: str, prefixes: tuple[str, ...]
                  ) -> Iterator[tuple[dict[str, Any], tuple[int, int]]]:
    """The summary fields of the whole reports in ``path`` and where their lines are; a torn last line (a
    kill while it was being written) is cut off the file, so that its article is checked again and
    appended cleanly. A report made with other settings, or of an input not among ``prefixes``, stops
    the resume: kept beside the new ones it would make a file that no single run writes."""
    good_end = 0
    refuse = "cannot resume from this file (run without --resume to replace it)"
    with path.open("rb") as fh:
        for n, raw in enumerate(fh, 1):
            try:
                d = json.loads(raw) if raw.endswith(b"\n") else None
            except ValueError:  # not JSON, not UTF-8, or an integer too long to read
                d = None
            if d is None:
                if fh.read(1):  # not the last line: this file was not written by an interrupted batch
                    raise InputError(f"{path}:{n}: not a report line; {refuse}")
                break
            problem = report_problem(d)
            if problem:
                raise InputError(f"{path}:{n}: not a report of mtqa batch ({problem}); {refuse}")
            if _without_fluency(d["signature"]) != settings:
                raise ConfigError(f"{path}:{n}: made with other settings ({d['signature']}, now {settings}); "
                                  "resume with the settings of that run, or run without --resume")
            if prefixes and not d["input"].startswith(prefixes):
                raise ConfigError(f"{path}:{n}: a report of {d['input']!r}, which is not from these inputs "
                                  f"({', '.join(prefixes)}); resume with the inputs of that run, or give "
                                  "another --out")
            yield {k: d.get(k) for k in SUMMARY_KEYS}, (good_end, len(raw))
            good_end += len(raw)
    if good_end < os.path.getsize(path):
        os.truncate(path, good_end)
