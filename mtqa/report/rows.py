"""Flat tables from report dicts: one row per article, one row per finding.

The CSV and Parquet exports and the history store all take their columns from here, so a column
means the same thing everywhere. Rows are built from the JSON contract (not the dataclasses) so
that they can also be made from a saved ``reports.jsonl``; keys that the v1 contract does not know
(added by later versions, such as reference metrics) become extra columns instead of being dropped.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

# Every key of the v1 article report; anything else is an extra, shown and exported as found.
KNOWN_KEYS = frozenset(
    {
        "schema",
        "id",
        "input",
        "source_lang",
        "target_lang",
        "verdict",
        "score",
        "words",
        "source_words",
        "penalty",
        "penalty_per_1000_words",
        "fluency",
        "quality",
        "quality_model",
        "reference_metrics",
        "signature",
        "error",
        "warnings",
        "languages",
        "counts",
        "alignment",
        "alignment_stats",
        "sentences",
        "beads",
        "worst_sentences",
        "findings",
        "failures",
        "meta",
        "source",
        "target",
        "units",
    }
)
SEVERITIES = ("critical", "major", "minor", "neutral")
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
Scalar = str | int | float | bool | None
# The type of every fixed column (typed exports such as Parquet declare them, even when a column holds
# no value in a run); meta.* columns are text, extra keys are typed by their values.
COLUMN_TYPES: dict[str, type] = {
    **dict.fromkeys(ARTICLE_COLUMNS + FINDING_COLUMNS, str),
    **dict.fromkeys(("words", "source_words", "findings", *SEVERITIES, "detector_failures"), int),
    **dict.fromkeys(("start", "end", "bead", "unit_line", "units", "units_failed"), int),
    **dict.fromkeys(("score", "penalty", "penalty_per_1000_words", "fluency", "quality"), float),
    **dict.fromkeys(("confidence", "reference_bleu", "reference_chrf", "reference_ter"), float),
}


def langs(d: dict[str, Any]) -> str:
    return f"{d.get('source_lang') or '?'}-{d.get('target_lang') or '?'}"


def extra_fields(d: dict[str, Any]) -> list[tuple[str, Scalar]]:
    """Keys outside the v1 contract, flattened one level (``reference.chrf``); longer values as JSON."""
    out: list[tuple[str, Scalar]] = []
    for k in sorted(set(d) - KNOWN_KEYS):
        v = d[k]
        items = sorted(v.items()) if isinstance(v, dict) else [("", v)]
        for sub, x in items:
            key = f"{k}.{sub}" if sub else k
            out.append(
                (
                    key,
                    x
                    if x is None or isinstance(x, (str, int, float, bool))
                    else json.dumps(x, ensure_ascii=False),
                )
            )
    return out


def bead_texts(d: dict[str, Any], bead: int | None) -> tuple[str, str]:
    """Source and target text of one alignment bead (first to last sentence), or ``("", "")``."""
    al = d.get("alignment") or []
    if bead is None or not 0 <= bead < len(al):
        return "", ""
    sents = d.get("sentences") or {}

    def side(name: str, idx: Sequence[int]) -> str:
        spans = sents.get(name) or []
        if not idx or not spans:
            return ""
        return str(d.get(name) or "")[spans[idx[0]]["start"] : spans[idx[-1]]["end"]]

    return side("source", al[bead]["source"]), side("target", al[bead]["target"])


def article_row(d: dict[str, Any]) -> dict[str, Scalar]:
    fs = d.get("findings") or []
    by_sev = {s: 0 for s in SEVERITIES}
    cats: dict[str, int] = {}
    for f in fs:
        if f["severity"] in by_sev:
            by_sev[f["severity"]] += 1
        cats[f["category"]] = cats.get(f["category"], 0) + 1
    ref = (d.get("reference_metrics") or {}).get("article") or {}
    row: dict[str, Scalar] = {
        "id": d.get("id"),
        "input": d.get("input"),
        "source_lang": d.get("source_lang"),
        "target_lang": d.get("target_lang"),
        "verdict": d.get("verdict"),
        "score": d.get("score"),
        "words": d.get("words"),
        "source_words": d.get("source_words"),
        "penalty": d.get("penalty"),
        "penalty_per_1000_words": d.get("penalty_per_1000_words"),
        "fluency": d.get("fluency"),
        "quality": d.get("quality"),
        "findings": len(fs),
        **by_sev,
        "categories": "; ".join(f"{c} {n}" for c, n in sorted(cats.items(), key=lambda kv: (-kv[1], kv[0]))),
        "codes": " ".join(sorted({f["code"] for f in fs})),
        "detector_failures": len(d.get("failures") or []),
        "warnings": " | ".join(d.get("warnings") or []),
        "error": error_message(d) or None,
        **{f"reference_{k}": ref.get(k) for k in ("bleu", "chrf", "ter")},
        "signature": d.get("signature"),
        "quality_model": d.get("quality_model"),
        "units": len(d.get("units") or []),
        "units_failed": sum(u.get("verdict") == "fail" for u in d.get("units") or []),
    }
    row.update({f"meta.{k}": str(v) for k, v in sorted((d.get("meta") or {}).items())})
    row.update(extra_fields(d))
    return row


def finding_rows(d: dict[str, Any]) -> list[dict[str, Scalar]]:
    meta = {f"meta.{k}": str(v) for k, v in sorted((d.get("meta") or {}).items())}
    rows = []
    for f in d.get("findings") or []:
        src, tgt = bead_texts(d, f.get("bead"))
        rows.append(
            {
                "article": d.get("id"),
                "source_lang": d.get("source_lang"),
                "target_lang": d.get("target_lang"),
                "code": f["code"],
                "name": f.get("name"),
                "category": f["category"],
                "severity": f["severity"],
                "side": f["side"],
                "start": f["start"],
                "end": f["end"],
                "text": f.get("text"),
                "message": f.get("message"),
                "suggestion": f.get("suggestion"),
                "bead": f.get("bead"),
                "confidence": f.get("confidence"),
                "source_sentence": src,
                "target_sentence": tgt,
                **unit_columns(f.get("unit")),
                **meta,
            }
        )
    return rows


def unit_columns(unit: dict[str, Any] | None) -> dict[str, Scalar]:
    """A finding's translation unit as columns (all None for article pairs)."""
    u = unit or {}
    return {"unit_file": u.get("file"), "unit_id": u.get("id"), "unit_line": u.get("line"),
            "unit_name": u.get("name")}


def unit_label(unit: dict[str, Any] | None) -> str:
    """``file#id (line N)``: where a reader finds the unit; empty for article pairs."""
    if not unit:
        return ""
    return f"{unit.get('file')}#{unit.get('id')} (line {unit.get('line')})"


def columns(rows: Iterable[dict[str, Any]], fixed: Sequence[str]) -> list[str]:
    """``fixed``, then the other keys of the rows in first-seen order (meta and extras vary)."""
    seen: dict[str, None] = dict.fromkeys(fixed)
    for r in rows:
        seen.update(dict.fromkeys(r))
    return list(seen)


def error_message(report: dict[str, Any]) -> str:
    """The error of an error record as one line, ``[E100] message``; empty when it has none."""
    e = report.get("error")
    if not e:
        return ""
    if isinstance(e, dict):  # reports since schema 1.x carry {"code", "message"}
        return f"[{e.get('code')}] {e.get('message')}"
    return str(e)
