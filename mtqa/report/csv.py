"""CSV exports: one row per finding (``findings.csv``) and one per article (``articles.csv``), with
the columns of :mod:`mtqa.report.rows`.

Made for spreadsheets, so two things differ from the raw data (Parquet and JSON keep it exact):
the text starts with a byte-order mark, so that Excel reads it as UTF-8, and a text cell that a
spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``, ``@``, tab or CR: article text
is untrusted) gets a leading ``'``, the usual guard against CSV injection.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from mtqa.report.contract import ArticleView
from mtqa.report.rows import ARTICLE_COLUMNS, FINDING_COLUMNS, Scalar, article_row, columns, finding_rows

BOM = "\ufeff"
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _cell(v: Scalar) -> Scalar:
    return "'" + v if isinstance(v, str) and v.startswith(_FORMULA) else v


def render_rows(rows: Sequence[dict[str, Any]], fixed: Sequence[str]) -> str:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=columns(rows, fixed), lineterminator="\r\n")
    w.writeheader()
    for r in rows:
        w.writerow({k: _cell(v) for k, v in r.items()})
    return BOM + buf.getvalue()


def findings_csv(reports: Iterable[ArticleView | Mapping[str, Any]]) -> str:
    return render_rows([row for d in reports for row in finding_rows(d)], FINDING_COLUMNS)


def articles_csv(reports: Iterable[ArticleView | Mapping[str, Any]]) -> str:
    return render_rows([article_row(d) for d in reports], ARTICLE_COLUMNS)
