"""One language-pair type and one "unknown" marker (issue 15, item 3): ``LangPair`` everywhere, None for
a language not known, and one resolution path for every command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mtqa.cli import main
from mtqa.config import QAConfig
from mtqa.inputs import read_inputs
from mtqa.lang.profiles import parse_langs
from mtqa.terms.model import ANY_LANG
from mtqa.types import LangPair


def test_one_pair_type() -> None:
    assert parse_langs("it-en") == LangPair("it", "en") and isinstance(parse_langs("it-en"), LangPair)
    assert isinstance(QAConfig(langs=("it", "en")).langs, LangPair)  # a caller's tuple becomes one
    assert LangPair.of("", "und") == LangPair(None, None) and str(LangPair(None, "en")) == "?-en"


def test_readers_give_none_for_a_language_not_known(tmp_path: Path) -> None:
    feed = tmp_path / "f.jsonl"
    rows = [{"id": "a", "source": "Uno.", "target": "One.", "source_lang": "", "target_lang": "und"},
            {"id": "b", "source": "Uno.", "target": "One."},
            {"id": "c", "source": "", "target": "One.", "source_lang": "it"}]
    feed.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    items = list(read_inputs([feed]))
    assert [i.langs for i in items] == [LangPair(None, None), LangPair(None, None), LangPair("it", None)]


def test_any_language_of_a_glossary_is_not_the_unknown_marker() -> None:
    assert ANY_LANG not in ("", "und") and LangPair.of(ANY_LANG, ANY_LANG) != LangPair(None, None)


def test_align_resolves_languages_as_check_does(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    s, t = tmp_path / "s.txt", tmp_path / "t.txt"
    s.write_text("123 456.\n", encoding="utf-8")
    t.write_text("123 456.\n", encoding="utf-8")
    why = "cannot tell the source language (no letters)"
    assert main(["check", str(s), str(t)]) == 2
    assert why in capsys.readouterr().out  # check: an error record
    assert main(["align", str(s), str(t)]) == 2
    assert why in capsys.readouterr().err  # align: the same error, from the same resolution
    assert main(["align", str(s), str(t), "--langs", "it-en", "--mode", "fast"]) == 0
