"""Fluency scorers behind one protocol, loaded on first use.

``FluencyModel.score(sentences)`` returns one :class:`~mtqa.types.SentenceFluency` per sentence:
a score in [0, 1] (calibrated so that typical clean news scores about 0.8 and word salad near 0),
the mean surprisal in bits per word, and per-token surprisal for the least-likely-word spans.

Models: ``auto`` (default) picks ``ngram`` -- wordsegment's web bigram counts for English, wordfreq
unigrams for other languages; a transformers causal LM plugs in through the same protocol.
"""

from __future__ import annotations

from typing import Protocol, Sequence

from mtqa.errors import ConfigError
from mtqa.types import SentenceFluency


class FluencyModel(Protocol):
    name: str

    def signature(self) -> str: ...

    def score(self, sentences: Sequence[str]) -> list[SentenceFluency]: ...


_CACHE: dict[tuple[str, str], FluencyModel] = {}

MODELS = ("auto", "ngram", "none")


def get_fluency_model(lang: str, name: str = "auto") -> FluencyModel | None:
    """The fluency model for ``lang``; ``None`` when fluency is switched off (``name="none"``)."""
    if name == "none":
        return None
    key = (lang, name)
    if key not in _CACHE:
        if name in ("auto", "ngram"):
            from mtqa.fluency.ngram import ngram_model

            _CACHE[key] = ngram_model(lang)
        else:
            raise ConfigError(f"unknown fluency model {name!r}; choose one of {', '.join(MODELS)}")
    return _CACHE[key]
