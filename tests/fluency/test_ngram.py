"""The embedded n-gram fluency model: on the default path, a score per sentence and per article."""

from __future__ import annotations

from mtqa.fluency import get_fluency_model
from mtqa.pipeline import check_texts


def test_ngram_prefers_news_english_over_salad_and_marks_the_odd_word() -> None:
    m = get_fluency_model("en")
    assert m is not None and m.signature() == "ngram-en-bigram.v1(en)"
    good, bad = m.score(["The government approved the budget on Monday.", "Budget the Monday xqzvw on approved."])
    assert good.score > bad.score and bad.oov == 1
    worst = max(bad.tokens, key=lambda t: t.surprisal)
    assert "Budget the Monday xqzvw on approved."[worst.start : worst.end] == "xqzvw"


def test_report_has_fluency_per_sentence_and_article() -> None:
    rep = check_texts("Il governo ha approvato.\nPiove.\n", "The government approved.\nIt rains.\n", "it", "en")
    d = rep.to_dict()
    assert d["fluency"] is not None
    assert all(s["fluency"] is not None for s in d["sentences"]["target"])
