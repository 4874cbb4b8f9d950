"""Word forms that a frequency or spelling list misses but a language builds freely: a known word behind
a productive prefix (it "sottomodulo", "autoconfermata", "reimposti") or before clitic pronouns (it
"eseguirne", "incollalo", "mostrandogliela"). The lists are language data (``word_prefixes`` and
``clitics`` in ``mtqa/lang/data/<lang>.toml``); languages without them get no such forms.

Used by the glued-word and misspelled-word detectors (F101, F102) so that such words are neither split
nor called misspelled; see /work/notes/16-17.md for how the two detectors' owners share this.
"""

from __future__ import annotations

from collections.abc import Callable

from mtqa.lang.profiles import LanguageProfile

MIN_STEM = 3  # a shorter remainder is too likely to be a word by chance
KNOWN_ZIPF = 1.5  # wordfreq frequency from which a remainder counts as a word of the language


def known_word(lang: str) -> Callable[[str], bool]:
    """A word wordfreq knows in ``lang`` (the ``known`` of :func:`affixed_word`)."""
    from mtqa.text.frequencies import zipf

    return lambda w: zipf(w, lang) >= KNOWN_ZIPF


def affixed_word(word: str, profile: LanguageProfile, known: Callable[[str], bool]) -> bool:
    """True when ``word`` is a ``known`` word after a prefix of ``profile.word_prefixes``, or a ``known``
    verb form (also as an infinitive that lost its final "e": "eseguir" + "ne") followed by up to two
    clitics of ``profile.clitics`` ("mostrando" + "glie" + "la")."""
    low = word.lower()
    for p in profile.word_prefixes:
        rest = low[len(p):]
        if not low.startswith(p) or len(rest) < MIN_STEM:
            continue
        if known(rest) or affixed_word(rest, profile, known):
            return True
    return _clitic_host(low, profile, known, 2)


def _clitic_host(low: str, profile: LanguageProfile, known: Callable[[str], bool], depth: int) -> bool:
    if depth == 0:
        return False
    for c in profile.clitics:
        stem = low[: -len(c)]
        if not low.endswith(c) or len(stem) < MIN_STEM:
            continue
        if known(stem) or known(stem + "e") or _clitic_host(stem, profile, known, depth - 1):
            return True
    return False
