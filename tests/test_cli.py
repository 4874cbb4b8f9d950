"""The command line, run in-process through mtqa.cli.main (argv in, exit code out)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mtqa.cli import main

SRC = "Il Cremlino ha annunciato la visita del presidente.\n\nLa visita durerà tre giorni.\n"
MT_OK = "The Kremlin announced the president's visit.\n\nThe visit will last three days.\n"
MT_BAD = "the Kremlin announced the president's visit..\n\nThe visit will last 4 days.\n\nRelated News :\n"


def write(tmp: Path, name: str, text: str) -> Path:
    p = tmp / name
    p.write_text(text, encoding="utf-8")
    return p


def test_check_text_and_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    s = write(tmp_path, "a.it.txt", SRC)
    assert main(["check", str(s), str(write(tmp_path, "a.en.txt", MT_OK))]) == 0
    out = capsys.readouterr().out
    assert "PASS" in out and "\x1b[" not in out  # no colour when not a terminal
    assert main(["check", str(s), str(write(tmp_path, "b.en.txt", MT_BAD))]) == 1
    out = capsys.readouterr().out
    assert "FAIL" in out and "⟦..⟧" in out and "A101" in out and "A202" in out


def test_check_json_and_langs_override(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    s, t = write(tmp_path, "src.txt", SRC), write(tmp_path, "mt.txt", MT_BAD)
    rc = main(["check", str(s), str(t), "--langs", "it-en", "--format", "json", "--select", "A1,F2"])
    d = json.loads(capsys.readouterr().out)
    assert rc == 1 and d["source_lang"] == "it"
    assert {f["code"] for f in d["findings"]} == {"A101", "F201", "F202"}


def test_check_fail_under(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    s, t = write(tmp_path, "a.it.txt", SRC), write(tmp_path, "a.en.txt", MT_BAD)
    assert main(["check", str(s), str(t), "--fail-under", "0", "--ignore", "A", "--color", "never"]) == 0
    out = capsys.readouterr().out
    header = out.splitlines()[0]
    # what the user reads: the verdict on the header line, the findings that are left, the threshold
    assert "PASS" in header and "it->en" in header
    assert "F201" in out and "A101" not in out and "A202" not in out
    assert "|pass:0|" in out and "det:A" not in out


def test_usage_and_input_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    s = write(tmp_path, "a.it.txt", SRC)
    assert main(["check", str(s), str(tmp_path / "missing.txt")]) == 2
    assert "missing.txt" in capsys.readouterr().err
    assert main(["check", str(s), str(s), "--select", "Q9"]) == 2
    assert "no detector" in capsys.readouterr().err
    (tmp_path / "latin1.en.txt").write_bytes("caff\xe8".encode("latin-1"))
    assert main(["check", str(s), str(tmp_path / "latin1.en.txt")]) == 2
    assert "not UTF-8" in capsys.readouterr().err
    with pytest.raises(SystemExit) as e:
        main(["check"])
    assert e.value.code == 2


def test_batch_directory_and_feed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    d = tmp_path / "in"
    d.mkdir()
    write(d, "ok.it.txt", SRC)
    write(d, "ok.en.txt", MT_OK)
    write(d, "bad.it.txt", SRC)
    write(d, "bad.en.txt", MT_BAD)
    write(d, "meta.toml", 'langs = "it-en"\n[meta]\nfeed = "test"\n')
    feed = tmp_path / "feed.jsonl"
    lines = [
        json.dumps({"id": "f1", "source": SRC, "target": MT_OK, "source_lang": "it", "target_lang": "en"}),
        "{not json",
        json.dumps({"id": "f3", "source": SRC, "source_lang": "it", "target_lang": "en"}),
        json.dumps({"id": "f4", "source": SRC, "target": "   ", "source_lang": "it", "target_lang": "en"}),
        "",
        json.dumps({"id": "f5", "source": SRC, "target": MT_BAD, "meta": {"engine": "x"}}),
    ]
    feed.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    rc = main(["batch", str(d), str(feed), "--out", str(out), "--quiet"])
    assert rc == 2  # some articles could not be checked
    reports = [json.loads(x) for x in (out / "reports.jsonl").read_text(encoding="utf-8").splitlines()]
    ids = [r["id"] for r in reports]
    assert ids == ["bad", "ok", "f1", "feed.jsonl:2", "f3", "f4", "f5"]  # every input article, in order
    by = {r["id"]: r for r in reports}
    assert by["ok"]["verdict"] == "pass" and by["ok"]["meta"] == {"feed": "test"}
    assert by["bad"]["verdict"] == "fail" and by["f5"]["meta"] == {"engine": "x"}
    err = by["feed.jsonl:2"]["error"]
    assert err["code"] == "E101" and "not valid JSON" in err["message"]
    assert by["feed.jsonl:2"]["input"].endswith("feed.jsonl:2") and by["f3"]["input"].endswith("feed.jsonl:3")
    assert "no text in target" in by["f3"]["error"]["message"] and "empty target" in by["f4"]["error"]["message"]
    summary = (out / "summary.md").read_text(encoding="utf-8")
    assert "articles: **7**" in summary and "feed.jsonl:2" in summary
    assert "7 articles" in capsys.readouterr().out


def test_batch_exit_code_one_on_failures_only(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    feed = write(tmp_path, "f.jsonl", json.dumps({"id": "x", "source": SRC, "target": MT_BAD,
                                                   "source_lang": "it", "target_lang": "en"}) + "\n")
    assert main(["batch", str(feed), "--out", str(tmp_path / "o"), "--quiet"]) == 1
    # what the user reads: the one-line tally on stdout and the summary file's counts
    assert capsys.readouterr().out.startswith("1 articles: 0 pass, 1 fail, 0 error;")
    assert "(pass 0, fail 1) + 0 errored; pass threshold 99" in (tmp_path / "o" / "summary.md").read_text("utf-8")
    assert main(["batch", str(feed), "--out", str(tmp_path / "p"), "--quiet", "--fail-under", "0", "--ignore", "A"]) == 0
    assert capsys.readouterr().out.startswith("1 articles: 1 pass, 0 fail, 0 error;")
    summary = (tmp_path / "p" / "summary.md").read_text(encoding="utf-8")
    assert "(pass 1, fail 0) + 0 errored; pass threshold 0" in summary and "A101" not in summary


def test_batch_parallel_matches_serial(tmp_path: Path) -> None:
    feed = tmp_path / "f.jsonl"
    feed.write_text("".join(
        json.dumps({"id": f"a{i}", "source": SRC, "target": MT_BAD if i % 2 else MT_OK,
                    "source_lang": "it", "target_lang": "en"}) + "\n" for i in range(6)), encoding="utf-8")
    main(["batch", str(feed), "--out", str(tmp_path / "s"), "--quiet"])
    main(["batch", str(feed), "--out", str(tmp_path / "p"), "--quiet", "--jobs", "2"])
    assert (tmp_path / "s" / "reports.jsonl").read_text() == (tmp_path / "p" / "reports.jsonl").read_text()


def test_align_gold_and_presplit(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    s = write(tmp_path, "s.txt", "Uno due tre quattro.\nCinque sei sette otto nove.\nDieci.\n")
    t = write(tmp_path, "t.txt", "One two three four.\nFive six seven eight nine.\nTen.\n")
    assert main(["align", str(s), str(t), "--langs", "it-en", "--presplit"]) == 0
    assert capsys.readouterr().out == "[0]:[0]\n[1]:[1]\n[2]:[2]\n"
    assert main(["align", str(s), str(t), "--langs", "it-en", "--format", "json"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert [b["source"] for b in d["beads"]] == [[0], [1], [2]]


def test_detectors_and_explain(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["detectors"]) == 0
    out = capsys.readouterr().out
    assert "F101  glued-words" in out and "A101" in out
    assert main(["detectors", "--format", "json", "--select", "L"]) == 0
    assert {d["code"][0] for d in json.loads(capsys.readouterr().out)} == {"L"}
    assert main(["explain", "glued-words"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("F101 glued-words") and "## Known false positives" in out
    assert main(["explain", "F999"]) == 2
