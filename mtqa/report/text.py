"""Terminal rendering of an article report: the aligned sentence pairs with error spans marked, then a
compact summary. It works on the typed view of the JSON contract
(:class:`mtqa.report.contract.ArticleView`), so a saved ``reports.jsonl`` renders the same as a fresh
check.

Colour only when asked for; otherwise spans are marked ``⟦like this⟧`` so that the output stays
readable in a pipe, a log or a diff. Lines wrap to ``width`` display columns (0: no wrapping), in
one column of stacked pairs or, from :data:`SIDE_BY_SIDE_MIN` columns, source and translation side
by side. Article text is untrusted: control characters (an escape sequence in a feed could rewrite
the terminal) and bidi controls are shown as U+FFFD (:func:`mtqa.escape.replaced`), in every run of text
that is laid out (:func:`_block`, :func:`_columns`), feed fields such as the languages included.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from mtqa.escape import replaced
from mtqa.report.contract import RANK, ArticleView, FindingView, as_view
from mtqa.report.rows import unit_label
from mtqa.types import pair_number

SEV_SGR = {"critical": "1;31", "major": "31", "minor": "33", "neutral": "36"}
FINDING_HANG = 14  # continuation lines of a finding start under its name, past "A101 major    "
SIDE_BY_SIDE_MIN = 120  # below this, two columns get too narrow to read a sentence

Run = tuple[str, str]  # (text, SGR parameters or "" for plain)


@dataclass(frozen=True)
class TextOptions:
    color: bool = False
    only_errors: bool = False
    width: int = 0  # display columns to wrap to; 0 = never wrap


def clean(s: str) -> str:
    return replaced(s)


def _cw(ch: str) -> int:
    if unicodedata.combining(ch):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def display_width(s: str) -> int:
    return sum(_cw(c) for c in s)


def wrap_runs(runs: Sequence[Run], width: int, rest: int | None = None) -> list[list[Run]]:
    """Greedy word wrap of styled text to ``width`` display columns, ``rest`` for the lines after
    the first (default ``width``); ``width`` 0 or less: one line. Every text is :func:`clean`-ed here,
    where all of it passes: nothing from a feed reaches the terminal raw."""
    chars = [(c, sgr) for text, sgr in runs for c in clean(text)]
    if width <= 0:
        return [_group(chars)]
    words: list[list[tuple[str, str]]] = []  # alternating runs of spaces and non-spaces
    for ch in chars:
        if words and (ch[0] == " ") == (words[-1][0][0] == " "):
            words[-1].append(ch)
        else:
            words.append([ch])
    lines: list[list[tuple[str, str]]] = [[]]
    used = 0
    rest = width if rest is None else max(rest, 8)  # a deep indent on a narrow screen still gets 8 columns
    for w in words:
        width = width if len(lines) == 1 else rest
        ww = sum(_cw(c) for c, _ in w)
        if w[0][0] == " ":
            if lines[-1] and used + ww < width:
                lines[-1].extend(w)
                used += ww
            elif lines[-1]:
                lines.append([])
                used = 0
            continue
        if used + ww > width and lines[-1]:
            while lines[-1] and lines[-1][-1][0] == " ":
                lines[-1].pop()
            lines.append([])
            used = 0
        for ch in w:  # a word longer than the line is cut where it reaches the edge
            if used + _cw(ch[0]) > (width if len(lines) == 1 else rest) and lines[-1]:
                lines.append([])
                used = 0
            lines[-1].append(ch)
            used += _cw(ch[0])
    return [_group(line) for line in lines]


def _group(chars: Sequence[tuple[str, str]]) -> list[Run]:
    out: list[Run] = []
    for c, sgr in chars:
        if out and out[-1][1] == sgr:
            out[-1] = (out[-1][0] + c, sgr)
        else:
            out.append((c, sgr))
    return out


class Style:
    def __init__(self, color: bool) -> None:
        self.color = color

    def __call__(self, text: str, sgr: str) -> str:
        return f"\x1b[{sgr}m{text}\x1b[0m" if self.color and sgr and text else text

    def line(self, runs: Iterable[Run]) -> str:
        return "".join(self(t, s) for t, s in runs)


def _spans(findings: Sequence[FindingView], lo: int, hi: int) -> list[tuple[int, int, str]]:
    """Merged spans (start, end, worst severity) of the findings inside ``[lo, hi)``, relative to
    ``lo``. A finding that covers the whole text (an added or copied sentence) is not marked: its
    line below says so, and marking everything would hide the smaller spans."""
    raw = sorted(
        (max(f.start, lo) - lo, min(f.end, hi) - lo, f.severity)
        for f in findings
        if f.end > lo
        and f.start < hi
        and f.end > f.start
        and not (f.start <= lo and f.end >= hi)
    )
    out: list[tuple[int, int, str]] = []
    for a, b, sev in raw:
        if out and a < out[-1][1]:
            pa, pb, psev = out[-1]
            out[-1] = (pa, max(pb, b), sev if RANK.get(sev, 0) > RANK.get(psev, 0) else psev)
        else:
            out.append((a, b, sev))
    return out


def _marked(text: str, lo: int, findings: Sequence[FindingView], st: Style) -> list[Run]:
    """``text`` (which starts at ``lo`` in its article) as runs with the findings' spans marked."""
    runs: list[Run] = []
    pos = 0
    for a, b, sev in _spans(findings, lo, lo + len(text)):
        runs.append((text[pos:a], ""))
        if st.color:
            runs.append((text[a:b], SEV_SGR.get(sev, "1") + ";4"))
        else:
            runs.append(("⟦" + text[a:b] + "⟧", ""))
        pos = b
    runs.append((text[pos:], ""))
    return [(clean(t.replace("\n", " / ")), s) for t, s in runs if t]


