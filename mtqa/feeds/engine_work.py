"""The work every engine shares (:mod:`mtqa.feeds.engines`, :mod:`mtqa.feeds.cluster`): one article checked
under the time and memory limits, its report encoded as one JSON line with the fields the batch summary
needs, and the error records of an article that could not be checked. Kept apart from the engines so
that the Dask engine can use it without importing the module that chooses it (no import cycle).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from mtqa.errors import MemoryLimitError, TimeLimitError
from mtqa.feeds.memlimit import too_large
from mtqa.feeds.timelimit import ArticleTimeout, time_limit

if TYPE_CHECKING:
    from mtqa.pipeline import Runner

# (report as one JSON line, the fields of it that the batch summary needs)
Result = tuple[str, dict[str, Any]]
SUMMARY_KEYS = ("id", "input", "verdict", "score", "words", "penalty", "fluency", "findings", "failures",
                "source_lang", "target_lang", "error", "signature", "warnings", "units")

WINDOW_PER_WORKER = 4  # items read ahead per worker: enough to keep every worker busy
GRACE = 10.0  # seconds past the time limit before a stuck worker is given up on (hard deadline)

def check_item(runner: Runner, item: Any, timeout: float, max_memory: float = 0.0) -> Result:
    """The item's report under the time and memory limits, as a JSON line and its summary fields."""
    if max_memory and too_large(_chars(item), max_memory):
        return encode(error_dict(runner, item, MemoryLimitError.code, memory_limit_message(
            item, max_memory, "is too long to check within")))
    try:
        with time_limit(timeout):
            d = _report_dict(runner, item)
    except ArticleTimeout:
        d = error_dict(runner, item, TimeLimitError.code, time_limit_message(item, timeout))
    except MemoryError:  # past the address-space limit; what the check held is freed by now
        d = error_dict(runner, item, MemoryLimitError.code, memory_limit_message(item, max_memory))
    return encode(d)


def _chars(item: Any) -> int:
    from mtqa.types import ArticlePair

    if not isinstance(item, ArticlePair):
        return 0
    return len(item.source.text) + len(item.target.text) + len(item.reference or "")


def memory_limit_message(item: Any, max_memory: float, what_happened: str = "needed more memory than") -> str:
    """The message of an E501 record, the same whichever engine stopped the article."""
    limit = f"the memory limit of {max_memory:g} MiB" if max_memory else "the memory available"
    return (f"article {item.article_id!r} {what_happened} {limit}; raise it with --max-memory MIB "
            "(0: no limit)")


def time_limit_message(item: Any, timeout: float, what_happened: str = "") -> str:
    """The message of an E500 record, the same whichever engine gave up on the article."""
    return (f"article {item.article_id!r} took longer than the time limit of {timeout:g} s{what_happened}; "
            "raise it with --timeout SECONDS (0: no limit)")


def encode(d: dict[str, Any]) -> Result:
    line = json.dumps(d, ensure_ascii=False)
    try:
        line.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate (from a JSON escape or a file name): written escaped
        line = json.dumps(d)
    return line, {k: d.get(k) for k in SUMMARY_KEYS}


def _report_dict(runner: Runner, item: Any) -> dict[str, Any]:
    from mtqa.inputs import BadItem

    if isinstance(item, BadItem):
        return error_dict(runner, item, item.code, item.message)
    return runner.check(item).to_dict()


def error_dict(runner: Runner, item: Any, code: str, message: str) -> dict[str, Any]:
    """An error record for ``item`` (an ArticlePair or a BadItem)."""
    from mtqa.types import ArticleError

    return runner.error_report(item, ArticleError(code, message)).to_dict()
