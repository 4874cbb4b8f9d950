"""Each input format: what an article is, its id, languages, text and origin (the report's ``input``)."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from mtqa.inputs import BadItem, input_format
from mtqa.types import ArticlePair

from .conftest import SRC, TGT, read, write

XLIFF12 = """<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
  <file original="kremlin.html" source-language="it" target-language="en" datatype="html">
    <body>
      <trans-unit id="1"><source>{s0}</source><target>{t0}</target></trans-unit>
      <group id="g"><trans-unit id="2"><source>La visita <g id="b">durerà</g> tre<x id="x"/> giorni.</source>
        <target>The visit <g id="b">will last</g> three<x id="x"/> days.</target></trans-unit></group>
      <trans-unit id="3" translate="no"><source>ANSA</source><target>ANSA</target></trans-unit>
    </body>
  </file>
  <file original="C:\\news\\second.html" source-language="it" target-language="en" datatype="html"><body>
    <trans-unit id="1"><source>Buongiorno a tutti.</source><target>Good morning, everyone.</target></trans-unit>
  </body></file>
</xliff>
"""

XLIFF20 = """<?xml version="1.0" encoding="UTF-8"?>
<xliff version="2.1" xmlns="urn:oasis:names:tc:xliff:document:2.0" srcLang="it" trgLang="en">
  <file id="kremlin">
    <unit id="1"><segment><source>{s0}</source><target>{t0}</target></segment>
      <ignorable><source> </source></ignorable>
      <segment><source>La visita durerà <pc id="p">tre</pc> giorni<ph id="ph"/>.</source>
        <target>The visit will last <pc id="p">three</pc> days<ph id="ph"/>.</target></segment></unit>
    <unit id="2"><segment><source>Caff<cp hex="00E8"/>.</source><target>Coffee.</target></segment></unit>
  </file>
</xliff>
"""

TMX = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE tmx SYSTEM "tmx14.dtd">
<tmx version="1.4"><header srclang="it-IT" datatype="plaintext" segtype="sentence" adminlang="en"
  creationtool="t" creationtoolversion="1" o-tmf="x"/>
<body>
  <tu><prop type="x-document">kremlin</prop><tuv xml:lang="it-IT"><seg>{s0}</seg></tuv><tuv xml:lang="en-GB"><seg>{t0}</seg></tuv></tu>
  <tu><prop type="x-document">kremlin</prop><tuv xml:lang="it-IT"><seg>{s1}</seg></tuv><tuv xml:lang="en-GB"><seg>The visit will <bpt i="1">&lt;b&gt;</bpt>last<ept i="1">&lt;/b&gt;</ept> three days.</seg></tuv></tu>
  <tu><prop type="x-document">other</prop><tuv xml:lang="en-GB"><seg>Good morning.</seg></tuv><tuv xml:lang="it-IT"><seg>Buongiorno.</seg></tuv></tu>
</body></tmx>
"""

PO = """# a comment
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Language: en\\n"
"X-Source-Language: it\\n"

msgid "{s0}"
msgstr "{t0}"

#, fuzzy
msgid "{s1}"
msgstr "{t1}"

#~ msgid "Vecchio."
#~ msgstr "Old."
"""


def fill(template: str) -> str:
    return template.format(s0=SRC[0], s1=SRC[1], t0=TGT[0], t1=TGT[1])


def pairs(items: list) -> list[ArticlePair]:
    assert all(isinstance(i, ArticlePair) for i in items), [getattr(i, "message", i) for i in items]
    return items


def test_jsonl_plain_and_gzip_read_the_same(tmp_path: Path) -> None:
    lines = "".join(json.dumps({"id": f"a{i}", "source": "\n".join(SRC), "target": "\n".join(TGT),
                                "source_lang": "it", "target_lang": "en", "meta": {"feed": "x"}}) + "\n" for i in range(3))
    plain = write(tmp_path / "f.jsonl", lines)
    packed = write(tmp_path / "g.jsonl.gz", gzip.compress(lines.encode()))
    renamed = write(tmp_path / "h.jsonl", gzip.compress(lines.encode()))  # gzip whatever the name
    a, b, c = pairs(read(plain)), pairs(read(packed)), pairs(read(renamed))
    assert [p.article_id for p in a] == ["a0", "a1", "a2"]
    assert [(p.source, p.target, p.meta) for p in a] == [(p.source, p.target, p.meta) for p in b] == [(p.source, p.target, p.meta) for p in c]
    assert [p.origin for p in b] == [f"{packed}:{n}" for n in (1, 2, 3)]
    assert a[0].langs.source == "it" and a[0].meta == (("feed", "x"),)


