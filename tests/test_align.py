"""Alignment: the bead scorer (Vecalign's convention), the aligner on known shapes, and Text+Berg."""

from __future__ import annotations

import pytest

from mtqa.align import align, bead_texts
from mtqa.align.gold import format_gold, parse_gold, score_alignments
from mtqa.errors import InputError
from mtqa.lang.profiles import get_profile
from mtqa.text.segment import segment, segment_lines
from mtqa.types import Bead, Document

from .conftest import DATA


def B(s: tuple[int, ...], t: tuple[int, ...]) -> Bead:
    return Bead(s, t)


def test_gold_round_trip_and_errors() -> None:
    text = "[0]:[0]\n[1, 2]:[1]\n[]:[2]\n[3]:[]\n"
    beads = parse_gold(text)
    assert beads == (B((0,), (0,)), B((1, 2), (1,)), B((), (2,)), B((3,), ()))
    assert format_gold(beads) == text
    with pytest.raises(InputError, match="gold.txt:2"):
        parse_gold("[0]:[0]\n0-0\n", "gold.txt")


def test_null_beads_count_in_precision_only() -> None:
    """Vecalign's score.py: a test null bead that gold lacks is wrong (strict and lax: it overlaps
    nothing); gold null beads are not in recall, so finding or missing them changes precision only."""
    gold = [B((0,), (0,)), B((), (1,)), B((1,), (2,))]
    found = [B((0,), (0,)), B((), (1,)), B((1,), (2,))]
    merged = [B((0,), (0, 1)), B((1,), (2,))]
    s_found, s_merged = score_alignments([found], [gold]), score_alignments([merged], [gold])
    assert s_found.strict.precision == 1.0 and s_found.strict.recall == 1.0
    assert s_merged.strict.precision == pytest.approx(1 / 2) and s_merged.strict.recall == pytest.approx(1 / 2)
    assert s_merged.lax.precision == 1.0 and s_merged.lax.recall == 1.0
    spurious = [B((0,), (0,)), B((), (1,)), B((1,), ()), B((), (2,))]
    s = score_alignments([spurious], [gold])
    assert s.strict.precision == pytest.approx(2 / 4) and s.lax.precision == pytest.approx(2 / 4)
    assert s.strict.recall == pytest.approx(1 / 2)


def test_scores_by_vecalign_convention() -> None:
    gold = [B((0,), (0,)), B((1, 2), (1,)), B((), (2,)), B((3,), (3,))]
    assert score_alignments([gold], [gold]).strict.f1 == 1.0
    test = [B((0,), (0,)), B((1,), (1,)), B((2,), ()), B((), (2,)), B((3,), (3,))]
    s = score_alignments([test], [gold])
    # precision over all 5 test beads: [0]:[0], []:[2] and [3]:[3] are in gold; [1]:[1] overlaps (lax)
    assert s.strict.precision == pytest.approx(3 / 5)
    assert s.lax.precision == pytest.approx(4 / 5)
    # recall over the 3 non-null gold beads against the 3 non-null test beads
    assert s.strict.recall == pytest.approx(2 / 3)
    assert s.lax.recall == pytest.approx(1.0)


IT = get_profile("it")
EN = get_profile("en")


def _align(src: str, tgt: str) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    s, t = segment(src, IT), segment(tgt, EN)
    return [(b.src, b.tgt) for b in align(s, t, IT, EN).beads]


def test_one_to_one_with_boilerplate_addition() -> None:
    src = "Putin viaggia all'estero nel 2024.\n\nVa in Corea del Nord e in Vietnam.\n\nIl Cremlino lo ha confermato il 18 giugno."
    tgt = ("Italy 24 Press News\n\nPutin travels abroad in 2024.\n\nHe goes to North Korea and Vietnam.\n\n"
           "The Kremlin confirmed it on June 18.\n\nFollow us on Google News")
    assert _align(src, tgt) == [((), (0,)), ((0,), (1,)), ((1,), (2,)), ((2,), (3,)), ((), (4,))]


