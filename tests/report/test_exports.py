"""CSV, SARIF 2.1.0, Parquet and Markdown exports, and the --format design of batch and report."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest

from mtqa.cli import main
from mtqa.report.csv import BOM, articles_csv, findings_csv
from mtqa.report.rows import ARTICLE_COLUMNS, FINDING_COLUMNS
from mtqa.report.sarif import to_sarif

from ..conftest import ROOT

DEMO = ROOT / "corpora" / "demo"


def _csv(text: str) -> list[dict[str, str]]:
    assert text.startswith(BOM)
    return list(csv.DictReader(io.StringIO(text[len(BOM):])))


def test_findings_csv_one_row_per_finding_with_context(report: dict[str, Any]) -> None:
    rows = _csv(findings_csv([report, dict(report, id="second", meta={"feed": "wire"})]))
    assert len(rows) == 2 * len(report["findings"])
    assert list(rows[0])[: len(FINDING_COLUMNS)] == list(FINDING_COLUMNS) and "meta.feed" in rows[0]
    for row, f in zip(rows, report["findings"]):
        assert (row["code"], row["severity"], int(row["start"]), int(row["end"])) == (f["code"], f["severity"], f["start"], f["end"])
        text = row["text"][1:] if row["text"].startswith("'") else row["text"]
        assert text == report[f["side"]][f["start"] : f["end"]]
        if f["bead"] is not None and f["side"] == "target":
            assert text in row["target_sentence"]
    assert rows[-1]["meta.feed"] == "wire"


def test_articles_csv_columns_and_extras(report: dict[str, Any]) -> None:
    other = dict(report, id="b", calibrated_score=88.5, reference={"chrf": 51.0}, meta={"engine": "e1"})
    rows = _csv(articles_csv([report, other]))
    assert list(rows[0])[: len(ARTICLE_COLUMNS)] == list(ARTICLE_COLUMNS)
    assert rows[0]["findings"] == str(len(report["findings"])) and rows[0]["major"] == "2"
    assert rows[1]["calibrated_score"] == "88.5" and rows[1]["reference.chrf"] == "51.0" and rows[1]["meta.engine"] == "e1"
    assert rows[0]["calibrated_score"] == ""


def test_csv_cells_cannot_run_as_formulas(report: dict[str, Any]) -> None:
    report["findings"][0]["message"] = '=HYPERLINK("http://127.0.0.1/x","click")'
    report["findings"][1]["suggestion"] = "@SUM(A1)"
    rows = _csv(findings_csv([report]))
    messages = {r["message"] for r in rows} | {r["suggestion"] for r in rows}
    assert "'=HYPERLINK(\"http://127.0.0.1/x\",\"click\")" in messages and "'@SUM(A1)" in messages
    assert not any(v.startswith(("=", "+", "@")) for r in rows for v in r.values())


def test_empty_findings_csv_still_has_its_header(report: dict[str, Any]) -> None:
    report["findings"] = []
    assert findings_csv([report]) == BOM + ",".join(FINDING_COLUMNS) + "\r\n"


def validate_sarif(doc: dict[str, Any]) -> None:
    """The properties SARIF 2.1.0 requires (sarifLog, run, tool, toolComponent, result, message,
    location, physicalLocation, artifactLocation, region), and the references between them."""
    assert doc["version"] == "2.1.0" and doc["$schema"].endswith("sarif-2.1.0.json")
    assert isinstance(doc["runs"], list) and doc["runs"]
    for run in doc["runs"]:
        driver = run["tool"]["driver"]
        assert driver["name"] and isinstance(driver["rules"], list)
        rule_ids = [r["id"] for r in driver["rules"]]
        assert len(rule_ids) == len(set(rule_ids))
        for r in driver["rules"]:
            assert r["shortDescription"]["text"] and r["defaultConfiguration"]["level"] in {"none", "note", "warning", "error"}
        for res in run["results"]:
            assert res["message"]["text"] and res["level"] in {"none", "note", "warning", "error"}
            assert driver["rules"][res["ruleIndex"]]["id"] == res["ruleId"]
            assert res["locations"]
            for loc in res["locations"]:
                phys = loc["physicalLocation"]
                assert phys["artifactLocation"]["uri"]
                region = phys["region"]
                assert ("charOffset" in region and "charLength" in region) or ("startLine" in region)
                assert region.get("startLine", 1) >= 1 and region.get("startColumn", 1) >= 1
                assert region.get("charOffset", 0) >= 0 and region.get("charLength", 0) >= 0


def test_sarif_structure_and_regions(report: dict[str, Any]) -> None:
    doc = json.loads(json.dumps(to_sarif([report])))
    validate_sarif(doc)
    run = doc["runs"][0]
    assert run["columnKind"] == "unicodeCodePoints"
    assert len(run["results"]) == len(report["findings"])
    assert {r["id"] for r in run["tool"]["driver"]["rules"]} == {f["code"] for f in report["findings"]}
    levels = {f["code"]: r["level"] for f, r in zip(report["findings"], run["results"])}
    assert levels["A101"] == "error" and levels["F201"] == "warning"  # major -> error, minor -> warning
    for f, res in zip(report["findings"], run["results"]):
        phys = res["locations"][0]["physicalLocation"]
        art = run["artifacts"][phys["artifactLocation"]["index"]]
        text = art["contents"]["text"]
        reg = phys["region"]
        assert text[reg["charOffset"] : reg["charOffset"] + reg["charLength"]] == f["text"] == reg["snippet"]["text"]
        line = text.split("\n")[reg["startLine"] - 1]
        assert line[reg["startColumn"] - 1 :].startswith(f["text"].split("\n")[0])
        assert phys["artifactLocation"]["uri"] == f"harbour-storm.{report[f['side'] + '_lang']}.txt"


def test_check_sarif_points_at_the_files_given(capsys: pytest.CaptureFixture[str]) -> None:
    src, tgt = DEMO / "wildfire-season.it.txt", DEMO / "wildfire-season.en.txt"
    assert main(["check", str(src), str(tgt), "--format", "sarif"]) == 1
    doc = json.loads(capsys.readouterr().out)
    validate_sarif(doc)
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in doc["runs"][0]["results"]}
    assert uris == {str(src), str(tgt)}  # the omission is located in the source, the rest in the target


def test_check_csv_prints_the_findings(capsys: pytest.CaptureFixture[str]) -> None:
    main(["check", str(DEMO / "port-strike.it.txt"), str(DEMO / "port-strike.en.txt"), "--format", "csv"])
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert rows and {r["article"] for r in rows} == {"port-strike"} and "A202" in {r["code"] for r in rows}


def test_parquet_keeps_values_and_types(report: dict[str, Any]) -> None:
    pq = pytest.importorskip("pyarrow.parquet", reason="the parquet extra (pyarrow) is not installed")
    import pyarrow as pa

    from mtqa.report.parquet import to_parquet

    files = to_parquet([report, dict(report, id="b", extra_metric="n/a"), dict(report, id="c", extra_metric=2.5)])
    arts = pq.read_table(pa.BufferReader(files["articles.parquet"]))
    finds = pq.read_table(pa.BufferReader(files["findings.parquet"]))
    assert arts.num_rows == 3 and finds.num_rows == 3 * len(report["findings"])
    assert arts.schema.field("score").type == pa.float64() and finds.schema.field("start").type == pa.int64()
    assert arts.column("extra_metric").to_pylist() == [None, "n/a", "2.5"]  # mixed types kept, as text
    assert finds.column("text").to_pylist()[:2] == [f["text"] for f in report["findings"][:2]]


def test_batch_formats_write_their_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    rc = main(["batch", str(DEMO), "--out", str(out), "--quiet", "--format", "jsonl,csv,sarif,html"])
    assert rc == 1
    assert sorted(p.name for p in out.iterdir()) == ["articles.csv", "findings.csv", "findings.sarif", "report.html", "reports.jsonl"]
    validate_sarif(json.loads((out / "findings.sarif").read_text(encoding="utf-8")))
    assert "findings.sarif" in capsys.readouterr().out
    assert main(["batch", str(DEMO), "--out", str(out), "--format", "pdf"]) == 2
    assert "choose from jsonl, md, html, csv, sarif, parquet" in capsys.readouterr().err


def test_report_remakes_outputs_from_saved_reports(report: dict[str, Any], tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    saved = tmp_path / "reports.jsonl"
    saved.write_text(json.dumps(report) + "\n", encoding="utf-8")
    out = tmp_path / "again"
    assert main(["report", str(saved), "--out", str(out), "--format", "md,csv,html"]) == 0
    assert "articles: **1**" in (out / "summary.md").read_text(encoding="utf-8")
    assert "pass threshold 99" in (out / "summary.md").read_text(encoding="utf-8")  # read from the signature
    assert (out / "report.html").read_text(encoding="utf-8").startswith("<!doctype html>")
    minimal = tmp_path / "minimal.jsonl"
    minimal.write_text(json.dumps({"id": "m", "verdict": "error"}) + "\n", encoding="utf-8")
    assert main(["report", str(minimal), "--out", str(tmp_path / "m"), "--format", "html,csv,sarif,md"]) == 0
    assert main(["report", str(saved), "--format", "csv"]) == 2
    assert "--out DIR" in capsys.readouterr().err
    saved.write_text(json.dumps(report) + "\n{oops\n", encoding="utf-8")
    assert main(["report", str(saved), "--html", str(tmp_path / "x.html")]) == 2
    assert "reports.jsonl:2: not valid JSON" in capsys.readouterr().err
