"""The shared tokenizer: ``spans`` finds what ``re.finditer`` finds, at the same offsets. The word pattern
(also the n-gram model's tokens) and the name pattern of T201 are its users."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from mtqa.terms.consistency import _NAME_WORD
from mtqa.text.tokens import _WORD, spans, words

# letters (with accents and other scripts), digits of two kinds, apostrophes, spaces and punctuation
ALPHABET = st.sampled_from(list("aAbzéÈßπж漢1٣²'’ -.,«»\n_") + ["l'", "it's", "Jong-un"])


@settings(max_examples=300, deadline=None)
@given(st.lists(ALPHABET, max_size=40).map("".join))
def test_spans_equal_finditer(text: str) -> None:
    for rx in (_WORD, _NAME_WORD):
        assert spans(rx, text) == [(m.start(), m.end(), m.group(0)) for m in rx.finditer(text)]
    assert [(t.start, t.end, t.text) for t in words(text)] == spans(_WORD, text)


def test_repeated_words_get_their_own_offsets() -> None:
    text = "the the, l'the 2the the"
    expected = [(0, "the"), (4, "the"), (9, "l'the"), (16, "the"), (20, "the")]
    assert [(t.start, t.text) for t in words(text)] == expected
    assert all(text[t.start : t.end] == t.text for t in words(text))
