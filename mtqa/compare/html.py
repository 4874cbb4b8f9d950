"""The comparison page: one self-contained HTML file that ranks the engines and opens the articles
where they disagree most, side by side across engines, each with its findings marked.

No script at all: the articles open with ``<details>``, the Content-Security-Policy allows nothing but
inline style, and every string from the feed (ids, engine names, texts, messages) is escaped here.
The look is the batch report's (``mtqa/report/assets/report.css``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape
from importlib.resources import files
from typing import Any

from mtqa.compare.ranking import ALPHA, Comparison, Translation
from mtqa.compare.stats import CONFIDENCE
from mtqa.version import __version__

DISAGREE = 20  # items shown, most disagreement (spread of the engines' scores) first
EXTRA_CSS = """
.engines td:nth-child(n+3), .pairs td:nth-child(n+3) {
  text-align: right; font-variant-numeric: tabular-nums; }
.sig { font-weight: 600; }
.engines td:nth-child(2), .pairs td:nth-child(-n+2), .pairs th { white-space: nowrap; }
.pairs td, .pairs th, .engines td, .engines th { padding: 2px 12px 2px 0; }
.side { display: grid; grid-template-columns: repeat(auto-fit, minmax(280px, 1fr)); gap: 12px; }
.side section { border: 1px solid var(--line); border-radius: 8px; padding: 8px 12px; background: var(--bg); }
.side h4 { margin: 0 0 4px; font-size: 0.95rem; }
.text { white-space: pre-wrap; overflow-wrap: anywhere; }
.src { background: var(--panel); border-radius: 8px; padding: 8px 12px; }
mark.critical { background: var(--crit-bg); } mark.major { background: var(--major-bg); }
mark.minor { background: var(--minor-bg); } mark.neutral { background: var(--neutral-bg); }
details.item { border-top: 1px solid var(--line); padding: 6px 0; }
details.item > summary { cursor: pointer; }
ul.findings { padding-left: 1.2em; margin: 6px 0 0; font-size: 0.9rem; }
"""


def _fmt(x: Any, nd: int = 1) -> str:
    return "–" if x is None else f"{x:.{nd}f}"


def marked(text: str, findings: Sequence[Mapping[str, Any]]) -> str:
    """``text`` escaped, with each target-side finding's span in a ``<mark>`` (overlaps: the first wins)."""
    spans = sorted(
        (int(f["start"]), int(f["end"]), str(f.get("severity") or "minor"), str(f.get("code") or ""))
        for f in findings
        if f.get("side") == "target"
        and isinstance(f.get("start"), int)
        and isinstance(f.get("end"), int)
        and 0 <= f["start"] < f["end"] <= len(text)
    )
    out, pos = [], 0
    for start, end, sev, code in spans:
        if start < pos:
            continue
        out.append(escape(text[pos:start]))
        out.append(f'<mark class="{escape(sev)}" title="{escape(code)}">{escape(text[start:end])}</mark>')
        pos = end
    out.append(escape(text[pos:]))
    return "".join(out)


def _engines_table(c: Comparison) -> str:
    pct = f"{100 * CONFIDENCE:g}%"
    rows = "".join(
        f"<tr><td>{e.rank}</td><td>{escape(e.engine)}</td><td>{e.articles}</td><td>{e.mean:.1f}</td>"
        f"<td>[{e.low:.1f}, {e.high:.1f}]</td><td>{e.wins}/{e.ties}/{e.losses}</td></tr>"
        for e in c.engines
    )
    return (
        '<table class="engines"><thead><tr><th scope=col>rank</th><th scope=col>engine</th>'
        f"<th scope=col>articles</th><th scope=col>score</th><th scope=col>{pct} interval</th>"
        f"<th scope=col>wins/ties/losses</th></tr></thead><tbody>{rows}</tbody></table>"
    )


