"""The HTML report: one self-contained file (inline CSS, JS and SVG; nothing fetched) made from
the typed views of article reports (:class:`mtqa.report.contract.ArticleView`), so it works from a
fresh batch or a saved ``reports.jsonl`` alike.

The overview and the article list are rendered here; the side-by-side view of an article is built
in the browser from the embedded data when the article is opened, which keeps a 1,000-article
report quick to load. Article text is untrusted: every string is escaped here, the script only
ever sets ``textContent``, the data sits in a JSON block with ``<`` escaped, and a
Content-Security-Policy lets no script run but ours (by hash) and no request go out.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from html import escape
from importlib.resources import files
from typing import Any

from mtqa.report.chart import histogram, trend
from mtqa.report.contract import SEVERITIES, ArticleView, as_views
from mtqa.report.history import TrendPoint, by_group
from mtqa.report.rows import unit_label
from mtqa.report.totals import summarize
from mtqa.version import __version__

NAMED_LABELS = ("feed", "engine")  # meta labels always broken down when present
MAX_GROUPS = 20  # other meta labels are broken down when they have at most this many values
TOP = 12  # rows in the overview's category and detector tables
_ASSETS = files("mtqa.report") / "assets"


def slugs(ids: Iterable[object]) -> list[str]:
    """Unique, URL- and id-safe anchors (``a-port-strike``); the bead suffix ``.b3`` cannot clash."""
    seen: Counter[str] = Counter()
    out = []
    for i in ids:
        s = "a-" + (re.sub(r"[^A-Za-z0-9_-]+", "-", str(i)).strip("-") or "article")
        seen[s] += 1
        out.append(s if seen[s] == 1 else f"{s}-{seen[s]}")
    return out


def worst_first(articles: Sequence[ArticleView | Mapping[str, Any]]) -> list[int]:
    """Indices in review order: articles that could not be checked, then by score, then penalty."""
    reports = as_views(articles)

    def key(i: int) -> tuple[Any, ...]:
        r = reports[i]
        score = r.score
        return (
            score is not None,
            score if score is not None else 0,
            -(r.penalty or 0),
            str(r.id),
        )

    return sorted(range(len(reports)), key=key)


def _json_for_script(obj: Any) -> str:
    # "</script>" or "<!--" in article text must not end the block: JSON allows \u003c for "<".
    return (
        json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
    )


_ASTRAL = re.compile("[\U00010000-\U0010FFFF]")


def _utf16(text: str) -> Callable[[int], int]:
    """Maps offsets in code points (the contract's) to UTF-16 units (JavaScript's string indices)."""
    if not _ASTRAL.search(text):
        return lambda i: i
    acc = [0]
    for c in text:
        acc.append(acc[-1] + (2 if ord(c) > 0xFFFF else 1))
    return lambda i: acc[max(0, min(i, len(text)))]


def _article_data(r: ArticleView) -> dict[str, Any]:
    pen = {b.bead: b.penalty for b in r.beads}
    us, ut = _utf16(r.source), _utf16(r.target)
    return {
        "id": str(r.id),
        "v": r.verdict,
        "sl": r.source_lang or "?",
        "tl": r.target_lang or "?",
        "s": r.source,
        "t": r.target,
        "ss": [[us(x.start), us(x.end)] for x in r.source_sentences],
        "ts": [[ut(x.start), ut(x.end)] for x in r.target_sentences],
        "al": [[list(b.source), list(b.target), pen.get(k)] for k, b in enumerate(r.alignment)],
        "f": [
            [f.code, f.name or "", f.category, f.severity, f.side,
             *(map(us if f.side == "source" else ut, (f.start, f.end))),
             f.message or "", f.suggestion, f.bead, f.confidence,
             [f.fix.applicability, f.fix.title] if f.fix else None,
             unit_label(f.unit)]
            for f in r.findings
        ],
        "err": r.error_message or None,
    }


def _table(head: Sequence[str], rows: Iterable[Sequence[str]], cls: str = "") -> str:
    """Cells are HTML already (escaped by the caller)."""
    th = "".join(f"<th scope=col>{h}</th>" for h in head)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return f'<table class="{cls}"><thead><tr>{th}</tr></thead><tbody>{body}</tbody></table>'


def _bar(n: int, top: int) -> str:
    return f'<span class="bar" style="width:{100 * n / max(top, 1):.0f}%"></span>'


def _fmt(x: float | None, nd: int = 2) -> str:
    return "–" if x is None else f"{x:.{nd}f}"


def _meta_label(k: str) -> Callable[[ArticleView], str | None]:
    return lambda r: r.label(k)


def _langs(r: ArticleView) -> str:
    return r.langs


def _breakdown(reports: Sequence[ArticleView], key: Callable[[ArticleView], str | None], name: str) -> str:
    groups: dict[str, list[ArticleView]] = {}
    for r in reports:
        groups.setdefault(key(r) or "(none)", []).append(r)
    rows = []
    for g, rs in sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        scores = [r.score for r in rs if r.score is not None]
        cats = Counter(f.category for r in rs for f in r.findings)
        rows.append(
            [
                escape(g),
                str(len(rs)),
                str(sum(r.verdict == "pass" for r in rs)),
                str(sum(r.verdict == "fail" for r in rs)),
                str(sum(r.verdict == "error" for r in rs)),
                _fmt(sum(scores) / len(scores) if scores else None),
                escape(", ".join(f"{c} {n}" for c, n in cats.most_common(3))) or "–",
            ]
        )
    return f"<h3>By {escape(name)}</h3>" + _table(
        [escape(name), "articles", "pass", "fail", "error", "mean score", "top categories"], rows, "num"
    )


def _meta_keys(reports: Sequence[ArticleView]) -> list[str]:
    values: dict[str, set[str]] = {}
    for r in reports:
        for k, v in r.meta:
            values.setdefault(str(k), set()).add(str(v))
    return [k for k in sorted(values, key=lambda k: (k not in NAMED_LABELS, k))
            if k in NAMED_LABELS or len(values[k]) <= min(MAX_GROUPS, max(len(reports) - 1, 1))]


def _overview(reports: Sequence[ArticleView], slug: dict[int, str], threshold: float | None) -> str:
    s = summarize(reports)
    names = dict(s.names)
    cards = [
        ("articles", str(s.articles)),
        ("pass", str(s.passed)),
        ("fail", str(s.failed)),
        ("error", str(s.errors)),
        ("mean score", _fmt(s.mean_score)),
        ("findings", str(sum(n for _, n in s.by_code))),
        ("penalty / 1,000 words", _fmt(s.penalty_per_1000, 1)),
        ("target words", f"{s.words:,}"),
    ]
    out = [
        '<section id="overview" aria-labelledby="h-overview"><h2 id="h-overview">Overview</h2>'
        + '<dl class="cards">'
    ]
    out += [
        f'<div class="card c-{escape(k.split()[0])}"><dt>{escape(k)}</dt><dd>{v}</dd></div>' for k, v in cards
    ]
    out.append("</dl>")
    scores = [r.score for r in reports if r.score is not None]
    rank = {k: i for i, k in enumerate(SEVERITIES)}
    sev_rows = [[f'<span class="sev sev-{escape(k)}">{escape(k)}</span>', str(n)]
                for k, n in sorted(s.by_severity, key=lambda kv: rank.get(kv[0], 9))]
    out.append(
        '<div class="grid"><div><h3>Score distribution</h3>'
        + histogram(scores, threshold)
        + "</div><div>"
        + "<h3>Findings by severity</h3>"
        + (_table(["severity", "findings"], sev_rows, "num") if sev_rows else "<p>No findings.</p>")
        + _breakdown(reports, _langs, "language pair")
        + "</div></div>"
    )
    arts_by: dict[str, Counter[str]] = {"cat": Counter(), "code": Counter()}
    for r in reports:
        arts_by["cat"].update({f.category for f in r.findings})
        arts_by["code"].update({f.code for f in r.findings})
    top_cat = s.by_category[0][1] if s.by_category else 1
    cat_rows = [
        [
            (
                f'<button type="button" class="linkish" data-only-cat="{escape(c, True)}" '
                f'title="review only this category">{escape(c)}</button>'
            ),
            str(n),
            str(arts_by["cat"][c]),
            _bar(n, top_cat),
        ]
        for c, n in s.by_category[:TOP]
    ]
    codes = sorted(s.by_code, key=lambda kv: (-kv[1], kv[0]))[:TOP]
    code_rows = [
        [
            f"<code>{escape(c)}</code>",
            escape(names.get(c, "")),
            str(n),
            str(arts_by["code"][c]),
            _bar(n, codes[0][1]),
        ]
        for c, n in codes
    ]
    none = "<p>No findings.</p>"
    out.append(
        '<div class="grid"><div><h3>Top error categories</h3>'
        + (_table(["category", "findings", "articles", ""], cat_rows, "num bars") if cat_rows else none)
        + "</div><div><h3>Top detectors</h3>"
        + (
            _table(["code", "detector", "findings", "articles", ""], code_rows, "num bars")
            if code_rows
            else none
        )
        + "</div></div>"
    )
    keys = _meta_keys(reports)
    if keys:
        out.append(
            '<div class="grid">'
            + "".join(
                "<div>" + _breakdown(reports, _meta_label(k), k) + "</div>"
                for k in keys
            )
            + "</div>"
        )
    if s.error_ids:
        ids = {str(r.id): i for i, r in enumerate(reports)}
        items = "".join(
            f'<li><a href="#{slug[ids[a]]}">{escape(a)}</a>: {escape(e)}</li>' for a, e in s.error_ids
        )
        out.append(f"<h3>Articles that could not be checked</h3><ul class=errors>{items}</ul>")
    if s.warned:
        ids = {str(r.id): i for i, r in enumerate(reports)}
        items = "".join(
            f'<li><a href="#{slug[ids[a]]}">{escape(a)}</a>: {escape(w)}</li>' for a, w in s.warned
        )
        out.append(
            f"<h3>Warnings</h3><p class=warn>{len(s.warned)} article{'s' * (len(s.warned) != 1)} with a "
            "warning beside the verdict: a text that reads as another language than declared, or a "
            "translation unrelated to its source.</p>"
            f"<ul class=errors>{items}</ul>"
        )
    if s.failures:
        out.append(
            f"<p class=warn>Detector failures recorded: {s.failures} (see <code>failures</code> in the "
            "reports).</p>"
        )
    return "".join(out) + "</section>"


def _history(points: Sequence[TrendPoint]) -> str:
    if not points:
        return ""
    runs = sorted({(p.at, p.run_id) for p in points})
    index = {rid: i for i, (_, rid) in enumerate(runs)}
    labels = [f"{at:%m-%d %H:%M}" for at, _ in runs]
    out = ['<section id="history" aria-labelledby="h-history"><h2 id="h-history">History</h2>',
           (f"<p>{len(runs)} run{'s' * (len(runs) != 1)} in the store, from {runs[0][0]:%Y-%m-%d %H:%M} to "
           f"{runs[-1][0]:%Y-%m-%d %H:%M} (UTC).</p>")]
    groups = by_group(points)
    for dim in dict.fromkeys(p.dimension for p in points):
        series = sorted(
            ((g, pts) for (d, g), pts in groups.items() if d == dim),
            key=lambda gp: -sum(p.articles for p in gp[1]),
        )
        lines = [
            (g, [(index[p.run_id], p.mean_score, (f"{g}, run {p.run_id}: mean score {p.mean_score:.2f}, "
                  f"{p.passed}/{p.articles} pass")) for p in pts if p.mean_score is not None])
            for g, pts in series[:8]
        ]
        rows = [
            [
                escape(g),
                str(pts[-1].articles),
                _fmt(pts[-1].mean_score),
                escape(", ".join(f"{c} {n}" for c, n in pts[-1].top_categories)) or "–",
            ]
            for g, pts in series
        ]
        name = "language pair" if dim == "langs" else dim
        out.append(
            f"<h3>Mean score by {escape(name)}</h3>"
            + trend(lines, len(runs), labels, "mean score")
            + _table(
                [escape(name), "articles (last run)", "mean score (last run)", "top categories (last run)"],
                rows,
                "num",
            )
        )
    return "".join(out) + "</section>"


def _article_item(i: int, r: ArticleView, slug: str, order: int) -> str:
    fs = r.findings
    v = str(r.verdict)
    sev = Counter(f.severity for f in fs)
    chips = "".join(f'<span class="sev sev-{k}">{sev[k]} {k}</span>' for k in SEVERITIES if sev[k])
    if r.warnings:
        chips += f'<span class="lang-warn" title="{escape("; ".join(r.warnings), True)}">warning</span>'
    meta = "".join(
        f'<span class="label">{escape(str(k))}: {escape(str(val))}</span>' for k, val in sorted(r.meta)
    )
    score = "–" if r.score is None else f"{r.score:.1f}"
    codes = " ".join(sorted({f.code for f in fs}))
    extra = "".join(f"<span class=label>{escape(k)}: {escape(str(x))}</span>" for k, x in r.extras)
    ref = r.reference
    if ref:
        extra += (f"<span class=label>against the reference: BLEU {ref.bleu:.1f}, chrF {ref.chrf:.1f}, "
                  f"TER {ref.ter:.1f}</span>")
    notes = "".join(f"<p class=warn>{escape(w)}</p>" for w in r.warnings)
    notes += "".join(
        f"<p class=warn>detector {escape(f.code or '?')} failed: {escape(str(f.error))}</p>"
        for f in r.failures
    )
    if r.error:
        notes += f"<p class=err>could not be checked: {escape(r.error_message)}</p>"
    return (
        f'<li class="art v-{escape(v)}" id="{slug}" data-i="{i}" data-order="{order}">'
        '<div class="head"><button type="button" class="toggle" aria-expanded="false" '
        f'aria-controls="{slug}.body">'
        f'<span class="score">{score}</span><span class="verdict v-{escape(v)}">{escape(v)}</span>'
        f'<span class="id">{escape(str(r.id))}</span><span class="langs">{escape(r.langs)}</span>'
        f'{chips}<span class="codes">{escape(codes)}</span></button>'
        f'<a class="anchor" href="#{slug}" title="link to this article" aria-label="link to '
        f'{escape(str(r.id), True)}">#</a></div>'
        f'<div class="sub">{meta}{extra}</div>{notes}<div class="body" id="{slug}.body" hidden></div></li>'
    )


def _filters(reports: Sequence[ArticleView]) -> str:
    cats = sorted({f.category for r in reports for f in r.findings})
    sevs = [s for s in SEVERITIES if any(f.severity == s for r in reports for f in r.findings)]
    box = "".join(
        f'<label class="chip sev-{s}"><input type="checkbox" name="sev" value="{s}" checked> {s}</label>'
        for s in sevs
    )
    cat = "".join(
        f'<label class="chip"><input type="checkbox" name="cat" value="{escape(c, True)}" checked> '
        f'{escape(c)}</label>'
        for c in cats
    )
    return (
        '<form id="filters" class="filters" role="search" aria-label="filter articles and findings">'
        f"<fieldset><legend>Severity</legend>{box or 'none'}</fieldset>"
        f"<fieldset><legend>Category</legend>{cat or 'none'}</fieldset>"
        "<fieldset><legend>Articles</legend>"
        '<label>verdict <select id="f-verdict"><option value="all">all</option><option '
        'value="fail">fail</option>'
        '<option value="pass">pass</option><option value="error">error</option></select></label> '
        '<label>id <input id="f-q" type="search" placeholder="filter by id" size="14"></label> '
        '<label>order <select id="f-sort"><option value="worst">worst first</option><option '
        'value="best">best first</option>'
        '<option value="id">article id</option><option value="input">input order</option></select></label> '
        '<label><input type="checkbox" id="f-only"> only sentences with findings</label> '
        '<button type="button" id="f-reset">reset</button> <button type="button" id="f-expand">open '
        'shown</button> '
        '<button type="button" id="f-collapse">close all</button></fieldset>'
        '<p id="f-count" aria-live="polite"></p></form>'
    )


def render_html(
    articles: Iterable[ArticleView | Mapping[str, Any]],
    title: str = "mtqa report",
    history: Sequence[TrendPoint] = (),
    pass_threshold: float | None = None,
) -> str:
    reports = as_views(articles)
    order = worst_first(reports)
    slug = dict(zip(range(len(reports)), slugs(r.id for r in reports)))
    data = _json_for_script({"articles": [_article_data(reports[i]) for i in order], "pass": pass_threshold})
    script = (_ASSETS / "report.js").read_text(encoding="utf-8")
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()
    csp = (f"default-src 'none'; script-src 'sha256-{digest}'; style-src 'unsafe-inline'; img-src data:; "
           "base-uri 'none'; form-action 'none'")
    items = "".join(_article_item(k, reports[i], slug[i], i) for k, i in enumerate(order))
    sigs = sorted({str(r.signature) for r in reports if r.signature})
    return (
        "<!doctype html>\n"
        '<html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" '
        f'content="{csp}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1"><meta name="referrer" '
        'content="no-referrer">'
        f'<link rel="icon" href="data:,"><title>{escape(title)}</title>'
        f"<style>{(_ASSETS / 'report.css').read_text(encoding='utf-8')}</style></head><body>"
        f'<header><h1>{escape(title)}</h1><p class="muted">{len(reports)} article{"s" * (len(reports) != 1)} '
        '· '
        f'made by mtqa {escape(__version__)} · <a href="#review">review articles</a></p></header><main>'
        + _overview(reports, slug, pass_threshold)
        + _history(history)
        + '<section id="review" aria-labelledby="h-review"><h2 id="h-review">Articles, worst first</h2>'
        + _filters(reports)
        + "<noscript><p class=warn>The side-by-side view needs JavaScript; the overview above does "
          "not.</p></noscript>"
        + f'<ol id="articles" class="articles">{items}</ol></section>'
        + "<footer><h2>Signature</h2>"
        + "".join(f"<p><code>{escape(s)}</code></p>" for s in sigs)
        + "</footer></main>"
        + f'<script type="application/json" id="mtqa-data">{data}</script><script '
          f'id="mtqa-js">{script}</script>'
        + "</body></html>\n"
    )
