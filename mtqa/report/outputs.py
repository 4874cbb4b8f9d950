"""Output formats and the files they make, from article reports (typed views, or the dicts they are
decoded from: :mod:`mtqa.report.contract`): one table, used by ``batch``
and ``report`` alike (``--format jsonl,md,html,csv,sarif,parquet``). :func:`render` is pure;
:func:`write_outputs` is the one place that writes report files (and records a run in the store).
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mtqa.errors import ConfigError

if TYPE_CHECKING:  # the CLI imports this module on every start: keep it light
    from mtqa.report.contract import ArticleView
    from mtqa.report.history import Run, TrendPoint

FILES = {
    "jsonl": ("reports.jsonl",),
    "md": ("summary.md",),
    "html": ("report.html",),
    "csv": ("findings.csv", "articles.csv"),
    "sarif": ("findings.sarif",),
    "parquet": ("findings.parquet", "articles.parquet"),
    # write-back: each CAT input file under its own name, with the findings in it (mtqa.report.writeback)
    "xliff": (),
    "po": (),
    "tmx": (),
}


def parse_formats(value: str, allowed: Sequence[str]) -> tuple[str, ...]:
    fmts = tuple(dict.fromkeys(x.strip().lower() for x in value.split(",") if x.strip()))
    bad = [f for f in fmts if f not in allowed]
    if bad or not fmts:
        raise ConfigError(
            f"unknown output format {', '.join(bad) or repr(value)}; choose from {', '.join(allowed)}"
        )
    return fmts


def render(
    fmt: str,
    articles: Sequence[ArticleView | Mapping[str, Any]],
    pass_threshold: float,
    history: Sequence[TrendPoint] = (),
    title: str = "mtqa report",
) -> dict[str, str | bytes]:
    """File name -> contents for one format."""
    from mtqa.report.contract import as_views

    reports = as_views(articles)
    if fmt == "jsonl":  # the contract passed on as it was read
        return {"reports.jsonl": "".join(json.dumps(r.raw, ensure_ascii=False) + "\n" for r in reports)}
    if fmt == "md":
        from mtqa.report.markdown import render_summary
        from mtqa.report.totals import summarize

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
    if fmt in ("xliff", "po", "tmx"):
        from mtqa.report.writeback import write_back

        return dict(write_back(reports, fmt))
    raise ConfigError(f"unknown output format {fmt!r}; choose from {', '.join(FILES)}")


def write_file(path: Path, content: str | bytes) -> Path:
    """Write ``path`` atomically: into a temporary file beside it, then renamed over it, so that a kill
    at any moment leaves either the old file or the new one, never half of one."""
    from mtqa.errors import OutputError

    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            tmp.write_bytes(content)
        else:
            tmp.write_text(content, encoding="utf-8", errors="backslashreplace", newline="")
        os.replace(tmp, path)
    except OSError as e:  # no permission, disk full, over the file size limit: nothing partial stays
        raise OutputError(f"{path}: cannot write ({e.strerror or e})") from e
    finally:
        try:
            tmp.unlink(missing_ok=True)
        except OSError:
            pass
    return path


def write_outputs(
    articles: Sequence[ArticleView | Mapping[str, Any]],
    out: Path | None,
    formats: Sequence[str],
    html: Path | None,
    store: Path | None,
    at: datetime | None,
    pass_threshold: float,
    title: str,
) -> tuple[list[Path], Run | None]:
    """Record the run in ``store`` (the HTML report then gets the history charts), write the files of
    ``formats`` into ``out`` and the HTML report to ``html``; returns the paths written and the run."""
    from mtqa.report.contract import as_views

    reports = as_views(articles)  # decoded once for every format
    history: Sequence[TrendPoint] = ()
    run = None
    if store:
        from mtqa.report.history import record_run, trends

        run = record_run(store, reports, at)
        history = trends(store)
    written = []
    for fmt in formats:
        if out is None:
            raise ConfigError(f"--format {fmt} writes files: say where with --out DIR")
        for name, content in render(fmt, reports, pass_threshold, history, title).items():
            written.append(write_file(out / name, content))
    if html:
        written.append(
            write_file(html, render("html", reports, pass_threshold, history, title)["report.html"])
        )
    return written, run
