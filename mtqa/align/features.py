"""What the aligner reads in one sentence: its length and the things that survive translation.

- keys, the lexical anchors: ``#<digits>`` numbers with their separators removed (``4,8`` / ``4.8``
  and ``10.000`` / ``10,000`` give the same key); ``p<prefix>`` the first 4 letters of every word of
  4+ letters that is not a function word, accent-folded, so that names and cognates match across
  languages (presidente/president, Expedition/expédition); ``q<mark>`` question and exclamation
  marks, quotation marks of any style, brackets, colons and semicolons;
- words, for the lexicon that the aligner learns from the document itself (``mtqa.align.learned_lexicon``);
- the class of the final punctuation mark (``.``, ``:``, ...), which tells a sentence end that a
  translator keeps from a clause boundary that he may move;
- whether the line looks like feed boilerplate (``mtqa.text.boilerplate``).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from mtqa.lang.profiles import LanguageProfile
from mtqa.text.boilerplate import is_boilerplate

_TOKEN = re.compile(r"\d+(?:[.,'\u00a0\u202f]\d+)*|[^\W\d_]+", re.UNICODE)
# quotation marks of any style are one anchor, as are both brackets
_PUNCT = {"?": "?", "!": "!", "«": '"', "»": '"', "“": '"', "”": '"', "„": '"', '"': '"', "(": "(", ")": ")",
          ":": ":", ";": ";"}
_PUNCT_RX = re.compile("[" + re.escape("".join(_PUNCT)) + "]")
_CLOSERS = "»”\"')]’"
_NON_DIGIT = re.compile(r"\D")
PREFIX = 4


@lru_cache(maxsize=65536)
def fold(word: str) -> str:
    """Lower-case and strip accents: ``Perché`` -> ``perche``."""
    if word.isascii():
        return word.lower()
    nfkd = unicodedata.normalize("NFKD", word.lower())
    return "".join(c for c in nfkd if not unicodedata.combining(c))


@dataclass(frozen=True)
class SentenceFeatures:
    chars: int  # non-space characters
    keys: tuple[str, ...]  # lexical anchors, repeats kept
    words: frozenset[str]  # accent-folded words of 2+ letters
    end: str  # final punctuation: one of . ? ! : ; , or "" for none
    boilerplate: bool


def end_class(text: str) -> str:
    s = text.rstrip().rstrip(_CLOSERS).rstrip()
    return s[-1] if s and s[-1] in ".?!:;," else ""


def _anchor(tok: str, stopwords: frozenset[str]) -> str | None:
    """A token's anchor key, or None for a function word or a word under 4 letters."""
    if tok[0].isdigit():
        return "#" + _NON_DIGIT.sub("", tok)
    f = fold(tok)
    return "p" + f[:PREFIX] if len(f) >= PREFIX and tok.lower() not in stopwords else None


_TOKENS: dict[frozenset[str], dict[str, tuple[str | None, str | None]]] = {}  # per stop-word list
_TOKENS_MAX = 65536


def sentence_features(text: str, profile: LanguageProfile) -> SentenceFeatures:
    # one pass over the tokens, and what each token gives (its anchor key; its folded form, for words of
    # 2+ letters) remembered: the aligner reads every sentence of a feed, and most tokens were seen before
    stopwords = profile.stopwords
    seen = _TOKENS.get(stopwords)
    if seen is None or len(seen) > _TOKENS_MAX:
        seen = _TOKENS[stopwords] = {}
    keys = []
    words = set()
    for tok in _TOKEN.findall(text):
        got = seen.get(tok)
        if got is None:  # numbers start with a digit; every other token is a run of letters
            word = fold(tok) if len(tok) > 1 and not tok[0].isdecimal() else None
            got = seen[tok] = (_anchor(tok, stopwords), word)
        key, word = got
        if key:
            keys.append(key)
        if word is not None:
            words.add(word)
    keys += ["q" + _PUNCT[c] for c in _PUNCT_RX.findall(text)]
    return SentenceFeatures(
        chars=len("".join(text.split())),
        keys=tuple(keys),
        words=frozenset(words),
        end=end_class(text),
        boilerplate=is_boilerplate(text),
    )
