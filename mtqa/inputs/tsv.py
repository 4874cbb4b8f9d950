"""TSV feeds (plain or gzipped): one article per line, tab-separated, no quoting.

Newlines, tabs and backslashes inside a text are written ``\\n``, ``\\t`` and ``\\\\`` (as
PostgreSQL's COPY and most TSV exports do); a lone backslash before anything else is kept as it is.
The first line is a header when every cell names a column: ``id``, ``source``, ``target``,
``source_lang``, ``target_lang``, ``reference`` (source and target required, any order). Without a
header, two columns are ``source, target`` and three are ``id, source, target``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from mtqa.errors import InputError, MalformedInput
from mtqa.inputs.decode import text_lines
from mtqa.inputs.items import BadItem, FeedItem, fallback_id, make_pair

COLUMNS = ("id", "source", "target", "source_lang", "target_lang", "reference")
_POSITIONAL = {2: ("source", "target"), 3: ("id", "source", "target")}
_ESCAPE = re.compile(r"\\([nrt\\])")
_UNESCAPE = {"n": "\n", "r": "\r", "t": "\t", "\\": "\\"}


def unescape(cell: str) -> str:
    return _ESCAPE.sub(lambda m: _UNESCAPE[m.group(1)], cell) if "\\" in cell else cell


def read_tsv(path: Path, limit: int) -> Iterator[FeedItem]:
    header: tuple[str, ...] | None = None
    first = True
    for origin, line in text_lines(path, limit):
        if isinstance(line, InputError):
            yield BadItem.from_error(line, origin)
            first = False
            continue
        cells = line.split("\t")
        if first:
            first = False
            names = tuple(c.strip().lower() for c in cells)
            if (
                set(names) <= set(COLUMNS)
                and {"source", "target"} <= set(names)
                and len(set(names)) == len(names)
            ):
                header = names
                continue
        yield _article(cells, header, origin, limit)


def _article(cells: list[str], header: tuple[str, ...] | None, origin: str, limit: int) -> FeedItem:
    names = header or _POSITIONAL.get(len(cells))
    try:
        if names is None:
            raise MalformedInput(
                f"{origin}: {len(cells)} tab-separated columns; without a header line, "
                f"give 2 (source, target) or 3 (id, source, target); header names: {', '.join(COLUMNS)}"
            )
        if len(cells) != len(names):
            raise MalformedInput(f"{origin}: {len(cells)} columns where the header has {len(names)}")
        row = {k: unescape(v) for k, v in zip(names, cells)}
        aid = row.get("id", "").strip() or fallback_id(origin)
        langs = (row.get("source_lang", "").strip(), row.get("target_lang", "").strip())
        return make_pair(aid, row["source"], row["target"], langs, origin, limit, row.get("reference"))
    except InputError as e:
        return BadItem.from_error(e, origin)
