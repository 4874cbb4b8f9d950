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

from mtqa.errors import InputError, LinkRefused, MalformedInput, MissingField, MtqaError
from mtqa.inputs.decode import decode, read_text
from mtqa.inputs.items import UNKNOWN_PAIR, BadItem, FeedItem, fallback_id, make_pair
from mtqa.types import LangPair

_ROLE_SRC = {"src", "source"}
_ROLE_TGT = {"mt", "tgt", "target", "hyp"}
_ROLE_REF = {"ref", "reference"}
_FILE = re.compile(
    r"^(?P<id>.+?)(?:\.(?P<role>src|source|mt|tgt|target|hyp|ref|reference))?\.(?P<lang>[a-z]{2,3})\.txt\Z",
    re.DOTALL,  # a name with a line break in it is an article (whose id is then refused), not skipped
)
Files = dict[tuple[str, str], Path]  # (role or "", lang) -> file


def read_directory(path: Path, langs: LangPair | None, limit: int) -> Iterator[FeedItem]:
    """Symbolic links inside the directory are not followed (an ``E110`` record each): a link to
    ``/etc/passwd`` named ``x.it.txt`` would put that file into every report."""
    meta_file = path / "meta.toml"
    try:
        langs, labels = _meta(meta_file, langs)
    except MtqaError as e:
        yield BadItem(fallback_id(str(meta_file)), e.message, UNKNOWN_PAIR, str(meta_file), e.code)
        return
    groups: dict[str, Files] = {}
    links: dict[str, Path] = {}
    ids: dict[str, None] = {}  # in the order of the first file of each id
    for f in sorted(path.iterdir()):
        m = _FILE.match(f.name)
        if m and f.is_symlink():
            links.setdefault(m["id"], f)
            ids[m["id"]] = None
        elif m and f.is_file():
            groups.setdefault(m["id"], {})[(m["role"] or "", m["lang"])] = f
            ids[m["id"]] = None
    if not ids:
        yield BadItem.from_error(MissingField(f"{path}: no <id>.<lang>.txt files found"), str(path))
    for aid in ids:
        origin = str(path / aid)
        if aid in links:
            yield BadItem.from_error(LinkRefused(f"{links[aid]}: a symbolic link; directory inputs read only "
                                                 "the regular files in them (copy the file in)"), origin, aid)
            continue
        try:
            yield _pair(aid, groups[aid], langs, labels, origin, limit)
        except InputError as e:
            yield BadItem.from_error(e, origin, aid)


def _meta(meta_file: Path, langs: LangPair | None) -> tuple[LangPair | None, tuple]:
    """The languages (``--langs`` first) and labels of ``meta.toml``, if there is one."""
    if meta_file.is_symlink():
        raise LinkRefused(f"{meta_file}: a symbolic link; directory inputs read only their regular files")
    if not meta_file.is_file():
        return langs, ()
    try:
        meta = tomllib.loads(decode(meta_file.read_bytes(), str(meta_file)))
    except tomllib.TOMLDecodeError as e:
        raise MalformedInput(f"{meta_file}: not valid TOML: {e}") from e
    if "langs" in meta and not isinstance(meta["langs"], str):
        raise MalformedInput(f"{meta_file}: langs = {meta['langs']!r}: expected a string such as \"it-en\"")
    labels = meta.get("meta") or {}
    scalar = (str, int, float, bool)
    if not isinstance(labels, dict) or not all(isinstance(v, scalar) for v in labels.values()):
        raise MalformedInput(f"{meta_file}: meta = {labels!r}: expected a table of labels, e.g. "
                             "[meta] feed = \"wire\"")
    if langs is None and "langs" in meta:
        from mtqa.lang.profiles import parse_langs

        langs = parse_langs(meta["langs"])
    return langs, tuple((str(k), str(v)) for k, v in labels.items())


def _pair(
    aid: str, files: Files, langs: LangPair | None, labels: tuple, origin: str, limit: int
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
