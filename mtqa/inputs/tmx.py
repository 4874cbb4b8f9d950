"""TMX 1.4 (and 1.1-1.3), streamed with entities never resolved (see :mod:`.xmlsafe`).

A translation memory has no articles of its own, so: consecutive ``<tu>`` elements with the same
``<prop type="x-document">`` value form one article with that value as its id; without that property
the whole file is one article (id: the file name). Each unit is one paragraph line. The source
language is the header's ``srclang`` (or the first of ``--langs``); the target is the unit's other
language (or the second of ``--langs`` when units hold more than two). Inline codes (``<bpt>``,
``<ept>``, ``<ph>``, ``<it>``, ``<ut>``) are kept as short tags (``<bpt i="1"/>``: the placeholder and
tag checks compare them, the language checks never see them), ``<hi>`` text is kept. The report's
``input`` is ``FILE:LINE`` of the article's first ``<tu>``. Each ``<tu>`` is a unit of its article
(unit mode), identified by its ``tuid`` or, without one, ``#N``, its position in the file.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mtqa.errors import InputError, MalformedInput, MissingField
from mtqa.inputs.decode import check_size
from mtqa.inputs.items import BadItem, FeedItem, make_pair, name_id, one_line, unit_spans
from mtqa.inputs.xliff import render_inline
from mtqa.inputs.xmlsafe import XML_LANG, Origins, XmlFailure, iter_elements, local
from mtqa.types import LangPair, UnitRef

DOCUMENT_PROP = "x-document"
_CODES = {"bpt", "ept", "ph", "it", "ut"}


def _inline(seg: Any) -> str:
    return render_inline(seg, _CODES, set(), ("i", "x"))


@dataclass
class _Group:
    key: str | None
    origin: str
    langs: tuple[str, str]
    aid: str = ""
    src: list[str] = field(default_factory=list)
    tgt: list[str] = field(default_factory=list)
    refs: list[UnitRef] = field(default_factory=list)
    size: int = 0
    error: InputError | None = None


def read_tmx(path: Path, langs: LangPair | None, limit: int) -> Iterator[FeedItem]:
    origins = Origins(path)
    srclang = ""
    group: _Group | None = None
    position = 0
    for el in iter_elements(path, {"tu", "header"}):
        if isinstance(el, XmlFailure):
            if group:
                yield _finish(group, path, limit)
            yield BadItem.from_error(el.error, origins.at(el.line))
            return
        name = local(el)
        if el.getparent() is None:
            if name != "tmx":
                yield BadItem.from_error(
                    MalformedInput(f"{path}: root element <{name}>, expected <tmx>"), origins.at(1)
                )
                return
            continue
        if name == "header":
            srclang = "" if el.get("srclang", "*all*") == "*all*" else el.get("srclang", "")
            continue
        key = next((p.text or "" for p in el.iter("{*}prop") if p.get("type") == DOCUMENT_PROP), None)
        if group is None or key != group.key:
            if group:
                yield _finish(group, path, limit)
            group = _Group(key, origins.at(el.sourceline), ("", ""), name_id(key) or path.name)
        position += 1
        src_lang = (langs[0] if langs else None) or srclang
        _add_unit(group, el, src_lang, langs[1] if langs else None, limit, position)
    if group:
        yield _finish(group, path, limit)
    else:
        yield BadItem.from_error(MissingField(f"{path}: no <tu> translation units"), origins.at(1))


def _lang(tuv: Any) -> str:
    return (tuv.get(XML_LANG) or tuv.get("lang") or "").strip()


def _same(a: str, b: str) -> bool:
    """en-GB and en match: only the primary language subtag counts."""
    return a.split("-")[0].split("_")[0].lower() == b.split("-")[0].split("_")[0].lower()


def _add_unit(group: _Group, tu: Any, srclang: str, tgtlang: str | None, limit: int, position: int) -> None:
    if group.error:
        return
    where = f"{group.origin}: unit at line {tu.sourceline}"
    try:
        tuvs = [(_lang(t), t.find("{*}seg")) for t in tu if local(t) == "tuv"]
        if not srclang:
            raise MissingField(f"{where}: the header's srclang is {'*all*'!r}; pass --langs SRC-TGT")
        src = [(lang, seg) for lang, seg in tuvs if _same(lang, srclang)]
        others = [(lang, seg) for lang, seg in tuvs if not _same(lang, srclang)]
        tgt = [(lang, seg) for lang, seg in others if tgtlang is None or _same(lang, tgtlang)]
        if not src:
            raise MissingField(f"{where}: no <tuv> in the source language {srclang!r}")
        if len({lang.lower() for lang, _ in tgt}) > 1:
            raise MissingField(
                f"{where}: several target languages ({', '.join(sorted({lang for lang, _ in tgt}))}); "
                f"pass --langs SRC-TGT"
            )
        if not group.langs[1] and tgt:
            group.langs = (src[0][0], tgt[0][0])
        s = _inline(src[0][1]) if src[0][1] is not None else ""
        t = _inline(tgt[0][1]) if tgt and tgt[0][1] is not None else ""
    except InputError as e:
        group.error = e
        return
    group.src.append(one_line(s))
    group.tgt.append(one_line(t))
    group.refs.append(UnitRef(group.aid, tu.get("tuid") or f"#{position}", tu.sourceline or 0, position - 1))
    group.size += len(s.encode()) + len(t.encode())
    try:
        check_size(group.size, limit, f"{group.origin}: article (so far)")
    except InputError as e:  # stop collecting the texts of an article that is refused anyway
        group.error, group.src, group.tgt, group.refs = e, [], [], []


def _finish(group: _Group, path: Path, limit: int) -> FeedItem:
    aid = group.aid
    try:
        if group.error:
            raise group.error
        return make_pair(aid, "\n".join(group.src), "\n".join(group.tgt), group.langs, group.origin, limit,
                         units=unit_spans(group.src, group.tgt, group.refs))
    except InputError as e:
        return BadItem.from_error(e, group.origin, aid, group.langs)
