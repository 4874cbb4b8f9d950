"""CSV glossaries: one concept per row, the format a newsroom keeps in a spreadsheet.

The header names the columns, in any order. Two hold the source and target terms, named either by their
language codes (``it,en``: the glossary applies to that pair) or ``source,target`` (it applies to any
pair it is used with). Optional columns: ``forbidden`` (target renderings
that are wrong), ``context`` (a regular expression: the entry applies only to sentences where it matches
on either side), ``severity`` (minor, major, critical), ``note``, ``subject``, ``id``. A cell may list
several terms separated by ``;``; the first target term is the preferred one. Lines starting with ``#``
are comments.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

from mtqa.errors import InputError
from mtqa.terms.model import ANY_LANG, Concept, Glossary, LangTerms
from mtqa.types import Severity

_OPTIONAL = {"forbidden", "context", "severity", "note", "subject", "id"}


def _split(cell: str | None) -> tuple[str, ...]:
    return tuple(t.strip() for t in (cell or "").split(";") if t.strip())


def read_csv(path: str | Path) -> Glossary:
    p = Path(path)
    try:
        lines = p.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError) as e:
        raise InputError(f"{p}: cannot read the glossary: {e}") from e
    rows = list(csv.reader(line for line in lines if not line.lstrip().startswith("#")))
    if not rows:
        raise InputError(f"{p}: empty glossary")
    header = [h.strip().lower() for h in rows[0]]
    term_cols = [h for h in header if h not in _OPTIONAL]
    if term_cols == ["source", "target"]:
        src_col, tgt_col = term_cols
        src_lang = tgt_lang = ANY_LANG
    elif len(term_cols) == 2 and all(re.fullmatch(r"[a-z]{2,3}", c) for c in term_cols):
        src_col, tgt_col = src_lang, tgt_lang = term_cols[0], term_cols[1]
    else:
        raise InputError(
            f"{p}: the header needs a source and a target column, named 'source,target' or by two language "
            "codes "
            f"(e.g. 'it,en'), and optional columns {', '.join(sorted(_OPTIONAL))}; got {rows[0]}"
        )
    concepts = []
    for n, row in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in row):
            continue
        cell = dict(zip(header, row))
        source, target = _split(cell.get(src_col)), _split(cell.get(tgt_col))
        forbidden = _split(cell.get("forbidden"))
        if not source or not (target or forbidden):
            raise InputError(f"{p}, line {n}: a row needs a source term and a target or forbidden term")
        context = (cell.get("context") or "").strip() or None
        if context:
            try:
                re.compile(context)
            except re.error as e:
                raise InputError(
                    f"{p}, line {n}: context {context!r} is not a valid regular expression: {e}"
                ) from e
        sev = (cell.get("severity") or "").strip()
        try:
            severity = Severity(sev) if sev else None
        except ValueError as e:
            raise InputError(f"{p}, line {n}: severity must be minor, major or critical, got {sev!r}") from e
        concepts.append(
            Concept(
                id=(cell.get("id") or "").strip() or f"row-{n}",
                terms=((src_lang, LangTerms(source)), (tgt_lang, LangTerms(target, forbidden))),
                context=context,
                severity=severity,
                note=(cell.get("note") or "").strip(),
                subject=(cell.get("subject") or "").strip(),
            )
        )
    return Glossary(tuple(concepts), str(p))
