"""What a new user meets first (issue 13): empty targets, unknown languages, empty feeds."""

from __future__ import annotations

import json
import re
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


@pytest.mark.parametrize("copied, code", [
    ("La polizia indaga.", "A303"),  # the source sentence copied (source-copied), short
    ("La polizia indaga sul caso da lunedì sera.", "A303"),
])
def test_one_untranslated_sentence_is_one_finding(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], copied: str, code: str
) -> None:
    s = write(tmp_path, "d.it.txt", SRC + "\n" + copied + "\n")
    t = write(tmp_path, "d.en.txt", MT_OK + "\n" + copied + "\n")
    main(["check", str(s), str(t), "--format", "json"])
    d = json.loads(capsys.readouterr().out)
    start = d["target"].index(copied)
    inside = [f["code"] for f in d["findings"] if f["side"] == "target" and f["start"] >= start]
    assert inside == [code]  # not A303 + A304 for each of its words


def test_superseded_findings_inside_a_wider_span_are_dropped() -> None:
    from mtqa.pipeline import drop_superseded
    from mtqa.types import Finding, Severity

    def f(code: str, start: int, end: int, side: str = "target") -> Finding:
        return Finding(code, "x", "accuracy/untranslated", Severity.MAJOR, side, start, end, "t", "m")

    wide, word, elsewhere = f("A303", 10, 30), f("A304", 12, 18), f("A304", 40, 45)
    other_side = f("A304", 12, 18, "source")
    kept = drop_superseded([wide, word, elsewhere, other_side], {"A303": ("A304",)})
    assert kept == [wide, elsewhere, other_side]


FRENCH = ("Le gouvernement a annoncé de nouvelles mesures pour les familles.\n\n"
          "La visite durera trois jours selon le ministère.\n")
ENGLISH = ("The government announced new measures for families.\n\n"
           "The visit will last three days according to the ministry.\n")


def test_a_declared_language_mismatch_is_shown_wherever_the_verdict_is(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "feed").mkdir()
    s, t = write(tmp_path / "feed", "f.src.it.txt", FRENCH), write(tmp_path / "feed", "f.mt.en.txt", ENGLISH)
    assert main(["check", str(s), str(t)]) == 0  # a warning, not an error
    header = capsys.readouterr().out.splitlines()[0]
    assert "PASS" in header and "warning: source checked as 'it' but it reads as 'fr'" in header
    out = tmp_path / "o"
    rc = main(["batch", str(tmp_path / "feed"), "--out", str(out), "--quiet", "--format", "jsonl,md,html"])
    assert rc == 0
    assert "(1 with a warning)" in capsys.readouterr().out
    md = (out / "summary.md").read_text(encoding="utf-8")
    assert "**warnings: 1**" in md and "## Warnings" in md and "reads as 'fr'" in md
    html = (out / "report.html").read_text(encoding="utf-8")
    overview = html.split('id="overview"', 1)[1].split("</section>", 1)[0]
    assert "<h3>Warnings</h3>" in overview and "reads as &#x27;fr&#x27;" in overview
    assert 'class="lang-warn"' in html


DEMO = Path(__file__).resolve().parent.parent / "corpora" / "demo"


def test_an_unrelated_translation_scores_at_the_bottom_with_both_numbers(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = DEMO / "night-sky-satellite.it.txt"
    other = DEMO / "court-ruling.en.txt"  # a fluent English article about something else
    assert main(["check", str(src), str(other), "--langs", "it-en", "--format", "json"]) == 1
    d = json.loads(capsys.readouterr().out)
    assert (d["score"], d["quality"], d["verdict"]) == (0.0, 0.0, "fail")
    assert any("unrelated" in w for w in d["warnings"])
    assert main(["check", str(src), str(DEMO / "night-sky-satellite.en.txt"), "--format", "json"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["score"] == 100.0 and d["quality"] > 40 and not d["warnings"]


def test_a_sentence_with_nothing_on_one_side_ranks_at_the_bottom(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = DEMO / "night-sky-satellite.it.txt"
    first = (DEMO / "night-sky-satellite.en.txt").read_text(encoding="utf-8").split("\n")[0]
    t = write(tmp_path, "one.en.txt", first + "\n")
    main(["check", str(src), str(t), "--format", "json"])
    d = json.loads(capsys.readouterr().out)
    null = [b for b, a in zip(d["beads"], d["alignment"]) if not a["source"] or not a["target"]]
    assert null and all(b["quality"] == 0.0 for b in null)
    assert d["quality"] < 10 and d["score"] == 0.0


def test_the_terminal_screenshot_shows_the_current_output_format(capsys: pytest.CaptureFixture[str]) -> None:
    # docs/terminal.png is made with docs/terminal.txt by scripts/screenshots.py; the header line and
    # the pair numbers of the text it shows must have today's shape (digits aside, findings may change)
    shown = (DEMO.parent.parent / "docs" / "terminal.txt").read_text(encoding="utf-8").splitlines()
    args = shown[0].removeprefix("$ mtqa check ").split()
    main(["check", *args, "--color", "never", "--width", "104"])
    now = capsys.readouterr().out.splitlines()

    def shape(line: str) -> str:
        return re.sub(r"\d+(?:\.\d+)?", "#", line)

    assert shape(shown[1]) == shape(now[0])
    rows = [int(m.group(1)) for x in shown if (m := re.match(r"^ *(\d+)[ +-] src ", x))]
    assert rows and min(rows) >= 1 and "est. rank" in " ".join(shown[1:3])
