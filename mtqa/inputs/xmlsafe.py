"""Streaming XML for the XLIFF and TMX readers, with entities never resolved.

lxml parses with ``resolve_entities=False``, ``load_dtd=False`` and ``no_network=True``, so nothing is
fetched or expanded; on top of that a document whose DOCTYPE declares any entity (billion laughs,
external entities, parameter entities) is refused before its first element is read, and an entity
reference left in the text (possible when a DOCTYPE names an external DTD, which is never loaded)
makes the article an error. A DOCTYPE that only names an external DTD (TMX files often have
``<!DOCTYPE tmx SYSTEM "tmx14.dtd">``) is allowed: the DTD is not read.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mtqa.errors import InputError, MalformedInput, UnsafeXml

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def local(el: Any) -> str:
    """An element's name without its namespace (XLIFF 1.2 files exist with and without one)."""
    tag = el.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


class Origins:
    """``FILE:LINE`` origins, unique within a file even when it is all on one line (``FILE:1#2``)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.seen: dict[int, int] = {}

    def at(self, line: int) -> str:
        k = self.seen[line] = self.seen.get(line, 0) + 1
        return f"{self.path}:{line}" + (f"#{k}" if k > 1 else "")


@dataclass(frozen=True)
class XmlFailure:
    """The file could not be read on from ``line``: the last item of :func:`iter_elements`."""

    line: int
    error: InputError


def iter_elements(path: Path, names: set[str]) -> Iterator[Any]:
    """The root element first (at its start, attributes only), then each element whose local name is in
    ``names``, complete, at its end. The caller may keep what it needs; after the next step the element
    is cleared and dropped, so memory stays flat however long the file. XML that is not well-formed
    (E101) or declares entities (E109) ends the stream with an :class:`XmlFailure`."""
    from lxml import etree

    try:
        events = etree.iterparse(
            str(path), events=("start", "end"), resolve_entities=False, load_dtd=False, no_network=True,
            huge_tree=False, remove_comments=True, remove_pis=True,
        )
        root = None
        for event, el in events:
            if root is None:
                root = el
                _refuse_entities(el, path)
                yield el
            elif event == "end" and local(el) in names:
                yield el
                el.clear(keep_tail=True)
                parent = el.getparent()
                while parent is not None and el.getprevious() is not None:
                    del parent[0]
    except etree.XMLSyntaxError as e:
        line = e.lineno or 1
        yield XmlFailure(
            line, MalformedInput(f"{path}:{line}: not well-formed XML ({e.msg}); the rest was not read")
        )
    except UnsafeXml as e:
        yield XmlFailure(1, e)
    except OSError as e:
        yield XmlFailure(1, InputError(f"{path}: cannot read ({e})"))


def _refuse_entities(root: Any, path: Path) -> None:
    dtd = root.getroottree().docinfo.internalDTD
    names = [e.name for e in dtd.iterentities()] if dtd is not None else []
    if names:
        raise UnsafeXml(
            f"{path}: the DOCTYPE declares entities ({', '.join(names[:5])}); mtqa never expands or fetches "
            f"entities (XML bombs, external entities): remove the declarations"
        )


def inline_text(el: Any, keep: Callable[[Any], str | None]) -> str:
    """The text of ``el`` with its inline markup resolved by ``keep(child)``: the child's replacement
    text, or None to descend into it (``<g>``, ``<mrk>``, ``<pc>``). Tails always count."""
    from lxml import etree

    parts = [el.text or ""]
    for child in el:
        if isinstance(child, etree._Entity):
            raise UnsafeXml(f"entity reference {child.text} in the text: mtqa never resolves entities")
        if isinstance(child.tag, str):
            own = keep(child)
            parts.append(inline_text(child, keep) if own is None else own)
        parts.append(child.tail or "")
    return "".join(parts)
