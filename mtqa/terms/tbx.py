"""TBX (ISO 30042) reading and writing, TBX-Basic dialect.

Reads both serializations in use: the 2008 ``<martif type="TBX-Basic">`` with ``termEntry`` /
``langSet`` / ``tig`` (or ``ntig/termGrp``), and the 2019 ``<tbx type="TBX-Basic">`` with
``conceptEntry`` / ``langSec`` / ``termSec`` (namespaced or not). Per term, ``termNote
type="administrativeStatus"`` decides its role: ``preferredTerm-admn-sts`` and
``admittedTerm-admn-sts`` (or no status) are accepted renderings, ``deprecatedTerm-admn-sts`` and
``supersededTerm-admn-sts`` forbidden ones.

TBX-Basic has no field for mtqa's conditions, so they travel in entry-level ``<note>`` elements that
any TBX tool keeps and shows: ``mtqa-context: REGEX`` (the entry applies only to sentences where the
pattern matches on either side) and ``mtqa-severity: minor|major|critical``. Other notes are kept as
the entry's note.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from mtqa.errors import InputError
from mtqa.terms.model import Concept, Glossary, LangTerms
from mtqa.types import Severity

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_ENTRY = {"termEntry", "conceptEntry"}
_LANG = {"langSet", "langSec"}
_TERM_GROUP = {"tig", "ntig", "termSec"}
_FORBIDDEN = {"deprecatedTerm-admn-sts", "supersededTerm-admn-sts", "deprecated", "superseded"}
_PREFERRED = {"preferredTerm-admn-sts", "preferred"}


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _children(el: ET.Element, names: set[str]) -> list[ET.Element]:
    return [c for c in el if _local(c.tag) in names]


def _text(el: ET.Element) -> str:
    return " ".join("".join(el.itertext()).split())


def read_tbx(path: str | Path) -> Glossary:
    p = Path(path)
    try:
        root = ET.parse(p).getroot()
    except (ET.ParseError, OSError) as e:
        raise InputError(f"{p}: not a readable TBX file: {e}") from e
    if _local(root.tag) not in {"martif", "tbx"}:
        raise InputError(f"{p}: not TBX (root element <{_local(root.tag)}>, expected <martif> or <tbx>)")
    concepts = []
    for n, entry in enumerate(e for e in root.iter() if _local(e.tag) in _ENTRY):
        concepts.append(_concept(entry, n, p))
    if not concepts:
        raise InputError(f"{p}: no termEntry/conceptEntry elements")
    return Glossary(tuple(concepts), str(p))


def _concept(entry: ET.Element, n: int, p: Path) -> Concept:
    cid = entry.get("id") or f"entry-{n + 1}"
    context, severity, notes, subject = None, None, [], ""
    for c in entry:
        tag = _local(c.tag)
        if tag == "note":
            note = _text(c)
            key, _, value = note.partition(":")
            if key.strip() == "mtqa-context":
                context = value.strip()
            elif key.strip() == "mtqa-severity":
                try:
                    severity = Severity(value.strip())
                except ValueError as e:
                    raise InputError(f"{p}: entry {cid}: bad mtqa-severity {value.strip()!r}") from e
            else:
                notes.append(note)
        elif tag == "descrip" and c.get("type") == "subjectField":
            subject = _text(c)
    langs = []
    for ls in _children(entry, _LANG):
        lang = (ls.get(XML_LANG) or ls.get("lang") or "").split("-")[0].lower()
        if not lang:
            raise InputError(f"{p}: entry {cid}: a langSet without xml:lang")
        accepted: list[tuple[int, str]] = []
        forbidden: list[str] = []
        for grp in _children(ls, _TERM_GROUP):
            term_el = next((e for e in grp.iter() if _local(e.tag) == "term"), None)
            if term_el is None or not _text(term_el):
                continue
            status = next(
                (
                    _text(e)
                    for e in grp.iter()
                    if _local(e.tag) == "termNote"
                    and e.get("type") in {"administrativeStatus", "normativeAuthorization"}
                ),
                "",
            )
            if status in _FORBIDDEN:
                forbidden.append(_text(term_el))
            else:
                accepted.append((0 if status in _PREFERRED else 1, _text(term_el)))
        accepted.sort(key=lambda x: x[0])  # stable: preferred first, in file order
        langs.append((lang, LangTerms(tuple(t for _, t in accepted), tuple(forbidden))))
    return Concept(cid, tuple(langs), context, severity, " ".join(notes), subject)


def write_tbx(glossary: Glossary, path: str | Path, title: str = "") -> None:
    """Write a TBX-Basic (2008, ``martif``) file that :func:`read_tbx` reads back unchanged."""
    root = ET.Element("martif", {"type": "TBX-Basic", XML_LANG: "en"})
    header = ET.SubElement(ET.SubElement(ET.SubElement(root, "martifHeader"), "fileDesc"), "sourceDesc")
    ET.SubElement(header, "p").text = title or glossary.name
    body = ET.SubElement(ET.SubElement(root, "text"), "body")
    for con in glossary.concepts:
        e = ET.SubElement(body, "termEntry", {"id": con.id})
        if con.subject:
            ET.SubElement(e, "descrip", {"type": "subjectField"}).text = con.subject
        if con.context:
            ET.SubElement(e, "note").text = f"mtqa-context: {con.context}"
        if con.severity:
            ET.SubElement(e, "note").text = f"mtqa-severity: {con.severity.value}"
        if con.note:
            ET.SubElement(e, "note").text = con.note
        for lang, terms in con.terms:
            ls = ET.SubElement(e, "langSet", {XML_LANG: lang})
            statuses = [(t, "preferredTerm-admn-sts" if i == 0 else "admittedTerm-admn-sts")
                        for i, t in enumerate(terms.accepted)]
            statuses += [(t, "deprecatedTerm-admn-sts") for t in terms.forbidden]
            for term, status in statuses:
                tig = ET.SubElement(ls, "tig")
                ET.SubElement(tig, "term").text = term
                ET.SubElement(tig, "termNote", {"type": "administrativeStatus"}).text = status
    ET.indent(root)
    Path(path).write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n",
        encoding="utf-8",
    )
