"""Hostile and broken input: each bad article becomes one error record with its own code and
``input: "FILE:LINE"``; the batch goes on, and every input line or file shows up exactly once."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

import mtqa
from mtqa.cli import main
from mtqa.errors import InputError
from mtqa.inputs import BadItem

from .conftest import SRC, TGT, read, write

OK = {"source": "\n".join(SRC), "target": "\n".join(TGT), "source_lang": "it", "target_lang": "en"}


def line(**changes: object) -> bytes:
    return json.dumps({**OK, **changes}).encode() + b"\n"


# (what, the line's bytes, the code of its error record or None for a good article)
CASES = [
    ("good", line(id="g1"), None),
    ("crlf line end and text", line(id="g2", target="\r\n".join(TGT))[:-1] + b"\r\n", None),
    ("blank line (skipped, no record)", b"   \r\n", "skip"),
    ("malformed JSON", b'{"id": "m", "source": \n', "E101"),
    ("not an object", b"[1, 2]\n", "E101"),
    ("missing target", json.dumps({"id": "x1", "source": "Ciao."}).encode() + b"\n", "E102"),
    ("invalid UTF-8", b'{"id": "enc", "source": "caff\xe8", "target": "coffee"}\n', "E103"),
    ("NUL byte in the line", line(id="nul")[:-2] + b"\x00}\n", "E104"),
    ("NUL as a JSON escape", line(id="nul2", target="The visit\u0000."), "E104"),
    ("binary data", line(id="bin", target="".join(chr(i % 31 + 1) for i in range(200))), "E104"),
    ("lone surrogate escape", b'{"id": "sur", "source": "Ciao.", "target": "Hi \\ud800."}\n', "E103"),
    ("whitespace-only target", line(id="ws", target=" \n\t "), "E105"),
    ("empty source", line(id="es", source=""), "E105"),
    ("duplicate id", line(id="g1"), "E107"),
    ("path id", line(id="../../etc/passwd"), "E108"),
    ("absolute path id", line(id="/etc/passwd"), "E108"),
    ("control characters in id", line(id="a\x1b[31mred"), "E108"),
    ("bidi override in id", line(id="abc\u202edcba"), "E108"),
    ("object as id", line(id={"x": 1}), "E108"),
    ("good after all that", line(id="g3"), None),
]


def test_every_bad_line_is_one_error_record_with_its_code(tmp_path: Path) -> None:
    feed = write(tmp_path / "feed.jsonl", b"".join(c[1] for c in CASES))
    items = read(feed)
    expected = [(n, code) for n, (_, _, code) in enumerate(CASES, 1) if code != "skip"]
    assert [(int(i.origin.rsplit(":", 1)[1]), getattr(i, "code", None)) for i in items] == expected
    by_origin = {i.origin.rsplit(":", 1)[1]: i for i in items}
    dup = by_origin["14"]
    assert isinstance(dup, BadItem) and "first at" in dup.message and dup.message.endswith(f"{feed}:1")
    for n in ("15", "16", "17", "18"):  # an id that cannot be trusted is not used as the record's id
        assert by_origin[n].article_id == f"feed.jsonl:{n}"
    assert "\x1b" not in by_origin["17"].message  # the message shows the id escaped
    assert by_origin["2"].target.text == "\n".join(TGT)  # type: ignore[union-attr]


def test_batch_writes_one_record_per_line_and_goes_on(tmp_path: Path) -> None:
    feed = write(tmp_path / "feed.jsonl", b"".join(c[1] for c in CASES))
    out = tmp_path / "out"
    assert main(["batch", str(feed), "--out", str(out), "--quiet", "--jobs", "1"]) == 2
    reports = [json.loads(x) for x in (out / "reports.jsonl").read_text(encoding="utf-8").splitlines()]
    expected = [(f"{feed}:{n}", code) for n, (_, _, code) in enumerate(CASES, 1) if code != "skip"]
    assert [(r["input"], (r["error"] or {}).get("code")) for r in reports] == expected
    assert all(r["verdict"] == "error" for r in reports if r["error"])


def test_overlong_line_is_refused_without_being_read_whole(tmp_path: Path) -> None:
    big = line(id="big", target="word " * 2_100_000)  # a 10 MB line
    feed = write(tmp_path / "f.jsonl", line(id="a") + big + line(id="b"))
    a, bad, b = read(feed)
    assert isinstance(bad, BadItem) and bad.code == "E106" and bad.origin == f"{feed}:2" and "10,5" in bad.message
    assert (a.article_id, b.article_id) == ("a", "b")
    small = read(feed, limit=len(line(id="a")) - 2)
    assert [getattr(i, "code", None) for i in small] == ["E106", "E106", "E106"]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32"])
def test_utf16_feed_is_one_clear_error(tmp_path: Path, encoding: str) -> None:
    text = (line(id="a") + line(id="b")).decode()
    data = text.encode(encoding)
    if encoding == "utf-16-be":
        data = b"\xfe\xff" + data
    (bad,) = read(write(tmp_path / "f.jsonl", data))
    assert isinstance(bad, BadItem) and bad.code == "E103" and "iconv -f UTF-" in bad.message


def test_truncated_gzip_keeps_what_was_read(tmp_path: Path) -> None:
    data = gzip.compress(b"".join(line(id=f"a{i}") for i in range(50)))
    items = read(write(tmp_path / "f.jsonl.gz", data[: len(data) // 2]))
    assert all(i.article_id.startswith("a") for i in items[:-1]) and items[-1].code == "E100"  # type: ignore[union-attr]
    assert "not read" in items[-1].message  # type: ignore[union-attr]


def test_paired_files_bad_encoding_binary_and_size(tmp_path: Path) -> None:
    d = tmp_path / "d"
    d.mkdir()
    write(d / "lat.it.txt", "\n".join(SRC))
    write(d / "lat.en.txt", "Caff\xe8.".encode("latin-1"))
    write(d / "png.it.txt", "\n".join(SRC))
    write(d / "png.en.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    write(d / "u16.it.txt", "\n".join(SRC).encode("utf-16"))
    write(d / "u16.en.txt", "\n".join(TGT))
    write(d / "big.it.txt", "\n".join(SRC))
    write(d / "big.en.txt", "x" * 2000)
    write(d / "lone.it.txt", "\n".join(SRC))
    items = {i.article_id: i for i in read(d, langs=("it", "en"), limit=1000)}
    codes = {k: getattr(v, "code", None) for k, v in items.items()}
    assert codes == {"big": "E106", "lat": "E103", "lone": "E102", "png": "E104", "u16": "E103"}
    assert all(i.origin == str(d / k) for k, i in items.items())


def test_a_directory_without_articles_and_a_bad_meta_file_are_records(tmp_path: Path) -> None:
    empty, bad_meta = tmp_path / "empty", tmp_path / "meta"
    empty.mkdir()
    bad_meta.mkdir()
    write(bad_meta / "meta.toml", "langs = ")
    (a,), (b,) = read(empty), read(bad_meta)
    assert (a.code, a.origin) == ("E102", str(empty))  # type: ignore[union-attr]
    assert (b.code, b.origin) == ("E101", str(bad_meta / "meta.toml"))  # type: ignore[union-attr]


def test_missing_or_repeated_inputs_stop_before_anything_is_read(tmp_path: Path) -> None:
    f = write(tmp_path / "f.jsonl", line(id="a"))
    with pytest.raises(InputError, match="no such file"):
        read(f, tmp_path / "nope.jsonl")
    with pytest.raises(InputError, match="given twice"):
        read(f, tmp_path / "." / "f.jsonl")


def test_swapped_source_and_target_is_an_error_record() -> None:
    rep = mtqa.check("\n".join(TGT), "\n".join(SRC), "it", "en")
    assert rep.error is not None and rep.error.code == "E301" and "swapped" in rep.error.message
    assert mtqa.check("\n".join(SRC), "\n".join(TGT), "it", "en").error is None
