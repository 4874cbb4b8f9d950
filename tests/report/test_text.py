"""The terminal spot check: snapshots of the renderer on a frozen report, wrapping, colour rules."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from mtqa.cli import main
from mtqa.report.text import SIDE_BY_SIDE_MIN, TextOptions, display_width, render_article, wrap_runs

from ..conftest import ROOT
from .conftest import snapshot

ANSI = re.compile(r"\x1b\[[0-9;]*m")
DEMO = ROOT / "corpora" / "demo"


def _visible(s: str) -> str:
    return ANSI.sub("", s)


@pytest.mark.parametrize(
    "name, opts",
    [
        ("stacked-80.txt", TextOptions(width=80)),
        ("side-by-side-130.txt", TextOptions(width=130)),
        ("only-errors-80.txt", TextOptions(width=80, only_errors=True)),
        ("unwrapped.txt", TextOptions()),
        ("color-100.txt", TextOptions(color=True, width=100)),
    ],
)
def test_snapshots(report: dict[str, Any], name: str, opts: TextOptions) -> None:
    out = render_article(report, opts)
    snapshot(name, out.replace("\x1b", "\\e"))  # escapes made visible, so the snapshot diffs as text


@pytest.mark.parametrize("width", [40, 57, 80, 99, SIDE_BY_SIDE_MIN, 151])
def test_lines_fit_the_width(report: dict[str, Any], width: int) -> None:
    out = render_article(report, TextOptions(color=True, width=width))
    sig = report["signature"]
    for line in _visible(out).splitlines():
        if sig not in line:  # the signature stays on one line, so that it can be copied whole
            assert display_width(line) <= width, line


def test_wrap_keeps_every_character_and_style() -> None:
    runs = [("aaa bbb ", ""), ("ccccccccccccc", "31"), (" 🚢🚢 dd", "")]
    lines = wrap_runs(runs, 6)
    joined = "".join(t for line in lines for t, _ in line)
    assert joined.replace(" ", "") == "aaabbbccccccccccccc🚢🚢dd"
    assert all(display_width("".join(t for t, _ in line)) <= 6 for line in lines)
    assert {s for line in lines for t, s in line if "c" in t} == {"31"}


def test_no_colour_marks_spans_and_every_finding_is_listed(report: dict[str, Any]) -> None:
    out = render_article(report, TextOptions(width=0))
    assert "\x1b" not in out
    for f in report["findings"]:
        assert f"{f['code']} {f['severity']}" in out
    assert "⟦12 thousand⟧" in out and "⟦..⟧" in out
    assert "(not translated)" in out and "(nothing in the source)" in out  # omission and additions


def test_only_errors_hides_clean_pairs(report: dict[str, Any]) -> None:
    full = render_article(report, TextOptions())
    short = render_article(report, TextOptions(only_errors=True))
    assert "The port reopened on Tuesday" in full and "The port reopened on Tuesday" not in short
    assert "1 sentence pair without findings" in short


def test_control_characters_cannot_reach_the_terminal(report: dict[str, Any]) -> None:
    report["target"] = report["target"].replace("Ferries", "\x1b]0;owned\x07\x1b[2JFerries")
    shift = len("\x1b]0;owned\x07\x1b[2J")
    at = report["target"].index("\x1b")
    for s in report["sentences"]["target"]:
        s["start"] += shift if s["start"] > at else 0
        s["end"] += shift if s["end"] > at else 0
    for f in report["findings"]:
        if f["side"] == "target" and f["start"] > at:
            f["start"] += shift
            f["end"] += shift
    out = render_article(report, TextOptions())
    assert "\x1b" not in out and "\x07" not in out and "\ufffd]0;owned" in out


def test_unknown_keys_are_shown_not_dropped(report: dict[str, Any]) -> None:
    report["calibrated_score"] = 93.1
    report["reference"] = {"chrf": 55.2, "bleu": 31.0}
    out = render_article(report, TextOptions())
    assert "also: calibrated_score 93.1, reference.bleu 31.0, reference.chrf 55.2" in out


def test_error_record(report: dict[str, Any]) -> None:
    rec = {"id": "broken", "verdict": "error", "score": None, "error": "feed.jsonl:3: not valid JSON",
           "source_lang": "it", "target_lang": "en"}
    out = render_article(rec, TextOptions(width=60))
    assert out.splitlines()[0] == "broken  it->en  ERROR" and "not valid JSON" in out


@pytest.mark.parametrize(
    "env, flag, coloured",
    [
        ({}, "auto", False),  # captured output is not a terminal
        ({"FORCE_COLOR": "1"}, "auto", True),
        ({"FORCE_COLOR": "1", "NO_COLOR": "1"}, "auto", False),
        ({"NO_COLOR": "1"}, "always", True),  # an explicit flag wins over the environment
        ({"FORCE_COLOR": "1"}, "never", False),
        ({"FORCE_COLOR": "1", "TERM": "dumb"}, "auto", False),
    ],
)
def test_colour_rules(env: dict[str, str], flag: str, coloured: bool, monkeypatch: pytest.MonkeyPatch,
                      capsys: pytest.CaptureFixture[str]) -> None:
    for k in ("NO_COLOR", "FORCE_COLOR", "TERM"):
        monkeypatch.delenv(k, raising=False)
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    main(["check", str(DEMO / "port-strike.it.txt"), str(DEMO / "port-strike.en.txt"), "--color", flag])
    assert ("\x1b[" in capsys.readouterr().out) == coloured


def test_check_wraps_to_width_and_columns(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["check", str(DEMO / "wildfire-season.it.txt"), str(DEMO / "wildfire-season.en.txt"), "--only-errors"]
    monkeypatch.delenv("COLUMNS", raising=False)
    main(args)
    piped = capsys.readouterr().out
    assert max(map(len, piped.splitlines())) > 120  # piped and no width given: lines are not wrapped
    monkeypatch.setenv("COLUMNS", "72")
    main(args)
    lines = capsys.readouterr().out.splitlines()
    assert all(len(x) <= 72 for x in lines if "|det:" not in x)
    main([*args, "--width", "140"])
    assert " │ " in capsys.readouterr().out  # wide enough for source and translation side by side


def test_report_command_renders_saved_reports(report: dict[str, Any], tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "reports.jsonl"
    path.write_text(json.dumps(report) + "\n" + json.dumps(dict(report, id="again")) + "\n", encoding="utf-8")
    assert main(["report", str(path), "--format", "text", "--width", "80"]) == 0
    out = capsys.readouterr().out
    assert out == render_article(report, TextOptions(width=80)) + "\n" + render_article(dict(report, id="again"), TextOptions(width=80))
