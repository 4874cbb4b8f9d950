"""XLIFF 1.2 and 2.x (2.0, 2.1, 2.2), streamed with entities never resolved (see :mod:`.xmlsafe`).

One article per ``<file>`` element; its translation units (``<trans-unit>`` in 1.2, ``<unit>`` in 2.x,
inside ``<group>``\\ s or not) are the article's paragraphs, one line each, in document order. A
unit's segments (2.x ``<segment>`` and ``<ignorable>``) are joined as they stand. Inline codes are
dropped (``<x/>``, ``<ph>``, ``<bpt>``, ``<ept>``, ``<it>``, ``<sc/>``, ``<ec/>``), marked text is kept
(``<g>``, ``<mrk>``, ``<pc>``), and 2.x ``<cp hex="..."/>`` becomes its character. A unit marked
``translate="no"`` is left out; a unit without a target leaves an empty line, which the checks see
as an omission. Languages: ``source-language``/``target-language`` on the 1.2 ``<file>``, ``srcLang``
/``trgLang`` on the 2.x root. The article id is the 1.2 ``original`` or the 2.x file ``id``; the
report's ``input`` is ``FILE:LINE`` of the ``<file>`` element.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from mtqa.errors import InputError, MalformedInput, MissingField
from mtqa.inputs.items import BadItem, FeedItem, fallback_id, make_pair, name_id, one_line
from mtqa.inputs.xmlsafe import Origins, XmlFailure, inline_text, iter_elements, local

_CODES = {"x", "bx", "ex", "ph", "bpt", "ept", "it", "sc", "ec", "sm", "em", "sub"}


def _keep(child: Any) -> str | None:
    name = local(child)
    if name == "cp":
        try:
            return chr(int(child.get("hex", ""), 16))
        except (ValueError, OverflowError) as e:
            raise MalformedInput(f"<cp hex={child.get('hex')!r}> is not a code point") from e
    return "" if name in _CODES else None


def read_xliff(path: Path, langs: tuple[str, str] | None, limit: int) -> Iterator[FeedItem]:
    origins = Origins(path)
    root_langs = ("", "")
    v2 = False
    files = 0
    for el in iter_elements(path, {"file"}):
        if isinstance(el, XmlFailure):
            yield BadItem.from_error(el.error, origins.at(el.line))
            return
        if el.getparent() is None and local(el) != "file":
            if local(el) != "xliff":
                yield BadItem.from_error(
                    MalformedInput(f"{path}: root element <{local(el)}>, expected <xliff>"), origins.at(1)
                )
                return
            v2 = el.get("version", "").startswith("2")
            root_langs = (el.get("srcLang", ""), el.get("trgLang", ""))
            continue
        files += 1
        origin = origins.at(el.sourceline)
        aid = name_id(el.get("id" if v2 else "original")) or fallback_id(origin)
        file_langs = root_langs if v2 else (el.get("source-language", ""), el.get("target-language", ""))
        try:
            yield _article(el, aid, file_langs, origin, limit, v2)
        except InputError as e:
            yield BadItem.from_error(e, origin, aid, file_langs)
    if not files:
        yield BadItem.from_error(MissingField(f"{path}: no <file> elements"), origins.at(1))


def _article(file_el: Any, aid: str, langs: tuple[str, str], origin: str, limit: int, v2: bool) -> FeedItem:
    src: list[str] = []
    tgt: list[str] = []
    size = 0
    for unit in file_el.iter("{*}unit" if v2 else "{*}trans-unit"):
        if unit.get("translate") == "no":
            continue
        if v2:
            s, t = _unit_v2(unit)
        else:
            s_el, t_el = unit.find("{*}source"), unit.find("{*}target")
            s = inline_text(s_el, _keep) if s_el is not None else ""
            t = inline_text(t_el, _keep) if t_el is not None else None
        src.append(one_line(s))
        tgt.append(one_line(t or ""))
        size += len(s) + len(t or "")
        if size > limit:  # characters, a lower bound on bytes: stop collecting; make_pair refuses it
            break
    if not any(t.strip() for t in tgt) and any(s.strip() for s in src):
        raise MissingField(f"{origin}: article {aid!r}: no unit has a target")
    return make_pair(aid, "\n".join(src), "\n".join(tgt), langs, origin, limit)


def _unit_v2(unit: Any) -> tuple[str, str | None]:
    src, tgt, any_target = [], [], False
    for part in unit:
        if local(part) not in ("segment", "ignorable"):
            continue
        s_el, t_el = part.find("{*}source"), part.find("{*}target")
        s = inline_text(s_el, _keep) if s_el is not None else ""
        src.append(s)
        if t_el is not None:
            any_target = any_target or local(part) == "segment"
            tgt.append(inline_text(t_el, _keep))
        else:
            tgt.append(
                s if local(part) == "ignorable" else ""
            )  # an ignorable without target keeps its source
    return "".join(src), ("".join(tgt) if any_target else None)