def test_tsv_with_header_escapes_and_without_header(tmp_path: Path) -> None:
    f = write(tmp_path / "f.tsv", "target\tid\tsource\tsource_lang\n"
              f"{TGT[0]}\\n{TGT[1]}\tk1\t{SRC[0]}\\n{SRC[1]}\tit\n\n"
              f"A tab\\there, a backslash \\\\n.\tk2\tUna tabulazione.\tit\n")
    k1, k2 = pairs(read(f))
    assert k1.article_id == "k1" and k1.source.text == "\n".join(SRC) and k1.target.text == "\n".join(TGT)
    assert k1.source.lang == "it" and k1.origin == f"{f}:2" and k2.origin == f"{f}:4"  # line 3 blank: skipped
    assert k2.target.text == "A tab\there, a backslash \\n."
    g = write(tmp_path / "g.tsv", f"{SRC[0]}\t{TGT[0]}\nid9\t{SRC[1]}\t{TGT[1]}\n")
    a, b = pairs(read(g, langs=("it", "en")))
    assert (a.article_id, b.article_id) == ("g.tsv:1", "id9")


def test_directory_of_paired_files(tmp_path: Path) -> None:
    d = tmp_path / "d"
    d.mkdir()
    write(d / "kim.src.it.txt", "\r\n".join(SRC))  # CRLF
    write(d / "kim.mt.en.txt", "\ufeff" + "\n".join(TGT))  # UTF-8 BOM
    write(d / "README.md", "not an article")
    (p,) = pairs(read(d))
    assert p.article_id == "kim" and p.source.text == "\n".join(SRC) and p.target.text == "\n".join(TGT)
    assert p.origin == str(d / "kim") and (p.source.lang, p.target.lang) == ("it", "en")


def test_xliff_12_one_article_per_file_element(tmp_path: Path) -> None:
    f = write(tmp_path / "a.xlf", fill(XLIFF12))
    a, b = pairs(read(f))
    assert a.article_id == "kremlin.html" and (a.source.lang, a.target.lang) == ("it", "en")
    # inline codes kept as short tags (masked for the language checks), translate="no" left out
    assert a.source.text == f'{SRC[0]}\nLa visita <g id="b">durerà</g> tre<x id="x"/> giorni.'
    assert a.target.text == f'{TGT[0]}\nThe visit <g id="b">will last</g> three<x id="x"/> days.'
    assert [(u.ref.id, u.ref.file, u.ref.index) for u in a.units] == [
        ("1", "kremlin.html", 0), ("2", "kremlin.html", 1)]
    assert a.origin == f"{f}:3" and b.origin == f"{f}:11" and b.article_id == "news/second.html"


def test_xliff_2_units_segments_and_codes(tmp_path: Path) -> None:
    f = write(tmp_path / "a.xliff", fill(XLIFF20))
    (a,) = pairs(read(f))
    assert a.article_id == "kremlin" and (a.source.lang, a.target.lang) == ("it", "en")
    assert a.source.text == f'{SRC[0]} La visita durerà <pc id="p">tre</pc> giorni<ph id="ph"/>.\nCaffè.'
    assert a.target.text == f'{TGT[0]} The visit will last <pc id="p">three</pc> days<ph id="ph"/>.\nCoffee.'
    assert [u.ref.id for u in a.units] == ["1", "2"]


def test_xliff_untranslated_units_and_files(tmp_path: Path) -> None:
    f = write(tmp_path / "u.xlf", fill(XLIFF12).replace(f"<target>{TGT[0]}</target>", ""))
    a, _ = pairs(read(f))
    # an empty line where the unit has no target: an omission
    assert a.target.text.split("\n")[0] == "" and a.target.text.endswith("days.")
    g = write(tmp_path / "n.xlf", '<xliff version="1.2"><file original="x" source-language="it"><body>'
              f"<trans-unit id='1'><source>{SRC[0]}</source></trans-unit></body></file></xliff>")
    (bad,) = read(g)
    assert isinstance(bad, BadItem) and bad.code == "E102" and "no unit has a target" in bad.message


