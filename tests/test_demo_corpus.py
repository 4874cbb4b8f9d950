"""The demo corpus as an acceptance set: every planted error that its README gives a detector for is
found, on the side and span the README says; the clean articles stay clean."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from mtqa.config import QAConfig
from mtqa.pipeline import check_texts

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "corpora" / "demo"
GLOSSARY = str(ROOT / "corpora" / "termbases" / "it-en-news.tbx")


def planted() -> list[tuple[str, str, str, str, bool]]:
    """(article, code, flagged span, side, with termbase) for every table row with a detector."""
    rows, article = [], None
    for line in (DEMO / "README.md").read_text(encoding="utf-8").splitlines():
        m = re.match(r"### `([\w-]+)`", line)
        if m:
            article = m.group(1)
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if article is None or len(cells) != 7 or not re.match(r"\d+b?$", cells[0]):
            continue
        english, span, side, detector = cells[2], cells[3], cells[4], cells[6]
        code = re.match(r"([AFTLS]\d{3})", detector)
        if not code:
            continue
        text = english if span == "the whole sentence" else span
        rows.append((article, code.group(1), re.sub(r"^`|`(?: \(.*)?$", "", text.split(" (")[0]), side,
                     "termbase" in detector))
    return rows


PLANTED = planted()


def test_the_readme_lists_planted_errors() -> None:
    assert len(PLANTED) >= 15


@pytest.mark.parametrize("article,code,span,side,termbase", PLANTED, ids=[f"{r[0]}-{r[1]}" for r in PLANTED])
def test_planted_error_is_found(article: str, code: str, span: str, side: str, termbase: bool) -> None:
    src = (DEMO / f"{article}.it.txt").read_text(encoding="utf-8")
    tgt = (DEMO / f"{article}.en.txt").read_text(encoding="utf-8")
    cfg = QAConfig(fluency="none", glossary=GLOSSARY if termbase else None)
    rep = check_texts(src, tgt, "it", "en", cfg, article_id=article)
    found = {(f.code, f.text, f.side) for f in rep.findings}
    assert (code, span, side) in found, sorted(found)
