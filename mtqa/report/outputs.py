"""Output formats and the files they make, from article report dicts: one table, used by ``batch``
and ``report`` alike (``--format jsonl,md,html,csv,sarif,parquet``). Rendering only: the CLI writes.
"""

from __future__ import annotations

import json
from typing import Any, Sequence

from mtqa.errors import ConfigError
from mtqa.report.history import TrendPoint

FILES = {
    "jsonl": ("reports.jsonl",),
    "md": ("summary.md",),
    "html": ("report.html",),
    "csv": ("findings.csv", "articles.csv"),
    "sarif": ("findings.sarif",),
    "parquet": ("findings.parquet", "articles.parquet"),
}


def parse_formats(value: str, allowed: Sequence[str]) -> tuple[str, ...]:
    fmts = tuple(dict.fromkeys(x.strip().lower() for x in value.split(",") if x.strip()))
    bad = [f for f in fmts if f not in allowed]
    if bad or not fmts:
        raise ConfigError(f"unknown output format {', '.join(bad) or repr(value)}; choose from {', '.join(allowed)}")
    return fmts


def render(
    fmt: str,
    reports: Sequence[dict[str, Any]],
    pass_threshold: float,
    history: Sequence[TrendPoint] = (),
    title: str = "mtqa report",
) -> dict[str, str | bytes]:
    """File name -> contents for one format."""
    if fmt == "jsonl":
        return {"reports.jsonl": "".join(json.dumps(d, ensure_ascii=False) + "\n" for d in reports)}
    if fmt == "md":
        from mtqa.report.json import summarize
        from mtqa.report.markdown import render_summary

        return {"summary.md": render_summary(summarize(reports), pass_threshold)}
    if fmt == "html":
        from mtqa.report.html import render_html

        return {"report.html": render_html(reports, title, history, pass_threshold)}
    if fmt == "csv":
        from mtqa.report.csv import articles_csv, findings_csv

        return {"findings.csv": findings_csv(reports), "articles.csv": articles_csv(reports)}
    if fmt == "sarif":
        from mtqa.report.sarif import to_sarif

        return {"findings.sarif": json.dumps(to_sarif(reports), ensure_ascii=False, indent=1) + "\n"}
    if fmt == "parquet":
        from mtqa.report.parquet import to_parquet

        return dict(to_parquet(reports))
    raise ConfigError(f"unknown output format {fmt!r}; choose from {', '.join(FILES)}")
