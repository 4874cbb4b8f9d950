"""Apply the fixes that findings carry (``mtqa fix``, ``mtqa batch --fix``), as ruff applies its own.

A detector that knows the repair attaches a :class:`~mtqa.types.Fix` to its finding: edits of the
target text and an applicability, ``safe`` (the meaning is unchanged for certain: a space put back,
a doubled stop removed) or ``unsafe`` (likely right, but a reader should look). :func:`apply_fixes`
takes the safe fixes (and the unsafe ones when asked), in the order of their first edit, skips any fix
whose edits overlap an edit already taken (a conflicting fix waits for the next run, as in ruff), and
applies them all in one pass from the end of the text, so that every finding's offsets stay valid
against the text the report holds.

It reads findings as objects (a fresh check) or as the report's JSON dicts (a saved ``reports.jsonl``),
so ``batch --fix`` and ``report`` need no second check.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from mtqa.types import Finding


@dataclass(frozen=True)
class AppliedEdit:
    """One edit that was applied: offsets in the text *before* fixing, the finding it came from."""

    start: int
    end: int
    replacement: str
    code: str
    applicability: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "start": self.start,
            "end": self.end,
            "replacement": self.replacement,
            "code": self.code,
            "applicability": self.applicability,
        }


@dataclass(frozen=True)
class FixResult:
    text: str  # the corrected target
    applied: tuple[AppliedEdit, ...]  # in text order
    skipped_unsafe: int  # unsafe fixes not applied (no --unsafe)
    skipped_conflicts: int  # fixes left out because they overlap one already taken


def _candidates(
    findings: Iterable[Finding | Mapping[str, Any]],
) -> list[tuple[str, str, list[tuple[int, int, str]]]]:
    """(code, applicability, edits) of every target-side fix, from findings or their JSON dicts."""
    out: list[tuple[str, str, list[tuple[int, int, str]]]] = []
    for f in findings:
        if isinstance(f, Finding):
            if f.fix is None or f.side != "target":
                continue
            out.append((f.code, f.fix.applicability, [(e.start, e.end, e.replacement) for e in f.fix.edits]))
        else:
            fx = f.get("fix")
            if not fx or f.get("side") != "target":
                continue
            edits = [(int(e["start"]), int(e["end"]), str(e["replacement"])) for e in fx.get("edits", ())]
            out.append((str(f.get("code")), str(fx.get("applicability", "unsafe")), edits))
    return out


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Two edits touch the same characters, or insert at the same point (the order would be a guess)."""
    if a[0] == a[1] or b[0] == b[1]:
        return a[0] == b[0] or a[0] < b[0] < a[1] or b[0] < a[0] < b[1]
    return a[0] < b[1] and b[0] < a[1]


def apply_fixes(
    text: str, findings: Iterable[Finding | Mapping[str, Any]], unsafe: bool = False
) -> tuple[str, list[AppliedEdit]]:
    """The target ``text`` with the fixes of ``findings`` applied, and the edits applied."""
    r = fix_text(text, findings, unsafe)
    return r.text, list(r.applied)


def fix_text(text: str, findings: Iterable[Finding | Mapping[str, Any]], unsafe: bool = False) -> FixResult:
    taken: list[AppliedEdit] = []
    skipped_unsafe = conflicts = 0
    cands = _candidates(findings)
    cands.sort(key=lambda c: (min((e[0] for e in c[2]), default=0), c[0]))
    for code, applicability, edits in cands:
        if applicability != "safe" and not unsafe:
            skipped_unsafe += 1
            continue
        if not edits or any(not 0 <= s <= e <= len(text) for s, e, _ in edits):
            continue
        if any(_overlaps((s, e), (t.start, t.end)) for s, e, _ in edits for t in taken):
            conflicts += 1
            continue
        taken.extend(AppliedEdit(s, e, rep, code, applicability) for s, e, rep in edits)
    taken.sort(key=lambda t: (t.start, t.end))
    parts, pos = [], 0
    for t in taken:
        parts += [text[pos : t.start], t.replacement]
        pos = t.end
    parts.append(text[pos:])
    return FixResult("".join(parts), tuple(taken), skipped_unsafe, conflicts)


def unified_diff(before: str, after: str, name: str) -> str:
    """A unified diff of the target before and after fixing (lines of the article)."""
    lines = difflib.unified_diff(
        before.splitlines(keepends=True), after.splitlines(keepends=True), f"a/{name}", f"b/{name}"
    )
    return "".join(
        line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines
    )


def fixed_record(report: Mapping[str, Any], unsafe: bool = False) -> dict[str, Any]:
    """One line of ``fixed.jsonl``: the article's fields with ``target`` corrected, plus the ``edits``
    applied (offsets into the original target); an article that could not be checked keeps its
    ``error`` and gets no edits."""
    rec: dict[str, Any] = {"id": report.get("id"), "input": report.get("input")}
    for k in ("source_lang", "target_lang", "source"):
        rec[k] = report.get(k)
    target = report.get("target")
    if report.get("error") or not isinstance(target, str):
        rec.update(target=target, edits=[], error=report.get("error"))
    else:
        r = fix_text(target, report.get("findings") or (), unsafe)
        rec.update(target=r.text, edits=[e.to_dict() for e in r.applied])
    if report.get("meta"):
        rec["meta"] = report["meta"]
    return rec
