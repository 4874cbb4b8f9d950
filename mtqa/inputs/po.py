"""Gettext PO files, parsed with polib: one article per file.

Its entries, in file order, are the article's paragraphs: ``msgid`` the source line, ``msgstr`` (the
first plural form, for plurals) the target line; an untranslated entry leaves an empty target line,
which the checks see as an omission. The header entry and obsolete (``#~``) entries are left out;
fuzzy entries are kept (they are in the translation as delivered). The target language is the
header's ``Language``, the source language ``X-Source-Language`` when present (else ``--langs`` or
detection). The text is decoded with the charset that the header declares (UTF-8 when none). The
article id is the file name without ``.po``; the report's ``input`` is the file. Each entry is a unit
of the article (unit mode), identified by its ``msgid`` (with ``msgctxt`` as its name) and the line where
the entry starts (its first comment line).
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from pathlib import Path

from mtqa.errors import EncodingError, InputError, MalformedInput, MissingField
from mtqa.inputs.decode import decode, newlines, read_bytes
from mtqa.inputs.items import BadItem, FeedItem, make_pair, one_line, unit_spans
from mtqa.types import LangPair, UnitRef

_CHARSET = re.compile(rb"charset=([\w.:-]+)")


def read_po(path: Path, langs: LangPair | None, limit: int) -> Iterator[FeedItem]:
    origin = str(path)
    aid = path.name.removesuffix(".po").removesuffix(".pot")
    try:
        yield _article(path, aid, origin, limit)
    except InputError as e:
        yield BadItem.from_error(e, origin, aid)


def _text(path: Path, limit: int) -> str:
    data = read_bytes(path, limit)
    m = _CHARSET.search(data[:4096])
    charset = m.group(1).decode("ascii").lower() if m else "utf-8"
    if charset.replace("-", "").replace("_", "") in ("utf8", "charset"):  # "CHARSET": an unfilled template
        return decode(data, str(path))
    try:
        codecs.lookup(charset)
        return newlines(data.decode(charset))
    except LookupError as e:
        raise EncodingError(f"{path}: unknown charset {charset!r} in the header") from e
    except UnicodeDecodeError as e:
        raise EncodingError(f"{path}: not {charset} as the header says (byte {e.start})") from e


def _article(path: Path, aid: str, origin: str, limit: int) -> FeedItem:
    import polib

    try:
        po = polib.pofile(_text(path, limit) + "\n")
    except (OSError, ValueError) as e:
        raise MalformedInput(f"{origin}: not a valid PO file ({e})") from e
    langs = (po.metadata.get("X-Source-Language", ""), po.metadata.get("Language", ""))
    src, tgt, refs = [], [], []
    for n, entry in enumerate(po):
        if entry.obsolete or not entry.msgid:
            continue
        target = entry.msgstr_plural.get(0, "") if entry.msgid_plural else entry.msgstr
        src.append(one_line(entry.msgid))
        tgt.append(one_line(target))
        refs.append(UnitRef(aid, one_line(entry.msgid), entry.linenum, n, entry.msgctxt or None))
    if not src:
        raise MissingField(f"{origin}: no entries")
    if not any(t.strip() for t in tgt):
        raise MissingField(f"{origin}: article {aid!r}: no entry is translated")
    return make_pair(aid, "\n".join(src), "\n".join(tgt), langs, origin, limit,
                     units=unit_spans(src, tgt, refs))
