"""Property tests (hypothesis): arbitrary text pairs never make the pipeline raise anything but a coded
mtqa error, every finding's offsets slice its text, and the JSONL reader turns arbitrary bytes into
exactly one item per non-blank line. Examples are bounded so the suite stays fast."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import mtqa
from mtqa.config import QAConfig
from mtqa.errors import MtqaError
from mtqa.inputs import read_inputs
from mtqa.inputs.decode import GZIP_MAGIC, wide_bom
from mtqa.pipeline import Runner
from mtqa.types import ArticlePair, Document

# pieces that exercise the detectors: numbers and units, quotes, brackets, names, URLs, scripts
PIECES = [
    "Il", "presidente", "ha", "detto", "The", "president", "said", "visit", "12", "3,5", "1.000", "1,000.5",
    "12%", "5 km", "10 miglia", "2023", "€15", "$3.2bn", "«", "»", '"', "'", "(", ")", "[", "—", "...", "..",
    "U.S.", "Dr.", "Kim Jong-un", "Pyongyang", "https://example.com/a?b=1", "@user", "#tag", "e-mail",
    "北京", "中国", "שלום", "Привет", "😀", "\u200b", "\u00ad", "ﬁ", "İ", "ß", "a\u0301", "\t", "  ",
]
SEPARATORS = [". ", "! ", "? ", "\n", "\n\n", ", ", ": ", "; ", " - ", "\r\n", ""]
sentence = st.lists(st.sampled_from(PIECES), min_size=1, max_size=10).map(" ".join)
structured = st.lists(st.one_of(sentence, st.sampled_from(SEPARATORS)), max_size=8).map("".join)
texts = st.one_of(st.text(max_size=80), structured)
LANGS = st.sampled_from([("it", "en"), ("en", "it"), ("zh", "en"), ("en", "he"), ("", "")])
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True, database=None)
RUNNER = Runner.from_config(QAConfig(strict=True, preview=True))  # every detector, errors re-raised


def assert_offsets_slice(d: dict) -> None:
    for f in d["findings"]:
        assert f["text"] == d[f["side"]][f["start"]:f["end"]], f


@SETTINGS
@given(texts, texts, LANGS)
def test_runner_check_never_raises_and_offsets_slice(src: str, tgt: str, langs: tuple[str, str]) -> None:
    pair = ArticlePair("p", Document(src, langs[0]), Document(tgt, langs[1]))
    try:
        report = RUNNER.check(pair)
    except MtqaError:  # a coded error (language cannot be told, sides swapped) is a clear answer
        return
    d = report.to_dict()
    assert d["error"] is None and not d["failures"]
    assert_offsets_slice(d)
    json.dumps(d, ensure_ascii=False).encode("utf-8")  # writable as a reports.jsonl line


@settings(max_examples=15, deadline=None, derandomize=True, database=None)
@given(structured, structured)
def test_mtqa_check_never_raises(src: str, tgt: str) -> None:
    d = mtqa.check(src, tgt, "it", "en").to_dict()
    assert d["error"] is None or not d["error"]["code"].startswith("E9"), d["error"]
    assert_offsets_slice(d)


@settings(max_examples=40, deadline=None, derandomize=True, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.one_of(
    st.binary(max_size=60).filter(lambda b: b"\n" not in b and b"\r" not in b),
    st.builds(lambda s, t, i: json.dumps({"id": i, "source": s, "target": t}).encode(), texts, texts, st.text(max_size=8)),
), max_size=6))
def test_jsonl_reader_gives_one_item_per_non_blank_line(tmp_path: Path, lines: list[bytes]) -> None:
    feed = tmp_path / "f.jsonl"
    feed.write_bytes(b"\n".join(lines))
    items = list(read_inputs([feed], None, 10_000))
    non_blank = [n for n, b in enumerate(lines, 1) if b.strip()]
    if lines and (wide_bom(lines[0]) or lines[0][:2] == GZIP_MAGIC):  # UTF-16/32 or gzip: one record for the file
        assert len(items) == 1
        return
    assert [i.origin for i in items] == [f"{feed}:{n}" for n in non_blank]
