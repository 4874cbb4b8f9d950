"""Streaming XML for the XLIFF and TMX readers, with entities never resolved.

lxml parses with ``resolve_entities=False``, ``load_dtd=False`` and ``no_network=True``, so nothing is
fetched or expanded; on top of that a document whose DOCTYPE declares any entity (billion laughs,
external entities, parameter entities) is refused by mtqa's own reading of the prolog
(:func:`check_prolog`) before lxml sees a byte of it, whatever the installed libxml2 does with such
documents (2.14 refuses an amplification itself, older versions parse it), and an entity
reference left in the text (possible when a DOCTYPE names an external DTD, which is never loaded)
makes the article an error. A DOCTYPE that only names an external DTD (TMX files often have
``<!DOCTYPE tmx SYSTEM "tmx14.dtd">``) is allowed: the DTD is not read.
"""

from __future__ import annotations

import codecs
import gzip
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mtqa.errors import InputError, MalformedInput, UnsafeXml

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
MAX_PROLOG = 1 << 20  # bytes before the root element (XML declaration, comments, DOCTYPE) read by mtqa


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
    ``names``, complete, at its end (see :func:`iter_events`)."""
    for ev in iter_events(path, set(), names):
        yield ev if isinstance(ev, XmlFailure) else ev[1]


CHUNK = 1 << 16  # bytes fed to the parser at a time


def iter_events(path: Path, starts: set[str], ends: set[str]) -> Iterator[Any]:
    """``("start", root)`` first (attributes only), then ``("start", el)`` for each element whose local
    name is in ``starts`` (attributes only) and ``("end", el)``, complete, for each one in ``ends``.
    The caller may keep what it needs; after the next step an ended element is cleared and its earlier
    siblings dropped, so memory stays flat however long the file or one element holding many.

    The file (gzipped or not) is fed to a pull parser in chunks and every event parsed before a fault
    is delivered, so a file that breaks at some line still gives everything before it; XML that is not
    well-formed (E101) or declares entities (E109) then ends the stream with an :class:`XmlFailure`."""
    from lxml import etree

    parser = etree.XMLPullParser(
        events=("start", "end"), resolve_entities=False, load_dtd=False, no_network=True,
        huge_tree=False, remove_comments=True, remove_pis=True,
    )
    root = None
    failure: XmlFailure | None = None
    try:
        check_prolog(path)
        with _open(path) as fh:
            while failure is None:
                try:
                    chunk = fh.read(CHUNK)
                except (OSError, EOFError) as e:  # a truncated or corrupt gzip stream
                    chunk = b""
                    failure = XmlFailure(
                        1, InputError(f"{path}: cannot read on ({e}); the rest was not read")
                    )
                try:
                    if chunk:
                        parser.feed(chunk)
                    elif failure is None:
                        parser.close()
                except etree.XMLSyntaxError as e:
                    line = e.lineno or 1
                    failure = XmlFailure(line, MalformedInput(
                        f"{path}:{line}: not well-formed XML ({e.msg}); the rest was not read"))
                    if not chunk:
                        # a file cut off: what closing the parser reports now is made up (the element cut
                        # off, then the end of every element left open), none of it in the file
                        break
                for event, el in parser.read_events():
                    if root is None:
                        root = el
                        _refuse_entities(el, path)
                        yield event, el
                    elif local(el) in (starts if event == "start" else ends):
                        yield event, el
                        if event == "end":
                            _drop(el)
                if not chunk:
                    break
    except UnsafeXml as e:
        yield XmlFailure(1, e)
        return
    except OSError as e:
        yield XmlFailure(1, InputError(f"{path}: cannot read ({e})"))
        return
    if failure is not None:
        yield failure


def _open(path: Path) -> Any:
    with open(path, "rb") as fh:
        gz = fh.read(2) == b"\x1f\x8b"
    return gzip.open(path, "rb") if gz else open(path, "rb")


def _drop(el: Any) -> None:
    el.clear(keep_tail=True)
    parent = el.getparent()
    while parent is not None and el.getprevious() is not None:
        del parent[0]


def _refuse_entities(root: Any, path: Path) -> None:
    # the second line of defence, after check_prolog: what lxml itself read of the DTD
    dtd = root.getroottree().docinfo.internalDTD
    names = [e.name for e in dtd.iterentities()] if dtd is not None else []
    if names:
        raise _declares(path, names)


def _declares(path: Path, names: list[str]) -> UnsafeXml:
    return UnsafeXml(
        f"{path}: the DOCTYPE declares entities ({', '.join(names[:5])}); mtqa never expands or fetches "
        f"entities (XML bombs, external entities): remove the declarations"
    )


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"), (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"),
    (b"<\0?\0", "utf-16-le"), (b"\0<\0?", "utf-16-be"),
)
_SKIP = {"<?": "?>", "<!--": "-->"}  # processing instructions and comments, in the prolog and in a DTD
_ENTITY = re.compile(r"<!ENTITY\s+(?:%\s+)?([^\s'\"<>]*)")


def _prolog_text(path: Path) -> tuple[str, bool]:
    """The first :data:`MAX_PROLOG` bytes of the (possibly gzipped) file as text, decoded by its byte
    order mark, else as Latin-1, which keeps every ASCII byte of markup whatever the real encoding; and
    whether the file goes on after them."""
    with open(path, "rb") as fh:
        head = fh.read(MAX_PROLOG)
    if head[:2] == b"\x1f\x8b":
        with gzip.open(path, "rb") as gz:
            try:
                head = gz.read(MAX_PROLOG)
            except (OSError, EOFError):
                return "", False  # not readable as gzip: lxml says so (E101)
    more = len(head) >= MAX_PROLOG
    for bom, encoding in _BOMS:
        if head.startswith(bom):
            return head.decode(encoding, errors="replace"), more
    return head.decode("latin-1"), more


def check_prolog(path: Path) -> None:
    """Raise :class:`UnsafeXml` (E109) when the DOCTYPE's internal subset declares an entity, or when no
    root element starts within :data:`MAX_PROLOG` bytes. This is mtqa's own check, run before lxml parses
    anything, so the error and its message do not depend on the installed libxml2. A DOCTYPE that only
    names an external DTD passes (the DTD is never loaded)."""
    text, more = _prolog_text(path)
    far = UnsafeXml(f"{path}: no root element in the first {MAX_PROLOG:,} bytes; refused unread")
    i, n = 0, len(text)
    while True:
        while i < n and (text[i].isspace() or text[i] == "\ufeff"):
            i += 1
        if i >= n:
            if more:
                raise far
            return  # an empty or short document: lxml reports what is wrong with it
        opener = next((o for o in _SKIP if text.startswith(o, i)), None)
        if opener is not None:
            end = text.find(_SKIP[opener], i + len(opener))
            i = n if end < 0 else end + len(_SKIP[opener])
        elif text.startswith("<!DOCTYPE", i):
            names, ended = _doctype_entities(text, i + len("<!DOCTYPE"))
            if names:
                raise _declares(path, names)
            if not ended and more:
                raise far
            return  # nothing but the root element (or something lxml refuses) can follow; a DOCTYPE
            # cut short by the end of the file is not well-formed: lxml says so (E101)
        else:
            return  # the root element, or text that is not XML: lxml's part


def _doctype_entities(text: str, i: int) -> tuple[list[str], bool]:
    """Names of the entities the DOCTYPE starting before ``i`` declares, and whether it ends in ``text``.
    Quoted literals, comments and processing instructions are skipped, so ``<!ENTITY`` inside them is
    not a declaration."""
    names: list[str] = []
    subset = False
    n = len(text)
    while i < n:
        c = text[i]
        if c in "'\"":
            end = text.find(c, i + 1)
            if end < 0:
                return names, False
            i = end + 1
            continue
        if subset:
            opener = next((o for o in _SKIP if text.startswith(o, i)), None)
            if opener is not None:
                end = text.find(_SKIP[opener], i + len(opener))
                if end < 0:
                    return names, False
                i = end + len(_SKIP[opener])
                continue
            m = _ENTITY.match(text, i)
            if m:
                names.append(m.group(1) or "?")
                i = m.end()
                continue
            if c == "]":
                subset = False
        elif c == "[":
            subset = True
        elif c == ">":
            return names, True
        i += 1
    return names, False


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
