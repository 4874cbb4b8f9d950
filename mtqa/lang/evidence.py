"""Evidence of which language a sentence is in, beyond the identifier's guess: function words.

Function words are the most reliable sign of a language in short sentences full of names, where
character-n-gram identifiers are weakest. Words that are function words in both languages ("a", "in",
"no" in Italian and English) count for neither.
"""

from __future__ import annotations

from dataclasses import dataclass

from mtqa.lang.identify import identify
from mtqa.lang.profiles import LanguageProfile
from mtqa.tokens import words


@dataclass(frozen=True)
class SentenceLanguage:
    words: int
    guess: str
    guess_confidence: float
    source_prob: float  # identifier's probability for the source language
    target_prob: float
    source_function_words: float  # share of words that are function words of the source only
    target_function_words: float


def sentence_language(
    text: str, src: LanguageProfile, tgt: LanguageProfile, identifier: str = "fastlangdetect"
) -> SentenceLanguage:
    toks = [t.lower for t in words(text)]
    n = len(toks)
    src_only = src.stopwords - tgt.stopwords
    tgt_only = tgt.stopwords - src.stopwords
    g = identify(text, identifier)
    return SentenceLanguage(
        words=n,
        guess=g.lang,
        guess_confidence=g.confidence,
        source_prob=g.prob(src.code),
        target_prob=g.prob(tgt.code),
        source_function_words=sum(t in src_only for t in toks) / n if n else 0.0,
        target_function_words=sum(t in tgt_only for t in toks) / n if n else 0.0,
    )