def test_one_to_two_split_is_not_an_omission() -> None:
    src = ("Il Cremlino ha annunciato che il presidente Putin sarà a Pyongyang il 18 e 19 giugno e poi farà tappa "
           "ad Hanoi, dove incontrerà il governo del Vietnam. La visita durerà tre giorni.")
    tgt = ("The Kremlin announced that President Putin will be in Pyongyang on June 18 and 19. He will then stop in "
           "Hanoi, where he will meet the government of Vietnam. The visit will last three days.")
    assert _align(src, tgt) == [((0,), (0, 1)), ((1,), (2,))]


def test_bead_texts_are_slices_of_the_documents() -> None:
    src = "Uno.\n\nDue e tre. Quattro."
    tgt = "One.\n\nTwo and three. Four.\n\nExtra line here."
    s, t = segment(src, IT), segment(tgt, EN)
    al = align(s, t, IT, EN)
    for seg in bead_texts(Document(src, "it"), Document(tgt, "en"), s, t, al):
        assert src[seg.src_start : seg.src_end] == seg.src_text
        assert tgt[seg.tgt_start : seg.tgt_end] == seg.tgt_text


def test_alignment_covers_both_documents_in_order() -> None:
    src = " ".join(f"Frase numero {i} con la parola {i * 7}." for i in range(60))
    tgt = " ".join(f"Sentence number {i} with the word {i * 7}." for i in range(60) if i % 9)
    s, t = segment(src, IT), segment(tgt, EN)
    beads = align(s, t, IT, EN).beads
    assert [i for b in beads for i in b.src] == list(range(len(s)))
    assert [j for b in beads for j in b.tgt] == list(range(len(t)))
    omitted = [b.src[0] for b in beads if not b.tgt]
    assert omitted == [i for i in range(60) if i % 9 == 0]


def test_omitted_sentence_with_its_own_numbers_is_a_confident_null_bead() -> None:
    src = ("Il Cremlino ha annunciato la visita del presidente.\n\nSecondo fonti diplomatiche, Putin resterà a "
           "Pyongyang per due giorni e firmerà 12 accordi.\n\nLa visita proseguirà poi ad Hanoi.")
    tgt = "The Kremlin announced the president's visit.\n\nThe visit will then continue in Hanoi."
    s, t = segment(src, IT), segment(tgt, EN)
    beads = align(s, t, IT, EN).beads
    assert [(b.src, b.tgt) for b in beads] == [((0,), (0,)), ((1,), ()), ((2,), (1,))]
    assert beads[1].confidence is not None and beads[1].confidence > 0.8
    assert all(b.confidence is None for b in beads if b.src and b.tgt)


def test_boilerplate_between_paragraphs_is_left_unaligned() -> None:
    src = ("Il governo ha approvato la riforma delle pensioni martedì.\n\nLa legge entrerà in vigore nel 2025, "
           "dopo il voto del Senato.")
    tgt = ("The government approved the pension reform on Tuesday.\n\nRead also: the budget explained\n\n"
           "The law will come into force in 2025, after the Senate vote.")
    assert _align(src, tgt) == [((0,), (0,)), ((), (1,)), ((1,), (2,))]


TEXTBERG = DATA / "textberg-align-gold" / "bleualign_data"


@pytest.mark.skipif(not TEXTBERG.is_dir(), reason="Text+Berg gold not available")
def test_textberg_dev_floor() -> None:
    """A floor on the dev document (tuning data) so that aligner regressions fail CI: the fast mode
    reaches 0.866 strict F1 there (0.78 for v1's lex.v1)."""
    de, fr = get_profile("de"), get_profile("fr")
    src = segment_lines((TEXTBERG / "dev.de").read_text(encoding="utf-8"))
    tgt = segment_lines((TEXTBERG / "dev.fr").read_text(encoding="utf-8"))
    gold = parse_gold((TEXTBERG / "dev.defr").read_text(encoding="utf-8"))
    test = align(src, tgt, de, fr).beads
    s = score_alignments([test], [gold])
    assert s.strict.f1 >= 0.84, s
    assert s.lax.f1 >= 0.95, s