def _side(d: ArticleView, side: str, idx: Sequence[int], fs: Sequence[FindingView], st: Style) -> list[Run]:
    if not idx:
        return [("(nothing in the source)" if side == "source" else "(not translated)", "2")]
    lo, hi = d.span(side, idx)
    text = d.source if side == "source" else d.target
    return _marked(text[lo:hi], lo, [f for f in fs if f.side == side], st)


def _block(prefix: Sequence[Run], runs: Sequence[Run], width: int, st: Style, hang: int = 0) -> list[str]:
    """``prefix`` then ``runs`` wrapped, continuation lines indented under the first text column
    and ``hang`` columns further."""
    indent = display_width("".join(t for t, _ in prefix))
    lines = wrap_runs(runs, width - indent if width else 0, width - indent - hang)
    pad = [(" " * (indent + hang), "")]
    return [st.line(prefix if i == 0 else pad) + st.line(line) for i, line in enumerate(lines)]


def _columns(
    label: Sequence[Run], left: Sequence[Run], right: Sequence[Run], width: int, st: Style
) -> list[str]:
    col = (width - 11) // 2  # label (5) + two " │ " (6) + two columns
    ls, rs = wrap_runs(left, col), wrap_runs(right, col)
    pad = display_width("".join(t for t, _ in label))
    out = []
    for i in range(max(len(ls), len(rs))):
        lt = ls[i] if i < len(ls) else []
        rt = rs[i] if i < len(rs) else []
        gap = col - display_width("".join(t for t, _ in lt))
        head = st.line(label) if i == 0 else " " * pad
        out.append((head + st(" │ ", "2") + st.line(lt) + " " * gap + st(" │ ", "2") + st.line(rt)).rstrip())
    return out


def finding_runs(f: FindingView) -> list[Run]:
    hint = f" -> {f.suggestion}" if f.suggestion else ""
    conf = f.confidence
    conf_s = f" (confidence {conf:.2f})" if conf is not None and conf < 1 else ""
    unit = unit_label(f.unit)
    return [
        (f.code, "1"),
        (" ", ""),
        (f"{f.severity:<8}", SEV_SGR.get(f.severity, "")),
        (clean(f" {_or_empty(f.name)}: {_or_empty(f.message)}{hint}{conf_s}"), ""),
        *([(clean(f"  [unit {unit}]"), "2")] if unit else []),
    ]


def _or_empty(s: str | None) -> str:
    return "" if s is None else s


def render_article(report: ArticleView | Mapping[str, Any], opts: TextOptions = TextOptions()) -> str:
    d = as_view(report)
    st, width = Style(opts.color), opts.width
    lines = _block([], header_runs(d), width, st)
    if d.error or d.verdict == "error":
        lines += _block([("  ", "")], [(clean(f"error: {d.error_message}"), "31")], width, st)
        return "\n".join(lines) + "\n"
    by_bead: dict[int | None, list[FindingView]] = {}
    for f in d.findings:
        by_bead.setdefault(f.bead, []).append(f)
    side_by_side = width >= SIDE_BY_SIDE_MIN
    lines.append("")
    if side_by_side:
        sl, tl = d.source_lang or "?", d.target_lang or "?"
        lines += _columns(
            [("    #", "2")], [(f"source ({sl})", "2")], [(f"translation ({tl})", "2")], width, st
        )
    skipped = 0
    for k, bead in enumerate(d.alignment):
        fs = by_bead.get(k, [])
        if opts.only_errors and not fs:
            skipped += 1
            continue
        if skipped:
            lines.append(st(f"     … {skipped} sentence pair{'s' * (skipped > 1)} without findings", "2"))
            skipped = 0
        src, tgt = _side(d, "source", bead.source, fs, st), _side(d, "target", bead.target, fs, st)
        tag = "+" if not bead.source else "-" if not bead.target else " "
        n = pair_number(k)
        label = [(f"{n:>4}{tag}" if side_by_side else f"{n:>3}{tag}", "2")]
        if side_by_side:
            lines += _columns(label[:1], src, tgt, width, st)
        else:
            lines += _block([*label, (" src ", "2")], src, width, st)
            lines += _block([("     mt  ", "2")], tgt, width, st)
        scores = bead_scores(d, k)
        if scores:
            lines.append("     " + st(scores, "2"))
        for f in sorted(fs, key=lambda f: (-f.rank, f.start)):
            lines += _block([("       ", "")], finding_runs(f), width, st, hang=FINDING_HANG)
    if skipped:
        lines.append(st(f"     … {skipped} sentence pair{'s' * (skipped > 1)} without findings", "2"))
    other = by_bead.get(None, [])
    if other:
        lines += ["", "  article-level:"]
        for f in other:
            lines += _block([("       ", "")], finding_runs(f), width, st, hang=FINDING_HANG)
    lines.append("")
    *summary, signature = summary_runs(d)
    lines += _block([], summary[0], width, st)
    for runs in summary[1:]:
        lines += _block([("  ", "")], runs, width, st, hang=2)
    lines += _block([("  ", "")], signature, 0, st)  # one line, so that it can be copied whole
    return "\n".join(lines) + "\n"


