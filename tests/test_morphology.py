"""Word forms built freely (mtqa.lang.morphology): prefixed and clitic forms are known words."""

from __future__ import annotations

import pytest

from mtqa.lang.morphology import affixed_word, known_word
from mtqa.lang.profiles import get_profile


@pytest.mark.parametrize("word", ["sottomodulo", "eseguirne", "incollalo", "autoconfermata", "reimposti",
                                  "mostrandogliela", "sottomoduli"])
def test_italian_prefixed_and_clitic_forms(word: str) -> None:
    assert affixed_word(word, get_profile("it"), known_word("it"))


@pytest.mark.parametrize("word", ["identificazioen", "goverment", "inportante", "sottomodulio"])
def test_misspellings_are_not_affixed_forms(word: str) -> None:
    assert not affixed_word(word, get_profile("it"), known_word("it"))


def test_a_language_without_the_lists_has_no_such_forms() -> None:
    assert not affixed_word("autoconfirmed", get_profile("en"), known_word("en"))
