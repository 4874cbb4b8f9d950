"""The DuckDB history store: runs recorded over time, trends per language pair, feed and engine."""

from __future__ import annotations

import copy
import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from mtqa.cli import main

pytest.importorskip("duckdb", reason="the history extra (duckdb) is not installed")

from mtqa.report.history import record_run, render_text, runs, sparkline, trends  # noqa: E402


def _day(report: dict[str, Any], day: int, scores: tuple[float, float]) -> list[dict[str, Any]]:
    """Two articles: one from feed A by engine x, one from feed B by engine y."""
    a = copy.deepcopy(report)
    a.update(id=f"a{day}", score=scores[0], verdict="fail", meta={"feed": "A", "engine": "x"})
    b = copy.deepcopy(report)
    b.update(id=f"b{day}", score=scores[1], verdict="pass", findings=report["findings"][:1], meta={"feed": "B", "engine": "y"})
    return [a, b]


def test_trends_per_dimension_and_group(report: dict[str, Any], tmp_path: Path) -> None:
    store = tmp_path / "qa.duckdb"
    for day, scores in [(1, (70.0, 99.0)), (2, (80.0, 100.0)), (3, (90.0, 98.0))]:
        record_run(store, _day(report, day, scores), at=datetime(2025, 6, day, 6, 0))
    assert [r.articles for r in runs(store)] == [2, 2, 2]
    pts = trends(store)
    assert [p.dimension for p in pts][:3] == ["langs"] * 3  # langs first, then feed, then engine
    feed_a = [p for p in pts if (p.dimension, p.group) == ("feed", "A")]
    assert [p.mean_score for p in feed_a] == [70.0, 80.0, 90.0]
    assert [p.at.day for p in feed_a] == [1, 2, 3]
    langs = [p for p in pts if p.dimension == "langs"]
    assert [p.mean_score for p in langs] == [84.5, 90.0, 94.0] and langs[0].group == "it-en"
    assert [p.passed for p in langs] == [1, 1, 1]
    cats = dict(feed_a[0].top_categories)
    assert len(feed_a[0].top_categories) == 3 and cats["accuracy/addition"] == 2
    engine_y = [p for p in pts if (p.dimension, p.group) == ("engine", "y")]
    assert sum(n for _, n in engine_y[0].top_categories) == 1
    assert [p.run_id for p in trends(store, ["feed"], last=2)][:2] == [feed_a[1].run_id, feed_a[2].run_id]


def test_render_text_and_sparkline(report: dict[str, Any], tmp_path: Path) -> None:
    store = tmp_path / "qa.duckdb"
    for day, scores in [(1, (70.0, 99.0)), (2, (90.0, 100.0))]:
        record_run(store, _day(report, day, scores), at=datetime(2025, 6, day))
    text = render_text(trends(store, ["feed"]))
    assert "feed A" in text and "feed B" in text and "70.00 -> 90.00 (+20.00)" in text
    assert sparkline([1.0, 2.0, None, 3.0]) == "▁▅ █"


def test_same_reports_twice_are_two_runs(report: dict[str, Any], tmp_path: Path) -> None:
    store = tmp_path / "qa.duckdb"
    at = datetime(2025, 6, 1)
    first, second = record_run(store, [report], at=at), record_run(store, [report], at=at)
    assert first.run_id != second.run_id and len(runs(store)) == 2


def test_cli_batch_store_report_backfill_and_history(report: dict[str, Any], tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    saved = tmp_path / "day1.jsonl"
    saved.write_text("".join(json.dumps(d) + "\n" for d in _day(report, 1, (60.0, 99.5))), encoding="utf-8")
    store = tmp_path / "qa.duckdb"
    assert main(["report", str(saved), "--store", str(store), "--run-time", "2025-06-01T06:00"]) == 0
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"id": "n1", "source": "La visita durerà tre giorni.", "target": "The visit will last three days.",
                                "source_lang": "it", "target_lang": "en", "meta": {"feed": "A"}}) + "\n", encoding="utf-8")
    html = tmp_path / "report.html"
    assert main(["batch", str(feed), "--out", str(tmp_path / "o"), "--quiet", "--store", str(store), "--html", str(html)]) == 0
    assert 'id="history"' in html.read_text(encoding="utf-8") and "<polyline" in html.read_text(encoding="utf-8")
    capsys.readouterr()
    assert main(["history", "--store", str(store), "--by", "feed"]) == 0
    out = capsys.readouterr().out
    assert "feed A" in out and "60.00 -> 100.00 (+40.00)" in out
    assert main(["history", "--store", str(store), "--format", "json", "--last", "1"]) == 0
    pts = json.loads(capsys.readouterr().out)
    assert {(p["dimension"], p["group"]) for p in pts} == {("langs", "it-en"), ("feed", "A")}
    assert main(["history", "--store", str(tmp_path / "none.duckdb")]) == 2
    assert "no history store" in capsys.readouterr().err
    assert main(["report", str(saved), "--store", str(store), "--run-time", "June"]) == 2
