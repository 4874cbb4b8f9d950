"""SARIF 2.1.0 (OASIS Static Analysis Results Interchange Format), so that findings show up in CI
systems and editors that read it. One run; one rule per detector code that fired; one result per
finding, located in its article's source or target text by character offset and by line/column.

Offsets are Unicode code points (``columnKind: unicodeCodePoints``), as in the JSON report. Each
article side is an artifact: the file the CLI read for ``check``, else ``<id>.<lang>.txt`` under
``uriBaseId`` ``ARTICLES`` (the name a directory feed would give it); its text is embedded, so a
viewer can show the span without the file.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from mtqa.escape import uri_path
from mtqa.report.contract import ArticleView, FindingView, as_view
from mtqa.version import __version__

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
VERSION = "2.1.0"
INFO_URI = "https://example.invalid/mtqa"
LEVEL = {"critical": "error", "major": "error", "minor": "warning", "neutral": "note"}
_LINE_END = re.compile(r"\r\n|\r|\n")


def default_uri(report: ArticleView | Mapping[str, Any], side: str) -> str:
    r = as_view(report)
    lang = (r.source_lang if side == "source" else r.target_lang) or side
    return uri_path(f"{r.id}.{lang}.txt")  # relative and percent-encoded, whatever the id


def _line_col(starts: list[int], offset: int) -> tuple[int, int]:
    lo, hi = 0, len(starts) - 1
    while lo < hi:  # the last line that starts at or before offset
        mid = (lo + hi + 1) // 2
        if starts[mid] <= offset:
            lo = mid
        else:
            hi = mid - 1
    return lo + 1, offset - starts[lo] + 1


def _rule(f: FindingView) -> dict[str, Any]:
    from mtqa.detectors import ALL_DETECTORS

    det = next((d for d in ALL_DETECTORS if d.code == f.code), None)
    title = det.title() if det else f.name or f.code
    return {
        "id": f.code,
        "name": f.name or f.code,
        "shortDescription": {"text": title},
        "helpUri": f"{INFO_URI}#what-it-checks",
        "help": {"text": f"mtqa explain {f.code}"},
        "defaultConfiguration": {"level": LEVEL.get(f.severity, "warning")},
        "properties": {"category": f.category, "tags": [f.category.split("/")[0]]},
    }


def to_sarif(
    reports: Iterable[ArticleView | Mapping[str, Any]],
    uri: Callable[[ArticleView, str], str] = default_uri,
) -> dict[str, Any]:
    rules: dict[str, int] = {}
    rule_list: list[dict[str, Any]] = []
    artifacts: list[dict[str, Any]] = []
    results: list[dict[str, Any]] = []
    for r in map(as_view, reports):
        if not r.findings:
            continue  # an artifact only for articles with results, to keep the file small
        index: dict[str, tuple[int, list[int]]] = {}
        for side in ("source", "target"):
            text = r.source if side == "source" else r.target
            loc = {"uri": uri(r, side)} | ({} if uri is not default_uri else {"uriBaseId": "ARTICLES"})
            index[side] = (len(artifacts), [0] + [m.end() for m in _LINE_END.finditer(text)])
            artifacts.append({"location": loc, "length": len(text), "mimeType": "text/plain",
                              "contents": {"text": text}, "roles": ["analysisTarget"]})
        for f in r.findings:
            if f.code not in rules:
                rules[f.code] = len(rule_list)
                rule_list.append(_rule(f))
            art, starts = index[f.side]
            (l0, c0), (l1, c1) = _line_col(starts, f.start), _line_col(starts, f.end)
            hint = f" Suggestion: {f.suggestion}" if f.suggestion else ""
            results.append({
                "ruleId": f.code,
                "ruleIndex": rules[f.code],
                "level": LEVEL.get(f.severity, "warning"),
                "message": {"text": f"{f.name}: {f.message}{hint}"},
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": dict(artifacts[art]["location"], index=art),
                        "region": {"charOffset": f.start, "charLength": f.end - f.start,
                                   "startLine": l0, "startColumn": c0, "endLine": l1, "endColumn": c1,
                                   "snippet": {"text": "" if f.text is None else f.text}},
                    },
                    "logicalLocations": [{"name": str(r.id), "kind": "module"}] + _unit_location(f),
                }],
                "properties": {"severity": f.severity, "category": f.category, "article": r.id,
                               "side": f.side, "bead": f.bead, "confidence": f.confidence,
                               "unit": None if f.unit is None else f.unit.raw},
            })
    return {
        "$schema": SCHEMA,
        "version": VERSION,
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "mtqa",
                        "version": __version__,
                        "informationUri": INFO_URI,
                        "rules": rule_list,
                    }
                },
                "columnKind": "unicodeCodePoints",
                "originalUriBaseIds": {
                    "ARTICLES": {"description": {"text": "the folder of the article files"}}
                },
                "artifacts": artifacts,
                "results": results,
            }
        ],
    }


def _unit_location(f: FindingView) -> list[dict[str, Any]]:
    """The translation unit of a finding in a CAT file, as a SARIF logical location."""
    u = f.unit
    if u is None:
        return []
    return [{"name": str(u.id), "fullyQualifiedName": f"{u.file}#{u.id}",
             "kind": "element", "properties": {"line": u.line, "index": u.index}}]
