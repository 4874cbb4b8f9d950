"""The batch summary as Markdown (``DIR/summary.md``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from mtqa.escape import markdown_cell
from mtqa.report.totals import BatchSummary


def _table(head: Sequence[str], rows: Sequence[Sequence[Any]]) -> list[str]:
    out = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
    out += ["| " + " | ".join(markdown_cell(c) for c in r) + " |" for r in rows]
    return out


def render_summary(s: BatchSummary, pass_threshold: float) -> str:
    names = dict(s.names)
    lines = [
        "# mtqa batch summary",
        "",
        (
            f"- articles: **{s.articles}** in = {s.scored} scored (pass {s.passed}, fail {s.failed}) + "
            f"{s.errors} "
            f"errored; pass threshold {pass_threshold:g}"
        ),
        (
            f"- mean score: {s.mean_score if s.mean_score is not None else 'n/a'}; mean fluency: "
            f"{s.mean_fluency if s.mean_fluency is not None else 'n/a'}"
        ),
        (
            f"- target words: {s.words}; penalty per 1,000 words: "
            f"{s.penalty_per_1000 if s.penalty_per_1000 is not None else 'n/a'}"
        ),
        "- language pairs: " + ", ".join(f"{markdown_cell(k)} ({n})" for k, n in s.by_langs),
        *([(f"- **warnings: {len(s.warned)}** (a language that differs from the declared one, or an "
             "unrelated translation; see below)")] if s.warned else []),
        "",
    ]
    if s.units:
        lines[-1:-1] = [f"- translation units (CAT files): {s.units}; failing: {s.units_failed}"]
    if s.warned:
        lines += ["## Warnings", ""] + _table(["article", "warning"], s.warned) + [""]
    if s.by_category:
        lines += ["## Findings by category", ""] + _table(["category", "findings"], s.by_category) + [""]
    if s.by_severity:
        lines += ["## Findings by severity", ""] + _table(["severity", "findings"], s.by_severity) + [""]
    if s.by_code:
        lines += ["## Findings by detector", ""]
        lines += _table(
            ["code", "detector", "findings"], [(c, names.get(c, ""), n) for c, n in s.by_code]
        ) + [""]
    if s.worst:
        lines += ["## Lowest-scoring articles", ""] + _table(["article", "score"], s.worst) + [""]
    if s.failing_units:
        lines += [f"## Failing translation units (first {len(s.failing_units)} of {s.units_failed})", ""]
        lines += _table(["unit", "line", "findings", "codes"],
                        list(s.failing_units)) + [""]
    if s.error_ids:
        lines += (
            ["## Articles that could not be checked", ""] + _table(["article", "cause"], s.error_ids) + [""]
        )
    if s.failures:
        lines += [f"Detector failures recorded: {s.failures} (see reports.jsonl, `failures`).", ""]
    lines += ["## Signature", ""] + [f"`{sig}`" for sig in s.signatures] + [""]
    return "\n".join(lines)