def bead_scores(d: ArticleView, k: int) -> str:
    """Fluency of each target sentence of bead ``k``, its adequacy and calibrated quality, when known."""
    if k >= len(d.beads) or k >= len(d.alignment):
        return ""
    tgt = d.target_sentences
    flu = [tgt[j].fluency for j in d.alignment[k].target if j < len(tgt)]
    b = d.beads[k]
    parts = []
    if any(f is not None for f in flu):
        parts.append("fluency " + " ".join(f"{f:.2f}" for f in flu if f is not None))
    if b.adequacy is not None:
        parts.append(f"adequacy {b.adequacy:.2f}")
    if b.quality is not None:
        parts.append(f"est. rank {b.quality:.0f}")
    return "  ".join(parts)


def header_runs(d: ArticleView) -> list[Run]:
    head: list[Run] = [
        (clean(str(d.id)), "1"),
        (f"  {d.source_lang or '?'}->{d.target_lang or '?'}  ", ""),
    ]
    if d.score is None:
        return head + [("ERROR", "1;31")]
    verdict = ("PASS", "1;32") if d.verdict == "pass" else ("FAIL", "1;31")
    flu = f"  fluency {d.fluency:.2f}" if d.fluency is not None else ""
    # the headline is the score (it decides the verdict); ``quality`` is an estimate of where a human
    # rater would rank the translation among MT output (50: typical), shown under that name
    flu += f"  est. rank {d.quality:.0f}/100" if d.quality is not None else ""
    tail = f"  penalty {d.penalty or 0:g} ({d.penalty_per_1000_words or 0:.1f} per 1,000 words){flu}"
    warn = [("  warning: " + clean("; ".join(d.warnings)), "1;33")] if d.warnings else []
    return head + [(f"score {d.score:.1f}/100  ", ""), verdict, *warn, (tail, "")]


def summary_runs(d: ArticleView) -> list[list[Run]]:
    out: list[list[Run]] = [
        [("summary", "1")],
        [
            (
                f"words {d.words} (source {d.source_words}); sentences "
                f"{len(d.source_sentences)} "
                f"source, {len(d.target_sentences)} target; beads {len(d.alignment)}: "
                + ", ".join(f"{n}x{k}" for k, n in sorted(d.bead_kinds, key=lambda kv: -kv[1])),
                "",
            )
        ],
        [
            (
                f"findings {len(d.findings)}: "
                + (", ".join(f"{n} {s}" for s, n in d.by_severity) or "none"),
                "",
            )
        ],
    ]
    if d.by_category:
        out.append([("by category: " + ", ".join(f"{k} {n}" for k, n in d.by_category), "")])
    lc = d.languages
    if lc:
        s, t = lc.source, lc.target
        out.append([(
            (f"languages: source {d.source_lang} (detected {s.detected} {s.confidence:.2f}), "
            f"target {d.target_lang} (detected {t.detected} {t.confidence:.2f})"),
            "",
        )])
    out += [[(clean(f"warning: {w}"), "33")] for w in d.warnings]
    worst = d.worst_sentences[:3]
    if worst:
        shown = ", ".join(f"#{pair_number(w.bead)} ({w.penalty:g})" for w in worst)
        out.append([("worst sentences: " + shown, "")])
    out += [[(clean(f"detector {f.code} failed: {f.error}"), "31")] for f in d.failures]
    a = d.reference
    if a:
        out.append(
            [(f"against the reference: BLEU {a.bleu:.1f}  chrF {a.chrf:.1f}  TER {a.ter:.1f}", "")]
        )
    if d.quality_model:
        out.append([(clean(f"est. rank model: {d.quality_model}"), "2")])
    if d.extras:
        out.append([(clean("also: " + ", ".join(f"{k} {v}" for k, v in d.extras)), "")])
    out.append([(clean(str(d.signature or "")), "2")])
    return out


def render_articles(
    reports: Iterable[ArticleView | Mapping[str, Any]], opts: TextOptions = TextOptions()
) -> str:
    return "\n".join(render_article(d, opts) for d in reports)
