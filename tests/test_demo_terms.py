"""The demo corpus's planted terminology errors (corpora/demo/README.md) as acceptance checks."""

from __future__ import annotations

from pathlib import Path

import pytest

from mtqa.config import QAConfig
from mtqa.pipeline import check_texts

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "corpora" / "demo"
GLOSSARY = str(ROOT / "corpora" / "termbases" / "it-en-news.tbx")


def _codes(article: str, cfg: QAConfig) -> set[tuple[str, str]]:
    src = (DEMO / f"{article}.it.txt").read_text(encoding="utf-8")
    tgt = (DEMO / f"{article}.en.txt").read_text(encoding="utf-8")
    rep = check_texts(src, tgt, "it", "en", cfg, article_id=article)
    assert rep.error is None and not rep.failures
    return {(f.code, f.text) for f in rep.findings}


@pytest.mark.issue(3)
def test_wrong_terms_with_the_termbase() -> None:
    cfg = QAConfig(glossary=GLOSSARY, fluency="none")
    assert ("T101", "bullets") in _codes("court-ruling", cfg)  # "proiettili di artiglieria"
    assert ("T101", "Pil") in _codes("regional-budget", cfg)  # "the regional Pil"


@pytest.mark.issue(3)
def test_inconsistent_institution_name_without_a_termbase() -> None:
    found = _codes("port-strike", QAConfig(fluency="none"))
    assert ("T201", "Harbor Board") in found


@pytest.mark.issue(3)
@pytest.mark.parametrize("article", ["football-club", "night-sky-satellite"])
def test_clean_articles_stay_clean_with_the_termbase(article: str) -> None:
    assert _codes(article, QAConfig(glossary=GLOSSARY, fluency="none")) == set()
