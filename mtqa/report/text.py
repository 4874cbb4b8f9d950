"""Terminal rendering of an article report: the aligned sentences with error spans marked, then a
compact summary. Colour when asked for; otherwise spans are marked ``⟦like this⟧`` so that the
output stays readable in a pipe, a log or a diff."""

from __future__ import annotations

from typing import Any

from mtqa.report.json import counts, worst_sentences
from mtqa.types import ArticleReport, Finding, Severity

_SEV_COLOR = {Severity.CRITICAL: "1;31", Severity.MAJOR: "31", Severity.MINOR: "33", Severity.NEUTRAL: "36"}
_RANK = {Severity.CRITICAL: 3, Severity.MAJOR: 2, Severity.MINOR: 1, Severity.NEUTRAL: 0}


class Style:
    def __init__(self, color: bool) -> None:
        self.color = color

    def __call__(self, text: str, code: str) -> str:
        return f"\x1b[{code}m{text}\x1b[0m" if self.color else text

    def span(self, text: str, sev: Severity) -> str:
        return self(text, _SEV_COLOR[sev] + ";4") if self.color else f"⟦{text}⟧"


def _mark(text: str, base: int, findings: list[Finding], style: Style) -> str:
    """``text`` (which starts at ``base`` in its article) with the findings' spans marked."""
    spans = sorted(
        ((max(f.start - base, 0), min(f.end - base, len(text)), f.severity) for f in findings
         if f.end > base and f.start < base + len(text) and f.end - f.start < len(text)),
        key=lambda s: (s[0], -s[1]),
    )
    out, pos = [], 0
    for a, b, sev in spans:
        if a < pos:
            continue  # overlapping spans: the first one wins the mark, all are listed below
        out.append(text[pos:a])
        out.append(style.span(text[a:b], sev))
        pos = b
    out.append(text[pos:])
    return "".join(out)


def render_article(report: ArticleReport, color: bool = False, only_errors: bool = False) -> str:
    st = Style(color)
    lines = [header(report, st)]
    if report.error:
        lines.append(st(f"  error: {report.error}", "31"))
        return "\n".join(lines) + "\n"
    assert report.alignment is not None
    by_bead: dict[int | None, list[Finding]] = {}
    for f in report.findings:
        by_bead.setdefault(f.bead_index, []).append(f)
    lines.append("")
    for k, bead in enumerate(report.alignment.beads):
        fs = by_bead.get(k, [])
        if only_errors and not fs:
            continue
        src = [report.source_segments[i] for i in bead.src]
        tgt = [report.target_segments[j] for j in bead.tgt]
        tag = "+" if not src else "-" if not tgt else " "
        label = st(f"{k:>3}{tag}", "2")
        if src:
            s0, s1 = src[0].start, src[-1].end
            lines.append(f"{label} {st('src', '2')} " + _mark(report.source_text[s0:s1], s0, [f for f in fs if f.side == 'source'], st).replace("\n", " / "))
        else:
            lines.append(f"{label} {st('src', '2')} " + st("(nothing in the source)", "2"))
        if tgt:
            t0, t1 = tgt[0].start, tgt[-1].end
            lines.append(f"     {st('mt ', '2')} " + _mark(report.target_text[t0:t1], t0, [f for f in fs if f.side == 'target'], st).replace("\n", " / "))
        else:
            lines.append(f"     {st('mt ', '2')} " + st("(not translated)", "2"))
        for f in sorted(fs, key=lambda f: (-_RANK[f.severity], f.start)):
            lines.append("       " + finding_line(f, st))
    other = by_bead.get(None, [])
    if other:
        lines.append("")
        lines.append("  article-level:")
        for f in other:
            lines.append("       " + finding_line(f, st))
    lines.append("")
    lines.extend(summary_lines(report, st))
    return "\n".join(lines) + "\n"


def finding_line(f: Finding, st: Style) -> str:
    sev = st(f"{f.severity.value:<8}", _SEV_COLOR[f.severity])
    hint = f" -> {f.suggestion}" if f.suggestion else ""
    conf = f" (confidence {f.confidence:.2f})" if f.confidence < 1 else ""
    return f"{st(f.code, '1')} {sev} {f.name}: {f.message}{hint}{conf}"


def header(report: ArticleReport, st: Style) -> str:
    sc = report.score
    langs = f"{report.langs.source or '?'}->{report.langs.target or '?'}"
    if sc is None:
        return f"{st(report.article_id, '1')}  {langs}  {st('ERROR', '1;31')}"
    verdict = st("PASS", "1;32") if sc.verdict == "pass" else st("FAIL", "1;31")
    flu = f"  fluency {sc.fluency:.2f}" if sc.fluency is not None else ""
    return (
        f"{st(report.article_id, '1')}  {langs}  score {sc.score:.1f}/100  {verdict}"
        f"  penalty {sc.penalty:g} ({sc.penalty_per_1000:.1f} per 1,000 words){flu}"
    )


def summary_lines(report: ArticleReport, st: Style) -> list[str]:
    sc = report.score
    assert sc is not None and report.alignment is not None
    c: dict[str, Any] = counts(report)
    kinds: dict[str, int] = {}
    for b in report.alignment.beads:
        kinds[b.kind] = kinds.get(b.kind, 0) + 1
    out = [
        st("summary", "1"),
        f"  words {sc.words} (source {sc.source_words}); sentences {len(report.source_segments)} source, "
        f"{len(report.target_segments)} target; beads {len(report.alignment.beads)}: "
        + ", ".join(f"{n}x{k}" for k, n in sorted(kinds.items(), key=lambda kv: -kv[1])),
        f"  findings {len(report.findings)}: "
        + (", ".join(f"{n} {s}" for s, n in c["by_severity"].items()) or "none"),
    ]
    if c["by_category"]:
        out.append("  by category: " + ", ".join(f"{k} {n}" for k, n in c["by_category"].items()))
    lc = report.language_check
    if lc:
        out.append(
            f"  languages: source {report.langs.source} (detected {lc.source_detected} {lc.source_confidence:.2f}), "
            f"target {report.langs.target} (detected {lc.target_detected} {lc.target_confidence:.2f})"
        )
    for w in report.warnings:
        out.append(st(f"  warning: {w}", "33"))
    worst = worst_sentences(report, 3)
    if worst:
        out.append("  worst sentences: " + ", ".join(f"#{w['bead']} ({w['penalty']:g})" for w in worst))
    for fl in report.failures:
        out.append(st(f"  detector {fl.code} failed: {fl.error}", "31"))
    out.append(st(f"  {report.signature}", "2"))
    return out
