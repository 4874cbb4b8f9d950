"""Termbases: the data model shared by the TBX and CSV readers and the terminology detectors.

A :class:`Glossary` holds concept entries in any number of languages (TBX is multilingual); the
detectors see the :class:`TermEntry` view for one language pair, built by :meth:`Glossary.for_pair`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from mtqa.terms.match import find_term, overlaps
from mtqa.types import Severity

# the language of a CSV glossary's source/target columns, which apply to any pair: a marker of its own,
# never a language code (not "und", which readers take for "not known")
ANY_LANG = "*"


@dataclass(frozen=True)
class LangTerms:
    """The terms of one concept in one language."""

    accepted: tuple[str, ...]  # preferred first, then admitted
    forbidden: tuple[str, ...] = ()  # deprecated or superseded: renderings that are wrong


@dataclass(frozen=True)
class Concept:
    """One termbase entry: a concept with its terms per language and the conditions of its use."""

    id: str
    terms: tuple[tuple[str, LangTerms], ...]  # (language, terms)
    context: str | None = None  # regex: the entry applies only where it matches the sentence (either side)
    severity: Severity | None = None
    note: str = ""
    subject: str = ""

    def lang(self, code: str) -> LangTerms | None:
        for c, t in self.terms:
            if c == code:
                return t
        return None


@dataclass(frozen=True)
class TermEntry:
    """A concept seen from one language pair: source terms -> accepted and forbidden target terms."""

    id: str
    source: tuple[str, ...]
    accepted: tuple[str, ...]
    forbidden: tuple[str, ...]
    source_lang: str
    target_lang: str
    context: re.Pattern[str] | None = None
    severity: Severity | None = None
    note: str = ""

    def find_source(self, text: str) -> list[tuple[int, int]]:
        return _find_all(text, self.source, self.source_lang)

    def find_accepted(self, text: str) -> list[tuple[int, int]]:
        return _find_all(text, self.accepted, self.target_lang, any_case=True)

    def find_forbidden(self, text: str) -> list[tuple[int, int]]:
        return _find_all(text, self.forbidden, self.target_lang)

    def applies(self, source_sentence: str, target_sentence: str) -> bool:
        """True when the entry has no context condition or the condition holds on either side."""
        return self.context is None or bool(
            self.context.search(source_sentence) or self.context.search(target_sentence)
        )


def _find_all(text: str, terms: tuple[str, ...], lang: str, any_case: bool = False) -> list[tuple[int, int]]:
    """Spans of any of ``terms``, longest first, without overlaps ("Chamber of Deputies" over "Chamber")."""
    spans: list[tuple[int, int]] = []
    for t in sorted(terms, key=len, reverse=True):
        for s in find_term(text, t, lang, any_case=any_case):
            if not any(overlaps(s, o) for o in spans):
                spans.append(s)
    return sorted(spans)


@dataclass(frozen=True)
class Glossary:
    concepts: tuple[Concept, ...]
    origin: str = "<glossary>"
    digest: str = ""  # SHA-256 of the file it was read from ("" when built in memory)
    _pairs: dict[tuple[str, str], tuple[TermEntry, ...]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )  # for_pair's cache, per language pair

    @cached_property
    def languages(self) -> frozenset[str]:
        return frozenset(c for con in self.concepts for c, _ in con.terms)

    @property
    def name(self) -> str:
        return self.origin.replace("\\", "/").rsplit("/", 1)[-1]

    @property
    def identity(self) -> str:
        """How the run signature names it: the file name and the start of its content's digest, so that
        two runs with a file of the same name but other terms do not look alike."""
        return f"{self.name}@{self.digest[:12]}" if self.digest else self.name

    def for_pair(self, source_lang: str, target_lang: str) -> tuple[TermEntry, ...]:
        """The entries that have terms in both languages (cached per pair)."""
        key = (source_lang, target_lang)
        cache = self._pairs
        if key not in cache:
            out = []
            for con in self.concepts:
                s, t = con.lang(source_lang), con.lang(target_lang)
                if [c for c, _ in con.terms] == [ANY_LANG, ANY_LANG]:  # a CSV with source,target columns
                    s, t = con.terms[0][1], con.terms[1][1]
                if s is None or t is None or not (s.accepted or s.forbidden):
                    continue
                out.append(
                    TermEntry(
                        id=con.id,
                        source=s.accepted + s.forbidden,
                        accepted=t.accepted,
                        forbidden=t.forbidden,
                        source_lang=source_lang,
                        target_lang=target_lang,
                        context=re.compile(con.context, re.IGNORECASE) if con.context else None,
                        severity=con.severity,
                        note=con.note,
                    )
                )
            cache[key] = tuple(out)
        return cache[key]
