"""XML never resolves entities: bombs, external entities and parameter entities are refused with an
error record (E109), nothing is expanded or fetched, and the rest of the batch goes on."""

from __future__ import annotations

import json
import resource
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
