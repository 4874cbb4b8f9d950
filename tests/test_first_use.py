"""What a new user meets first (issue 13): empty targets, unknown languages, empty feeds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mtqa.cli import main
from mtqa.lang.profiles import checkable_languages

from .test_cli import MT_OK, SRC, write

pytestmark = pytest.mark.issue(13)


@pytest.mark.parametrize("langs", [["--langs", "it-en"], []])
def test_an_empty_target_is_e105_with_or_without_langs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], langs: list[str]
) -> None:
    s, t = write(tmp_path, "a.it.txt", SRC), write(tmp_path, "empty.txt", " \n\n")
    assert main(["check", str(s), str(t), *langs, "--format", "json"]) == 2
    d = json.loads(capsys.readouterr().out)
    assert d["verdict"] == "error" and d["error"]["code"] == "E105"
    assert "empty target" in d["error"]["message"]
    if langs:
        assert (d["source_lang"], d["target_lang"]) == ("it", "en")


@pytest.mark.parametrize("spec", ["xx-yy", "it-xx", "xx-en", "it-eo"])
def test_unknown_langs_are_a_usage_error_listing_the_supported_ones(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], spec: str
) -> None:
    s, t = write(tmp_path, "a.it.txt", SRC), write(tmp_path, "a.en.txt", MT_OK)
    assert main(["check", str(s), str(t), "--langs", spec]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""  # refused before anything is read or checked
    assert "[E302]" in captured.err and "E900" not in captured.err
    assert "supported: " + ", ".join(checkable_languages()) in captured.err
    assert main(["batch", str(tmp_path), "--out", str(tmp_path / "o"), "--langs", spec, "--quiet"]) == 2
    assert "[E302]" in capsys.readouterr().err and not (tmp_path / "o").exists()


def test_supported_languages_are_the_profiled_ones_and_those_with_word_frequencies() -> None:
    langs = checkable_languages()
    assert {"it", "en", "de", "fr", "es", "zh", "he", "ja"} <= set(langs)  # profiles and WMT/MLQE sets
    assert "xx" not in langs and "eo" not in langs and list(langs) == sorted(langs)


def test_an_unknown_target_lang_in_a_feed_is_a_coded_record(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [{"id": "bad", "source": SRC, "target": MT_OK, "source_lang": "it", "target_lang": "yy"},
            {"id": "ok", "source": SRC, "target": MT_OK, "source_lang": "it", "target_lang": "en"}]
    feed = write(tmp_path, "f.jsonl", "".join(json.dumps(r) + "\n" for r in rows))
    assert main(["batch", str(feed), "--out", str(tmp_path / "o"), "--quiet", "--jobs", "1"]) == 2
    reports = [json.loads(x) for x in (tmp_path / "o" / "reports.jsonl").read_text().splitlines()]
    assert [r["id"] for r in reports] == ["bad", "ok"]
    assert reports[0]["error"]["code"] == "E302" and "'yy'" in reports[0]["error"]["message"]
    assert "supported: ar, " in reports[0]["error"]["message"] and reports[1]["verdict"] == "pass"


def test_a_declared_target_language_from_the_file_name_is_checked_too(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    s, t = write(tmp_path, "a.it.txt", SRC), write(tmp_path, "a.eo.txt", MT_OK)
    assert main(["check", str(s), str(t), "--format", "json"]) == 2
    assert json.loads(capsys.readouterr().out)["error"]["code"] == "E302"


@pytest.mark.parametrize("content", ["", "\n\n"])
def test_an_empty_feed_says_so_and_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str
) -> None:
    feed = write(tmp_path, "empty.jsonl", content)
    assert main(["batch", str(feed), "--out", str(tmp_path / "o"), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert "no article in" in err and "empty.jsonl" in err and "nothing was checked" in err
