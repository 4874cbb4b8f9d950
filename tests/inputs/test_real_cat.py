"""A real Angular XLIFF (ORCID's Italian messages, MIT, corpora/cat/): every unit translated, so unit
mode reports no omission or addition, every finding names its unit, and write-back round-trips."""

from __future__ import annotations

import json
import re
from pathlib import Path

from mtqa.cli import main

ORCID = Path(__file__).resolve().parents[2] / "corpora" / "cat" / "orcid" / "messages.it.xlf"


def test_real_angular_xliff_unit_by_unit(tmp_path: Path) -> None:
    out = tmp_path / "out"
    main(["batch", str(ORCID), "--out", str(out), "--quiet", "--jobs", "1", "--timeout", "0",
          "--fluency", "none", "--format", "jsonl,xliff"])
    (r,) = [json.loads(x) for x in (out / "reports.jsonl").read_text(encoding="utf-8").splitlines()]
    assert r["verdict"] != "error" and len(r["units"]) == 150
    assert not [f for f in r["findings"] if f["code"] in ("A201", "A202")]
    assert all(f["unit"] and f["unit"]["file"] == "ng2.template" for f in r["findings"])
    added = re.compile(r' xmlns:its="[^"]*" its:version="2.0"| its:locQualityIssuesRef="#mtqa-lqi-\d+"'
                       r"|<its:locQualityIssues .*?</its:locQualityIssues>")
    written = (out / ORCID.name).read_text(encoding="utf-8")
    assert added.sub("", written) == ORCID.read_text(encoding="utf-8")
    assert written.count("<its:locQualityIssue ") == len(r["findings"])
