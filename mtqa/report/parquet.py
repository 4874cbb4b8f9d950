"""Parquet exports for data teams: ``findings.parquet`` and ``articles.parquet``, the same columns
as the CSV files (:mod:`mtqa.report.rows`) with exact values and types. Needs the ``parquet`` extra
(pyarrow)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from mtqa.errors import ModelError
from mtqa.report.rows import ARTICLE_COLUMNS, FINDING_COLUMNS, article_row, columns, finding_rows


def _table(rows: Sequence[dict[str, Any]], fixed: Sequence[str]) -> Any:
    import pyarrow as pa

    cols = columns(rows, fixed)
    data = {c: [r.get(c) for r in rows] for c in cols}
    for c, vs in data.items():
        kinds = {type(v) for v in vs if v is not None}
        if kinds == {int, float}:
            data[c] = [None if v is None else float(v) for v in vs]
        elif len(kinds) > 1:  # an extra key with mixed types across articles: keep it, as text
            data[c] = [None if v is None else str(v) for v in vs]
    return pa.table(data)


def _bytes(rows: Sequence[dict[str, Any]], fixed: Sequence[str]) -> bytes:
    import pyarrow as pa
    import pyarrow.parquet as pq

    sink = pa.BufferOutputStream()
    pq.write_table(_table(rows, fixed), sink)
    return bytes(sink.getvalue().to_pybytes())


def to_parquet(reports: Iterable[dict[str, Any]]) -> dict[str, bytes]:
    """File name -> Parquet bytes."""
    try:
        import pyarrow  # noqa: F401
    except ImportError as e:
        raise ModelError("Parquet export needs pyarrow: pip install 'mtqa[parquet]'") from e
    rs = list(reports)
    return {
        "findings.parquet": _bytes([row for d in rs for row in finding_rows(d)], FINDING_COLUMNS),
        "articles.parquet": _bytes([article_row(d) for d in rs], ARTICLE_COLUMNS),
    }
