"""The history store: every run's reports in one embedded DuckDB file, and trends across runs.

Tables (one row per ...): ``runs`` (run: id, ``run_time`` in UTC, signature, totals), ``articles``
(article of a run: scores, verdict, feed/engine labels and the full report JSON), ``article_meta``
(meta label), ``findings`` (finding: code, category, severity, span). Plain SQL tables, so a data team can
query the file directly; :func:`trends` groups runs by language pair and by any ``meta`` label (``feed``
and ``engine`` by default). DuckDB is an optional extra (``pip install 'mtqa[history]'``).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from mtqa.errors import ModelError
from mtqa.report.contract import ArticleView, as_views
from mtqa.report.totals import summarize

DEFAULT_DIMENSIONS = ("langs", "feed", "engine")
TOP_CATEGORIES = 3
_SPARK = "▁▂▃▄▅▆▇█"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS runs (
    run_id VARCHAR PRIMARY KEY, run_time TIMESTAMP NOT NULL, label VARCHAR, signature VARCHAR,
    articles INTEGER, passed INTEGER, failed INTEGER, errors INTEGER, mean_score DOUBLE);
CREATE TABLE IF NOT EXISTS articles (
    run_id VARCHAR, article_id VARCHAR, langs VARCHAR, feed VARCHAR, engine VARCHAR, verdict VARCHAR,
    score DOUBLE, words INTEGER, penalty DOUBLE, fluency DOUBLE, findings INTEGER, signature VARCHAR,
    report VARCHAR);
CREATE TABLE IF NOT EXISTS article_meta (run_id VARCHAR, article_id VARCHAR, key VARCHAR, value VARCHAR);
CREATE TABLE IF NOT EXISTS findings (
    run_id VARCHAR, article_id VARCHAR, code VARCHAR, name VARCHAR, category VARCHAR, severity VARCHAR,
    side VARCHAR, "start" INTEGER, "end" INTEGER, bead INTEGER);
"""


@dataclass(frozen=True)
class Run:
    run_id: str
    at: datetime
    articles: int
    passed: int
    failed: int
    errors: int
    mean_score: float | None


@dataclass(frozen=True)
class TrendPoint:
    """One group (say ``feed = agency-x``) in one run."""

    dimension: str
    group: str
    run_id: str
    at: datetime
    articles: int
    passed: int
    mean_score: float | None
    top_categories: tuple[tuple[str, int], ...]


def _connect(path: Path, read_only: bool = False) -> Any:
    try:
        import duckdb
    except ImportError as e:
        raise ModelError("the history store needs DuckDB: pip install 'mtqa[history]'") from e
    if read_only and not path.is_file():
        raise ModelError(f"{path}: no history store here yet (record runs with --store {path})")
    try:
        con = duckdb.connect(str(path), read_only=read_only)
    except duckdb.Error as e:
        raise ModelError(f"{path}: cannot open the history store: {e}") from e
    if not read_only:
        con.execute(_SCHEMA)
    return con


def _insert(con: Any, table: str, types: Sequence[str], rows: Sequence[tuple[Any, ...]]) -> None:
    """Bulk insert as one statement of parallel lists (DuckDB's executemany is per row and slow)."""
    if not rows:
        return
    cols = ", ".join(f"unnest(?::{t}[])" for t in types)
    con.execute(f"INSERT INTO {table} SELECT {cols}", [list(c) for c in zip(*rows)])


def record_run(
    path: Path,
    reports: Iterable[ArticleView | Mapping[str, Any]],
    at: datetime | None = None,
    label: str = "",
) -> Run:
    """Add one run (all its article reports) to the store at ``path``, creating it if needed."""
    rs = as_views(reports)
    at = (at or datetime.now(UTC)).astimezone(UTC).replace(tzinfo=None)
    digest = hashlib.sha1(json.dumps([[r.id, r.score] for r in rs]).encode()).hexdigest()[:8]
    totals = summarize(rs)
    con = _connect(path)
    try:
        run_id = f"{at:%Y%m%dT%H%M%S}-{digest}"
        n = con.execute("SELECT count(*) FROM runs WHERE run_id LIKE ?", [run_id + "%"]).fetchone()[0]
        run_id += f"-{n + 1}" if n else ""
        run = Run(
            run_id,
            at,
            totals.articles,
            totals.passed,
            totals.failed,
            totals.errors,
            totals.mean_score_to(3),
        )
        sigs = sorted({str(r.signature) for r in rs})
        con.execute("BEGIN")
        con.execute(
            "INSERT INTO runs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                run.run_id,
                at,
                label,
                " ".join(sigs),
                run.articles,
                run.passed,
                run.failed,
                run.errors,
                run.mean_score,
            ],
        )
        _insert(
            con,
            "articles",
            ["VARCHAR"] * 6 + ["DOUBLE", "INTEGER", "DOUBLE", "DOUBLE", "INTEGER", "VARCHAR", "VARCHAR"],
            [
                (
                    run_id,
                    r.id,
                    r.langs,
                    r.label("feed"),
                    r.label("engine"),
                    r.verdict,
                    r.score,
                    r.words,
                    r.penalty,
                    r.fluency,
                    len(r.findings),
                    r.signature,
                    json.dumps(r.raw, ensure_ascii=False),
                )
                for r in rs
            ],
        )
        _insert(con, "article_meta", ["VARCHAR"] * 4, [
            (run_id, r.id, str(k), str(v)) for r in rs for k, v in r.meta
        ])
        _insert(
            con,
            "findings",
            ["VARCHAR"] * 7 + ["INTEGER"] * 3,
            [
                (
                    run_id,
                    r.id,
                    f.code,
                    f.name,
                    f.category,
                    f.severity,
                    f.side,
                    f.start,
                    f.end,
                    f.bead,
                )
                for r in rs
                for f in r.findings
            ],
        )
        con.execute("COMMIT")
    finally:
        con.close()
    return run