def test_xliff_files_on_one_line_get_unique_origins(tmp_path: Path) -> None:
    f = write(tmp_path / "one.xlf", fill(XLIFF12).replace("\n", " "))
    a, b = pairs(read(f))
    assert (a.origin, b.origin) == (f"{f}:1", f"{f}:1#2")


def test_tmx_groups_units_by_document_property(tmp_path: Path) -> None:
    f = write(tmp_path / "m.tmx", fill(TMX))
    a, b = pairs(read(f))
    assert a.article_id == "kremlin" and a.source.text == "\n".join(SRC)
    assert a.target.text == f'{TGT[0]}\nThe visit will <bpt i="1"/>last<ept i="1"/> three days.'
    assert [(u.ref.id, u.ref.line) for u in a.units] == [("#1", 6), ("#2", 7)]
    assert (a.source.lang, a.target.lang) == ("it-IT", "en-GB") and a.origin == f"{f}:6"
    assert b.article_id == "other" and b.source.text == "Buongiorno." and b.target.text == "Good morning."
    whole = write(tmp_path / "w.tmx", fill(TMX).replace('<prop type="x-document">other</prop>', "")
                  .replace('<prop type="x-document">kremlin</prop>', ""))
    (one,) = pairs(read(whole))
    assert one.article_id == "w.tmx" and one.target.text.splitlines()[::2] == [TGT[0], "Good morning."]


def test_tmx_needs_langs_for_all_languages_header(tmp_path: Path) -> None:
    f = write(tmp_path / "m.tmx", fill(TMX).replace('srclang="it-IT"', 'srclang="*all*"'))
    bad = read(f)
    assert all(isinstance(b, BadItem) and b.code == "E102" and "--langs" in b.message for b in bad)
    a, _ = pairs(read(f, langs=("it", "en")))
    assert a.source.text == "\n".join(SRC)


def test_po_file_is_one_article(tmp_path: Path) -> None:
    f = write(tmp_path / "kremlin.po", fill(PO))
    (a,) = pairs(read(f))
    assert a.article_id == "kremlin" and a.origin == str(f) and (a.source.lang, a.target.lang) == ("it", "en")
    assert a.source.text == "\n".join(SRC) and a.target.text == "\n".join(TGT)  # fuzzy kept, obsolete left out
    latin = write(tmp_path / "latin.po", fill(PO).replace("UTF-8", "ISO-8859-1").encode("latin-1"))
    (b,) = pairs(read(latin))
    assert "durerà" in b.source.text  # the declared charset is honoured
    broken = write(tmp_path / "broken.po", 'msgid "a"\nmsgstr "b"\nmsgid\n')
    (c,) = read(broken)
    assert isinstance(c, BadItem) and c.code == "E101" and c.origin == str(broken)


@pytest.mark.parametrize(("name", "fmt"), [
    ("a.jsonl", "jsonl"), ("a.jsonl.gz", "jsonl"), ("feed", "jsonl"), ("a.tsv.gz", "tsv"), ("a.XLF", "xliff"),
    ("a.xliff", "xliff"), ("a.tmx", "tmx"), ("a.po", "po"),
])
def test_format_from_name(name: str, fmt: str) -> None:
    assert input_format(Path(name)) == fmt


def test_batch_reads_every_format_in_one_run(tmp_path: Path) -> None:
    from mtqa.cli import main

    d = tmp_path / "d"
    d.mkdir()
    write(d / "kim.src.it.txt", "\n".join(SRC))
    write(d / "kim.mt.en.txt", "\n".join(TGT))
    inputs = [d, write(tmp_path / "a.xlf", fill(XLIFF12)), write(tmp_path / "m.tmx", fill(TMX)),
              write(tmp_path / "k.po", fill(PO)),
              write(tmp_path / "f.tsv", f"j1\t{SRC[0]}\t{TGT[0]}\n")]
    out = tmp_path / "out"
    main(["batch", *map(str, inputs), "--out", str(out), "--quiet", "--jobs", "1", "--langs", "it-en"])
    reports = [json.loads(x) for x in (out / "reports.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in reports] == [
        "kim", "kremlin.html", "news/second.html", "kremlin", "other", "k", "j1"]
    assert [r["error"] for r in reports] == [None] * 7
    assert len({r["input"] for r in reports}) == 7 and all(r["input"] for r in reports)
