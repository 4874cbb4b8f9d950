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


class ConfigError(MtqaError):
    """A setting, option or selection is invalid."""

    code = "E200"


class LanguageError(MtqaError):
    """A language is unknown, unsupported or could not be identified."""

    code = "E300"


class ModelError(MtqaError):
    """An optional model or package is missing (never downloaded at run time)."""

    code = "E400"


class TimeLimitError(MtqaError):
    """An article took longer than the per-article time limit (``batch --timeout``); the batch goes on."""

    code = "E500"


class InternalError(MtqaError):
    """A bug: an unexpected exception while checking an article (recorded as E900, the batch goes on)."""

    code = "E900"