def runs(path: Path) -> list[Run]:
    con = _connect(path, read_only=True)
    try:
        rows = con.execute(
            "SELECT run_id, run_time, articles, passed, failed, errors, mean_score FROM runs ORDER BY "
            "run_time, run_id"
        ).fetchall()
    finally:
        con.close()
    return [Run(*r) for r in rows]


def trends(
    path: Path, dimensions: Sequence[str] = DEFAULT_DIMENSIONS, last: int | None = None
) -> list[TrendPoint]:
    """Per dimension and group, one point per run (oldest first): articles, passes, mean score and
    the most frequent finding categories. ``langs`` is the language pair; any other dimension is a
    ``meta`` label. ``last`` keeps the most recent runs only."""
    groups = """
        WITH sel AS (SELECT run_id FROM runs ORDER BY run_time DESC, run_id DESC LIMIT ?),
        g AS (SELECT run_id, article_id, 'langs' AS dim, langs AS grp FROM articles
              UNION ALL SELECT run_id, article_id, key, value FROM article_meta)
    """
    params = [last if last else 2**31 - 1, list(dimensions)]
    con = _connect(path, read_only=True)
    try:
        totals = con.execute(
            groups
            + """
            SELECT g.dim, g.grp, r.run_id, r.run_time, count(*), count(*) FILTER (a.verdict = 'pass'),
                avg(a.score)
            FROM g JOIN sel USING (run_id) JOIN articles a USING (run_id, article_id)
                JOIN runs r USING (run_id)
            WHERE list_contains(?, g.dim) GROUP BY ALL ORDER BY g.dim, g.grp, r.run_time, r.run_id""",
            params,
        ).fetchall()
        cats = con.execute(
            groups + """
            SELECT g.dim, g.grp, f.run_id, f.category, count(*) AS n
            FROM g JOIN sel USING (run_id) JOIN findings f USING (run_id, article_id)
            WHERE list_contains(?, g.dim) GROUP BY ALL ORDER BY n DESC, f.category""",
            params,
        ).fetchall()
    finally:
        con.close()
    top: dict[tuple[str, str, str], list[tuple[str, int]]] = {}
    for dim, grp, run_id, cat, n in cats:
        top.setdefault((dim, grp, run_id), []).append((cat, n))
    order = {d: i for i, d in enumerate(dimensions)}
    points = [
        TrendPoint(dim, grp, run_id, at, n, passed, round(mean, 3) if mean is not None else None,
                   tuple(top.get((dim, grp, run_id), [])[:TOP_CATEGORIES]))
        for dim, grp, run_id, at, n, passed, mean in totals
    ]
    return sorted(points, key=lambda p: (order.get(p.dimension, 99), p.group, p.at, p.run_id))


def by_group(points: Sequence[TrendPoint]) -> dict[tuple[str, str], list[TrendPoint]]:
    out: dict[tuple[str, str], list[TrendPoint]] = {}
    for p in points:
        out.setdefault((p.dimension, p.group), []).append(p)
    return out


def sparkline(values: Sequence[float | None]) -> str:
    vs = [v for v in values if v is not None]
    if not vs:
        return ""
    lo, hi = min(vs), max(vs)
    return "".join(
        " " if v is None else _SPARK[round((v - lo) / (hi - lo) * 7) if hi > lo else 3] for v in values
    )


def render_text(points: Sequence[TrendPoint]) -> str:
    if not points:
        return "no runs recorded yet\n"
    out = []
    for (dim, grp), pts in by_group(points).items():
        out.append(f"{dim} {grp}")
        out.append(
            f"  {'run':<26} {'time (UTC)':<16} {'articles':>8} {'pass':>5} {'mean score':>10}  top categories"
        )
        for p in pts:
            rate = f"{100 * p.passed / p.articles:.0f}%" if p.articles else "-"
            mean = f"{p.mean_score:.2f}" if p.mean_score is not None else "-"
            cats = ", ".join(f"{c} {n}" for c, n in p.top_categories) or "-"
            out.append(f"  {p.run_id:<26} {p.at:%Y-%m-%d %H:%M} {p.articles:>8} {rate:>5} {mean:>10}  {cats}")
        first, final = pts[0].mean_score, pts[-1].mean_score
        if len(pts) > 1 and first is not None and final is not None:
            out.append(
                f"  mean score {sparkline([p.mean_score for p in pts])}  {first:.2f} -> {final:.2f} "
                f"({final - first:+.2f})"
            )
        out.append("")
    return "\n".join(out)
