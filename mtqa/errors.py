"""Typed, coded errors. Library code raises these; only :mod:`mtqa.cli` turns them into exit codes.

Codes (``[E101]``) are stable so that users can search for them; messages say what was wrong, where,
and how to fix it, listing the valid choices where there are some (as spaCy's errors do).
"""

from __future__ import annotations


class MtqaError(Exception):
    code = "E000"

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(f"[{self.code}] {message}")


class InputError(MtqaError):
    """The input (a file, a feed line, an article) cannot be read or is malformed."""

    code = "E100"


# What is wrong with one input item; each becomes an error record with its own code (README, "Inputs").
class MalformedInput(InputError):
    """Not valid JSON, XML, TSV or PO where that format was expected."""

    code = "E101"


class MissingField(InputError):
    """A required part is missing: the source or target text, a column, a language to pair files by."""

    code = "E102"


class EncodingError(InputError):
    """Not UTF-8 text (invalid bytes, or UTF-16/UTF-32 with a byte order mark)."""

    code = "E103"


class BinaryInput(InputError):
    """NUL bytes or many control characters: binary data, not text."""

    code = "E104"


class EmptyArticle(InputError):
    """The source or target is empty or only whitespace."""

    code = "E105"


class ArticleTooLarge(InputError):
    """Over the size limit per article (``--max-article-bytes``)."""

    code = "E106"


class DuplicateId(InputError):
    """An article id seen before in the same run."""

    code = "E107"


class BadId(InputError):
    """An id that looks like a path (``../x``, ``/etc/passwd``) or holds control characters."""

    code = "E108"


class UnsafeXml(InputError):
    """XML with entity declarations (billion laughs, external entities): refused, nothing expanded or
    fetched."""

    code = "E109"


class LinkRefused(InputError):
    """A symbolic link inside a directory input: not followed, so nothing outside the inputs is read."""

    code = "E110"


class ConfigError(MtqaError):
    """A setting, option or selection is invalid."""

    code = "E200"


class LanguageError(MtqaError):
    """A language is unknown, unsupported or could not be identified."""

    code = "E300"


class LanguagesSwapped(LanguageError):
    """The source reads as the declared target language and the target as the declared source language."""

    code = "E301"


class UnsupportedLanguage(LanguageError):
    """A language code mtqa has no word frequencies or profile for (``xx``, a typo)."""

    code = "E302"


class ModelError(MtqaError):
    """An optional model or package is missing (never downloaded at run time)."""

    code = "E400"


class TimeLimitError(MtqaError):
    """An article took longer than the per-article time limit (``batch --timeout``); the batch goes on."""

    code = "E500"


class MemoryLimitError(MtqaError):
    """An article needed more memory than the per-article limit (``batch --max-memory``); the batch
    goes on."""

    code = "E501"


class OutputError(MtqaError):
    """An output cannot be written: no permission, disk full, over the file size limit (exit 2; nothing
    partial is left behind)."""

    code = "E600"


class OutputInUse(OutputError):
    """Another ``mtqa batch`` is writing to the same ``--out`` folder."""

    code = "E601"


class InternalError(MtqaError):
    """A bug: an unexpected exception while checking an article (recorded as E900, the batch goes on)."""

    code = "E900"


class ComparisonError(MtqaError):
    """A feed that cannot be compared (``mtqa compare``): an article without ``meta.engine``, one engine
    only, an engine twice for the same source, or items that no two engines share."""

    code = "E610"