def _pairs_table(c: Comparison) -> str:
    rows = []
    for p in c.ordered_pairs():
        cls = ' class="sig"' if p.significant else ""
        rows.append(
            f"<tr{cls}><td>{escape(p.a)}</td><td>{escape(p.b)}</td><td>{p.diff:+.1f}</td>"
            f"<td>[{p.low:+.1f}, {p.high:+.1f}]</td><td>{p.p:.4f}</td><td>{p.p_holm:.4f}</td>"
            f"<td>{p.wins}/{p.ties}/{p.losses}</td><td>{p.articles}</td></tr>"
        )
    return (
        '<table class="pairs"><thead><tr><th scope=col>engine A</th><th scope=col>engine B</th>'
        "<th scope=col>A − B</th><th scope=col>interval</th><th scope=col>p</th><th scope=col>p (Holm)</th>"
        "<th scope=col>A wins/ties/losses</th><th scope=col>articles</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def _item(ts: Sequence[Translation], reports: Mapping[str, Mapping[str, Any]], spread: float,
          is_open: bool) -> str:
    first = reports.get(ts[0].id, {})
    ordered = sorted(ts, key=lambda t: -t.score)
    summary = " · ".join(f"{escape(t.engine)} {t.score:.0f}" for t in ordered)
    cols = []
    for t in ordered:
        r = reports.get(t.id, {})
        fs = r.get("findings") or []
        items = "".join(
            f"<li><code>{escape(str(f.get('code')))}</code> {escape(str(f.get('severity')))}: "
            f"{escape(str(f.get('message') or ''))}</li>"
            for f in fs
        )
        cols.append(
            f"<section><h4>{escape(t.engine)}: {t.score:.1f}</h4>"
            f'<p class="muted">mtqa score {_fmt(t.mtqa_score)} · {len(fs)} finding{"s" * (len(fs) != 1)}'
            f" · id {escape(t.id)}</p>"
            f'<div class="text">{marked(str(r.get("target") or ""), fs)}</div>'
            + (f'<ul class="findings">{items}</ul>' if items else "")
            + "</section>"
        )
    return (
        f'<details class="item"{" open" * is_open}><summary>spread {spread:.0f} · {summary}</summary>'
        f"<h4>Source ({escape(str(first.get('source_lang') or '?'))})</h4>"
        f'<div class="src text">{escape(str(first.get("source") or ""))}</div>'
        f'<div class="side">{"".join(cols)}</div></details>'
    )


def render_compare_html(
    c: Comparison, reports: Sequence[Mapping[str, Any]], title: str, shown: int = DISAGREE
) -> str:
    by_id = {str(r.get("id")): r for r in reports}
    def spread(ts: Sequence[Translation]) -> float:
        return max(t.score for t in ts) - min(t.score for t in ts)

    groups = sorted(c.by_item().values(), key=lambda ts: -spread(ts))  # stable: feed order breaks ties
    items = "".join(_item(ts, by_id, spread(ts), k == 0) for k, ts in enumerate(groups[:shown]))
    css = (files("mtqa.report") / "assets" / "report.css").read_text(encoding="utf-8") + EXTRA_CSS
    csp = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"
    n_items = len(groups)
    return (
        "<!doctype html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{csp}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta name="referrer" content="no-referrer">'
        f'<link rel="icon" href="data:,"><title>{escape(title)}</title><style>{css}</style></head><body>'
        f'<header><h1>{escape(title)}</h1><p class="muted">{len(c.engines)} engines · {n_items} sources '
        f"compared · made by mtqa {escape(__version__)}</p></header><main>"
        "<h2>Ranking</h2>"
        '<p class="muted">Score: 100 × the mean estimated probability that an engine\'s translation is '
        "better than another engine's translation of the same source (50: as good as the others on average). "
        f"Rank 1 + the number of engines significantly better (p &lt; {ALPHA:g} after Holm's correction).</p>"
        + _engines_table(c)
        + "<h2>Pairs of engines</h2>"
        '<p class="muted">Paired approximate randomization over the sources both engines translated; '
        "bold rows are significant after Holm's correction.</p>"
        + _pairs_table(c)
        + f'<h2>Where they disagree most</h2><p class="muted">The {min(shown, n_items)} sources with the '
        "widest spread of scores; open one to read the engines side by side, findings marked.</p>"
        + items
        + f'<footer><p class="muted"><code>{escape(c.signature)}</code></p></footer></main></body></html>\n'
    )
