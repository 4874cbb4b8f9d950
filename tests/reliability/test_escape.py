"""One escaping module for feed text on its way to a terminal, Markdown or a SARIF URI (issue 14,
items 10 and 11): property tests over any text, and the paths the attack used."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mtqa.cli import main
from mtqa.escape import markdown_cell, printable, replaced, uri_path

UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]")
HOSTILE = "\x1b]0;pwned\x07\x1b[2J\u202eevil\x9b31m\u2066"


@given(st.text())
def test_printable_leaves_no_control(text: str) -> None:
    out = printable(text)
    assert not UNSAFE.search(out)
    assert "\n" not in printable(text, newlines=False)
    assert printable(out) == out  # escaping twice changes nothing more


@given(st.text())
def test_replaced_keeps_the_width(text: str) -> None:
    out = replaced(text)
    assert len(out) == len(text) and not UNSAFE.search(out) and "\t" not in out


@given(st.text())
def test_markdown_cell_stays_in_its_cell(text: str) -> None:
    out = markdown_cell(text)
    assert "\n" not in out and not UNSAFE.search(out)
    assert not re.search(r"(?<!\\)[|<>`]", out.replace("\\\\", ""))


@given(st.text())
def test_uri_path_is_relative_and_encoded(text: str) -> None:
    out = uri_path(text)
    assert not out.startswith("/") and ":" not in out.split("/")[0] and not re.search(r"[\s\x00-\x1f]", out)


def test_hostile_languages_and_ids_reach_no_terminal_raw(tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                                          ) -> None:
    report = {"schema": "mtqa.article.v2", "id": "a" + HOSTILE, "source_lang": "it" + HOSTILE,
              "target_lang": "en" + HOSTILE, "verdict": "error", "signature": "s",
              "error": {"code": "E101", "message": "bad " + HOSTILE}}
    (tmp_path / "r.jsonl").write_text(json.dumps(report) + "\n", encoding="utf-8")
    main(["report", str(tmp_path / "r.jsonl"), "--format", "text", "--color", "never"])
    out = capsys.readouterr().out
    assert "pwned" in out and not UNSAFE.search(out)


def test_summary_and_sarif_escape_ids(tmp_path: Path) -> None:
    from mtqa.report.sarif import default_uri

    assert default_uri({"id": "http://evil.example/x y", "source_lang": "it"}, "source") == \
        "http%3A//evil.example/x%20y.it.txt"
    from mtqa.report.markdown import _table

    row = _table(["article", "cause"], [("a|b\nc", "<script>" + HOSTILE)])[-1]
    assert row.count("|") - row.count("\\|") == 3 and "<script>" not in row and not UNSAFE.search(row)
