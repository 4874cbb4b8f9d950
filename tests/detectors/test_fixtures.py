"""One parametrized test over every case of every detector fixture (``fixtures/<CODE>_<name>.toml``).

A case runs the real pipeline on a small article pair with only its detector selected, and compares
the set of flagged substrings (on ``side``, target by default) with ``expect``: ``[]`` means the
detector must stay quiet. ``glossary`` names a termbase for the case, ``qe`` the quality model.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from mtqa.config import QAConfig
from mtqa.detectors import ALL_DETECTORS
from mtqa.lang.profiles import parse_langs
from mtqa.pipeline import check_texts

FIXTURES = Path(__file__).parent / "fixtures"
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
    src_lang, tgt_lang = parse_langs(case["langs"])
    # a case may name a termbase (relative to the repository root) for the terminology detectors
    glossary = str(ROOT / case["glossary"]) if "glossary" in case else None
    # and a case may turn the quality model on (A503 reads its token tags)
    cfg = QAConfig(select=(code,), preview=True, strict=True, fluency="none", glossary=glossary,
                   qe=case.get("qe", "none"))
    report = check_texts(case["src"], case["mt"], src_lang, tgt_lang, cfg, article_id=f"{code}-{index}")
    side = case.get("side", "target")
    flagged = sorted(f.text for f in report.findings if f.code == code and f.side == side)
    assert flagged == sorted(case["expect"]), case["note"]
    assert not report.failures


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
