"""One parametrized test over every case of every detector fixture (``fixtures/<CODE>_<name>.toml``).

A case runs the real pipeline on a small article pair with only its detector selected, and compares
the set of flagged substrings (on ``side``, target by default) with ``expect``: ``[]`` means the
detector must stay quiet. ``glossary`` names a termbase for the case, ``qe`` the quality model.

Beside that hand-written expectation, every finding of every case is pinned in a snapshot, as ruff
pins its rules' diagnostics: ``snapshots/<fixture name>.snap`` holds each finding's side, offsets,
severity, confidence, text, message, suggestion and fix, so a change of wording, severity or span
shows up as a diff in review. After a deliberate change, rewrite them with
``MTQA_UPDATE_SNAPSHOTS=1 python -m pytest tests/detectors/test_fixtures.py`` and read the diff.
"""

from __future__ import annotations

import difflib
import os
import tomllib
from pathlib import Path

import pytest

from mtqa.config import QAConfig
from mtqa.detectors import ALL_DETECTORS
from mtqa.lang.profiles import parse_langs
from mtqa.pipeline import check_texts
from mtqa.types import ArticleReport, Finding

FIXTURES = Path(__file__).parent / "fixtures"
SNAPSHOTS = Path(__file__).parent / "snapshots"
UPDATE = os.environ.get("MTQA_UPDATE_SNAPSHOTS") == "1"
ROOT = Path(__file__).resolve().parents[2]


def load_cases() -> list[tuple[str, int, dict]]:
    out = []
    for f in sorted(FIXTURES.glob("*.toml")):
        code = f.name.split("_", 1)[0]
        for i, case in enumerate(tomllib.loads(f.read_text(encoding="utf-8"))["case"]):
            out.append((code, i, case))
    return out


CASES = load_cases()


@pytest.mark.parametrize(
    "code,index,case", CASES, ids=[f"{c}-{i}-{case['note'][:40]}" for c, i, case in CASES]
)
def test_fixture_case(code: str, index: int, case: dict) -> None:
    report = run_case(code, index, case)
    side = case.get("side", "target")
    flagged = sorted(f.text for f in report.findings if f.code == code and f.side == side)
    assert flagged == sorted(case["expect"]), case["note"]
    assert not report.failures


_RUNS: dict[tuple[str, int], ArticleReport] = {}


def run_case(code: str, index: int, case: dict) -> ArticleReport:
    """The case's report, once per session (the snapshot test reads the same runs)."""
    if (code, index) not in _RUNS:
        _RUNS[code, index] = _run(code, index, case)
    return _RUNS[code, index]


def _run(code: str, index: int, case: dict) -> ArticleReport:
    src_lang, tgt_lang = parse_langs(case["langs"])
    # a case may name a termbase (relative to the repository root) for the terminology detectors
    glossary = str(ROOT / case["glossary"]) if "glossary" in case else None
    # and a case may turn the quality model on (A503 reads its token tags)
    cfg = QAConfig(select=(code,), preview=True, strict=True, fluency="none", glossary=glossary,
                   qe=case.get("qe", "none"))
    return check_texts(case["src"], case["mt"], src_lang, tgt_lang, cfg, article_id=f"{code}-{index}")


def snapshot_lines(f: Finding) -> list[str]:
    """What a user reads of one finding, one fact per line (a stable text: floats rounded)."""
    lines = [
        f"{f.code} {f.severity.value} {f.side}[{f.start}:{f.end}] confidence {f.confidence:.2f}",
        f"  text: {f.text!r}",
        f"  message: {f.message}",
    ]
    if f.suggestion is not None:
        lines.append(f"  suggestion: {f.suggestion!r}")
    if f.fix is not None:
        lines.append(f"  fix ({f.fix.applicability}): {f.fix.title}")
        lines += [f"    [{e.start}:{e.end}] -> {e.replacement!r}" for e in f.fix.edits]
    return lines


def render_snapshot(fixture: Path) -> str:
    code = fixture.name.split("_", 1)[0]
    out = [f"# {fixture.name}: every finding of every case (tests/detectors/test_fixtures.py)"]
    for i, case in enumerate(tomllib.loads(fixture.read_text(encoding="utf-8"))["case"]):
        out += ["", f"## case {i}: {case['note']}"]
        found = sorted(run_case(code, i, case).findings, key=lambda f: (f.side, f.start, f.end, f.code, f.message))
        out += [line for f in found for line in snapshot_lines(f)] or ["(no findings)"]
    return "\n".join(out) + "\n"


FIXTURE_FILES = sorted(FIXTURES.glob("*.toml"))


@pytest.mark.parametrize("fixture", FIXTURE_FILES, ids=[f.stem for f in FIXTURE_FILES])
def test_fixture_snapshot(fixture: Path) -> None:
    got = render_snapshot(fixture)
    snap = SNAPSHOTS / f"{fixture.stem}.snap"
    if UPDATE:
        SNAPSHOTS.mkdir(exist_ok=True)
        snap.write_text(got, encoding="utf-8")
    assert snap.exists(), f"no snapshot {snap.name}: run with MTQA_UPDATE_SNAPSHOTS=1 and review it"
    want = snap.read_text(encoding="utf-8")
    if got != want:
        diff = "\n".join(difflib.unified_diff(want.splitlines(), got.splitlines(), "snapshot", "now", lineterm=""))
        pytest.fail(f"{snap.name} differs (MTQA_UPDATE_SNAPSHOTS=1 rewrites it after a deliberate change):\n{diff}")


def test_every_snapshot_has_its_fixture() -> None:
    stale = sorted(p.name for p in SNAPSHOTS.glob("*.snap") if not (FIXTURES / f"{p.stem}.toml").exists())
    assert not stale, f"snapshots without a fixture: {stale}"


def test_every_detector_has_positive_and_negative_cases() -> None:
    by_code: dict[str, list[dict]] = {}
    for code, _, case in CASES:
        by_code.setdefault(code, []).append(case)
    for d in ALL_DETECTORS:
        cases = by_code.get(d.code)
        assert cases, f"{d.code} has no fixture file in {FIXTURES}"
        assert any(c["expect"] for c in cases), f"{d.code}: no case where it must fire"
        assert any(not c["expect"] for c in cases), f"{d.code}: no case where it must stay quiet"


def test_fixture_files_are_named_after_their_detector() -> None:
    names = {d.code: d.name for d in ALL_DETECTORS}
    for f in FIXTURES.glob("*.toml"):
        code, rest = f.stem.split("_", 1)
        assert code in names, f"{f.name}: no detector {code}"
        assert rest == names[code].replace("-", "_"), f"{f.name} should be {code}_{names[code].replace('-', '_')}.toml"
