"""Language profiles: the conventions of a language that detectors and the segmenter need.

Profiles are data, one TOML file per language in ``mtqa/lang/data/``; adding a language means adding a
file. Languages without a file get a neutral profile (``generic_profile``) so that nothing crashes, but
locale-aware detectors then have less to go on.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache, cached_property
from importlib import resources

from mtqa.errors import LanguageError, UnsupportedLanguage
from mtqa.types import LangPair


@dataclass(frozen=True)
class LanguageProfile:
    code: str
    name: str
    decimal_mark: str
    thousands_marks: tuple[str, ...]
    quotes: tuple[tuple[str, str], ...]  # accepted quote pairs, preferred first
    no_space_before: frozenset[str]
    abbreviations: frozenset[str]  # lower-case, without the final full stop
    prefix_abbreviations: frozenset[str]  # titles and the like: always followed by more of the sentence
    sentence_starters: frozenset[str]
    stopwords: frozenset[str]
    number_words: dict[str, int]
    scale_words: dict[str, int]
    unidiomatic_digit_scales: frozenset[str]
    conjunctions: frozenset[str]
    months: tuple[str, ...]
    generic: bool = False
    # nouns that take no plural and no number before them ("5 million ammunition")
    mass_nouns: frozenset[str] = frozenset()
    weekdays: tuple[str, ...] = ()
    contraction_suffixes: frozenset[str] = frozenset()  # what follows the apostrophe ("s", "t", "re")
    # productive prefixes and clitic pronouns, longest first (mtqa.lang.morphology)
    word_prefixes: tuple[str, ...] = ()
    clitics: tuple[str, ...] = ()

    @cached_property  # detectors ask for it on every sentence
    def quote_chars(self) -> frozenset[str]:
        return frozenset(c for pair in self.quotes for c in pair)

    def __hash__(self) -> int:  # dict fields make the generated hash fail; the code identifies a profile
        return hash(self.code)


_IT_UNITS = {
    "uno": 1, "due": 2, "tre": 3, "quattro": 4, "cinque": 5, "sei": 6, "sette": 7, "otto": 8, "nove": 9
}


def _italian_number_forms(words: dict[str, int]) -> dict[str, int]:
    """Italian number words built from the listed ones: tens and units written as one word ("trentuno",
    "ventitré"), ages ("trentenne", "ventunenni": 30 and 21 years old) and approximations ("una
    trentina": about 30, "un centinaio")."""
    tens = {w: v for w, v in words.items() if 20 <= v <= 90 and v % 10 == 0}
    out: dict[str, int] = {}
    for t, tv in tens.items():
        for u, uv in _IT_UNITS.items():
            stem = t[:-1] if u[0] in "uo" else t  # "trentuno", "ventotto": the vowel drops
            out[stem + u] = tv + uv
            if u == "tre":
                out[stem + "tré"] = tv + uv
        out[t[:-1] + "ina"] = tv  # "una trentina"
    teens = {w: v for w, v in words.items() if 11 <= v <= 19}
    for w, v in {**teens, **tens, **out}.items():
        if w.endswith(("ina", "tré")):
            continue
        stem = w if w.endswith(("tre", "sei")) else w[:-1]  # "ventitreenne", "ventiseienne"
        for end in ("enne", "enni"):
            out[stem + end] = v  # "trentenne", "sedicenni"
    out |= {"decenne": 10, "decenni": 10, "decina": 10, "quindicina": 15, "centinaio": 100, "migliaio": 1000}
    return out


_NUMBER_FORMS = {"it": _italian_number_forms}


def _number_words(d: dict) -> dict[str, int]:
    """The profile's number words, with the forms its language builds from them (``number_word_forms``)."""
    words = {k.lower(): int(v) for k, v in d["number_words"].items()}
    build = _NUMBER_FORMS.get(d.get("number_word_forms", ""))
    return {**build(words), **words} if build else words


def _from_mapping(d: dict, generic: bool = False) -> LanguageProfile:
    return LanguageProfile(
        code=d["code"],
        name=d["name"],
        decimal_mark=d["decimal_mark"],
        thousands_marks=tuple(d["thousands_marks"]),
        quotes=tuple((a, b) for a, b in d["quotes"]),
        no_space_before=frozenset(d["no_space_before"]),
        abbreviations=frozenset(a.lower() for a in d["abbreviations"]),
        prefix_abbreviations=frozenset(a.lower() for a in d["prefix_abbreviations"]),
        sentence_starters=frozenset(d["sentence_starters"]),
        stopwords=frozenset(d["stopwords"]),
        number_words=_number_words(d),
        scale_words={k.lower(): int(v) for k, v in d["scale_words"].items()},
        unidiomatic_digit_scales=frozenset(d["unidiomatic_digit_scales"]),
        conjunctions=frozenset(d["conjunctions"]),
        months=tuple(d["months"]),
        generic=generic,
        mass_nouns=frozenset(d.get("mass_nouns", ())),
        weekdays=tuple(d.get("weekdays", ())),
        contraction_suffixes=frozenset(d.get("contraction_suffixes", ())),
        word_prefixes=tuple(sorted(d.get("word_prefixes", ()), key=len, reverse=True)),
        clitics=tuple(sorted(d.get("clitics", ()), key=len, reverse=True)),
    )


@cache
def supported_languages() -> tuple[str, ...]:
    """The languages with a full profile (number words, quotes, stopwords...)."""
    files = resources.files("mtqa.lang").joinpath("data").iterdir()
    return tuple(sorted(f.name[:-5] for f in files if f.name.endswith(".toml")))


@cache
def checkable_languages() -> tuple[str, ...]:
    """The languages mtqa can check: those with a profile, and those wordfreq has word frequencies for
    (found from its data files, without importing it); the others get a neutral profile."""
    import importlib.util
    import os

    codes = set(supported_languages())
    spec = importlib.util.find_spec("wordfreq")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        try:
            names = os.listdir(os.path.join(folder, "data"))
        except OSError:
            continue
        codes.update(n[len("small_"):-len(".msgpack.gz")] for n in names
                     if n.startswith("small_") and n.endswith(".msgpack.gz"))
    return tuple(sorted(codes))


def require_checkable(code: str, what: str) -> str:
    """``code`` normalized, or :class:`UnsupportedLanguage` (E302) naming ``what`` and listing the
    languages mtqa can check."""
    c = normalize_code(code)
    if c not in checkable_languages():
        raise UnsupportedLanguage(
            f"{what}: {code!r} is not a language mtqa can check; "
            f"supported: {', '.join(checkable_languages())}"
        )
    return c


@cache
def get_profile(code: str) -> LanguageProfile:
    """The profile for an ISO 639-1 code; a neutral one for languages without a data file."""
    code = normalize_code(code)
    if code in supported_languages():
        data = resources.files("mtqa.lang").joinpath("data", f"{code}.toml").read_bytes()
        return _from_mapping(tomllib.loads(data.decode("utf-8")))
    return generic_profile(code)


def generic_profile(code: str) -> LanguageProfile:
    return _from_mapping(
        {
            "code": code,
            "name": code,
            "decimal_mark": ".",
            "thousands_marks": [",", "\u00a0", "\u202f"],
            "quotes": [["\u201c", "\u201d"], ["\u2018", "\u2019"], ["\"", "\""], ["\u00ab", "\u00bb"]],
            "no_space_before": [",", "."],
            "abbreviations": [],
            "prefix_abbreviations": [],
            "sentence_starters": [],
            "stopwords": [],
            "number_words": {},
            "scale_words": {},
            "unidiomatic_digit_scales": [],
            "conjunctions": [],
            "months": [],
        },
        generic=True,
    )


def normalize_code(code: str) -> str:
    """``"IT"``, ``"it_IT"``, ``"it-IT"`` -> ``"it"``; rejects what cannot be a language code."""
    c = code.strip().replace("_", "-").split("-")[0].lower()
    if not (2 <= len(c) <= 3 and c.isalpha()):
        raise LanguageError(
            f"{code!r} is not a language code; use ISO 639-1 codes such as it, en, de, fr, es"
        )
    return c


def parse_langs(spec: str) -> LangPair:
    """``"it-en"`` -> ``LangPair("it", "en")``."""
    parts = spec.replace("_", "-").split("-")
    if len(parts) != 2 or not all(parts):
        raise LanguageError(f"--langs takes SOURCE-TARGET such as it-en, got {spec!r}")
    return LangPair(require_checkable(parts[0], "--langs source"),
                    require_checkable(parts[1], "--langs target"))
