"""Finding a term in running text, tolerant of inflection but not of other words.

A term is matched as whole words. Each word of at least four letters also matches its inflected forms
by a small rule per language (Italian ``proiettile`` / ``proiettili``, English ``shell`` / ``shells``,
``city`` / ``cities``): enough for news terms, where a stemmer would merge words that differ in meaning.
A term written with a capital letter after its first character (``Usa``, ``Nato``, ``PM``) or
starting with one (``Camera``, ``Borsa``) matches case-sensitively, so that ``Usa`` (the country) does
not match ``usa`` (the verb), nor ``Camera`` (the chamber) ``camera`` (a room); a term written in lower
case matches in any case.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mtqa.terms.model import TermEntry
    from mtqa.types import AlignedSegment

_LETTER = r"[^\W\d_]"
_SEP = r"(?:[\s\u00a0\-]+)"


def _word_pattern(word: str, lang: str) -> str:
    w = re.escape(word)
    low = word.lower()
    if len(word) < 4 or not word.isalpha():
        return w
    if lang == "it" and low[-1] in "aeio":
        stem = re.escape(word[:-1])
        return stem + (r"h?[aeioè]?" if low[-2] in "cgi" else r"[aeio]")
    if lang == "en":
        if low.endswith("ies"):
            return re.escape(word[:-3]) + r"(?:y|ies)"
        if low.endswith("y") and low[-2] not in "aeiou":
            return re.escape(word[:-1]) + r"(?:y|ies)"
        if low.endswith("s") and not low.endswith("ss"):
            return re.escape(word[:-1]) + r"(?:s|es)?"
        return w + r"(?:s|es)?"
    if low[-1] in "aeiouy":  # other languages: the final vowel may change
        return re.escape(word[:-1]) + _LETTER + "?"
    return w + r"(?:s|es|en|e|n)?"


def is_case_sensitive(term: str) -> bool:
    return any(c.isupper() for c in term)


@lru_cache(maxsize=4096)
def term_regex(term: str, lang: str, inflect: bool = True, any_case: bool = False) -> re.Pattern[str]:
    """A compiled pattern for ``term`` as whole words (see the module docstring); ``any_case`` ignores
    case even for capitalized terms (generous matching, for renderings that are acceptable)."""
    words = term.split()
    parts = [_word_pattern(w, lang) if inflect else re.escape(w) for w in words]
    body = _SEP.join(parts)
    flags = re.IGNORECASE if any_case or not is_case_sensitive(term) else 0
    # digits may touch a term ("$2bn", "G7"); letters and hyphens may not
    return re.compile(rf"(?<![^\W\d_]|-){body}(?![^\W\d_])", flags)


def find_term(
    text: str, term: str, lang: str, inflect: bool = True, any_case: bool = False
) -> list[tuple[int, int]]:
    """Spans of ``term`` in ``text``."""
    return [(m.start(), m.end()) for m in term_regex(term, lang, inflect, any_case).finditer(text)]


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def term_hits(
    beads: Iterable[AlignedSegment], entries: Sequence[TermEntry]
) -> Iterator[tuple[AlignedSegment, TermEntry, tuple[int, int]]]:
    """Every (bead, entry, span of the source term in the bead's source text) where a termbase entry's
    source term occurs in a translated bead and the entry's context condition holds."""
    for seg in beads:
        if not seg.src_text or not seg.tgt_text:
            continue
        for e in entries:
            src = e.find_source(seg.src_text)
            if src and e.applies(seg.src_text, seg.tgt_text):
                yield seg, e, src[0]
