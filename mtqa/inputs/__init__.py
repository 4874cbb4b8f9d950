"""Reading input: every format a feed comes in, as a stream of articles (README, "Inputs").

:func:`read_inputs` yields :class:`~mtqa.types.ArticlePair` items to check and :class:`BadItem` items
that become error records, lazily and in input order. Reading never stops at a bad item, and every
item's ``origin`` (the report's ``input``) is unique within a run and the same for the same input,
because ``--resume`` keys on it. Each format has its own module; :mod:`.decode` holds the shared
decoding and size limit, :mod:`.items` the validation of an article's texts, and this module the
checks that span inputs (ids that look like paths, duplicate ids).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from mtqa.errors import BadId, DuplicateId, InputError
from mtqa.inputs.decode import DEFAULT_MAX_ARTICLE_BYTES, read_text
from mtqa.inputs.items import BadItem, FeedItem, fallback_id, id_problem
from mtqa.types import LangPair

__all__ = ["DEFAULT_MAX_ARTICLE_BYTES", "BadItem", "FeedItem", "input_format", "read_inputs", "read_text"]

Reader = Callable[[Path, "LangPair | None", int], Iterator[FeedItem]]
# file name ending -> format; a file with another name is JSONL (plain or gzipped)
SUFFIXES = {
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl", ".tsv": "tsv", ".tab": "tsv",
    ".xlf": "xliff", ".xliff": "xliff", ".sdlxliff": "xliff", ".tmx": "tmx", ".po": "po", ".pot": "po",
}


def input_format(path: Path) -> str:
    """``dir``, ``jsonl``, ``tsv``, ``xliff``, ``tmx`` or ``po``, from the name (``.gz`` looked through)."""
    if path.is_dir():
        return "dir"
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes.pop()
    return SUFFIXES.get(suffixes[-1] if suffixes else "", "jsonl")


def _reader(fmt: str) -> Reader:
    # imported on use: XML and PO readers need lxml and polib, which `import mtqa` must not load
    if fmt == "dir":
        from mtqa.inputs.pairs import read_directory

        return read_directory
    if fmt == "xliff":
        from mtqa.inputs.xliff import read_xliff

        return read_xliff
    if fmt == "tmx":
        from mtqa.inputs.tmx import read_tmx

        return read_tmx
    if fmt == "po":
        from mtqa.inputs.po import read_po

        return read_po
    if fmt == "tsv":
        from mtqa.inputs.tsv import read_tsv

        return lambda path, langs, limit: read_tsv(path, limit)
    from mtqa.inputs.jsonl import read_jsonl

    return lambda path, langs, limit: read_jsonl(path, limit)


def read_inputs(
    paths: Iterable[Path],
    langs: LangPair | None = None,
    max_article_bytes: int = DEFAULT_MAX_ARTICLE_BYTES,
) -> Iterator[FeedItem]:
    """Every article of every input, in order. Inputs that do not exist or are given twice raise
    InputError before the first item; everything wrong inside an input becomes a BadItem."""
    paths = list(paths)
    seen: dict[Path, Path] = {}
    for p in paths:
        if not p.exists():
            raise InputError(f"{p}: no such file or directory")
        if p.resolve() in seen:
            raise InputError(f"{p}: given twice (also as {seen[p.resolve()]}); each input is read once")
        seen[p.resolve()] = p
    ids: dict[str, str] = {}  # article id -> origin of its first article; grows with the feed (ids only)
    for p in paths:
        for item in _reader(input_format(p))(p, langs, max_article_bytes):
            yield _guard(item, ids)


def _guard(item: FeedItem, ids: dict[str, str]) -> FeedItem:
    """Refuse ids that look like paths or hold control characters, and ids seen before; an error record
    whose id cannot be trusted gets the fallback id (``feed.jsonl:12``) and names the id in its message."""
    problem = id_problem(item.article_id)
    if isinstance(item, BadItem):
        return (
            item
            if problem is None
            else BadItem(fallback_id(item.origin), item.message, item.langs, item.origin, item.code)
        )
    if problem:
        return BadItem.from_error(
            BadId(f"{item.origin}: {problem}"), item.origin, langs=(item.source.lang, item.target.lang)
        )
    first = ids.setdefault(item.article_id, item.origin)
    if first != item.origin:
        return BadItem.from_error(
            DuplicateId(f"{item.origin}: duplicate id {item.article_id!r}, first at {first}"),
            item.origin, langs=(item.source.lang, item.target.lang),
        )
    return item

