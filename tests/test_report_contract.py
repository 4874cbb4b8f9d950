"""The JSON contract of an article report (README, "JSON report")."""

from __future__ import annotations

import json

from mtqa import check
from mtqa.config import QAConfig
from mtqa.detectors.base import CheckContext, Detector
from mtqa.pipeline import Runner, check_texts
from mtqa.scores.scoring import weight
from mtqa.types import ArticlePair, Document, Severity

REQUIRED = {"id", "source_lang", "target_lang", "words", "score", "verdict", "fluency", "signature", "alignment", "findings"}
FINDING_KEYS = {"code", "name", "category", "severity", "side", "start", "end", "text", "message"}


def test_public_check_returns_the_contract(seed_pair: tuple[str, str]) -> None:
    src, mt = seed_pair
    d = check(src, mt, source_lang="it", target_lang="en").to_dict()
    assert REQUIRED <= set(d)
    json.dumps(d)  # serializable as is
    assert d["source_lang"] == "it" and d["target_lang"] == "en"
    assert 0 <= d["score"] <= 100 and d["verdict"] in {"pass", "fail"}
    for f in d["findings"]:
        assert FINDING_KEYS <= set(f)
        side_text = src if f["side"] == "source" else mt
        assert side_text[f["start"] : f["end"]] == f["text"]
    for b in d["alignment"]:
        assert set(b) >= {"source", "target"}
    covered_s = sorted(i for b in d["alignment"] for i in b["source"])
    covered_t = sorted(j for b in d["alignment"] for j in b["target"])
    assert covered_s == list(range(len(d["sentences"]["source"])))
    assert covered_t == list(range(len(d["sentences"]["target"])))


def test_offsets_hold_on_awkward_text() -> None:
    # CRLF, astral characters, combining accents and tabs before the errors
    src = "Titolo 🚀 e\u0301\r\n\r\nSono partiti 10 mila container.. E poi «basta»."
    mt = "Title 🚀 e\u0301\r\n\r\nThey left 10 thousand containers.. And then «enough»."
    d = check(src, mt, "it", "en").to_dict()
    assert d["findings"]
    for f in d["findings"]:
        text = src if f["side"] == "source" else mt
        assert text[f["start"] : f["end"]] == f["text"]


def test_score_is_derived_from_findings(seed_pair: tuple[str, str]) -> None:
    src, mt = seed_pair
    r = check_texts(src, mt, "it", "en")
    assert r.score is not None
    penalty = sum(weight(f) for f in r.findings)
    assert abs(r.score.penalty - penalty) < 1e-6
    assert abs(r.score.score - max(0.0, 100 - 100 * penalty / r.score.words)) < 0.01


def test_clean_translation_passes() -> None:
    src = "Il Cremlino ha annunciato la visita del presidente.\n\nLa visita durerà tre giorni."
    mt = "The Kremlin announced the president's visit.\n\nThe visit will last three days."
    d = check(src, mt, "it", "en").to_dict()
    assert d["findings"] == [] and d["verdict"] == "pass" and d["score"] == 100


def test_critical_finding_fails_the_article() -> None:
    src = "Le munizioni non bastano mai, dicono al ministero."
    d = check(src, src, "it", "en").to_dict()
    assert any(f["severity"] == "critical" for f in d["findings"])
    assert d["verdict"] == "fail"


def test_crashing_detector_is_recorded_not_fatal() -> None:
    runner = Runner.from_config(QAConfig())

    class Boom(Detector):
        """Raises on every article."""

        code, name, category, severity = "X999", "boom", "other", Severity.MINOR

        def check(self, ctx: CheckContext) -> list:
            raise ZeroDivisionError("kaboom")

    runner = Runner(runner.cfg, runner.detectors + (Boom(),), runner.models)
    pair = ArticlePair("a1", Document("Il gatto dorme sul divano.", "it"), Document("The cat sleeps on the sofa.", "en"))
    report = runner.check(pair)
    assert report.error is None
    assert [f.code for f in report.failures] == ["X999"]
    assert "kaboom" in report.failures[0].error and report.failures[0].article_id == "a1"


