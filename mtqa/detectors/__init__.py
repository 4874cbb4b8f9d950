"""The detector registry: one explicit tuple, sorted by code. A new detector is one module, one fixture
(``tests/detectors/fixtures/<CODE>_<name>.toml``) and one line here; ``tests/detectors/test_registry.py``
checks that nothing is missing, duplicated or undocumented, and diffs ``registry.golden.txt``."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from mtqa.detectors.added_sentence import AddedSentence
from mtqa.detectors.base import CheckContext, Detector
from mtqa.detectors.broken_contraction import BrokenContraction
from mtqa.detectors.counted_mass_noun import CountedMassNoun
from mtqa.detectors.doubled_punctuation import DoubledPunctuation
from mtqa.detectors.false_friend import FalseFriend
from mtqa.detectors.glued_words import GluedWords
from mtqa.detectors.inconsistent_term import InconsistentTerm
from mtqa.detectors.link_mismatch import LinkMismatch
from mtqa.detectors.lowercase_sentence_start import LowercaseSentenceStart
from mtqa.detectors.meaning_error import MeaningError
from mtqa.detectors.merged_terms import MergedTerms
from mtqa.detectors.missing_name import MissingName
from mtqa.detectors.missing_term import MissingTerm
from mtqa.detectors.misspelled_word import MisspelledWord
from mtqa.detectors.mixed_quote_styles import MixedQuoteStyles
from mtqa.detectors.number_mismatch import NumberMismatch
from mtqa.detectors.omitted_sentence import OmittedSentence
from mtqa.detectors.placeholder_mismatch import PlaceholderMismatch
from mtqa.detectors.repeated_word import RepeatedWord
from mtqa.detectors.replaced_name import ReplacedName
from mtqa.detectors.reportative_conditional import ReportativeConditional
from mtqa.detectors.source_copied import SourceCopied
from mtqa.detectors.source_decimal_mark import SourceDecimalMark
from mtqa.detectors.source_number_words import SourceNumberWords
from mtqa.detectors.source_quote_marks import SourceQuoteMarks
from mtqa.detectors.space_before_punctuation import SpaceBeforePunctuation
from mtqa.detectors.space_before_stop import SpaceBeforeStop
from mtqa.detectors.tag_mismatch import TagMismatch
from mtqa.detectors.truncated_translation import TruncatedTranslation
from mtqa.detectors.unbalanced_brackets import UnbalancedBrackets
from mtqa.detectors.unit_mismatch import UnitMismatch
from mtqa.detectors.unrelated_sentence import UnrelatedSentence
from mtqa.detectors.untranslated_text import UntranslatedText
from mtqa.detectors.untranslated_word import UntranslatedWord
from mtqa.detectors.wrong_language import WrongLanguage
from mtqa.detectors.wrong_term import WrongTerm
from mtqa.errors import ConfigError
from mtqa.types import Severity, Status

ALL_DETECTORS: tuple[type[Detector], ...] = (
    NumberMismatch,  # A101
    UnitMismatch,  # A102
    OmittedSentence,  # A201
    AddedSentence,  # A202
    UnrelatedSentence,  # A203
    TruncatedTranslation,  # A204
    UntranslatedText,  # A301
    WrongLanguage,  # A302
    SourceCopied,  # A303
    UntranslatedWord,  # A304
    MissingName,  # A401
    ReplacedName,  # A402
    FalseFriend,  # A501
    ReportativeConditional,  # A502
    MeaningError,  # A503
    PlaceholderMismatch,  # D101
    TagMismatch,  # D102
    LinkMismatch,  # D103
    GluedWords,  # F101
    MisspelledWord,  # F102
    DoubledPunctuation,  # F201
    SpaceBeforePunctuation,  # F202
    UnbalancedBrackets,  # F203
    BrokenContraction,  # F204
    SpaceBeforeStop,  # F205
    RepeatedWord,  # F301
    CountedMassNoun,  # F302
    LowercaseSentenceStart,  # F401
    SourceQuoteMarks,  # L101
    MixedQuoteStyles,  # L102
    SourceNumberWords,  # L201
    SourceDecimalMark,  # L202
    WrongTerm,  # T101
    MissingTerm,  # T102
    InconsistentTerm,  # T201
    MergedTerms,  # T202
)

BY_CODE: dict[str, type[Detector]] = {d.code: d for d in ALL_DETECTORS}

__all__ = ["ALL_DETECTORS", "BY_CODE", "CheckContext", "Detector", "get_detector", "select_detectors"]


def get_detector(code_or_name: str) -> type[Detector]:
    key = code_or_name.strip()
    for d in ALL_DETECTORS:
        if key.upper() == d.code or key.lower() == d.name:
            return d
    options = [d.code for d in ALL_DETECTORS] + [d.name for d in ALL_DETECTORS]
    close = difflib.get_close_matches(key, options, n=3, cutoff=0.5)
    hint = f"; did you mean {', '.join(close)}?" if close else f"; known codes: {', '.join(BY_CODE)}"
    raise ConfigError(f"no detector {key!r}{hint}")


def _matches(d: type[Detector], prefixes: Sequence[str]) -> bool:
    return any(p == "ALL" or d.code.startswith(p) for p in prefixes)


def _normalize(prefixes: Iterable[str]) -> list[str]:
    """Code prefixes in upper case; a detector name becomes its code; anything else raises."""
    out = []
    for p in (p.strip() for p in prefixes):
        if not p:
            continue
        up = p.upper()
        if up == "ALL" or any(d.code.startswith(up) for d in ALL_DETECTORS):
            out.append(up)
        else:
            out.append(get_detector(p).code)
    return out


def select_detectors(
    select: Iterable[str] = (),
    ignore: Iterable[str] = (),
    preview: bool = False,
    options: Mapping[str, Mapping[str, Any]] | None = None,
    severities: Mapping[str, Severity] | None = None,
) -> tuple[Detector, ...]:
    """Instantiate the detectors picked by code prefixes (``A1``, ``F``, ``L101``) or names.

    With no ``select``, every stable detector runs; preview detectors run only when selected by their
    full code or when ``preview`` is true. Unknown codes raise :class:`ConfigError` naming the closest.
    """
    sel = _normalize(select)
    ign = _normalize(ignore)
    options = options or {}
    severities = severities or {}
    out = []
    for d in ALL_DETECTORS:
        if d.status is Status.REMOVED:
            continue
        picked = _matches(d, sel) if sel else True
        if d.status is Status.PREVIEW and not (preview or d.code in sel):
            picked = False
        if picked and not _matches(d, ign):
            out.append(d(severity=severities.get(d.code), **dict(options.get(d.code, {}))))
    return tuple(out)
