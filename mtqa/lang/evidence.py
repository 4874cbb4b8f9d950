"""Evidence of which language a sentence is in, beyond the identifier's guess: function words.

Function words are the most reliable sign of a language in short sentences full of names, where
character-n-gram identifiers are weakest. Words that are function words in both languages ("a", "in",
"no" in Italian and English) count for neither.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from mtqa.lang.profiles import LanguageProfile
from mtqa.text.tokens import lower_words


@dataclass(frozen=True)
class FunctionWords:
    words: int
    source: float  # share of words that are function words of the source language only
    target: float  # ... of the target language only


@lru_cache(maxsize=64)
def _only(src: LanguageProfile, tgt: LanguageProfile) -> tuple[frozenset[str], frozenset[str]]:
    return src.stopwords - tgt.stopwords, tgt.stopwords - src.stopwords


@lru_cache(maxsize=4096)  # A301 and A302 ask about the same target sentences
def function_words(text: str, src: LanguageProfile, tgt: LanguageProfile) -> FunctionWords:
    """Cheap, so detectors ask it first and run the language identifier only where it can matter."""
    toks = lower_words(text)
    n = len(toks)
    src_only, tgt_only = _only(src, tgt)
    return FunctionWords(
        words=n,
        source=sum(t in src_only for t in toks) / n if n else 0.0,
        target=sum(t in tgt_only for t in toks) / n if n else 0.0,
    )
