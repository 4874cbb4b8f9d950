"""XLIFF 1.2 and 2.x (2.0, 2.1, 2.2) and SDL Trados ``.sdlxliff``, streamed unit by unit with entities
never resolved (see :mod:`.xmlsafe`).

One article per ``<file>`` element; its translation units (``<trans-unit>`` in 1.2, ``<unit>`` in 2.x,
inside ``<group>``\\ s or not) are the article's paragraphs, one line each, in document order, and each
is a :class:`~mtqa.types.Unit` of the article (unit mode: its source and target are a given pair). A
1.2 unit segmented into ``<mrk mtype="seg">`` (sdlxliff's ``<seg-source>``) gives one unit per segment,
paired by ``mid``. A 2.x unit's segments (``<segment>`` and ``<ignorable>``) are joined as they stand.
Inline codes are kept as short tags that the placeholder and tag checks compare and the language
checks never see (``<x id="1"/>``, ``<ph id="1"/>``, ``<bpt id="1"/>``, ``<g id="1">text</g>``, 2.x
``<pc id="1">text</pc>``, ``<sc/>``, ``<ec/>``): the native code inside ``<ph>``/``<bpt>`` is left out.
Marked text (``<mrk>``) is kept and 2.x ``<cp hex="..."/>`` becomes its character. A unit marked
``translate="no"`` is left out; a unit without a target leaves an empty line, which the checks see
as an omission. Languages: ``source-language``/``target-language`` on the 1.2 ``<file>``, ``srcLang``
/``trgLang`` on the 2.x root. The article id is the 1.2 ``original`` or the 2.x file ``id`` (a path
made relative; a second ``<file>`` with the same id in one XLIFF gets ``#2``); the report's ``input``
is ``FILE:LINE`` of the ``<file>`` element.

Only the units' texts are kept: each unit element is cleared once read, so memory does not grow with
a huge ``<file>``, and collecting stops once an article is over the size limit. A file that stops
being well-formed gives every ``<file>`` read before the break, then one error record.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.sax.saxutils import quoteattr

from mtqa.errors import InputError, MalformedInput, MissingField, UnsafeXml
from mtqa.inputs.decode import check_size
from mtqa.inputs.items import BadItem, FeedItem, fallback_id, make_pair, name_id, one_line, unit_spans
from mtqa.inputs.xmlsafe import Origins, XmlFailure, iter_events, local
from mtqa.types import LangPair, UnitRef

# inline codes: standalone (their content, native code, left out) and paired (their content is text)
CODES = {"x", "bx", "ex", "ph", "bpt", "ept", "it", "sc", "ec", "sm", "em"}
PAIRED = {"g", "pc"}
UNITS = {"trans-unit", "unit"}


def render_inline(el: Any, codes: set[str] = CODES, paired: set[str] = PAIRED,
                  ids: tuple[str, ...] = ("id", "startRef", "rid")) -> str:
    """The text of ``el`` with inline codes as short tags (name and id only) and other markup
    (``<mrk>``, ``<hi>``) resolved to its text. Tails always count."""
    from lxml import etree

    parts = [el.text or ""]
    for child in el:
        if isinstance(child, etree._Entity):
            raise UnsafeXml(f"entity reference {child.text} in the text: mtqa never resolves entities")
        if isinstance(child.tag, str):
            name = local(child)
            ident = next((f" {a}={quoteattr(child.get(a))}" for a in ids if child.get(a) is not None), "")
            if name == "cp":
                parts.append(_code_point(child))
            elif name in paired:
                parts.append(f"<{name}{ident}>{render_inline(child, codes, paired, ids)}</{name}>")
            elif name in codes:
                parts.append(f"<{name}{ident}/>")
            else:
                parts.append(render_inline(child, codes, paired, ids))
        parts.append(child.tail or "")
    return "".join(parts)


def _code_point(el: Any) -> str:
    try:
        return chr(int(el.get("hex", ""), 16))
    except (ValueError, OverflowError) as e:
        raise MalformedInput(f"<cp hex={el.get('hex')!r}> is not a code point") from e


@dataclass
class _File:
    aid: str
    origin: str
    line: int
    langs: tuple[str, str]
    src: list[str] = field(default_factory=list)
    tgt: list[str] = field(default_factory=list)
    refs: list[UnitRef] = field(default_factory=list)
    size: int = 0
    error: InputError | None = None


def read_xliff(path: Path, langs: LangPair | None, limit: int) -> Iterator[FeedItem]:
    origins = Origins(path)
    root_langs = ("", "")
    v2 = False
    files = units = 0
    ids: dict[str, int] = {}
    cur: _File | None = None
    for ev in iter_events(path, {"file"}, {"file", *UNITS}):
        if isinstance(ev, XmlFailure):
            # a <file> cut off by the break gets no record of its own: the break's record is its record
            where = cur.origin if cur and cur.line == ev.line else origins.at(ev.line)
            yield BadItem.from_error(ev.error, where, cur.aid if cur else None,
                                     cur.langs if cur else ("", ""))
            return
        event, el = ev
        name = local(el)
        if el.getparent() is None and event == "start" and name != "file":
            if name != "xliff":
                yield BadItem.from_error(MalformedInput(f"{path}: root element <{name}>, expected <xliff>"),
                                         origins.at(1))
                return
            v2 = el.get("version", "").startswith("2")
            root_langs = (el.get("srcLang", ""), el.get("trgLang", ""))
        elif name == "file" and event == "start":
            files += 1
            origin = origins.at(el.sourceline)
            aid = name_id(el.get("id" if v2 else "original")) or fallback_id(origin)
            ids[aid] = ids.get(aid, 0) + 1
            if ids[aid] > 1:  # the same original twice in one XLIFF: both are checked
                aid = f"{aid}#{ids[aid]}"
            file_langs = root_langs if v2 else (el.get("source-language", ""), el.get("target-language", ""))
            cur = _File(aid, origin, el.sourceline or 1, file_langs)
        elif name == "file" and cur is not None:
            yield _article(cur, limit)
            cur = None
        elif name in UNITS and event == "end":
            units += 1
            if cur is not None and (name == "unit") == v2:
                _add_unit(cur, el, v2, units - 1, limit)
    if not files:
        yield BadItem.from_error(MissingField(f"{path}: no <file> elements"), origins.at(1))


def _add_unit(cur: _File, unit: Any, v2: bool, index: int, limit: int) -> None:
    if cur.error or unit.get("translate") == "no":
        return
    uid, name = unit.get("id") or f"#{index + 1}", unit.get("name" if v2 else "resname")
    try:
        pairs = [(uid, name, *_unit_v2(unit))] if v2 else _unit_v1(unit, uid, name)
    except InputError as e:
        cur.error = e
        return
    for sid, sname, s, t in pairs:
        cur.src.append(one_line(s))
        cur.tgt.append(one_line(t or ""))
        cur.refs.append(UnitRef(cur.aid, sid, unit.sourceline or 0, index, sname))
        cur.size += len(s) + len(t or "")
    if cur.size > limit:  # characters, a lower bound on bytes: stop collecting; make_pair refuses it
        cur.src, cur.tgt, cur.refs = [], [], []
        cur.error = None
        cur.size = limit + 1


def _article(cur: _File, limit: int) -> FeedItem:
    try:
        if cur.error:
            raise cur.error
        check_size(cur.size, limit, f"{cur.origin}: article {cur.aid!r}")
        if not any(t.strip() for t in cur.tgt) and any(s.strip() for s in cur.src):
            raise MissingField(f"{cur.origin}: article {cur.aid!r}: no unit has a target")
        return make_pair(cur.aid, "\n".join(cur.src), "\n".join(cur.tgt), cur.langs, cur.origin, limit,
                         units=unit_spans(cur.src, cur.tgt, cur.refs))
    except InputError as e:
        return BadItem.from_error(e, cur.origin, cur.aid, cur.langs)


def _segs(el: Any) -> dict[str, Any]:
    return {m.get("mid", ""): m for m in el.iter("{*}mrk") if m.get("mtype") == "seg"}


def _unit_v1(unit: Any, uid: str, name: str | None) -> list[tuple[str, str | None, str, str | None]]:
    s_el, t_el = unit.find("{*}source"), unit.find("{*}target")
    seg_src = unit.find("{*}seg-source")
    if seg_src is not None and _segs(seg_src):  # sdlxliff / segmented 1.2: one unit per <mrk mtype="seg">
        tsegs = _segs(t_el) if t_el is not None else {}
        return [
            (mid, uid, render_inline(m), render_inline(tsegs[mid]) if mid in tsegs else None)
            for mid, m in _segs(seg_src).items()
        ]
    s = render_inline(s_el) if s_el is not None else ""
    t = render_inline(t_el) if t_el is not None else None
    return [(uid, name, s, t)]


def _unit_v2(unit: Any) -> tuple[str, str | None]:
    src, tgt, any_target = [], [], False
    for part in unit:
        if local(part) not in ("segment", "ignorable"):
            continue
        s_el, t_el = part.find("{*}source"), part.find("{*}target")
        s = render_inline(s_el) if s_el is not None else ""
        src.append(s)
        if t_el is not None:
            any_target = any_target or local(part) == "segment"
            tgt.append(render_inline(t_el))
        else:
            # an ignorable without target keeps its source
            tgt.append(s if local(part) == "ignorable" else "")
    return "".join(src), ("".join(tgt) if any_target else None)
