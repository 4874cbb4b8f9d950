"""Flat tables from article reports: one row per article, one row per finding.

The CSV and Parquet exports and the history store all take their columns from here, so a column
means the same thing everywhere. Rows are built from the typed view of the JSON contract
(:class:`mtqa.report.contract.ArticleView`), so that they can also be made from a saved
``reports.jsonl``; keys that the contract does not know (added by later versions, or by other tools)
become extra columns instead of being dropped.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from mtqa.report.contract import SEVERITIES, ArticleView, Scalar, UnitRefView, as_view

# Fixed columns, in order; ``meta.<key>`` and extra keys follow, as they occur.
ARTICLE_COLUMNS = (
    "id", "input", "source_lang", "target_lang", "verdict", "score", "words", "source_words", "penalty",
    "penalty_per_1000_words", "fluency", "quality", "findings", *SEVERITIES, "categories", "codes",
    "detector_failures", "warnings", "error", "reference_bleu", "reference_chrf", "reference_ter",
    "signature", "quality_model", "units", "units_failed",
)
FINDING_COLUMNS = (
    "article", "source_lang", "target_lang", "code", "name", "category", "severity", "side", "start", "end",
    "text", "message", "suggestion", "bead", "confidence", "source_sentence", "target_sentence",
    "unit_file", "unit_id", "unit_line", "unit_name",
)
# The type of every fixed column (typed exports such as Parquet declare them, even when a column holds
# no value in a run); meta.* columns are text, extra keys are typed by their values.
COLUMN_TYPES: dict[str, type] = {
    **dict.fromkeys(ARTICLE_COLUMNS + FINDING_COLUMNS, str),
    **dict.fromkeys(("words", "source_words", "findings", *SEVERITIES, "detector_failures"), int),
    **dict.fromkeys(("start", "end", "bead", "unit_line", "units", "units_failed"), int),
    **dict.fromkeys(("score", "penalty", "penalty_per_1000_words", "fluency", "quality"), float),
    **dict.fromkeys(("confidence", "reference_bleu", "reference_chrf", "reference_ter"), float),
}


def article_row(report: ArticleView | Mapping[str, Any]) -> dict[str, Scalar]:
    r = as_view(report)
    by_sev = {s: 0 for s in SEVERITIES}
    cats: dict[str, int] = {}
    for f in r.findings:
        if f.severity in by_sev:
            by_sev[f.severity] += 1
        cats[f.category] = cats.get(f.category, 0) + 1
    ref = r.reference
    row: dict[str, Scalar] = {
        "id": r.id,
        "input": r.input,
        "source_lang": r.source_lang,
        "target_lang": r.target_lang,
        "verdict": r.verdict,
        "score": r.score,
        "words": r.words,
        "source_words": r.source_words,
        "penalty": r.penalty,
        "penalty_per_1000_words": r.penalty_per_1000_words,
        "fluency": r.fluency,
        "quality": r.quality,
        "findings": len(r.findings),
        **by_sev,
        "categories": "; ".join(f"{c} {n}" for c, n in sorted(cats.items(), key=lambda kv: (-kv[1], kv[0]))),
        "codes": " ".join(sorted({f.code for f in r.findings})),
        "detector_failures": len(r.failures),
        "warnings": " | ".join(r.warnings),
        "error": r.error_message or None,
        "reference_bleu": ref.bleu if ref else None,
        "reference_chrf": ref.chrf if ref else None,
        "reference_ter": ref.ter if ref else None,
        "signature": r.signature,
        "quality_model": r.quality_model,
        "units": len(r.units),
        "units_failed": sum(u.verdict == "fail" for u in r.units),
    }
    row.update(meta_columns(r))
    row.update(r.extras)
    return row


def meta_columns(r: ArticleView) -> dict[str, Scalar]:
    return {f"meta.{k}": str(v) for k, v in sorted(r.meta)}


def finding_rows(report: ArticleView | Mapping[str, Any]) -> list[dict[str, Scalar]]:
    r = as_view(report)
    meta = meta_columns(r)
    rows = []
    for f in r.findings:
        src, tgt = r.bead_texts(f.bead)
        rows.append(
            {
                "article": r.id,
                "source_lang": r.source_lang,
                "target_lang": r.target_lang,
                "code": f.code,
                "name": f.name,
                "category": f.category,
                "severity": f.severity,
                "side": f.side,
                "start": f.start,
                "end": f.end,
                "text": f.text,
                "message": f.message,
                "suggestion": f.suggestion,
                "bead": f.bead,
                "confidence": f.confidence,
                "source_sentence": src,
                "target_sentence": tgt,
                **unit_columns(f.unit),
                **meta,
            }
        )
    return rows


def unit_columns(u: UnitRefView | None) -> dict[str, Scalar]:
    """A finding's translation unit as columns (all None for article pairs)."""
    if u is None:
        return dict.fromkeys(("unit_file", "unit_id", "unit_line", "unit_name"))
    return {"unit_file": u.file, "unit_id": u.id, "unit_line": u.line, "unit_name": u.name}


def unit_label(u: UnitRefView | None) -> str:
    """``file#id (line N)``: where a reader finds the unit; empty for article pairs."""
    return "" if u is None else u.label


def columns(rows: Iterable[dict[str, Any]], fixed: Sequence[str]) -> list[str]:
    """``fixed``, then the other keys of the rows in first-seen order (meta and extras vary)."""
    seen: dict[str, None] = dict.fromkeys(fixed)
    for r in rows:
        seen.update(dict.fromkeys(r))
    return list(seen)
