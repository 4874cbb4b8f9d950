"""Terminology: termbases (TBX, CSV), term matching, and the bilingual lexicon that the consistency
detectors use.

    >>> from mtqa.terms import load_glossary
    >>> g = load_glossary("corpora/termbases/it-en-news.tbx")
    >>> entries = g.for_pair("it", "en")
"""

from __future__ import annotations

from pathlib import Path

from mtqa.errors import InputError
from mtqa.terms.model import Concept, Glossary, LangTerms, TermEntry

__all__ = ["Concept", "Glossary", "LangTerms", "TermEntry", "load_glossary"]


def load_glossary(path: str | Path) -> Glossary:
    """Read a ``.tbx`` (TBX-Basic) or ``.csv`` glossary; anything else is an :class:`InputError`."""
    p = Path(path)
    if not p.is_file():
        raise InputError(f"glossary {p} not found")
    suffix = p.suffix.lower()
    if suffix in {".tbx", ".xml"}:
        from mtqa.terms.tbx import read_tbx

        return read_tbx(p)
    if suffix == ".csv":
        from mtqa.terms.csv_table import read_csv

        return read_csv(p)
    raise InputError(f"glossary {p}: unknown format {suffix!r}; use .tbx (TBX-Basic) or .csv")
