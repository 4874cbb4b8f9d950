"""Placeholder patterns (mtqa.text.placeholders): shell and Perl variables, C99 inttypes macros in PO files,
usage metavariables, and what is left alone."""

from __future__ import annotations

import pytest

from mtqa.text.placeholders import MASK, mask, protected_spans


def spans(text: str) -> list[tuple[str, str]]:
    return [(p.pattern, p.text) for p in protected_spans(text)]


@pytest.mark.parametrize("text,expect", [
    ("Could not pick $sha1", [("shell", "$sha1")]),
    ("Stopped at $sha1_abbrev... $rest", [("shell", "$sha1_abbrev"), ("shell", "$rest")]),
    ("echo ${remote_name} in $GIT_DIR/hooks", [("shell", "${remote_name}"), ("shell", "$GIT_DIR")]),
    ("Total %<PRIu32> (delta %<PRIuMAX>), %<PRIx64>",
     [("printf", "%<PRIu32>"), ("printf", "%<PRIuMAX>"), ("printf", "%<PRIx64>")]),
    ("%5<PRId64> objects", [("printf", "%5<PRId64>")]),
    ("git version [<options>]", [("meta", "<options>")]),
])
def test_patterns(text: str, expect: list[tuple[str, str]]) -> None:
    assert spans(text) == expect


@pytest.mark.parametrize("text", ["It costs $5 or 10 US$.", "a$b", "<PRIu32> without its percent sign"])
def test_not_placeholders(text: str) -> None:
    assert not [s for s in spans(text) if s[0] in ("shell", "printf")]


def test_mask_keeps_offsets() -> None:
    text = "Cannot store $stash_sha1 (%<PRIu32> objects)"
    masked = mask(text)
    assert len(masked) == len(text)
    assert "sha1" not in masked and "PRIu32" not in masked and MASK in masked
    assert masked.startswith("Cannot store ") and masked.endswith(" objects)")