def test_language_detection_and_override() -> None:
    src = "Il Cremlino ha annunciato che il presidente sarà a Pyongyang il 18 e 19 giugno."
    mt = "The Kremlin announced that the president will be in Pyongyang on June 18 and 19."
    d = check(src, mt).to_dict()
    assert (d["source_lang"], d["target_lang"]) == ("it", "en")
    assert d["languages"]["source"]["detected"] == "it"
    d2 = check(src, mt, config=QAConfig(langs=("it", "de"))).to_dict()
    assert d2["target_lang"] == "de"
    assert any("reads as 'en'" in w for w in d2["warnings"])


def test_undetectable_language_is_an_error_record() -> None:
    d = check("12345 678", "12345 678").to_dict()
    assert d["verdict"] == "error" and d["error"]["code"] == "E300" and "--langs" in d["error"]["message"]
    assert d["findings"] == [] and d["score"] is None


def test_copy_is_reported_once_and_still_caught_without_a303() -> None:
    src = "Il sindaco ha espresso soddisfazione per la decisione del tribunale."
    both = check(src, src, "it", "en").to_dict()
    assert [f["code"] for f in both["findings"] if f["code"] in {"A301", "A303"}] == ["A303"]
    alone = check(src, src, "it", "en", QAConfig(ignore=("A303",))).to_dict()
    assert [f["code"] for f in alone["findings"]] == ["A301"]


# The typed view (mtqa.report.contract): what every renderer reads.


def test_view_decodes_what_the_encoder_writes(seed_pair: tuple[str, str]) -> None:
    from mtqa.report.contract import SCHEMA, decode, encode

    src, mt = seed_pair
    r = check_texts(src, mt, "it", "en")
    d = encode(r)
    assert d == r.to_dict() and d["schema"] == SCHEMA
    v = decode(d)
    assert (v.id, v.verdict, v.score, v.words) == (r.article_id, r.verdict, r.score.score, r.score.words)
    assert [(f.code, f.severity, f.side, f.start, f.end) for f in v.findings] == [
        (f.code, f.severity.value, f.side, f.start, f.end) for f in r.findings
    ]
    assert [b.source for b in v.alignment] == [b.src for b in r.alignment.beads]
    for f in v.findings:  # the span invariant, through the view
        assert (v.source if f.side == "source" else v.target)[f.start : f.end] == f.text
    assert v.pass_threshold == QAConfig().pass_threshold and v.raw is d and v.extras == ()


def test_pass_threshold_is_a_field_of_the_view() -> None:
    from mtqa.report.contract import decode, pass_threshold, signature_fields

    d = check("Il gatto dorme.", "The cat sleeps.", "it", "en", QAConfig(pass_threshold=97.5)).to_dict()
    assert signature_fields(d["signature"])["pass"] == "97.5"
    assert decode(d).pass_threshold == 97.5
    old = decode({"id": "x", "verdict": "pass", "signature": "mtqa:0.0.1|seg:rules.v1"})
    assert old.pass_threshold is None and pass_threshold([old, decode(d)], 99) == 97.5
    assert pass_threshold([old], 99) == 99


def test_decoder_is_lenient_with_older_and_trimmed_reports() -> None:
    from mtqa.report.contract import decode

    v1 = decode({"id": "broken", "verdict": "error", "error": "feed.jsonl:3: not valid JSON", "later": {"b": 1}})
    assert v1.error is not None and v1.error.code is None and v1.error_message == "feed.jsonl:3: not valid JSON"
    assert v1.findings == () and v1.alignment == () and v1.source == "" and v1.langs == "?-?"
    assert v1.extras == (("later.b", 1),)  # a key outside the contract is kept, not dropped
    v2 = decode({"id": "e", "verdict": "error", "error": {"code": "E300", "message": "no language"}})
    assert v2.error_message == "[E300] no language"
