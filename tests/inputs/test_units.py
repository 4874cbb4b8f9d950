"""Unit mode: CAT files read unit by unit (ids, lines), aligned only inside units, findings traced to
their unit; broken XML keeps what was read before the break (issue 14, item 6); one huge ``<file>`` is
streamed unit by unit (issue 14, item 11)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from mtqa.config import QAConfig
from mtqa.inputs import BadItem
from mtqa.pipeline import Runner
from mtqa.types import ArticlePair

from .conftest import read, write

HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">\n'
)


def tu(uid: str, src: str, tgt: str | None) -> str:
    target = f"<target>{tgt}</target>" if tgt is not None else ""
    return f'<trans-unit id="{uid}"><source>{src}</source>{target}</trans-unit>\n'


def xliff(files: list[tuple[str, list[str]]], src: str = "en", tgt: str = "it") -> str:
    body = "".join(
        f'<file original="{name}" source-language="{src}" target-language="{tgt}" datatype="html"><body>\n'
        + "".join(units)
        + "</body></file>\n"
        for name, units in files
    )
    return HEAD + body + "</xliff>\n"


# an Angular-style message file: short UI strings, numbers, a long help text, and units whose
# translations are much longer or shorter than their source (which whole-text alignment pairs wrongly)
ANGULAR = [
    tu("title", "Sign in", "Accedi al tuo account personale"),
    tu("year", "1938", "1938"),
    tu("ok", "OK", "OK"),
    tu(
        "help",
        "The file could not be saved because the disk is full. Free some space and try again. "
        "Your changes are kept until you close the window.",
        "Impossibile salvare il file: il disco è pieno. Libera spazio e riprova. "
        "Le modifiche restano finché non chiudi la finestra.",
    ),
    tu("cancel", "Cancel the current download and remove the partial file from the folder", "Annulla"),
    tu("name", "Name", "Nome"),
    tu(
        "intro",
        "Welcome to the application. Here you can manage your projects.",
        "Benvenuto nell'applicazione. Qui puoi gestire i tuoi progetti.",
    ),
    tu("save", "Save", "Salva le modifiche apportate al documento corrente prima di uscire"),
    tu("del", "Delete", "Elimina definitivamente tutti i file selezionati dal cestino"),
    tu(
        "warn",
        "Are you sure you want to delete all selected files permanently from the recycle bin?",
        "Eliminare?",
    ),
    tu("two", "2", "2"),
    tu(
        "about",
        "About this application and its license terms and the list of third party components",
        "Informazioni",
    ),
]


def check(path: Path) -> list[dict[str, Any]]:
    runner = Runner.from_config(QAConfig())
    out = []
    for item in read(path):
        assert isinstance(item, ArticlePair), getattr(item, "message", item)
        out.append(runner.check(item).to_dict())
    return out


def test_units_carry_their_identity_and_line(tmp_path: Path) -> None:
    f = write(tmp_path / "a.xlf", xliff([("src/app/app.html", ANGULAR)]))
    (a,) = read(f)
    assert isinstance(a, ArticlePair) and len(a.units) == len(ANGULAR)
    assert [u.ref.id for u in a.units][:3] == ["title", "year", "ok"]
    assert {u.ref.file for u in a.units} == {"src/app/app.html"}
    lines = f.read_text().splitlines()
    assert all(f'id="{u.ref.id}"' in lines[u.ref.line - 1] for u in a.units)
    for u in a.units:  # each unit is one line of each text
        assert (
            "\n" not in a.source.text[u.src_start : u.src_end]
            and "\n" not in a.target.text[u.tgt_start : u.tgt_end]
        )


def test_no_omission_or_addition_across_fully_translated_units(tmp_path: Path) -> None:
    (r,) = check(write(tmp_path / "a.xlf", xliff([("app.html", ANGULAR)])))
    assert not [f for f in r["findings"] if f["code"] in ("A201", "A202")], r["findings"]
    src = r["sentences"]["source"]
    tgt = r["sentences"]["target"]
    owner = {(u["id"]): u["beads"] for u in r["units"]}
    assert len(owner) == len(ANGULAR) and all(owner.values())
    for bead in r["alignment"]:  # never across units: both sides of a bead sit in the same unit's line
        for side, spans, text in (("source", src, r["source"]), ("target", tgt, r["target"])):
            lines = {text[: spans[i]["start"]].count("\n") for i in bead[side]}
            assert len(lines) <= 1
        if bead["source"] and bead["target"]:
            assert r["source"][: src[bead["source"][0]]["start"]].count("\n") == r["target"][
                : tgt[bead["target"][0]]["start"]
            ].count("\n")


def test_an_empty_target_is_an_omission_in_its_own_unit(tmp_path: Path) -> None:
    units = [
        tu("a", "Open the file.", "Apri il file."),
        tu("b", "Close the door and leave the room now.", ""),
        tu("c", "Save the document.", "Salva il documento."),
    ]
    (r,) = check(write(tmp_path / "a.xlf", xliff([("x.html", units)])))
    omitted = [f for f in r["findings"] if f["code"] == "A201"]
    assert [f["unit"]["id"] for f in omitted] == ["b"]
    verdicts = {u["id"]: u["verdict"] for u in r["units"]}
    assert verdicts["b"] == "fail" and verdicts["a"] == verdicts["c"] == "pass"


def test_every_finding_names_its_unit(tmp_path: Path) -> None:
    units = [
        tu("n1", "Sales rose 12% in 2023 across the region.", "Le vendite sono salite del 21% nel 2023."),
        tu("n2", "The meeting starts at nine.", "La riunione inizia alle nove."),
    ]
    (r,) = check(write(tmp_path / "a.xlf", xliff([("n.html", units)])))
    assert r["findings"] and all(f["unit"] is not None for f in r["findings"])
    a101 = [f for f in r["findings"] if f["code"] == "A101"]
    assert a101 and a101[0]["unit"] == {"file": "n.html", "id": "n1", "line": 4, "index": 0, "name": None}


def test_article_pairs_have_no_unit(tmp_path: Path) -> None:
    from mtqa.pipeline import check_texts

    r = check_texts(
        "Sales rose 12% in 2023.", "Le vendite sono salite del 21% nel 2023.", "en", "it"
    ).to_dict()
    assert r["findings"] and all(f["unit"] is None for f in r["findings"]) and r["units"] == []


def test_same_basename_in_two_folders_and_the_same_original_twice(tmp_path: Path) -> None:
    one = [tu("1", "Open the file.", "Apri il file.")]
    f = write(
        tmp_path / "a.xlf",
        xliff(
            [("/home/a/messages.html", one), ("/home/b/messages.html", one), ("/home/b/messages.html", one)]
        ),
    )
    items = read(f)
    assert all(isinstance(i, ArticlePair) for i in items), items
    assert [i.article_id for i in items] == [
        "home/a/messages.html",
        "home/b/messages.html",
        "home/b/messages.html#2",
    ]


def test_sdlxliff_segments_are_units_paired_by_mid(tmp_path: Path) -> None:
    unit = (
        '<trans-unit id="g-1"><source>Open the file. Close it.</source><seg-source>'
        '<mrk mtype="seg" mid="1">Open the file.</mrk> <mrk mtype="seg" mid="2">Close it.</mrk></seg-source>'
        '<target><mrk mtype="seg" mid="2">Chiudilo.</mrk> <mrk mtype="seg" mid="1">Apri il file.</mrk>'
        "</target></trans-unit>\n"
    )
    (a,) = read(write(tmp_path / "a.sdlxliff", xliff([("doc.docx", [unit])])))
    assert isinstance(a, ArticlePair)
    assert [(u.ref.id, u.ref.name) for u in a.units] == [("1", "g-1"), ("2", "g-1")]
    assert a.source.text == "Open the file.\nClose it." and a.target.text == "Apri il file.\nChiudilo."


def test_po_and_tmx_units(tmp_path: Path) -> None:
    po = write(
        tmp_path / "it.po",
        'msgid ""\nmsgstr ""\n"Language: it\\n"\n"X-Source-Language: en\\n"\n\n'
        '#: a.c:1\nmsgctxt "menu"\nmsgid "Open"\nmsgstr "Apri"\n\nmsgid "Save"\nmsgstr "Salva"\n',
    )
    (p,) = read(po)
    assert isinstance(p, ArticlePair)
    assert [(u.ref.id, u.ref.name, u.ref.line) for u in p.units] == [("Open", "menu", 6), ("Save", None, 11)]
    tmx = write(
        tmp_path / "m.tmx",
        '<tmx version="1.4"><header srclang="en"/><body>\n'
        '<tu tuid="t1"><tuv xml:lang="en"><seg>Open</seg></tuv>'
        '<tuv xml:lang="it"><seg>Apri</seg></tuv></tu>\n'
        '<tu><tuv xml:lang="en"><seg>Save</seg></tuv><tuv xml:lang="it"><seg>Salva</seg></tuv></tu>\n'
        "</body></tmx>",
    )
    (t,) = read(tmx)
    assert isinstance(t, ArticlePair) and [(u.ref.id, u.ref.line) for u in t.units] == [("t1", 2), ("#2", 3)]


# -- issue 14, item 6: a broken file keeps the good articles read before the break ---------------------


def test_broken_xliff_keeps_every_good_file_before_the_break(tmp_path: Path) -> None:
    good = [
        (f"f{i}.html", [tu("1", f"Article number {i} is here.", f"L'articolo numero {i} è qui.")])
        for i in range(50)
    ]
    text = (
        xliff(good).replace("</xliff>\n", "")
        + '<file original="bad"><body><trans-unit id="1"><source>x</sorce>'
    )
    items = read(write(tmp_path / "b.xlf", text))
    assert len(items) == 51 and all(isinstance(i, ArticlePair) for i in items[:50])
    last = items[-1]
    assert isinstance(last, BadItem) and last.code == "E101" and last.article_id == "bad"
    assert last.origin.endswith(f":{text.count(chr(10)) + 1}")


def test_broken_tmx_keeps_every_good_document_before_the_break(tmp_path: Path) -> None:
    tus = "".join(
        f'<tu><prop type="x-document">d{i}</prop><tuv xml:lang="en"><seg>Article {i} is here.</seg></tuv>'
        f'<tuv xml:lang="it"><seg>L\'articolo {i} è qui.</seg></tuv></tu>\n'
        for i in range(50)
    )
    text = f'<tmx version="1.4"><header srclang="en"/><body>\n{tus}<tu><tuv xml:lang="en"><seg>x</sg>'
    items = read(write(tmp_path / "b.tmx", text))
    assert [i.article_id for i in items[:50]] == [f"d{i}" for i in range(50)]
    assert all(isinstance(i, ArticlePair) for i in items[:50])
    assert len(items) == 51 and isinstance(items[-1], BadItem) and items[-1].code == "E101"


# -- issue 14, item 11: one huge <file> is streamed, unit by unit ------------------------------------


def test_one_huge_file_element_is_streamed_unit_by_unit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import mtqa.inputs.xliff as reader
    from mtqa.inputs import xmlsafe

    units = [
        tu(str(i), f"Sentence number {i} of the file.", f"Frase numero {i} del file.") for i in range(3000)
    ]
    f = write(tmp_path / "huge.xlf", xliff([("big.html", units)]))
    alive: list[int] = []
    add = reader._add_unit

    def spy(cur: Any, unit: Any, *args: Any) -> None:
        alive.append(sum(1 for _ in unit.getroottree().iter()))  # elements held in memory right now
        add(cur, unit, *args)

    monkeypatch.setattr(reader, "_add_unit", spy)
    monkeypatch.setattr(xmlsafe, "CHUNK", 1024)  # the parser is a chunk ahead of the reader at most
    (a,) = read(f)
    assert isinstance(a, ArticlePair) and len(a.units) == 3000
    # the tree holds the unit being read, its ancestors and what one chunk parsed ahead: never the file
    assert max(alive) < 50


def test_a_huge_file_element_over_the_limit_is_one_error_record(tmp_path: Path) -> None:
    units = [
        tu(str(i), f"Sentence number {i} of the file.", f"Frase numero {i} del file.") for i in range(3000)
    ]
    f = write(tmp_path / "huge.xlf", xliff([("big.html", units), ("small.html", units[:1])]))
    big, small = read(f, limit=20_000)
    assert isinstance(big, BadItem) and big.code == "E106" and big.article_id == "big.html"
    assert isinstance(small, ArticlePair)


def test_batch_json_has_units_and_finding_units(tmp_path: Path) -> None:
    from mtqa.cli import main

    f = write(tmp_path / "a.xlf", xliff([("app.html", ANGULAR)]))
    out = tmp_path / "out"
    main(["batch", str(f), "--out", str(out), "--quiet", "--jobs", "1", "--timeout", "0"])
    (r,) = [json.loads(x) for x in (out / "reports.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [u["id"] for u in r["units"]] == [
        "title",
        "year",
        "ok",
        "help",
        "cancel",
        "name",
        "intro",
        "save",
        "del",
        "warn",
        "two",
        "about",
    ]
    assert {"file", "id", "line", "verdict", "score", "words", "findings"} <= set(r["units"][0])


@pytest.mark.parametrize("kind", ["xliff", "tmx"])
def test_file_cut_off_keeps_what_was_read_and_adds_nothing(tmp_path: Path, kind: str) -> None:
    """A file cut off inside an element (the fault suite's truncated files): closing the parser makes
    up the rest, the element cut off and the end of every open one. They became articles: an XLIFF
    ``<file>`` with nothing in it (E105, one record too many), a TMX unit without languages that made
    the whole document E102, losing its five good units."""
    if kind == "xliff":
        good = [(f"f{i}.html", [tu("1", f"Article number {i} is here.", f"L'articolo {i} è qui.")])
                for i in range(5)]
        text = xliff(good).replace("</xliff>\n", "") + "<file><body><trans-unit"
    else:
        text = '<tmx version="1.4"><header srclang="en"/><body>\n' + "".join(
            f'<tu><tuv xml:lang="en"><seg>Article {i} is here.</seg></tuv>'
            f'<tuv xml:lang="it"><seg>L\'articolo {i} è qui.</seg></tuv></tu>\n' for i in range(5)) + "<tu><tuv"
    items = read(write(tmp_path / f"b.{'xlf' if kind == 'xliff' else 'tmx'}", text))
    assert len(items) == (6 if kind == "xliff" else 2)
    assert all(isinstance(i, ArticlePair) for i in items[:-1])
    assert isinstance(items[-1], BadItem) and items[-1].code == "E101"
    if kind == "tmx":
        assert items[0].target.text.count("\n") == 4  # all five units
