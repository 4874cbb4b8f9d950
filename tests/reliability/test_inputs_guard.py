"""Directory inputs: no symbolic link followed (issue 14, item 3), and every odd file name or bad
meta.toml a coded record rather than a traceback or a silent skip (items 5 and 11)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from mtqa.cli import main

IT, EN = "Il governo ha annunciato nuove misure oggi.\n", "The government announced new measures today.\n"


def _pairs(folder: Path, *ids: str) -> Path:
    folder.mkdir()
    for aid in ids:
        (folder / f"{aid}.it.txt").write_text(IT, encoding="utf-8")
        (folder / f"{aid}.en.txt").write_text(EN, encoding="utf-8")
    return folder


def _batch(folder: Path, out: Path, *flags: str) -> tuple[int, list[dict]]:
    rc = main(["batch", str(folder), "--out", str(out), "--quiet", "--jobs", "1", "--langs", "it-en", *flags])
    return rc, [json.loads(x) for x in (out / "reports.jsonl").read_text(encoding="utf-8").splitlines()]


def test_symlinks_in_a_directory_are_not_followed(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0:TOPSECRET:/root:/bin/bash\n", encoding="utf-8")
    folder = _pairs(tmp_path / "feed", "good")
    (folder / "leak.it.txt").symlink_to(secret)
    (folder / "leak.en.txt").write_text(EN, encoding="utf-8")
    (folder / "dirlink.en.txt").symlink_to(tmp_path)
    out = tmp_path / "out"
    rc, got = _batch(folder, out, "--format", "jsonl,md,html,csv,sarif")
    assert rc == 2
    by = {r["id"]: r for r in got}
    assert set(by) == {"good", "leak", "dirlink"} and by["good"]["verdict"] != "error"
    assert by["leak"]["error"]["code"] == by["dirlink"]["error"]["code"] == "E110"
    for f in out.iterdir():
        assert b"TOPSECRET" not in f.read_bytes(), f.name


def test_symlinked_meta_toml_is_refused(tmp_path: Path) -> None:
    folder = _pairs(tmp_path / "feed", "a")
    (tmp_path / "meta.toml").write_text('langs = "it-en"\n', encoding="utf-8")
    (folder / "meta.toml").symlink_to(tmp_path / "meta.toml")
    rc, got = _batch(folder, tmp_path / "out")
    assert rc == 2 and [r["error"]["code"] for r in got] == ["E110"]


@pytest.mark.parametrize("meta", ["meta = 5", "langs = 5", 'langs = "it-xx-yy"', "meta = [1, 2]",
                                  "[meta]\nfeed = {a = 1}"])
def test_bad_meta_toml_is_one_record(tmp_path: Path, meta: str) -> None:
    folder = _pairs(tmp_path / "feed", "a", "b")
    (folder / "meta.toml").write_text(meta + "\n", encoding="utf-8")
    rc = main(["batch", str(folder), "--out", str(tmp_path / "out"), "--quiet", "--jobs", "1"])
    got = [json.loads(x) for x in (tmp_path / "out" / "reports.jsonl").read_text().splitlines()]
    assert rc == 2 and len(got) == 1 and got[0]["error"]["code"].startswith(("E1", "E3"))


def test_odd_file_names_get_records(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = _pairs(tmp_path / "feed", "good", "new\nline")
    raw = os.fsencode(folder) + b"/bad\xffbyte"
    for lang, text in (("it", IT), ("en", EN)):
        with open(raw + f".{lang}.txt".encode(), "w", encoding="utf-8") as fh:
            fh.write(text)
    rc, got = _batch(folder, tmp_path / "out", "--format", "jsonl,md,csv")
    assert rc == 2 and len(got) == 3
    codes = sorted((r["error"] or {}).get("code", "") for r in got)
    assert codes == ["", "E108", "E108"]
    assert "Traceback" not in capsys.readouterr().err


def test_jsonl_integer_too_long_to_read_is_a_record(tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_text('{"id": "big", "n": ' + "9" * 5000 + ', "source": "x", "target": "y"}\n'
                    + json.dumps({"id": "ok", "source": IT, "target": EN}) + "\n", encoding="utf-8")
    rc, got = _batch(feed, tmp_path / "out")
    assert rc == 2 and [(g["error"] or {}).get("code") for g in got] == ["E101", None]
    assert "internal error" not in capsys.readouterr().err


def test_output_failures_are_coded_and_leave_no_partial_file(tmp_path: Path) -> None:
    """``ulimit -f`` (the same EFBIG a full disk gives as ENOSPC): exit 2, one coded line, reports.jsonl
    cut back to whole lines (resumable), no temporary file left."""
    import resource
    import subprocess
    import sys

    feed = tmp_path / "feed.jsonl"
    feed.write_text("".join(json.dumps({"id": f"a{k}", "source": IT * 20, "target": EN * 20}) + "\n"
                            for k in range(8)), encoding="utf-8")
    out = tmp_path / "out"

    def small_files() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (60_000, 60_000))

    r = subprocess.run([sys.executable, "-m", "mtqa", "batch", str(feed), "--out", str(out), "--quiet",
                        "--jobs", "1", "--langs", "it-en"], capture_output=True, text=True,
                       preexec_fn=small_files, check=False, env=dict(os.environ, PYTHONPATH=os.getcwd()))
    assert r.returncode == 2 and "[E600]" in r.stderr and "Traceback" not in r.stderr
    data = (out / "reports.jsonl").read_bytes()
    assert data.endswith(b"\n") and 0 < data.count(b"\n") < 8
    assert not [p for p in out.iterdir() if p.name.endswith((".tmp", ".partial"))]
    assert main(["batch", str(feed), "--out", str(out), "--quiet", "--jobs", "1", "--langs", "it-en",
                 "--resume"]) in (0, 1)
    assert (out / "reports.jsonl").read_bytes().count(b"\n") == 8


@pytest.mark.parametrize("value", ["nan", "-1", "soon"])
def test_bad_time_limit_is_a_usage_error(value: str, tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as e:
        main(["batch", str(tmp_path), "--out", str(tmp_path / "out"), "--timeout", value])
    assert e.value.code == 2 and "--timeout" in capsys.readouterr().err
