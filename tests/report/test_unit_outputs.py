"""Traceability (issue 16): every output format names the translation unit of each finding."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from mtqa.cli import main

XLIFF = """<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
  <file original="src/app/app.html" source-language="en" target-language="it" datatype="html"><body>
    <trans-unit id="sales.note"><source>Sales rose 12% in 2023 across the region.</source>
      <target>Le vendite sono salite del 21% nel 2023 nella regione.</target></trans-unit>
    <trans-unit id="open"><source>Open the file in the editor.</source>
      <target>Apri il file nell'editor.</target></trans-unit>
  </body></file>
</xliff>
"""


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("units")
    f = d / "app.xlf"
    f.write_text(XLIFF, encoding="utf-8")
    # --timeout 0: a loaded CI machine must not turn the article into an E500 record
    main(["batch", str(f), "--out", str(d / "out"), "--quiet", "--jobs", "1", "--fluency", "none",
          "--timeout", "0", "--format", "jsonl,md,html,csv,sarif,parquet"])
    return d / "out"


def test_json_units_and_finding_unit(out: Path) -> None:
    (r,) = [json.loads(x) for x in (out / "reports.jsonl").read_text(encoding="utf-8").splitlines()]
    (a101,) = [f for f in r["findings"] if f["code"] == "A101"]
    assert a101["unit"] == {"file": "src/app/app.html", "id": "sales.note", "line": 4, "index": 0,
                            "name": None}
    assert [(u["id"], u["verdict"]) for u in r["units"]] == [("sales.note", "fail"), ("open", "pass")]


def test_markdown_lists_failing_units(out: Path) -> None:
    md = (out / "summary.md").read_text(encoding="utf-8")
    assert "translation units (CAT files): 2; failing: 1" in md
    assert "| src/app/app.html\\#sales.note | 4 | 1 | A101 |" in md  # "#" escaped for Markdown


def test_html_csv_sarif_parquet_name_the_unit(out: Path) -> None:
    assert "src/app/app.html#sales.note (line 4)" in (out / "report.html").read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO((out / "findings.csv").read_text(encoding="utf-8-sig"))))
    assert {(r["unit_file"], r["unit_id"], r["unit_line"]) for r in rows if r["code"] == "A101"} == {
        ("src/app/app.html", "sales.note", "4")}
    sarif = json.loads((out / "findings.sarif").read_text(encoding="utf-8"))
    names = [loc["fullyQualifiedName"] for res in sarif["runs"][0]["results"]
             for loc in res["locations"][0]["logicalLocations"] if loc["kind"] == "element"]
    assert "src/app/app.html#sales.note" in names
    pq = pytest.importorskip("pyarrow.parquet")
    table = pq.read_table(out / "findings.parquet").to_pylist()
    assert {r["unit_id"] for r in table if r["code"] == "A101"} == {"sales.note"}


def test_text_report_names_the_unit(out: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["report", str(out / "reports.jsonl"), "--format", "text", "--color", "never", "--width", "100"])
    assert "[unit src/app/app.html#sales.note (line 4)]" in " ".join(capsys.readouterr().out.split())
