"""Fluency scorers behind one protocol, loaded on first use.

``FluencyModel.score(sentences)`` returns one :class:`~mtqa.types.SentenceFluency` per sentence:
a score in [0, 1] (calibrated so that typical clean news scores about 0.8 and word salad near 0),
the mean surprisal in bits per word, and per-token surprisal for the least-likely-word spans.

Models: ``auto`` (default) picks ``ngram`` -- wordsegment's web bigram counts for English, wordfreq
unigrams for other languages; with ``lm`` set (``--lm PATH_OR_NAME``), a local transformers causal LM
(:mod:`mtqa.fluency.neural`, extra ``mtqa[neural]``) takes their place through the same protocol.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from mtqa.errors import ConfigError
from mtqa.types import SentenceFluency


class FluencyModel(Protocol):
    name: str

    def signature(self) -> str: ...

    def score(self, sentences: Sequence[str]) -> list[SentenceFluency]: ...


MODELS = ("auto", "ngram", "lm", "none")


def get_fluency_model(
    lang: str, name: str = "auto", lm: str | None = None, device: str = "cpu"
) -> FluencyModel | None:
    """The fluency model for ``lang``; ``None`` when fluency is switched off (``name="none"``).
    ``lm`` (a folder or a local Hugging Face cache name) selects the neural model under ``auto``/``lm``.
    Not cached here: the :class:`~mtqa.pipeline.Runner` that asks keeps it, one per target language
    (the LM's weights are loaded once per path and device, :func:`mtqa.fluency.neural.load_lm`)."""
    check_fluency_setting(name, lm)
    if name == "none":
        return None
    if lm and name in ("auto", "lm"):
        from mtqa.fluency.neural import load_causal_lm

        return load_causal_lm(lm, lang, device)
    from mtqa.fluency.ngram import ngram_model

    return ngram_model(lang)


def check_fluency_setting(name: str, lm: str | None) -> None:
    if name == "lm" and not lm:
        raise ConfigError("fluency model 'lm' needs a model: --lm PATH_OR_NAME (a local causal LM folder)")
    if name not in MODELS:
        raise ConfigError(f"unknown fluency model {name!r}; choose one of {', '.join(MODELS)}")


def preload_fluency(name: str, lm: str | None, device: str) -> None:
    """What the fluency setting needs, loaded before any article is read, so that a missing model is one
    clear error up front: the LM's weights (the same for every target language)."""
    check_fluency_setting(name, lm)
    if lm and name in ("auto", "lm"):
        from mtqa.fluency.neural import load_lm

        load_lm(lm, device)
