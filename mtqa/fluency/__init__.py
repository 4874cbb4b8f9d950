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


_CACHE: dict[tuple[str, ...], FluencyModel] = {}

MODELS = ("auto", "ngram", "lm", "none")


def get_fluency_model(
    lang: str, name: str = "auto", lm: str | None = None, device: str = "cpu"
) -> FluencyModel | None:
    """The fluency model for ``lang``; ``None`` when fluency is switched off (``name="none"``).
    ``lm`` (a folder or a local Hugging Face cache name) selects the neural model under ``auto``/``lm``."""
    if name == "none":
        return None
    if name == "lm" and not lm:
        raise ConfigError("fluency model 'lm' needs a model: --lm PATH_OR_NAME (a local causal LM folder)")
    key = (lang, name, lm or "", device)
    if key not in _CACHE:
        if lm and name in ("auto", "lm"):
            from mtqa.fluency.neural import load_causal_lm

            _CACHE[key] = load_causal_lm(lm, lang, device)
        elif name in ("auto", "ngram"):
            from mtqa.fluency.ngram import ngram_model

            _CACHE[key] = ngram_model(lang)
        else:
            raise ConfigError(f"unknown fluency model {name!r}; choose one of {', '.join(MODELS)}")
    return _CACHE[key]
