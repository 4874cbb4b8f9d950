"""Segmentation fixtures per language (``fixtures/<lang>.toml``) and the offset invariant."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from mtqa.lang.profiles import get_profile, supported_languages
from mtqa.text.segment import segment, segment_lines

FIXTURES = Path(__file__).parent / "fixtures"
CASES = [
    (f.stem, i, c)
    for f in sorted(FIXTURES.glob("*.toml"))
    for i, c in enumerate(tomllib.loads(f.read_text(encoding="utf-8"))["case"])
]


@pytest.mark.parametrize("lang,index,case", CASES, ids=[f"{l}-{i}" for l, i, _ in CASES])
def test_segmentation_fixture(lang: str, index: int, case: dict) -> None:
    segs = segment(case["text"], get_profile(lang))
    assert [s.text for s in segs] == case["expect"], case["note"]
    for s in segs:
        assert case["text"][s.start : s.end] == s.text


def test_every_profile_has_a_fixture() -> None:
    assert {l for l, _, _ in CASES} >= set(supported_languages())


def test_paragraph_and_heading_marks() -> None:
    text = "Il titolo senza punto\n\nPrima frase. Seconda frase.\nTerza."
    segs = segment(text, get_profile("it"))
    assert [s.paragraph for s in segs] == [0, 1, 1, 2]
    assert [s.is_heading for s in segs] == [True, False, False, False]


def test_crlf_and_blank_input() -> None:
    assert segment("", get_profile("en")) == ()
    assert segment("  \n\n ", get_profile("en")) == ()
    segs = segment("One.\r\nTwo.", get_profile("en"))
    assert [s.text for s in segs] == ["One.", "Two."]


def test_presplit_lines_keep_line_numbers() -> None:
    segs = segment_lines("a\n\nb\n")
    assert [(s.index, s.text, s.paragraph) for s in segs] == [(0, "a", 0), (1, "", 0), (2, "b", 0)]
