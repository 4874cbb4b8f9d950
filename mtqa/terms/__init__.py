"""Terminology: termbases (TBX, CSV), term matching, and the bilingual lexicon that the consistency
detectors use.

    >>> from mtqa.terms import load_glossary
    >>> g = load_glossary("corpora/termbases/it-en-news.tbx")
    >>> entries = g.for_pair("it", "en")
"""

from __future__ import annotations

import dataclasses
import hashlib
from pathlib import Path

from mtqa.errors import InputError
from mtqa.terms.model import Concept, Glossary, LangTerms, TermEntry

__all__ = ["Concept", "Glossary", "LangTerms", "TermEntry", "load_glossary"]


def load_glossary(path: str | Path) -> Glossary:
    """Read a ``.tbx`` (TBX-Basic) or ``.csv`` glossary, with the digest of its content (the run
    signature's name for it); anything else is an :class:`InputError`."""
    p = Path(path)
    if not p.is_file():
        raise InputError(f"glossary {p} not found")
    suffix = p.suffix.lower()
    if suffix in {".tbx", ".xml"}:
        from mtqa.terms.tbx import read_tbx as read
    elif suffix == ".csv":
        from mtqa.terms.csv_table import read_csv as read
    else:
        raise InputError(f"glossary {p}: unknown format {suffix!r}; use .tbx (TBX-Basic) or .csv")
    return dataclasses.replace(read(p), digest=hashlib.sha256(p.read_bytes()).hexdigest())
