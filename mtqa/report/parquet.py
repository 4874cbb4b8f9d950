"""Parquet exports for data teams: ``findings.parquet`` and ``articles.parquet``, the same columns
as the CSV files (:mod:`mtqa.report.rows`) with exact values and types. Needs the ``parquet`` extra
(pyarrow)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from mtqa.errors import ModelError
from mtqa.report.contract import ArticleView, as_views
from mtqa.report.rows import (
    ARTICLE_COLUMNS,
    COLUMN_TYPES,
    FINDING_COLUMNS,
    article_row,
    columns,
    finding_rows,
)


def _table(rows: Sequence[dict[str, Any]], fixed: Sequence[str]) -> Any:
    """Every column typed: the fixed ones as declared in :data:`COLUMN_TYPES` (so a column without a
    value in this run is still a string, integer or float column, not pyarrow's null type), meta labels
    as strings, extra keys by their values (text when mixed or all null)."""
    import pyarrow as pa

    arrow = {str: pa.string(), int: pa.int64(), float: pa.float64(), bool: pa.bool_()}
    cols = columns(rows, fixed)
    fields, data = [], {}
    for c in cols:
        vs = [r.get(c) for r in rows]
        kinds = {type(v) for v in vs if v is not None}
        kind = COLUMN_TYPES.get(c) or (str if c.startswith("meta.") else None)
        if kind is None:
            kind = kinds.pop() if len(kinds) == 1 else float if kinds == {int, float} else str
        if kind is float:
            vs = [None if v is None else float(v) for v in vs]
        elif kind is str:
            vs = [None if v is None else str(v) for v in vs]
        fields.append(pa.field(c, arrow[kind]))
        data[c] = vs
    schema = pa.schema(fields)
    return pa.table(data, schema=schema)


def _bytes(rows: Sequence[dict[str, Any]], fixed: Sequence[str]) -> bytes:
    import pyarrow as pa
    import pyarrow.parquet as pq

    sink = pa.BufferOutputStream()
    pq.write_table(_table(rows, fixed), sink)
    return bytes(sink.getvalue().to_pybytes())


def to_parquet(reports: Iterable[ArticleView | Mapping[str, Any]]) -> dict[str, bytes]:
    """File name -> Parquet bytes."""
    try:
        import pyarrow  # noqa: F401
    except ImportError as e:
        raise ModelError("Parquet export needs pyarrow: pip install 'mtqa[parquet]'") from e
    rs = as_views(reports)
    return {
        "findings.parquet": _bytes([row for d in rs for row in finding_rows(d)], FINDING_COLUMNS),
        "articles.parquet": _bytes([article_row(d) for d in rs], ARTICLE_COLUMNS),
    }
