"""Report papercuts of issue 13: one numbering of sentence pairs, no internal fields as HTML labels,
typed Parquet columns."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from mtqa.cli import main
from mtqa.report.html import render_html
from mtqa.report.text import TextOptions, render_article

pytestmark = pytest.mark.issue(13)

SRC = ("Il governo ha annunciato nuove misure.\n\nIl paese offre «merce umana» alla Russia.\n\n"
       "Mosca vuole altra «merce umana» subito.\n")
TGT = ("The government announced new measures.\n\nThe country offers «human goods» to Russia.\n\n"
       "Moscow wants more «human merchandise» now.\n")


def _check(tmp_path: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> dict[str, Any]:
    (tmp_path / "a.it.txt").write_text(SRC, encoding="utf-8")
    (tmp_path / "a.en.txt").write_text(TGT, encoding="utf-8")
    main(["check", str(tmp_path / "a.it.txt"), str(tmp_path / "a.en.txt"), "--format", "json", *extra])
    return json.loads(capsys.readouterr().out)


def test_the_pair_a_message_cites_is_the_pair_shown_with_that_number(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    d = _check(tmp_path, capsys)
    (f,) = [f for f in d["findings"] if "in sentence #" in f["message"]]
    cited = int(re.search(r"in sentence #(\d+)", f["message"]).group(1))  # type: ignore[union-attr]
    text = render_article(d, TextOptions(color=False, width=100))
    rows = {int(m.group(1)): m.group(0) for m in re.finditer(r"^ *(\d+)[ +-] src .*\n.*", text, re.MULTILINE)}
    assert sorted(rows) == list(range(1, len(d["alignment"]) + 1))  # pairs are shown from 1
    assert "human goods" in rows[cited] and "human merchandise" not in rows[cited]
    assert f"#{f['bead'] + 1} " in text.split("worst sentences: ", 1)[1].split("\n")[0]
    html = render_html([d], "t")
    assert '.b" + (b + 1)' in html and "String(b + 1)" in html  # the report's rows and anchors too


def test_html_labels_show_no_internal_fields(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], report: dict[str, Any]
) -> None:
    d = _check(tmp_path, capsys)
    assert "quality_model" in d and d["reference_metrics"] is None
    labels = re.findall(r"<span class=\"?label\"?>(.*?)</span>", render_html([d], "t"))
    assert not [x for x in labels if re.search(r"quality|reference_metrics|None", x)], labels
    (tmp_path / "a.ref.txt").write_text(TGT.replace("goods", "merchandise"), encoding="utf-8")
    with_ref = _check(tmp_path, capsys, "--reference", str(tmp_path / "a.ref.txt"))
    labels = re.findall(r"<span class=\"?label\"?>(.*?)</span>", render_html([with_ref], "t"))
    assert [x for x in labels if x.startswith("against the reference: BLEU ")] and not [
        x for x in labels if "reference_metrics" in x or "{" in x]


def test_parquet_columns_are_typed_even_when_a_run_has_no_value(report: dict[str, Any]) -> None:
    pq = pytest.importorskip("pyarrow.parquet", reason="the parquet extra (pyarrow) is not installed")
    import pyarrow as pa

    from mtqa.report.parquet import to_parquet

    report.update(fluency=None, error=None, input=None, quality=None, quality_model=None)
    for f in report["findings"]:
        f.update(suggestion=None, confidence=None)
    files = to_parquet([report])
    arts = pq.read_table(pa.BufferReader(files["articles.parquet"])).schema
    finds = pq.read_table(pa.BufferReader(files["findings.parquet"])).schema
    assert [f.name for f in (*arts, *finds) if pa.types.is_null(f.type)] == []
    assert arts.field("fluency").type == pa.float64() and arts.field("error").type == pa.string()
    assert arts.field("quality").type == pa.float64() and arts.field("reference_bleu").type == pa.float64()
    assert finds.field("confidence").type == pa.float64() and finds.field("suggestion").type == pa.string()
    assert arts.field("words").type == pa.int64() and finds.field("bead").type == pa.int64()
