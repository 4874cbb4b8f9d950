"""Directories of paired text files: one article per id.

``<id>.<lang>.txt`` (``kim.it.txt`` + ``kim.en.txt``), or with roles ``<id>.src.<lang>.txt`` /
``<id>.mt.<lang>.txt`` (and ``<id>.ref.<lang>.txt``). Which language is the source comes from the
roles, from ``--langs``, or from a ``meta.toml`` in the directory (``langs = "it-en"``, optional
``[meta]`` labels for every article). Other files are not read; sub-directories are not entered.
The report's ``input`` is ``DIR/ID``.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from pathlib import Path

from mtqa.errors import InputError, MalformedInput, MissingField
from mtqa.inputs.decode import decode, read_text
from mtqa.inputs.items import BadItem, FeedItem, make_pair

_ROLE_SRC = {"src", "source"}
_ROLE_TGT = {"mt", "tgt", "target", "hyp"}
_ROLE_REF = {"ref", "reference"}
_FILE = re.compile(
    r"^(?P<id>.+?)(?:\.(?P<role>src|source|mt|tgt|target|hyp|ref|reference))?\.(?P<lang>[a-z]{2,3})\.txt$"
)
Files = dict[tuple[str, str], Path]  # (role or "", lang) -> file


def read_directory(path: Path, langs: tuple[str, str] | None, limit: int) -> Iterator[FeedItem]:
    meta_file = path / "meta.toml"
    meta: dict = {}
    if meta_file.is_file():
        try:
            meta = tomllib.loads(decode(meta_file.read_bytes(), str(meta_file)))
        except tomllib.TOMLDecodeError as e:
            yield BadItem.from_error(MalformedInput(f"{meta_file}: not valid TOML: {e}"), str(meta_file))
            return
        except InputError as e:
            yield BadItem.from_error(e, str(meta_file))
            return
    if langs is None and "langs" in meta:
        from mtqa.lang.profiles import parse_langs

        langs = parse_langs(str(meta["langs"]))
    labels = tuple((str(k), str(v)) for k, v in (meta.get("meta") or {}).items())
    groups: dict[str, Files] = {}
    for f in sorted(path.iterdir()):
        m = _FILE.match(f.name)
        if m and f.is_file():
            groups.setdefault(m["id"], {})[(m["role"] or "", m["lang"])] = f
    if not groups:
        yield BadItem.from_error(MissingField(f"{path}: no <id>.<lang>.txt files found"), str(path))
    for aid, files in groups.items():
        origin = str(path / aid)
        try:
            yield _pair(aid, files, langs, labels, origin, limit)
        except InputError as e:
            yield BadItem.from_error(e, origin, aid)


def _pair(
    aid: str, files: Files, langs: tuple[str, str] | None, labels: tuple, origin: str, limit: int
) -> FeedItem:
    src = [(k, p) for k, p in files.items() if k[0] in _ROLE_SRC]
    tgt = [(k, p) for k, p in files.items() if k[0] in _ROLE_TGT]
    ref = [p for k, p in files.items() if k[0] in _ROLE_REF]
    plain = {k[1]: p for k, p in files.items() if not k[0]}
    if not (src and tgt):
        if not (langs and langs[0] in plain and langs[1] in plain):
            found = ", ".join(p.name for p in files.values())
            hint = ("pass --langs SRC-TGT or add meta.toml with langs" if not langs
                    else f"expected {aid}.{langs[0]}.txt and {aid}.{langs[1]}.txt")
            raise MissingField(f"{origin}: cannot pair source and target from {found}; {hint}")
        src, tgt = [(("", langs[0]), plain[langs[0]])], [(("", langs[1]), plain[langs[1]])]
    (_, ls), (_, lt) = src[0][0], tgt[0][0]
    return make_pair(aid, read_text(src[0][1], limit), read_text(tgt[0][1], limit), (ls, lt), origin, limit,
                     read_text(ref[0], limit) if ref else None, labels)
