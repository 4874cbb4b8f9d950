from __future__ import annotations

import pytest

from mtqa.lang.profiles import get_profile
from mtqa.text.numbers import find_number_words, find_numbers

IT, EN, DE = get_profile("it"), get_profile("en"), get_profile("de")


@pytest.mark.parametrize(
    "text,profile,values",
    [
        ("4,8 milioni", IT, [4_800_000]),
        ("10 mila", IT, [10_000]),
        ("10.000 e 1.234.567,5", IT, [10_000, 1_234_567.5]),
        ("25 miliardi", IT, [25e9]),
        ("4.8 million and 10,000", EN, [4_800_000, 10_000]),
        ("4,8 million", EN, [4_800_000]),  # a decimal comma left in English still reads as 4.8
        ("1,234,567.5", EN, [1_234_567.5]),
        ("25 billion", EN, [25e9]),
        ("2,5 Mio. Euro", DE, [2_500_000]),
        ("SU-27 e G7", IT, [27]),  # G7 is a name, not a number
    ],
)
def test_values(text: str, profile, values: list[float]) -> None:  # noqa: ANN001
    assert [n.value for n in find_numbers(text, profile)] == values


def test_times_compare_across_notations() -> None:
    (it,) = find_numbers("alle 10.30", IT)
    (en,) = find_numbers("at 10:30", EN)
    assert it.values & en.values


def test_offsets_and_number_words() -> None:
    text = "tra i 3 mila e tre"
    (n,) = find_numbers(text, IT)
    assert text[n.start : n.end] == "3 mila" and n.scaled_by == "mila"
    assert [w.value for w in find_number_words(text, IT)] == [3]


def test_italian_number_word_forms() -> None:
    """Tens and units in one word, ages and approximations are Italian numbers (issue 17)."""
    text = "Il trentunenne e una ventina di ventitreenni: trentotto in tutto, più un centinaio."
    assert [w.value for w in find_number_words(text, IT)] == [31, 1, 20, 23, 38, 100]


def test_full_stop_after_a_letter_before_digits() -> None:
    """"No.1" is the number 1; ".5" with nothing before the stop is not read as 5."""
    assert [n.value for n in find_numbers("the No.1 side", EN)] == [1]
    assert find_numbers("a share of .5", EN) == ()
