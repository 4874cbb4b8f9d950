"""Names in a source sentence and whether the translation keeps them, tolerant of accents, declension
("Warszawy" / "Warsaw") and Italian exonyms ("Mosca" / "Moscow", from the bundled lexicon).

A name is a capitalized word that does not start its sentence and is not a function word. Sources in
other scripts than Latin, and languages that capitalize every noun (German), are not read: there a
capital letter does not mark a name.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from mtqa.lang.profiles import LanguageProfile
from mtqa.terms.bilingual_lexicon import get_lexicon
from mtqa.text.tokens import Token, words

NOUN_CAPITALIZING = frozenset({"de", "lb"})
_SENTENCE_START = re.compile(r"(?:^|[.!?:;»”\"()\[\]–—-]\s*|\n)\s*[«“\"'‘(]?\s*$")


def fold(text: str) -> str:
    """Lower case, without accents and non-letters: "Kim Jong-un’s" -> "kimjongun's" minus the apostrophe."""
    nfkd = unicodedata.normalize("NFKD", text)
    return "".join(c for c in nfkd if c.isalnum() and not unicodedata.combining(c)).lower()


def is_latin(word: str) -> bool:
    """True when every letter of ``word`` is in the Latin script."""
    return word.isascii() or all("LATIN" in unicodedata.name(c, "") for c in word if c.isalpha())


@lru_cache(maxsize=4096)  # F101 and F301 ask for the same source sentences
def latin_text(text: str) -> bool:
    """:func:`is_latin` of a whole sentence, remembered (a source in which names show)."""
    return is_latin(text)


def reads_names(profile: LanguageProfile) -> bool:
    return profile.code not in NOUN_CAPITALIZING


def names_in(text: str, profile: LanguageProfile) -> list[Token]:
    """Capitalized words of ``text`` that are not sentence starts, function words, months or days."""
    skip = profile.stopwords | set(profile.months) | set(profile.weekdays)
    out = []
    for tok in words(text):
        head, _, tail = tok.text.replace("’", "'").partition("'")
        # "dall'Autorità" -> "Autorità" (elision); "Germany's" -> "Germany" (possessive)
        w = tail if tail and len(head) <= 4 else head
        if len(w) < 3 or not w[0].isupper() or w.lower() in skip or not is_latin(w):
            continue
        start = tok.start if w == head else tok.end - len(w)
        if _SENTENCE_START.search(text[:start]) and start == tok.start:
            continue
        out.append(Token(start, start + len(w), w))
    return out


@dataclass(frozen=True)
class NameIndex:
    """The words of a text, folded, for tolerant look-ups."""

    folded: frozenset[str]
    joined: str

    @classmethod
    def of(cls, text: str) -> NameIndex:
        toks = [fold(t.text) for t in words(text)]
        return cls(frozenset(toks), " ".join(toks))

    def has(self, name: str) -> bool:
        f = fold(name)
        if not f:
            return True
        if f in self.folded or (len(f) >= 4 and f in self.joined.replace(" ", "")):
            return True
        need = max(4, len(f) // 2)  # declension and transliteration change the ending
        return any(len(w) >= need and w[:need] == f[:need] for w in self.folded)


def name_kept(name: str, target: NameIndex, source_lang: str, target_lang: str) -> bool:
    if target.has(name):
        return True
    return any(target.has(e) for e in get_lexicon(source_lang, target_lang).exonyms_of(name))
