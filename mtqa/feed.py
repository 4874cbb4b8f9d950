"""Reading input: JSONL feeds, directories of paired files, single file pairs.

Reading never stops at a bad item: an article that cannot be read becomes a :class:`BadItem` that
names the article and the cause, and is reported as an error record in the output.

JSONL feed, one article per line::

    {"id": "a1", "source": "...", "target": "...", "source_lang": "it", "target_lang": "en",
     "reference": "...", "meta": {"feed": "...", "engine": "..."}}

Directory of paired files: ``<id>.<lang>.txt`` (``kim.it.txt`` + ``kim.en.txt``), or with roles
``<id>.src.<lang>.txt`` / ``<id>.mt.<lang>.txt`` (and ``<id>.ref.<lang>.txt``). Which language is the
source comes from the roles, from ``--langs``, or from a ``meta.toml`` in the directory
(``langs = "it-en"``, optional ``[meta]`` labels for every article).
"""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Union

from mtqa.errors import InputError
from mtqa.types import ArticleError, ArticlePair, Document

_ROLE_SRC = {"src", "source"}
_ROLE_TGT = {"mt", "tgt", "target", "hyp"}
_ROLE_REF = {"ref", "reference"}
_FILE = re.compile(r"^(?P<id>.+?)(?:\.(?P<role>src|source|mt|tgt|target|hyp|ref|reference))?\.(?P<lang>[a-z]{2,3})\.txt$")


@dataclass(frozen=True)
class BadItem:
    """An input that cannot be checked; it becomes an error record in the output."""

    article_id: str
    message: str
    langs: tuple[str, str] = ("", "")
    origin: str = ""  # "feed.jsonl:12" or a file path
    code: str = InputError.code

    @property
    def error(self) -> ArticleError:
        return ArticleError(self.code, self.message)


FeedItem = Union[ArticlePair, BadItem]


def read_text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as e:
        raise InputError(f"{path}: cannot read ({e.strerror})") from e
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise InputError(f"{path}: not UTF-8 text (byte {e.start}); convert it, e.g. iconv -t UTF-8") from e
    return text.replace("\r\n", "\n")


def read_jsonl(path: Path) -> Iterator[FeedItem]:
    try:
        fh = path.open(encoding="utf-8")
    except OSError as e:
        raise InputError(f"{path}: cannot read ({e.strerror})") from e
    seen: set[str] = set()
    with fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            fallback = f"{path.name}:{n}"
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as e:
                yield BadItem(fallback, f"{path}:{n}: not valid JSON ({e.msg} at column {e.colno})", origin=f"{path}:{n}")
                continue
            if not isinstance(obj, dict):
                yield BadItem(fallback, f"{path}:{n}: expected a JSON object per line", origin=f"{path}:{n}")
                continue
            aid = str(obj.get("id") or fallback)
            if aid in seen:
                aid = f"{aid}#{n}"
            seen.add(aid)
            item = _pair_from_obj(obj, aid, f"{path}:{n}")
            yield item


def _pair_from_obj(obj: dict, aid: str, where: str) -> FeedItem:
    missing = [k for k in ("source", "target") if not isinstance(obj.get(k), str)]
    langs = (str(obj.get("source_lang") or ""), str(obj.get("target_lang") or ""))
    if missing:
        return BadItem(aid, f"{where}: article {aid!r} has no text in {', '.join(missing)}", langs, where)
    empty = [k for k in ("source", "target") if not obj[k].strip()]
    if empty:
        return BadItem(aid, f"{where}: article {aid!r} has an empty {', '.join(empty)}", langs, where)
    meta = obj.get("meta") or {}
    if not isinstance(meta, dict):
        return BadItem(aid, f"{where}: article {aid!r}: meta must be an object", langs, where)
    ref = obj.get("reference")
    return ArticlePair(
        aid,
        Document(obj["source"].replace("\r\n", "\n"), langs[0]),
        Document(obj["target"].replace("\r\n", "\n"), langs[1]),
        ref if isinstance(ref, str) and ref.strip() else None,
        tuple(sorted((str(k), str(v)) for k, v in meta.items())),
        where,
    )


def read_directory(path: Path, langs: tuple[str, str] | None = None) -> Iterator[FeedItem]:
    meta_file = path / "meta.toml"
    meta: dict = {}
    if meta_file.is_file():
        try:
            meta = tomllib.loads(meta_file.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as e:
            raise InputError(f"{meta_file}: not valid TOML: {e}") from e
    if langs is None and "langs" in meta:
        from mtqa.lang.profiles import parse_langs

        langs = parse_langs(str(meta["langs"]))
    labels = tuple(sorted((str(k), str(v)) for k, v in (meta.get("meta") or {}).items()))
    groups: dict[str, dict[tuple[str, str], Path]] = {}
    for f in sorted(path.iterdir()):
        m = _FILE.match(f.name)
        if f.is_file() and m:
            groups.setdefault(m["id"], {})[(m["role"] or "", m["lang"])] = f
    if not groups:
        raise InputError(f"{path}: no <id>.<lang>.txt files found")
    for aid, files in groups.items():
        yield _pair_from_files(aid, files, langs, labels, path)


def _pair_from_files(
    aid: str, files: dict[tuple[str, str], Path], langs: tuple[str, str] | None, labels: tuple, where: Path
) -> FeedItem:
    src = [(k, p) for k, p in files.items() if k[0] in _ROLE_SRC]
    tgt = [(k, p) for k, p in files.items() if k[0] in _ROLE_TGT]
    ref = [(k, p) for k, p in files.items() if k[0] in _ROLE_REF]
    plain = {k[1]: p for k, p in files.items() if not k[0]}
    if not (src and tgt):
        if langs and langs[0] in plain and langs[1] in plain:
            src = [(("", langs[0]), plain[langs[0]])]
            tgt = [(("", langs[1]), plain[langs[1]])]
        else:
            found = ", ".join(p.name for p in files.values())
            hint = "pass --langs SRC-TGT or add meta.toml with langs" if not langs else f"expected {aid}.{langs[0]}.txt and {aid}.{langs[1]}.txt"
            return BadItem(aid, f"{where}: article {aid!r}: cannot pair source and target from {found}; {hint}", origin=str(where / aid))
    try:
        s_text, t_text = read_text(src[0][1]), read_text(tgt[0][1])
        r_text = read_text(ref[0][1]) if ref else None
    except InputError as e:
        return BadItem(aid, e.message, origin=str(where / aid))
    if not s_text.strip() or not t_text.strip():
        return BadItem(aid, f"{where}: article {aid!r}: empty {'source' if not s_text.strip() else 'target'} file", origin=str(where / aid))
    return ArticlePair(aid, Document(s_text, src[0][0][1]), Document(t_text, tgt[0][0][1]), r_text, labels, str(where / aid))


def read_inputs(paths: list[Path], langs: tuple[str, str] | None = None) -> Iterator[FeedItem]:
    """Every article of every input, in order: JSONL files and directories."""
    for p in paths:
        if p.is_dir():
            yield from read_directory(p, langs)
        elif p.is_file():
            yield from read_jsonl(p)
        else:
            raise InputError(f"{p}: no such file or directory")
