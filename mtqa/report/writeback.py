"""Write-back: the checked CAT files with the findings in them (``--format xliff``, ``po``, ``tmx``).

Each input file that the reports came from is copied into the output folder under its own name, with
the findings of each translation unit added where CAT tools read them, and nothing else changed (the
bytes between the additions are the input's, so a diff shows only the annotations):

- XLIFF: W3C ITS 2.0 Localization Quality Issue annotations. The unit's start tag gets
  ``its:locQualityIssuesRef="#mtqa-lqi-N"`` and the unit an ``<its:locQualityIssues xml:id=...>`` with
  one ``<its:locQualityIssue>`` per finding (type, comment, severity 0-100), at the end of a 1.2
  ``<trans-unit>`` (where 1.2 allows other namespaces) or right after a 2.x ``<unit>`` start tag; the
  root gets ``xmlns:its`` and ``its:version="2.0"`` when it has no ITS declaration.
- PO: translator comments (``# mtqa: A101 major: ...``) at the start of the entry.
- TMX: a ``<note>`` per finding at the start of the ``<tu>``.

Units are found by their position in the file (the report's ``unit.index``) and, for PO, the line
where the entry starts, so a file that changed since the check is refused rather than misannotated.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from mtqa.errors import ConfigError, InputError
from mtqa.report.contract import ArticleView, FindingView, as_view

ITS_NS = "http://www.w3.org/2005/11/its"
SUFFIXES = {"xliff": (".xlf", ".xliff", ".sdlxliff"), "po": (".po", ".pot"), "tmx": (".tmx",)}
# MQM dimension/category -> ITS 2.0 locQualityIssueType
ITS_TYPES = {
    "accuracy/mistranslation": "mistranslation", "accuracy/omission": "omission",
    "accuracy/addition": "addition", "accuracy/untranslated": "untranslated",
    "fluency/spelling": "misspelling", "fluency/punctuation": "typographical", "fluency/grammar": "grammar",
    "design/markup": "markup", "terminology": "terminology", "locale convention": "locale-violation",
}
ITS_SEVERITY = {"neutral": 0, "minor": 30, "major": 70, "critical": 100}
_ORIGIN = re.compile(r":\d+(?:#\d+)?$")


def its_type(category: str) -> str:
    return ITS_TYPES.get(category) or ITS_TYPES.get(category.split("/")[0], "other")


def input_path(report: ArticleView) -> Path | None:
    """The file a report was read from: its ``input`` without ``:LINE``."""
    origin = report.input
    return Path(_ORIGIN.sub("", origin)) if isinstance(origin, str) and origin else None


def write_back(reports: Iterable[ArticleView | Mapping[str, Any]], fmt: str) -> dict[str, bytes]:
    """Output file name -> annotated contents, for every input file of format ``fmt`` (xliff, po, tmx)
    that the reports name. Raises ConfigError when two inputs have the same name, InputError when an
    input cannot be read or no longer matches its report."""
    by_file: dict[Path, dict[int, list[FindingView]]] = {}
    for r in map(as_view, reports):
        path = input_path(r)
        if path is None or not path.name.lower().endswith(SUFFIXES[fmt]):
            continue
        units = by_file.setdefault(path, defaultdict(list))
        for u in r.units:
            units.setdefault(u.index, [])  # type: ignore[arg-type]  # a unit of a report has an index
        for f in r.findings:
            if f.unit:
                units[f.unit.index].append(f)  # type: ignore[index]
    out: dict[str, bytes] = {}
    for path, units in by_file.items():
        if path.name in out:
            raise ConfigError(
                f"--format {fmt}: two inputs are named {path.name}; write them in separate runs"
            )
        try:
            data = path.read_bytes()
        except OSError as e:
            raise InputError(f"{path}: cannot read it back for --format {fmt} ({e.strerror})") from e
        lines = {f.unit.index: f.unit.line or 0 for fs in units.values() for f in fs if f.unit}
        out[path.name] = annotate(data, fmt, {k: v for k, v in units.items() if v}, lines, str(path))  # type: ignore[arg-type]
    return out


def annotate(data: bytes, fmt: str, findings: dict[int, list[FindingView]], lines: dict[int, int],
             where: str = "input") -> bytes:
    """``data`` with the findings of each unit (by index) added; everything else left as it is."""
    if not findings:
        return data
    text, encoding = _decode(data, where)
    if fmt == "po":
        new = _po(text, findings, lines, where)
    else:
        new = _xml(text, fmt, findings, where)
    return new.encode(encoding)


def _decode(data: bytes, where: str) -> tuple[str, str]:
    head = data[:200].decode("latin-1")
    if head.lstrip("\ufeff").startswith("<?xml"):
        m = re.search(r"""encoding\s*=\s*["']([\w.-]+)["']""", head)
    else:
        m = re.search(r"charset=([\w.-]+)", data[:4096].decode("latin-1"))
    encoding = m.group(1).lower() if m else "utf-8"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16"
    try:
        return data.decode(encoding), encoding
    except (LookupError, UnicodeDecodeError) as e:
        raise InputError(f"{where}: cannot decode it as {encoding} to write the findings back ({e})") from e


# -- XLIFF and TMX ----------------------------------------------------------------------------------

_SKIP = re.compile(r"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<\?.*?\?>|<!DOCTYPE(?:[^\[>]|\[.*?\])*>", re.DOTALL)
_TAG = re.compile(r"<(/?)((?:[\w.-]+:)?([\w.-]+))")


def _tags(text: str) -> Iterator[tuple[bool, str, int, int, bool]]:
    """(closing, local name, start, end, self-closing) of every tag, comments, CDATA and PIs skipped."""
    pos = 0
    while True:
        lt = text.find("<", pos)
        if lt < 0:
            return
        skip = _SKIP.match(text, lt)
        if skip:
            pos = skip.end()
            continue
        m = _TAG.match(text, lt)
        if not m:
            pos = lt + 1
            continue
        end, quote = m.end(), ""
        while end < len(text):
            c = text[end]
            if quote:
                quote = "" if c == quote else quote
            elif c in "\"'":
                quote = c
            elif c == ">":
                break
            end += 1
        yield m.group(1) == "/", m.group(3), lt, end + 1, text[end - 1] == "/"
        pos = end + 1


def _xml(text: str, fmt: str, findings: dict[int, list[FindingView]], where: str) -> str:
    unit_name = "tu" if fmt == "tmx" else None
    inserts: list[tuple[int, str]] = []
    root_done = False
    index = -1
    v2 = False
    open_unit: int | None = None
    for closing, name, start, end, selfclosing in _tags(text):
        if not root_done and not closing:
            root_done = True
            tag = text[start:end]
            v2 = fmt == "xliff" and bool(re.search(r"""\bversion\s*=\s*["']2""", tag))
            if fmt == "xliff" and f'"{ITS_NS}"' not in tag and f"'{ITS_NS}'" not in tag:
                inserts.append((end - 1 - selfclosing, f' xmlns:its="{ITS_NS}" its:version="2.0"'))
            continue
        wanted = unit_name or ("unit" if v2 else "trans-unit")
        if name != wanted:
            continue
        if not closing:
            index += 1
            if index in findings:
                fs = findings[index]
                if fmt == "tmx":
                    inserts.append((end, "".join(_note(f) for f in fs)))
                else:
                    ref = f"mtqa-lqi-{index + 1}"
                    inserts.append((end - 1 - selfclosing, f' its:locQualityIssuesRef="#{ref}"'))
                    block = _its(fs, ref)
                    if v2:
                        inserts.append((end, block))
                    else:
                        open_unit = index
            continue
        if open_unit is not None:
            inserts.append((start, _its(findings[open_unit], f"mtqa-lqi-{open_unit + 1}")))
            open_unit = None
    missing = set(findings) - set(range(index + 1))
    if missing:
        raise InputError(f"{where}: has {index + 1} units, the reports name unit {min(missing) + 1}: "
                         "the file changed since it was checked")
    out, pos = [], 0
    for at, s in sorted(inserts, key=lambda x: x[0]):
        out += [text[pos:at], s]
        pos = at
    out.append(text[pos:])
    return "".join(out)


def _comment(f: FindingView) -> str:
    return f"{f.code} {f.name or ''}: {f.message or ''}".strip()


def _its(findings: Sequence[FindingView], ref: str) -> str:
    issues = "".join(
        f"<its:locQualityIssue locQualityIssueType={quoteattr(its_type(f.category))}"
        f" locQualityIssueComment={quoteattr(_comment(f))}"
        f" locQualityIssueSeverity=\"{ITS_SEVERITY.get(f.severity, 50)}\"/>"
        for f in findings
    )
    return f'<its:locQualityIssues xmlns:its="{ITS_NS}" xml:id="{ref}">{issues}</its:locQualityIssues>'


def _note(f: FindingView) -> str:
    return f"<note>mtqa {escape(f.code)} {escape(f.severity)}: {escape(_comment(f))}</note>"


# -- PO ---------------------------------------------------------------------------------------------

def _po(text: str, findings: dict[int, list[FindingView]], lines: dict[int, int], where: str) -> str:
    rows = text.splitlines(keepends=True)
    nl = "\r\n" if rows and rows[0].endswith("\r\n") else "\n"
    at: dict[int, list[str]] = defaultdict(list)
    for index, fs in findings.items():
        line = lines.get(index, 0)
        if not 1 <= line <= len(rows) or not rows[line - 1].strip():
            raise InputError(
                f"{where}: no entry starts at line {line}: the file changed since it was checked"
            )
        for f in fs:
            at[line - 1].append(f"# mtqa: {f.code} {f.severity}: {' '.join(_comment(f).split())}{nl}")
    out = []
    for k, row in enumerate(rows):
        out += at.get(k, [])
        out.append(row)
    return "".join(out)
