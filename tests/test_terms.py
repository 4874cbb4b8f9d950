"""Termbase reading (TBX-Basic in both serializations, CSV), term matching, and errors on bad files."""

from __future__ import annotations

from pathlib import Path

import pytest

from mtqa.errors import InputError
from mtqa.terms import load_glossary
from mtqa.terms.match import find_term
from mtqa.types import ArticleError, ArticlePair, Document

ROOT = Path(__file__).resolve().parent.parent
TERMBASE = ROOT / "corpora" / "termbases"


def test_shipped_csv_and_tbx_agree() -> None:
    csv, tbx = load_glossary(TERMBASE / "it-en-news.csv"), load_glossary(TERMBASE / "it-en-news.tbx")
    assert csv.concepts == tbx.concepts and len(csv.concepts) >= 40


def test_tbx_2019_serialization(tmp_path: Path) -> None:
    p = tmp_path / "g.tbx"
    p.write_text(
        """<?xml version="1.0"?>
<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">
 <text><body>
  <conceptEntry id="c1">
   <note>mtqa-severity: minor</note>
   <langSec xml:lang="it"><termSec><term>sindacato</term></termSec></langSec>
   <langSec xml:lang="en-GB">
    <termSec><term>syndicate</term><termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></termSec>
    <termSec><term>trade union</term><termNote type="administrativeStatus">admittedTerm-admn-sts</termNote></termSec>
    <termSec><term>union</term><termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></termSec>
   </langSec>
  </conceptEntry>
 </body></text>
</tbx>""",
        encoding="utf-8",
    )
    (e,) = load_glossary(p).for_pair("it", "en")
    assert e.accepted == ("union", "trade union") and e.forbidden == ("syndicate",)
    assert e.severity is not None and e.severity.value == "minor"


def test_csv_any_pair_and_context(tmp_path: Path) -> None:
    p = tmp_path / "g.csv"
    p.write_text("source,target,forbidden,context\nproiettili,shells,bullets,\\d+ mm\n", encoding="utf-8")
    (e,) = load_glossary(p).for_pair("it", "en")
    assert e.applies("da 152 mm", "") and not e.applies("della pistola", "of the pistol")


@pytest.mark.parametrize(
    "content,message",
    [
        ("it,en\n", "no"),  # header only: an empty glossary is fine, checked below
        ("a,b,c\nx,y,z\n", "header"),
        ("it,en,severity\nPil,GDP,huge\n", "severity"),
        ("it,en,context\nPil,GDP,(unclosed\n", "regular expression"),
    ],
)
def test_bad_csv_is_an_input_error(tmp_path: Path, content: str, message: str) -> None:
    p = tmp_path / "g.csv"
    p.write_text(content, encoding="utf-8")
    if message == "no":
        assert load_glossary(p).concepts == ()
        return
    with pytest.raises(InputError, match=message):
        load_glossary(p)


def test_bad_files(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not found"):
        load_glossary(tmp_path / "missing.tbx")
    (tmp_path / "g.txt").write_text("x", encoding="utf-8")
    with pytest.raises(InputError, match="format"):
        load_glossary(tmp_path / "g.txt")
    (tmp_path / "g.tbx").write_text("<html/>", encoding="utf-8")
    with pytest.raises(InputError, match="not TBX"):
        load_glossary(tmp_path / "g.tbx")


@pytest.mark.parametrize(
    "text,term,lang,found",
    [
        ("4,8 milioni di proiettili", "proiettile", "it", ["proiettili"]),
        ("five shells and a shell", "shells", "en", ["shells", "shell"]),
        ("gli Usa e chi usa", "Usa", "it", ["Usa"]),  # case decides: the country, not the verb
        ("NATO and Nato", "Nato", "en", ["Nato"]),
        ("$2bn in cities", "bn", "en", ["bn"]),
        ("the city's cities", "city", "en", ["city", "cities"]),
    ],
)
def test_term_matching(text: str, term: str, lang: str, found: list[str]) -> None:
    assert [text[a:b] for a, b in find_term(text, term, lang)] == found


def test_cli_glossary_flag(tmp_path: Path) -> None:
    from mtqa.cli import main

    src, tgt = tmp_path / "a.it.txt", tmp_path / "a.en.txt"
    src.write_text("La giunta ha approvato il piano.\n", encoding="utf-8")
    tgt.write_text("The junta approved the plan.\n", encoding="utf-8")
    rc = main(["check", str(src), str(tgt), "--glossary", str(TERMBASE / "it-en-news.tbx"), "--format", "json",
               "--fluency", "none"])
    assert rc == 1


def test_config_glossary_is_relative_to_the_settings_file(tmp_path: Path) -> None:
    from mtqa.config import load_config

    (tmp_path / "terms").mkdir()
    (tmp_path / "terms" / "g.csv").write_text("it,en,forbidden\nPil,GDP,Pil\n", encoding="utf-8")
    (tmp_path / "mtqa.toml").write_text('glossary = "terms/g.csv"\n', encoding="utf-8")
    cfg = load_config(tmp_path / "mtqa.toml")
    assert cfg.glossary is not None and Path(cfg.glossary) == tmp_path / "terms" / "g.csv"
    assert load_glossary(cfg.glossary).for_pair("it", "en")[0].forbidden == ("Pil",)


def test_signature_names_the_glossary_by_content(tmp_path: Path) -> None:
    """Two termbases of the same file name but other terms give other signatures; the same terms the
    same one (issue 15: the signature recorded only the file name)."""
    from mtqa.config import QAConfig
    from mtqa.pipeline import Runner

    def signature(folder: str, rows: str) -> str:
        d = tmp_path / folder
        d.mkdir()
        (d / "terms.csv").write_text("source,target\n" + rows, encoding="utf-8")
        return Runner.from_config(QAConfig(glossary=str(d / "terms.csv"))).error_report(
            ArticlePair("x", Document("a", "it"), Document("b", "en")), ArticleError("E999", "x")
        ).signature

    a = signature("a", "proiettili,shells\n")
    assert signature("b", "proiettili,bullets\n") != a
    assert signature("c", "proiettili,shells\n") == a
    assert "|gloss:terms.csv@" in a
