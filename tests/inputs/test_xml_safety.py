"""XML never resolves entities: bombs, external entities and parameter entities are refused with an
error record (E109), nothing is expanded or fetched, and the rest of the batch goes on."""

from __future__ import annotations

import gzip
import json
import re
import resource
from io import BytesIO
from pathlib import Path

import pytest

from mtqa.cli import main
from mtqa.inputs import BadItem

from .conftest import SRC, TGT, read, write

UNIT = f"<trans-unit id='1'><source>{SRC[0]}</source><target>{{body}}</target></trans-unit>"
XLIFF = ('<?xml version="1.0"?>\n{doctype}\n<xliff version="1.2"><file original="a" source-language="it" '
         'target-language="en"><body>' + UNIT + "</body></file></xliff>\n")
LAUGHS = "<!DOCTYPE x [<!ENTITY a0 'ha'>" + "".join(
    f"<!ENTITY a{i} '{('&a' + str(i - 1) + ';') * 10}'>" for i in range(1, 10)) + "]>"


def xliff(tmp: Path, name: str, doctype: str, body: str) -> Path:
    return write(tmp / name, XLIFF.format(doctype=doctype, body=body))


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    return write(tmp_path / "secret.txt", "TOP-SECRET-VALUE")


def test_billion_laughs_is_refused_without_expanding(tmp_path: Path) -> None:
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    (bad,) = read(xliff(tmp_path, "bomb.xlf", LAUGHS, "&a9;"))
    assert isinstance(bad, BadItem) and bad.code == "E109" and "entities" in bad.message
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 100_000  # KiB: nothing was expanded


@pytest.mark.parametrize("doctype", [
    "<!DOCTYPE x [<!ENTITY xxe SYSTEM 'file://{secret}'>]>",
    "<!DOCTYPE x [<!ENTITY % p SYSTEM 'file://{secret}'> %p;]>",
    "<!DOCTYPE x [<!ENTITY xxe SYSTEM 'http://127.0.0.1:9/x'>]>",
])
def test_external_entities_are_refused_and_nothing_is_read(tmp_path: Path, secret: Path, doctype: str) -> None:
    (bad,) = read(xliff(tmp_path, "xxe.xlf", doctype.format(secret=secret), "&xxe;"))
    assert isinstance(bad, BadItem) and bad.code == "E109"
    assert "TOP-SECRET" not in bad.message


def test_entity_reference_with_an_unread_external_dtd_is_refused(tmp_path: Path, secret: Path) -> None:
    # a DOCTYPE that only names an external DTD is allowed (TMX files have one), but the DTD is never
    # read, so an entity it might declare stays a reference: the article is refused, not guessed at
    doctype = f'<!DOCTYPE xliff SYSTEM "file://{secret}">'
    (bad,) = read(xliff(tmp_path, "ref.xlf", doctype, "The &nbsp; visit."))
    assert isinstance(bad, BadItem) and bad.code == "E109" and "&nbsp;" in bad.message
    (ok,) = read(xliff(tmp_path, "ok.xlf", doctype, TGT[0]))
    assert not isinstance(ok, BadItem) and ok.target.text == TGT[0]


