"""Small inline SVG charts for the HTML report: no script, no library, nothing fetched.

Every label comes from the data (feed names, engines), so all text is escaped. Each chart has a
``<title>`` and an ``aria-label``, and every bar or point its own ``<title>`` with the exact value.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from html import escape

# Score bins: scores crowd just under 100 and the default pass mark is 99, so the bins narrow there.
SCORE_EDGES = (0.0, 50.0, 80.0, 90.0, 95.0, 98.0, 99.0, 100.0)
PALETTE = ("#2563eb", "#d97706", "#059669", "#dc2626", "#7c3aed", "#0891b2", "#db2777", "#4b5563")


def score_bins(scores: Sequence[float]) -> list[tuple[str, float, int]]:
    """(label, lower edge, count) per bin; the last bin is exactly 100."""
    bins = []
    for lo, hi in itertools.pairwise(SCORE_EDGES):
        bins.append((f"{lo:g}–{hi:g}" if lo else f"<{hi:g}", lo, sum(lo <= s < hi for s in scores)))
    bins.append(("100", 100.0, sum(s >= 100 for s in scores)))
    return bins


def histogram(scores: Sequence[float], threshold: float | None, width: int = 560, height: int = 180) -> str:
    bins = score_bins(scores)
    top = max([n for _, _, n in bins] + [1])
    pad_l, pad_b, pad_t = 8, 34, 18
    bw = (width - pad_l) / len(bins)
    h = height - pad_b - pad_t
    parts = []
    for i, (label, lo, n) in enumerate(bins):
        bh = h * n / top
        x = pad_l + i * bw
        ok = threshold is not None and lo >= threshold
        parts.append(
            f"<g><title>score {escape(label)}: {n} article{'s' * (n != 1)}</title>"
            f'<rect x="{x + 4:.1f}" y="{pad_t + h - bh:.1f}" width="{bw - 8:.1f}" '
            f'height="{max(bh, 0.5):.1f}" '
            f'class="{"bar-pass" if ok else "bar-fail"}"/>'
            f'<text x="{x + bw / 2:.1f}" y="{pad_t + h - bh - 4:.1f}" class="num">{n}</text>'
            f'<text x="{x + bw / 2:.1f}" y="{height - pad_b + 16:.1f}" class="lab">{escape(label)}</text></g>'
        )
    note = f"; pass mark {threshold:g}" if threshold is not None else ""
    return (
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="score distribution of {len(scores)} articles{note}"><title>score distribution</title>'
        + "".join(parts)
        + f'<text x="{width / 2:.0f}" y="{height - 4}" class="lab">score{escape(note)}</text></svg>'
    )


def trend(
    series: Sequence[tuple[str, Sequence[tuple[int, float, str]]]],
    n_runs: int,
    x_labels: Sequence[str],
    y_label: str,
    width: int = 640,
    height: int = 220,
) -> str:
    """Lines over runs. ``series``: (name, [(run index, value, hover text)]) with runs numbered
    0..n_runs-1 in time order; the y axis spans the values seen (at least 1 point wide)."""
    values = [v for _, pts in series for _, v, _ in pts]
    if not values:
        return ""
    lo, hi = min(values), max(values)
    if hi - lo < 1:
        lo, hi = lo - 0.5, hi + 0.5
    pad_l, pad_r, pad_t, pad_b = 48, 44, 12, 40  # room for the first and last run's labels
    w, h = width - pad_l - pad_r, height - pad_t - pad_b

    def xy(i: int, v: float) -> tuple[float, float]:
        x = pad_l + (w * i / (n_runs - 1) if n_runs > 1 else w / 2)
        return x, pad_t + h * (hi - v) / (hi - lo)

    parts = [
        f'<line x1="{pad_l}" y1="{pad_t + h}" x2="{pad_l + w}" y2="{pad_t + h}" class="axis"/>',
        f'<text x="{pad_l - 6}" y="{pad_t + 4}" class="lab end">{hi:.1f}</text>',
        f'<text x="{pad_l - 6}" y="{pad_t + h}" class="lab end">{lo:.1f}</text>',
    ]
    step = max(1, n_runs // 8)  # at most ~8 run labels under the axis
    for i, lab in enumerate(x_labels):
        if i % step == 0 or i == n_runs - 1:
            x, _ = xy(i, lo)
            parts.append(f'<text x="{x:.1f}" y="{pad_t + h + 16}" class="lab">{escape(lab)}</text>')
    legend = []
    for k, (name, pts) in enumerate(series):
        color = PALETTE[k % len(PALETTE)]
        coords = [xy(i, v) for i, v, _ in pts]
        if len(coords) > 1:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
            parts.append(f'<polyline points="{path}" fill="none" stroke="{color}" stroke-width="2"/>')
        for (x, y), (_, v, tip) in zip(coords, pts):
            parts.append(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" '
                f'fill="{color}"><title>{escape(tip)}</title></circle>'
            )
        legend.append(f'<span class="key"><i style="background:{color}"></i>{escape(name)}</span>')
    svg = (
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" aria-label="{escape(y_label)} per '
        'run">'
        f"<title>{escape(y_label)} per run</title>"
        + "".join(parts)
        + f'<text x="{pad_l + w / 2:.0f}" y="{height - 4}" class="lab">{escape(y_label)} per run, oldest to '
          'newest</text></svg>'
    )
    return f'<figure class="trend">{svg}<figcaption>{"".join(legend)}</figcaption></figure>'
