"""Work bounded by input size (issue 14, items 1 and 9): the paths an attack found super-linear are
tested directly on the bounded function (what it is asked to compute), never by timing it; the
segmenter's regular expression, which has no such seam, runs under a generous hang guard."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from mtqa import spelling
from mtqa.detectors import glued_words, source_copied
from mtqa.lang.profiles import get_profile
from mtqa.segment import segment
from mtqa.timelimit import ArticleTimeout, time_limit


def test_longest_listed_word_is_under_the_bound() -> None:
    """The bound is only safe while no listed word is within one edit of a longer word."""
    import gzip
    import json
    from importlib import resources

    for lang in sorted(spelling.LANGUAGES):
        path = resources.files("spellchecker").joinpath("resources", f"{lang}.json.gz")
        if not path.is_file():
            continue
        longest = max(map(len, json.loads(gzip.decompress(path.read_bytes()))))
        assert longest + 1 <= spelling.MAX_WORD_CHARS, lang


def test_misspellings_never_expands_a_long_word(monkeypatch: pytest.MonkeyPatch) -> None:
    """A word of n letters has 54n + 25 edit candidates of n letters each: 8,000 letters took 3.2 GB."""
    asked: list[int] = []
    real = spelling._edits1

    def spy(word: str) -> set[str]:
        asked.append(len(word))
        return real(word) if len(word) <= spelling.MAX_WORD_CHARS else set()

    monkeypatch.setattr(spelling, "_edits1", spy)
    spelling._nearest.cache_clear()
    long_word = "goverment" * 600
    assert spelling.misspellings([long_word, "goverment"], "en") == {
        "goverment": spelling.Misspelling("goverment", "government")}
    assert asked and max(asked) <= spelling.MAX_WORD_CHARS
    assert spelling._edits1("a" * 5000) == set()


def test_glued_split_not_tried_on_a_long_token(monkeypatch: pytest.MonkeyPatch) -> None:
    looked_up: list[str] = []
    monkeypatch.setattr(glued_words, "zipf", lambda w, lang: looked_up.append(w) or 5.0)
    assert glued_words.best_split("a" * 5000, "en", 3.0) is None
    assert looked_up == []
    assert glued_words.best_split("Vietnamwhere", "en", 3.0) is not None


def _no_char_ratio(*a: Any, **k: Any) -> Any:
    raise AssertionError("the quadratic character ratio was computed on a long sentence")


def test_long_near_copy_is_found_without_the_character_ratio(monkeypatch: pytest.MonkeyPatch) -> None:
    from mtqa.types import AlignedSegment, Bead

    words = " ".join(f"parola{k % 97} e cose" for k in range(600))
    copy = words[:3000] + " uno " + words[3000:]
    monkeypatch.setattr(source_copied, "SequenceMatcher", _no_char_ratio)

    def ctx(target: str) -> Any:
        return SimpleNamespace(beads=[AlignedSegment(0, Bead((0,), (0,)), words, target, 0, len(words), 0,
                                                     len(target))])

    assert source_copied.is_copy(ctx(copy), 0)
    assert not source_copied.is_copy(ctx(" ".join(f"word{k % 89} and things" for k in range(600))), 0)


@pytest.mark.parametrize("run", [".", "?!", "…", "。"])
def test_long_run_of_marks_segments_in_linear_time(run: str) -> None:
    """30,000 dots took 35 s (quadratic: the boundary pattern was retried from every mark). 300,000
    characters would take hours that way; linear, well under a second. The guard only stops a hang."""
    text = "Il governo ha deciso. " + run * (300_000 // len(run)) + "\nFine."  # no space after the run
    try:
        with time_limit(30):
            segs = segment(text, get_profile("it"))
    except ArticleTimeout:
        pytest.fail("segmenting a run of marks did not finish: super-linear")
    assert segs[0].text.startswith("Il governo ha deciso.") and segs[-1].text.endswith("Fine.")