def test_tmx_bomb_and_malformed_xml_are_records_and_the_batch_goes_on(tmp_path: Path) -> None:
    tmx = write(tmp_path / "bomb.tmx", f'<?xml version="1.0"?>{LAUGHS}<tmx version="1.4"><header srclang="it"/>'
                f'<body><tu><tuv xml:lang="it"><seg>&a9;</seg></tuv><tuv xml:lang="en"><seg>x</seg></tuv></tu></body></tmx>')
    broken = xliff(tmp_path, "broken.xlf", "", TGT[0]).with_suffix(".xlf")
    broken.write_text(broken.read_text().replace("</body>", "</bod>"))
    feed = write(tmp_path / "f.jsonl", json.dumps({"id": "ok", "source": "\n".join(SRC), "target": "\n".join(TGT),
                                                   "source_lang": "it", "target_lang": "en"}) + "\n")
    out = tmp_path / "out"
    assert main(["batch", str(tmx), str(broken), str(feed), "--out", str(out), "--quiet", "--jobs", "1"]) == 2
    reports = [json.loads(x) for x in (out / "reports.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [(r["input"], (r["error"] or {}).get("code")) for r in reports] == [
        (f"{tmx}:1", "E109"), (f"{broken}:3", "E101"), (f"{feed}:1", None)]
    assert "not well-formed" in reports[1]["error"]["message"]


# lxml 6.2 (libxml2 2.14) refuses an entity amplification itself, with its own message (E101 before
# mtqa's check ran first); older versions parse such a document. Both are simulated here, so the test
# does not depend on the installed libxml2: mtqa's own check must answer before lxml is called at all.
def _lxml_refuses(*args: object, **kw: object) -> object:
    from lxml import etree

    raise etree.XMLSyntaxError("Maximum entity amplification factor exceeded", 89, 1, 1)


def _lxml_parses(source: str, **kw: object) -> object:
    # an older libxml2: parses the document and keeps no internal DTD to look at afterwards
    from lxml import etree

    text = Path(source).read_text(encoding="utf-8")
    return etree.iterparse(BytesIO(re.sub(r"<!DOCTYPE[^\]]*\]>", "", text).encode()), events=("start", "end"))


@pytest.mark.parametrize("fake", [_lxml_refuses, _lxml_parses], ids=["libxml2-2.14", "older-libxml2"])
@pytest.mark.parametrize("kind", ["xliff", "tmx"])
def test_entity_declarations_are_e109_whatever_lxml_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fake: object, kind: str
) -> None:
    from lxml import etree

    monkeypatch.setattr(etree, "iterparse", fake)
    if kind == "xliff":
        path = xliff(tmp_path, "bomb.xlf", LAUGHS, "&a9;")
    else:
        path = write(tmp_path / "bomb.tmx", f'<?xml version="1.0"?>{LAUGHS}<tmx version="1.4">'
                     '<header srclang="it"/><body><tu><tuv xml:lang="it"><seg>a</seg></tuv>'
                     '<tuv xml:lang="en"><seg>b</seg></tuv></tu></body></tmx>')
    (bad,) = read(path)
    assert isinstance(bad, BadItem) and bad.code == "E109"
    assert "the DOCTYPE declares entities (a0, a1, a2, a3, a4)" in bad.message
    assert "mtqa never expands or fetches entities" in bad.message


@pytest.mark.parametrize("prolog, names", [
    # (what comes before the root element, the entity names mtqa reports; None: passes to lxml)
    ("<!DOCTYPE x [<!ENTITY % p SYSTEM 'file:///etc/passwd'> %p;]>", "p"),
    ("<!-- <!ENTITY a 'b'> in a comment --><!DOCTYPE xliff SYSTEM 'x.dtd'>", None),
    ("<!DOCTYPE xliff SYSTEM \"<!ENTITY quoted 'x'>\">", None),
    ("<?pi <!ENTITY no?>\n<!DOCTYPE x [<!-- ] > --><!ATTLIST x a CDATA '>]'><!ENTITY\n late 'y'>]>", "late"),
    ("<!DOCTYPE x [<!ELEMENT x ANY>]>", None),
])
def test_prolog_check_reads_past_comments_literals_and_pis(
    tmp_path: Path, prolog: str, names: str | None
) -> None:
    from mtqa.errors import UnsafeXml
    from mtqa.inputs.xmlsafe import check_prolog

    path = write(tmp_path / "p.xml", f'<?xml version="1.0"?>\n{prolog}\n<x a="1"/>')
    if names is None:
        check_prolog(path)
    else:
        with pytest.raises(UnsafeXml, match=rf"declares entities \({names}\)"):
            check_prolog(path)


def test_prolog_check_reads_utf16_and_gzip_and_refuses_an_endless_prolog(tmp_path: Path) -> None:
    from mtqa.errors import UnsafeXml
    from mtqa.inputs.xmlsafe import MAX_PROLOG, check_prolog

    doc = f'<?xml version="1.0" encoding="UTF-16"?>{LAUGHS}<x>&a9;</x>'
    for path in (write(tmp_path / "u16.xml", doc.encode("utf-16")),
                 write(tmp_path / "u.xml.gz", gzip.compress(doc.encode("utf-8")))):
        with pytest.raises(UnsafeXml, match="declares entities"):
            check_prolog(path)
    long = write(tmp_path / "long.xml", "<!--" + " " * MAX_PROLOG + "--><x/>")
    with pytest.raises(UnsafeXml, match="no root element"):
        check_prolog(long)
    check_prolog(write(tmp_path / "cut.xml", "<!DOCTYPE x [<!ELEMENT x ANY>"))  # short, broken: lxml's E101
