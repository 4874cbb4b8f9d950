"""What the detectors' safe fixes give back (issue 17): each case is a clean sentence, an error put
into it, and the fixed text must be the clean sentence again; clean text must come back unchanged."""

from __future__ import annotations

import pytest

from mtqa.config import QAConfig
from mtqa.fix import apply_fixes
from mtqa.pipeline import check_texts

# (source, target with the error, the target as it should be after `mtqa fix`)
RESTORE = [
    # L101: no other double quotes in the article; its straight apostrophes tell its typography
    (
        "Il giudice ha detto «non c'è fretta». Non l'ha spiegato.",
        "The judge said «there's no hurry». He didn't explain.",
        'The judge said "there\'s no hurry". He didn\'t explain.',
    ),
    # ... and curly apostrophes curly quotes
    (
        "Il giudice ha detto «non c'è fretta». Non l'ha spiegato.",
        "The judge said «there’s no hurry». He didn’t explain.",
        "The judge said “there’s no hurry”. He didn’t explain.",
    ),
]


@pytest.mark.parametrize("src,mt,expected", RESTORE)
def test_safe_fixes_restore_the_clean_text(src: str, mt: str, expected: str) -> None:
    report = check_texts(src, mt, "it", "en", QAConfig(), article_id="a")
    fixed, _ = apply_fixes(report.target_text, report.findings)
    assert fixed == expected
