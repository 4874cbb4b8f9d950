"""Write-back (``--format xliff,po,tmx``): the findings go into the CAT file as ITS 2.0 annotations,
PO translator comments or TMX notes, and nothing else changes (round trip)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import polib
from lxml import etree

from mtqa.cli import main

ITS = "{http://www.w3.org/2005/11/its}"
XLIFF12 = """<?xml version="1.0" encoding="UTF-8"?>\r
<!-- exported by a CAT tool -->\r
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">\r
  <file original="app.html" source-language="en" target-language="it" datatype="html"><body>\r
    <trans-unit id="a" resname="sales"><source>Sales rose 12% in 2023 across the region.</source>\r
      <target>Le vendite sono salite del 21% nel 2023 nella regione.</target></trans-unit>\r
    <trans-unit id="b"><source>Open the file in the editor.</source>\r
      <target>Apri il file nell'editor.</target>\r
    </trans-unit>\r
    <trans-unit id="c"><source>Click <g id="1">Save</g> to keep <x id="2"/> changes.</source>\r
      <target>Fai clic su Salva per conservare le modifiche.</target><note>keep</note></trans-unit>\r
  </body></file>\r
</xliff>\r
"""
XLIFF20 = """<?xml version="1.0" encoding="UTF-8"?>
<xliff version="2.0" xmlns="urn:oasis:names:tc:xliff:document:2.0" srcLang="en" trgLang="it">
  <file id="f1">
    <unit id="u1"><segment><source>Sales rose 12% in 2023 across the region.</source>
      <target>Le vendite sono salite del 21% nel 2023 nella regione.</target></segment></unit>
    <unit id="u2"><segment><source>Open the file in the editor.</source>
      <target>Apri il file nell'editor.</target></segment></unit>
  </file>
</xliff>
"""
ADDED = re.compile(r' xmlns:its="[^"]*" its:version="2.0"| its:locQualityIssuesRef="#mtqa-lqi-\d+"'
                   r"|<its:locQualityIssues .*?</its:locQualityIssues>")


def run(tmp_path: Path, name: str, text: str, fmt: str) -> tuple[bytes, bytes, list[dict]]:
    src = tmp_path / name
    src.write_bytes(text.encode("utf-8"))
    out = tmp_path / "out"
    main(["batch", str(src), "--out", str(out), "--quiet", "--jobs", "1", "--timeout", "0",
          "--format", f"jsonl,{fmt}",
          "--fluency", "none"])
    reports = [json.loads(x) for x in (out / "reports.jsonl").read_text(encoding="utf-8").splitlines()]
    return src.read_bytes(), (out / name).read_bytes(), reports


def test_xliff12_round_trips_with_its_annotations(tmp_path: Path) -> None:
    before, after, _ = run(tmp_path, "app.xlf", XLIFF12, "xliff")
    assert after != before and ADDED.sub("", after.decode("utf-8")).encode("utf-8") == before
    root = etree.fromstring(after)
    units = {u.get("id"): u for u in root.iter("{*}trans-unit")}
    issues = {k: [i.get("locQualityIssueType") for i in u.iter(f"{ITS}locQualityIssue")]
              for k, u in units.items()}
    assert "mistranslation" in issues["a"] and issues["b"] == [] and "markup" in issues["c"]
    ref = units["a"].get(f"{ITS}locQualityIssuesRef")
    assert ref and units["a"].find(f"{ITS}locQualityIssues").get("{http://www.w3.org/XML/1998/namespace}id") \
        == ref[1:]
    assert root.get(f"{ITS}version") == "2.0"
    comments = [i.get("locQualityIssueComment") for i in units["a"].iter(f"{ITS}locQualityIssue")]
    assert any(c.startswith("A101 number-mismatch") for c in comments)


def test_xliff20_annotations_open_the_unit(tmp_path: Path) -> None:
    before, after, _ = run(tmp_path, "app.xliff", XLIFF20, "xliff")
    assert ADDED.sub("", after.decode("utf-8")).encode("utf-8") == before
    unit = next(etree.fromstring(after).iter("{*}unit"))
    assert etree.QName(unit[0]).localname == "locQualityIssues"  # extensions come first in a 2.x unit


def test_po_gets_translator_comments(tmp_path: Path) -> None:
    text = ('# header comment\nmsgid ""\nmsgstr ""\n"Language: it\\n"\n"X-Source-Language: en\\n"\n\n'
            '#: src/a.c:10\n#, c-format\nmsgid "Deleted %d files in %s"\nmsgstr "Eliminati %d file"\n\n'
            'msgid "Open the file in the editor."\nmsgstr "Apri il file nell\'editor."\n')
    before, after, _ = run(tmp_path, "it.po", text, "po")
    assert re.sub(r"(?m)^# mtqa: .*\n", "", after.decode("utf-8")).encode("utf-8") == before
    entry = polib.pofile(after.decode("utf-8")).find("Deleted %d files in %s")
    assert entry is not None and "D101" in entry.tcomment and entry.occurrences == [("src/a.c", "10")]


def test_tmx_gets_notes(tmp_path: Path) -> None:
    text = ('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header srclang="en"/><body>\n'
            '<tu tuid="t1"><tuv xml:lang="en"><seg>Sales rose 12% in 2023 across the region.</seg></tuv>'
            '<tuv xml:lang="it"><seg>Le vendite sono salite del 21% nel 2023 nella regione.</seg>'
            '</tuv></tu>\n'
            '<tu><tuv xml:lang="en"><seg>Open the file in the editor.</seg></tuv>'
            '<tuv xml:lang="it"><seg>Apri il file nell\'editor.</seg></tuv></tu>\n</body></tmx>\n')
    before, after, _ = run(tmp_path, "m.tmx", text, "tmx")
    assert re.sub(r"<note>mtqa .*?</note>", "", after.decode("utf-8")).encode("utf-8") == before
    tus = list(etree.fromstring(after).iter("tu"))
    assert tus[0][0].tag == "note" and "A101" in tus[0][0].text and tus[1].find("note") is None


def test_a_file_without_findings_is_copied_as_it_is(tmp_path: Path) -> None:
    text = XLIFF20.replace("21%", "12%")
    before, after, reports = run(tmp_path, "clean.xlf", text, "xliff")
    assert not reports[0]["findings"] and after == before
