"""`mtqa fix` and `mtqa batch --fix`: safe edits applied in one pass, never overlapping, offsets valid."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest

from mtqa.cli import main
from mtqa.config import QAConfig
from mtqa.fix import apply_fixes, fix_text, fixed_record
from mtqa.pipeline import check_texts
from mtqa.types import Edit, Finding, Fix, Severity

SRC = "Va in Corea del Nord e in Vietnam, dove sarà accolto. Il piano è pronto.\n\nNotizie correlate"
MT = "He goes to North Korea and Vietnamwhere he will be received.. The plan is is ready.\n\nRelated News :"


def _finding(start: int, end: int, rep: str, applicability: str = "safe", code: str = "F999") -> Finding:
    fix = Fix((Edit(start, end, rep),), applicability, "t")  # type: ignore[arg-type]
    return Finding(code, "x", "fluency/x", Severity.MINOR, "target", start, end, "", "m", fix=fix)


# text, findings (start, end, replacement, applicability), unsafe, expected text
CASES = [
    ("ab cd", [(0, 2, "AB", "safe"), (3, 5, "CD", "safe")], False, "AB CD"),
    ("ab cd", [(0, 2, "AB", "safe"), (3, 5, "CD", "unsafe")], False, "AB cd"),
    ("ab cd", [(0, 2, "AB", "safe"), (3, 5, "CD", "unsafe")], True, "AB CD"),
    ("ab cd", [(0, 3, "X", "safe"), (2, 5, "Y", "safe")], False, "Xcd"),  # the overlapping one waits
    ("ab", [(1, 1, "-", "safe"), (1, 1, "+", "safe")], False, "a-b"),  # two insertions at one point: one
]


@pytest.mark.parametrize("text,edits,unsafe,expected", CASES)
def test_apply_fixes_one_pass_without_overlaps(text: str, edits: list, unsafe: bool, expected: str) -> None:
    fixed, applied = apply_fixes(text, [_finding(*e) for e in edits], unsafe)
    assert fixed == expected
    spans = sorted((a.start, a.end) for a in applied)
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans))


def test_fixes_read_from_findings_and_from_report_dicts_agree() -> None:
    report = check_texts(SRC, MT, "it", "en", QAConfig(), article_id="a")
    from_objects = fix_text(report.target_text, report.findings)
    from_dicts = fix_text(report.target_text, report.to_dict()["findings"])
    assert from_objects == from_dicts
    expected = "He goes to North Korea and Vietnam where he will be received. The plan is ready.\n\n"
    expected += "Related News:"
    assert from_objects.text == expected


def test_a_finding_without_fix_has_no_fix_key() -> None:
    """The JSON contract is unchanged where no edit exists: the key is left out, not null."""
    report = check_texts("Il Cremlino ha parlato.", "The Kremlin spoke.", "it", "en", QAConfig(),
                         article_id="a")
    f = Finding("A101", "x", "accuracy/x", Severity.MAJOR, "target", 0, 3, "The", "m")
    assert "fix" not in f.to_dict()
    assert all("fix" not in d or d["fix"]["edits"] for d in report.to_dict()["findings"])


def test_fixed_record_edits_apply_to_the_original_target() -> None:
    d = check_texts(SRC, MT, "it", "en", QAConfig(), article_id="a").to_dict()
    rec = fixed_record(d)
    text = d["target"]
    for e in sorted(rec["edits"], key=lambda e: -e["start"]):
        text = text[: e["start"]] + e["replacement"] + text[e["end"] :]
    assert text == rec["target"] and rec["source"] == SRC and rec["id"] == "a"
    assert {e["code"] for e in rec["edits"]} == {"F101", "F201", "F301", "F202"}


def test_cli_fix_prints_the_corrected_text_and_a_diff(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a.it.txt").write_text(SRC, encoding="utf-8")
    (tmp_path / "a.en.txt").write_text(MT, encoding="utf-8")
    assert main(["fix", str(tmp_path / "a.it.txt"), str(tmp_path / "a.en.txt")]) == 0
    out = capsys.readouterr()
    assert out.out.startswith("He goes to North Korea and Vietnam where") and "edits applied" in out.err
    assert main(["fix", str(tmp_path / "a.it.txt"), str(tmp_path / "a.en.txt"), "--diff"]) == 0
    diff = capsys.readouterr().out
    assert diff.startswith("--- a/a.en.txt") and "-He goes to North Korea and Vietnamwhere" in diff


def test_batch_fix_writes_one_line_per_input(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    lines = [
        {"id": "a", "source": SRC, "target": MT, "source_lang": "it", "target_lang": "en"},
        # an empty target: an error record
        {"id": "b", "source": "Ciao.", "target": "", "source_lang": "it", "target_lang": "en"},
        {"id": "c", "source": "Il piano è pronto.", "target": "The plan is ready.", "source_lang": "it",
         "target_lang": "en"},
    ]
    feed.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    main(["batch", str(feed), "--out", str(tmp_path / "out"), "--jobs", "1", "--quiet", "--fix"])
    fixed = (tmp_path / "out" / "fixed.jsonl").read_text(encoding="utf-8")
    recs = [json.loads(x) for x in fixed.splitlines()]
    assert [r["id"] for r in recs] == ["a", "b", "c"]
    assert "Vietnam where" in recs[0]["target"] and recs[0]["edits"]
    assert recs[1]["error"] and recs[1]["edits"] == []
    assert recs[2]["target"] == "The plan is ready." and recs[2]["edits"] == []


def test_seed_fix_applies_every_safe_fix_and_nothing_else(seed_pair: tuple[str, str]) -> None:
    src, mt = seed_pair
    report = check_texts(src, mt, "it", "en", QAConfig(), article_id="kim-shells")
    r = fix_text(report.target_text, report.findings)
    safe = [f for f in report.findings if f.fix and f.fix.applicability == "safe"]
    assert len(r.applied) == sum(len(f.fix.edits) for f in safe if f.fix) - r.skipped_conflicts
    pairs = [("Vietnamwhere", "Vietnam where"), ("arsenals..", "arsenals."), ("10 thousand", "10,000"),
             ("«unshakable comrade in arms»", "“unshakable comrade in arms”"),
             ("between 3 thousand and 4 thousand", "between 3,000 and 4,000")]
    for bad, good in pairs:
        assert bad in mt and bad not in r.text and good in r.text
    assert r.text.startswith("From Kim already 5 million shells")  # "Italy 24 Press News" removed
    assert "Follow us on Google News" not in r.text
    # nothing else changed: outside the applied edits the text is the same
    pos = 0
    for e in r.applied:
        assert report.target_text[pos : e.start] in r.text
        pos = e.end
