"""Statistical fluency from pip-installable counts (``ngram.v1``).

English: an interpolated bigram model over wordsegment's counts (the Google Web Trillion Word Corpus
unigrams and bigrams as published by Norvig: 333k words, 258k bigrams). Other languages: wordfreq's
unigram frequencies (no word order).

What it can judge: rare, misspelt, invented and foreign words, and in English unusual word pairs.
What it cannot: grammar beyond adjacent words, meaning, whether the sentence translates the source;
names are treated as moderately rare words, so a sentence full of unfamiliar names scores a little
lower than it deserves.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

from mtqa.resources.wordstore import CountTable, data_stamp
from mtqa.text.tokens import Token, words
from mtqa.types import SentenceFluency, TokenSurprisal

LOG2_10 = math.log2(10)
_new = tuple.__new__
NAME_BITS = 23.0  # a capitalized word the model has never seen: probably a name
OOV_BITS = 30.0  # any other unseen word
LAMBDA = 0.6  # weight of the bigram estimate when the previous word is known
WORDSEGMENT_TOTAL = 1024908267229.0  # tokens behind wordsegment's counts (its Segmenter.TOTAL)

# Logistic calibration of mean bits/word to a [0, 1] score: the centre (score 0.5) is the 90th
# percentile of clean professional news sentences, and the scale puts their median at 0.8. Measured on
# NTREX-128 (English originals; Italian translations) by scripts/calibrate_fluency.py; languages
# without a measurement use the Italian unigram values.
CALIBRATION: dict[str, tuple[float, float]] = {
    "ngram-en-bigram/en": (13.73, 1.70),
    "ngram-unigram/en": (12.86, 1.25),
    "ngram-unigram/it": (13.47, 1.23),
}
DEFAULT_CALIBRATION = CALIBRATION["ngram-unigram/it"]


@dataclass
class NgramModel:
    """Scores sentences from count tables. ``bigrams`` is None for unigram-only models."""

    name: str
    lang: str
    unigrams: CountTable
    bigrams: CountTable | None
    total: float  # corpus size the unigram counts are out of
    centre: float
    scale: float
    zipf: bool = False  # unigram values are Zipf frequencies, not counts

    def signature(self) -> str:
        return f"{self.name}.v1({self.lang})"

    def score(self, sentences: Sequence[str]) -> list[SentenceFluency]:
        toks = [words(s) for s in sentences]  # the detectors' tokens, cached: words with inner apostrophes
        norm = [[w.lower().replace("'", "").replace("’", "") for _, _, w in t] for t in toks]
        uni = self.unigrams.get_many({w for sent in norm for w in sent})
        pairs: list[list[str]] = [[]] * len(norm)
        bi: dict[str, float] = {}
        if self.bigrams is not None:
            pairs = [[f"{a} {b}" for a, b in itertools.pairwise(sent)] for sent in norm]
            bi = self.bigrams.get_many({p for sent in pairs for p in sent})
        return [self._one(t, n, p, uni, bi) for t, n, p in zip(toks, norm, pairs)]

    def _one(
        self, toks: tuple[Token, ...], norm: list[str], pairs: list[str], uni: dict[str, float],
        bi: dict[str, float],
    ) -> SentenceFluency:
        # the inner loop of the default path (every target word of a feed): kept flat on purpose
        if not toks:
            return SentenceFluency(1.0, 0.0, 0, ())
        out: list[TokenSurprisal] = []
        prev = 0.0  # the previous word's count; 0.0 after an unknown word or at the start
        oov = 0
        bits_sum = 0.0
        log2, total, zipf, bigram = math.log2, self.total, self.zipf, self.bigrams is not None
        for k, ((start, end, raw), w) in enumerate(zip(toks, norm)):
            c = uni.get(w)
            if c is None:
                oov += 1
                bits = NAME_BITS if raw[0].isupper() else OOV_BITS
                prev = 0.0
            else:
                if zipf:
                    bits = round((9.0 - c) * LOG2_10, 3)
                elif prev and bigram:
                    # pairs[k - 1] is "<previous word> w"
                    bits = round(
                        -log2(LAMBDA * bi.get(pairs[k - 1], 0.0) / prev + (1 - LAMBDA) * c / total), 3
                    )
                else:
                    bits = round(-log2(c / total), 3)
                prev = c
            bits_sum += bits
            out.append(_new(TokenSurprisal, (start, end, bits)))  # a named tuple without its Python __new__
        mean = bits_sum / len(out)
        score = 1.0 / (1.0 + math.exp((mean - self.centre) / self.scale))
        return SentenceFluency(round(score, 4), round(mean, 3), oov, tuple(out))


def _wordsegment_table(which: str) -> CountTable:
    def load() -> Iterable[tuple[str, float]]:
        import wordsegment

        if not wordsegment.UNIGRAMS:
            wordsegment.load()
        return (wordsegment.UNIGRAMS if which == "unigrams" else wordsegment.BIGRAMS).items()

    return CountTable(f"wordsegment-{which}", data_stamp("wordsegment", f"{which}.txt") or "missing", load)


@cache
def english_bigrams() -> CountTable:
    """wordsegment's English word pairs ("under threat"; each seen 100,000 times or more), with counts
    out of ``WORDSEGMENT_TOTAL``."""
    return _wordsegment_table("bigrams")


def ngram_model(lang: str) -> NgramModel:
    if lang == "en":
        return NgramModel(
            "ngram-en-bigram", "en", _wordsegment_table("unigrams"), english_bigrams(),
            WORDSEGMENT_TOTAL, *CALIBRATION["ngram-en-bigram/en"],
        )
    from mtqa.text.frequencies import _table

    return NgramModel(
        "ngram-unigram", lang, _table(lang), None, 1.0,
        *CALIBRATION.get(f"ngram-unigram/{lang}", DEFAULT_CALIBRATION), zipf=True,
    )
