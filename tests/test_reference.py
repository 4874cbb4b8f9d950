"""Reference-based mode: sacreBLEU BLEU, chrF and TER with signatures, sentence and article level."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from mtqa.inputs import read_inputs
from mtqa.pipeline import Runner, check_many
from mtqa.config import QAConfig
from mtqa.scores.reference import corpus_scores, sentence_scores
from mtqa.types import ArticlePair, Document

SRC = "Il governo ha approvato il bilancio.\nLe scuole riapriranno lunedì.\n"
TGT = "The government approved the budget.\nSchools reopen Monday.\n"
REF = "The government has approved the budget.\nSchools will reopen on Monday.\n"

EPSILON = 1e-6


def test_identical_sentence_is_perfect() -> None:
    (s,) = sentence_scores(["The cat sat on the mat."], ["The cat sat on the mat."], "en")
    assert s.bleu == pytest.approx(100, abs=EPSILON) and s.chrf == pytest.approx(100, abs=EPSILON) and s.ter == 0


def test_matches_sacrebleu_directly() -> None:
    import sacrebleu

    hyp, ref = ["Schools reopen Monday."], ["Schools will reopen on Monday."]
    m = corpus_scores(hyp, ref, "en")
    assert m.bleu == pytest.approx(round(sacrebleu.corpus_bleu(hyp, [ref]).score, 2))
    assert m.chrf == pytest.approx(round(sacrebleu.corpus_chrf(hyp, [ref]).score, 2))
    assert m.ter == pytest.approx(round(sacrebleu.corpus_ter(hyp, [ref]).score, 2))


def test_report_has_reference_metrics_with_signatures() -> None:
    pair = ArticlePair("a", Document(SRC, "it"), Document(TGT, "en"), reference=REF)
    d = Runner.from_config(QAConfig()).check(pair).to_dict()
    rm = d["reference_metrics"]
    assert set(rm["article"]) == {"bleu", "chrf", "ter"}
    assert rm["signatures"]["chrf"].startswith("chrF2|") and "version:" in rm["signatures"]["bleu"]
    assert [s["target"] for s in rm["sentences"]] == [[0], [1]]
    assert rm["sentences"][1]["chrf"] < 100
    for s in rm["reference_sentences"]:
        assert 0 <= s["start"] < s["end"] <= len(REF)


def test_check_reference_flag(tmp_path: Path) -> None:
    for name, text in (("a.it.txt", SRC), ("a.en.txt", TGT), ("ref.txt", REF)):
        (tmp_path / name).write_text(text, encoding="utf-8")
    out = subprocess.run(
        [sys.executable, "-m", "mtqa", "check", str(tmp_path / "a.it.txt"), str(tmp_path / "a.en.txt"),
         "--reference", str(tmp_path / "ref.txt"), "--format", "json"],
        capture_output=True, text=True,
    )
    assert out.returncode in (0, 1), out.stderr
    assert json.loads(out.stdout)["reference_metrics"]["article"]["chrf"] > 0


def test_feed_reference_field(tmp_path: Path) -> None:
    feed = tmp_path / "f.jsonl"
    feed.write_text(json.dumps({"id": "a", "source": SRC, "target": TGT, "source_lang": "it", "target_lang": "en",
                                "reference": REF}) + "\n", encoding="utf-8")
    (rep,) = list(check_many(read_inputs([feed], None), QAConfig()))
    assert rep.reference_metrics is not None and rep.reference_metrics.article.bleu > 0
