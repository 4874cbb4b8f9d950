"""Resume keyed on the canonical input and the settings (issue 14, item 2), and --retry (item 11)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from mtqa.cli import main
from tests.test_batch import make_feed


def _run(*args: str) -> int:
    return main(["batch", *args, "--quiet", "--jobs", "1", "--format", "jsonl"])


@pytest.fixture
def done(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path, str]:
    feed = make_feed(tmp_path / "feeds" / "feed.jsonl", 3) if (tmp_path / "feeds").mkdir() is None else None
    assert feed
    out = tmp_path / "out"
    monkeypatch.chdir(tmp_path / "feeds")
    _run("feed.jsonl", "--out", str(out))  # relative, from the feed's folder
    return feed, out, (out / "reports.jsonl").read_text(encoding="utf-8")


def test_resume_whatever_the_spelling_of_the_path(done: tuple[Path, Path, str], tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    feed, out, whole = done
    want = [f"{feed.resolve()}:{n}" for n in (1, 2, 3)]
    assert [json.loads(x)["input"] for x in whole.splitlines()] == want
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "feeds")
    spellings = [(tmp_path / "elsewhere", str(feed)), (tmp_path / "elsewhere", "../feeds/feed.jsonl"),
                 (tmp_path, "link/./feed.jsonl"), (tmp_path / "feeds", "feed.jsonl")]
    for cwd, spelling in spellings:
        monkeypatch.chdir(cwd)
        capsys.readouterr()
        _run(spelling, "--out", str(out), "--resume")
        assert (out / "reports.jsonl").read_text(encoding="utf-8") == whole, spelling
        assert "3 articles kept" in capsys.readouterr().err


def test_resume_refuses_other_settings_and_other_inputs(done: tuple[Path, Path, str], tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    feed, out, whole = done
    assert _run(str(feed), "--out", str(out), "--resume", "--select", "F") == 2
    assert "other settings" in capsys.readouterr().err
    other = make_feed(tmp_path / "other.jsonl", 2)
    assert _run(str(other), "--out", str(out), "--resume") == 2
    assert "not from these inputs" in capsys.readouterr().err
    assert (out / "reports.jsonl").read_text(encoding="utf-8") == whole  # untouched


NOT_REPORTS = ['{"input": "x"}', '{"id": "a", "input": "b", "signature": "s", "verdict": 5}', "[1, 2]",
               '{"id": 1e999999}', '{"n": ' + "9" * 5000 + "}"]


@pytest.mark.parametrize("line", NOT_REPORTS)
def test_resume_refuses_lines_that_are_not_reports(done: tuple[Path, Path, str], line: str,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    feed, out, whole = done
    (out / "reports.jsonl").write_text(line + "\n" + whole, encoding="utf-8")
    assert _run(str(feed), "--out", str(out), "--resume") == 2
    err = capsys.readouterr().err
    assert "cannot resume" in err and "Traceback" not in err


def test_retry_checks_the_chosen_error_records_again_in_place(done: tuple[Path, Path, str],
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    feed, out, whole = done
    lines = whole.splitlines()
    d = json.loads(lines[1])
    timed_out = {"id": d["id"], "input": d["input"], "verdict": "error",
                 "signature": d["signature"].split("|flu:")[0] + "|flu:n/a",
                 "error": {"code": "E500", "message": "took longer"}}
    (out / "reports.jsonl").write_text("\n".join([lines[0], json.dumps(timed_out), lines[2]]) + "\n",
                                       encoding="utf-8")
    assert _run(str(feed), "--out", str(out), "--resume") == 2  # without --retry the record is kept
    assert json.loads((out / "reports.jsonl").read_text().splitlines()[1])["verdict"] == "error"
    assert _run(str(feed), "--out", str(out), "--resume", "--retry", "E500,E900") != 2
    assert (out / "reports.jsonl").read_text(encoding="utf-8") == whole
    assert not [p for p in os.listdir(out) if p.endswith(".partial")]
    assert "2 articles kept" in capsys.readouterr().err
