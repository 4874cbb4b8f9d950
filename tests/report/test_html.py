"""The HTML report without a browser: self-contained, escaped, ordered, and its data consistent.
What it does in a browser is tested in test_browser.py."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from pathlib import Path
from typing import Any

from mtqa.cli import main
from mtqa.report.html import render_html, slugs, worst_first

from .conftest import HOSTILE, hostile_feed

ASSETS = Path(__file__).resolve().parents[2] / "mtqa" / "report" / "assets"


def _data(html: str) -> dict[str, Any]:
    m = re.search(r'<script type="application/json" id="mtqa-data">(.*?)</script>', html, re.S)
    assert m
    return json.loads(m.group(1))


def test_self_contained_and_locked_down(report: dict[str, Any]) -> None:
    html = render_html([report])
    assert not re.search(r'(src|href)\s*=\s*["\']?(https?:|//)', html, re.I)  # nothing fetched
    assert "<link rel=\"stylesheet\"" not in html and "@import" not in html
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html).group(1)
    assert "default-src 'none'" in csp and "connect-src" not in csp  # so requests fall back to none
    script = re.search(r'<script id="mtqa-js">(.*?)</script>', html, re.S).group(1)
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    assert f"'sha256-{digest}'" in csp  # our script, and only it, may run


def test_script_never_writes_html() -> None:
    js = (ASSETS / "report.js").read_text(encoding="utf-8")
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function", "setAttribute(\"on"):
        assert sink not in js


def test_hostile_text_is_escaped_everywhere(tmp_path: Path) -> None:
    out = tmp_path / "out"
    main(["batch", str(hostile_feed(tmp_path / "feed.jsonl")), "--out", str(out), "--quiet", "--format", "jsonl,html"])
    html = (out / "report.html").read_text(encoding="utf-8")
    assert html.count("<script") == 2  # the data block and our script: none from the feed
    for tag in ("<img", "<iframe", "<svg onload", "<a href=\"javascript", "<b>unclosed", "<!--"):
        assert tag not in html
    data = _data(html)
    assert any(HOSTILE in a["t"] for a in data["articles"])  # the text itself is kept, as data


def test_worst_first_and_unique_anchors(report: dict[str, Any]) -> None:
    good = dict(report, id="good", score=100.0, penalty=0, verdict="pass")
    bad = dict(report, id="bad", score=40.0)
    err = {"id": "err", "verdict": "error", "score": None, "error": "unreadable", "findings": [], "failures": [],
           "penalty": None, "words": None, "fluency": None, "source_lang": "it", "target_lang": "en", "signature": "s"}
    rs = [good, report, bad, err]
    assert [rs[i]["id"] for i in worst_first(rs)] == ["err", "bad", "harbour-storm", "good"]
    assert slugs(["a b", "a-b", "a/b", "", "<x>"]) == ["a-a-b", "a-a-b-2", "a-a-b-3", "a-article", "a-x"]
    html = render_html(rs)
    ids = re.findall(r'<li class="art [^"]*" id="([^"]+)"', html)
    assert ids == ["a-err", "a-bad", "a-harbour-storm", "a-good"]
    assert [a["id"] for a in _data(html)["articles"]] == ["err", "bad", "harbour-storm", "good"]


def test_offsets_become_javascript_string_indices(report: dict[str, Any]) -> None:
    """The contract counts code points; JavaScript strings count UTF-16 units (🚢 is two)."""
    art = _data(render_html([report]))["articles"][0]
    t = art["t"].encode("utf-16-le")
    for f, orig in zip(art["f"], report["findings"]):
        side, start, end = f[4], f[5], f[6]
        if side == "target":
            assert t[2 * start : 2 * end].decode("utf-16-le") == orig["text"]
    last = art["ts"][-2]
    assert t[2 * last[0] : 2 * last[1]].decode("utf-16-le").startswith("Ferries")


def test_overview_breakdowns_and_extras(report: dict[str, Any]) -> None:
    a = dict(report, id="a", meta={"feed": "wire-1", "engine": "e1", "url": "u1"}, calibrated_score=91.5)
    b = dict(report, id="b", meta={"feed": "wire-2", "engine": "e1", "url": "u2"})
    html = render_html([a, b], pass_threshold=99)
    assert "<h3>By feed</h3>" in html and "<h3>By engine</h3>" in html and "<h3>By url</h3>" not in html
    assert "<h3>By language pair</h3>" in html and "pass mark 99" in html
    assert "calibrated_score: 91.5" in html
    assert 'data-only-cat="accuracy/omission"' in html


def test_empty_report_and_check_html(tmp_path: Path, capsys: Any) -> None:
    assert "0 articles" in render_html([])
    demo = Path(__file__).resolve().parents[2] / "corpora" / "demo"
    out = tmp_path / "one.html"
    assert main(["check", str(demo / "court-ruling.it.txt"), str(demo / "court-ruling.en.txt"), "--html", str(out)]) == 1
    assert "court-ruling" in capsys.readouterr().out  # the terminal view is still printed
    data = _data(out.read_text(encoding="utf-8"))
    assert [a["id"] for a in data["articles"]] == ["court-ruling"] and data["articles"][0]["f"]
