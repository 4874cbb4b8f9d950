"""What ``mtqa compare`` writes: ``compare.jsonl`` (one line per compared translation),
``engines.json`` (the ranking, intervals and pairwise tests) and the terminal table."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from mtqa.compare.groups import FeedCheck
from mtqa.compare.ranking import ALPHA, TIE_MARGIN, Comparison
from mtqa.compare.stats import CONFIDENCE
from mtqa.version import __version__

COMPARE_FILE, ENGINES_FILE, HTML_FILE = "compare.jsonl", "engines.json", "compare.html"
SCHEMA = "mtqa.compare.v1"


def translation_lines(c: Comparison) -> list[str]:
    return [
        json.dumps(
            {
                "id": t.id,
                "engine": t.engine,
                "item": t.item,
                "score": t.score,
                "mtqa_score": t.mtqa_score,
                "verdict": t.verdict,
                "findings": t.findings,
                "signals": t.signals,
            },
            ensure_ascii=False,
        )
        for t in c.translations
    ]


def engines_dict(c: Comparison, feed: FeedCheck, provenance: dict[str, Any]) -> dict[str, Any]:
    return {
        "schema": SCHEMA,
        "mtqa": __version__,
        "signature": c.signature,
        "score": "comparison score: 100 x the mean estimated probability that a translation is better than "
        "another engine's translation of the same source (50 = as good as the others on average)",
        "confidence": CONFIDENCE,
        "alpha": ALPHA,
        "tie_margin": TIE_MARGIN,
        "items": {
            "total": feed.items,
            "compared": feed.compared_items,
            "single_engine": len(feed.single),
            "unreadable": feed.unreadable,
        },
        "engines": [vars(e) for e in c.engines],
        "pairs": [vars(p) | {"significant": p.significant} for p in c.pairs],
        "reliability": {e: round(w, 4) for e, w in sorted(c.reliability.items())},
        "model": provenance,
    }


def write_json_files(out: Path, c: Comparison, feed: FeedCheck, provenance: dict[str, Any]) -> list[Path]:
    from mtqa.report.outputs import write_file

    lines = translation_lines(c)
    return [
        write_file(out / COMPARE_FILE, "\n".join(lines) + ("\n" if lines else "")),
        write_file(
            out / ENGINES_FILE,
            json.dumps(engines_dict(c, feed, provenance), ensure_ascii=False, indent=1) + "\n",
        ),
    ]


def _p(p: float) -> str:
    return "<0.001" if p < 0.001 else f"{p:.3f}"


def render_table(c: Comparison) -> str:
    """The ranking and the pairwise tests, for the terminal."""
    width = max([len("engine"), *(len(e.engine) for e in c.engines)])
    pct = f"{100 * CONFIDENCE:g}%"
    out = [
        (f"{'rank':>4}  {'engine':<{width}}  {'articles':>8}  {'score':>6}  {pct + ' interval':<16}  "
         f"{'wins/ties/losses':>16}")
    ]
    for e in c.engines:
        out.append(
            f"{e.rank:>4}  {e.engine:<{width}}  {e.articles:>8}  {e.mean:>6.1f}  "
            f"{f'[{e.low:.1f}, {e.high:.1f}]':<16}  {f'{e.wins}/{e.ties}/{e.losses}':>16}"
        )
    out.append("")
    out.append(f"pairwise (approximate randomization, Holm-corrected; * = significant at {ALPHA:g}):")
    for p in c.ordered_pairs():
        star = "*" if p.significant else " "
        out.append(
            f"  {p.a:<{width}} vs {p.b:<{width}}  diff {p.diff:+6.1f} [{p.low:+.1f}, {p.high:+.1f}]  "
            f"p {_p(p.p_holm):>6}{star}  w/t/l {p.wins}/{p.ties}/{p.losses}  ({p.articles} articles)"
        )
    out.append(f"\nsignature: {c.signature}")
    return "\n".join(out) + "\n"
