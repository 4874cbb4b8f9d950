"""Every error class in mtqa.errors has a code of its own: two issues landed the same code in parallel
once (E600), and a shared code makes a record ambiguous."""

from __future__ import annotations

import inspect

from mtqa import errors


def test_error_codes_are_unique() -> None:
    owners: dict[str, str] = {}
    for name, cls in inspect.getmembers(errors, inspect.isclass):
        code = cls.__dict__.get("code")
        if cls.__module__ != errors.__name__ or not isinstance(code, str):
            continue
        assert code not in owners, f"{code} is used by both {owners[code]} and {name}"
        owners[code] = name
    assert len(owners) > 10
