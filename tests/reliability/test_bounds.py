"""Work bounded by input size (issue 14, items 1 and 9): the paths an attack found super-linear are
tested directly on the bounded function (what it is asked to compute), never by timing it; the
segmenter's regular expression, which has no such seam, runs under a generous hang guard."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from mtqa.text import spelling
from mtqa.config import QAConfig
from mtqa.detectors import glued_words, source_copied
from mtqa.lang.profiles import get_profile
from mtqa.text.segment import segment
from mtqa.feeds.timelimit import ArticleTimeout, time_limit


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


def test_glued_word_rules_look_up_no_long_piece(monkeypatch: pytest.MonkeyPatch) -> None:
    """The fault suite's 64,000-letter word: the "rarer word beside a very common one" rule looked up
    every prefix and suffix of it, and the frequency cache kept them all (n squared memory: E501)."""
    from mtqa.pipeline import Runner
    from mtqa.types import ArticlePair, Document

    real = glued_words.zipf
    long_pieces: list[int] = []

    def spy(w: str, lang: str) -> float:
        if len(w) > 2 * spelling.MAX_WORD_CHARS:
            long_pieces.append(len(w))
        return real(w, lang)

    monkeypatch.setattr(glued_words, "zipf", spy)
    Runner.from_config(QAConfig()).check(ArticlePair("w", Document("Una parola.", "it"),
                                                     Document("One " + "a" * 3000 + " word.", "en")))
    assert long_pieces == [3000]  # the word itself, once; none of its pieces


@pytest.mark.parametrize("find", ["links", "quantities"])
def test_address_and_unit_patterns_run_in_linear_time(find: str) -> None:
    """A run of 64,000 letters (an address's user part without its "@") or digits (feet and inches
    without "ft") took seconds: each pattern was retried from every character of the run. 300,000
    characters would take minutes that way; linear, well under a second. The guard only stops a hang."""
    from mtqa.detectors.link_mismatch import links
    from mtqa.text.quantities import find_quantities

    try:
        with time_limit(30):
            if find == "links":
                assert links("Scrivi a " + "a" * 300_000 + " o a help@example.com.") == [
                    (300_014, 300_030, "help@example.com")]
            else:
                got = find_quantities("1" * 300_000 + " e 6-foot-6.", get_profile("en"))
                assert [q.unit for q in got] == ["ft+in", "ft+in"]
    except ArticleTimeout:
        pytest.fail(f"{find} did not finish: super-linear")


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


WORK_PER_SENTENCE = 250  # bead costs the search may evaluate per sentence (about 90-140 here once bounded)


def _opposite_numbers(n: int) -> tuple[str, str]:
    """Two paragraphs of ``n`` sentences a side, each with its own number, the target's in the opposite
    order and one sentence longer: the pairs cannot take the sentence-by-sentence fast path."""
    src = [f"Il valore {i} è salito." for i in range(2 * n)]
    tgt = [f"The value {i} rose." for i in reversed(range(2 * n))]
    return (" ".join(src[:n]) + "\n\n" + " ".join(src[n:]),
            " ".join(tgt[:n]) + " And more.\n\n" + " ".join(tgt[n:]) + " And more.")


def _three_times_as_many(n: int) -> tuple[str, str]:
    """One paragraph, no anchors, three target sentences for each source sentence."""
    return " ".join(["Il valore è salito di molto oggi."] * n), " ".join(["It rose."] * (3 * n))


def _search_work(monkeypatch: pytest.MonkeyPatch, src_text: str, tgt_text: str) -> int:
    """The bead costs that the aligner's searches evaluate on the two texts; past
    :data:`WORK_PER_SENTENCE` per sentence the count stops the search (the old code ran for minutes)."""
    import mtqa.align as align_mod
    from mtqa.align.search import best_path

    it, en = get_profile("it"), get_profile("en")
    src, tgt = segment(src_text, it), segment(tgt_text, en)
    budget = WORK_PER_SENTENCE * (len(src) + len(tgt))
    count = [0]

    def counting(n: int, m: int, band: Any, shapes: Any, cost: Any) -> Any:
        def counted(*span: int) -> float:
            count[0] += 1
            if count[0] > budget:
                raise AssertionError(f"over {WORK_PER_SENTENCE} bead costs a sentence: super-linear search")
            return cost(*span)

        return best_path(n, m, band, shapes, counted)

    monkeypatch.setattr(align_mod, "best_path", counting)
    beads = align_mod.align(src, tgt, it, en).beads
    assert sorted(i for b in beads for i in b.src) == list(range(len(src)))
    assert sorted(j for b in beads for j in b.tgt) == list(range(len(tgt)))
    return count[0]


@pytest.mark.parametrize("case", [_opposite_numbers, _three_times_as_many])
def test_alignment_work_grows_linearly(monkeypatch: pytest.MonkeyPatch, case: Any) -> None:
    """Issue 14, item 9: numbers in opposite order took 126 s and 1.6 GB for 1,000 sentences. Inside a
    paragraph pair the search covered the whole rectangle with 1-n beads of any width (work growing
    with the cube of the paragraph's length: doubling it multiplied the work by 7.5); a document with
    three times as many sentences on one side was searched over a band as wide as the difference
    (doubling: 4 times the work). Bounded, doubling the input about doubles the work."""
    small = _search_work(monkeypatch, *case(60))
    large = _search_work(monkeypatch, *case(120))
    assert large < 2.5 * small, (small, large)
