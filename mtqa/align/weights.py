"""The bead cost model's features and their learned weights.

A bead's cost is the dot product of its feature vector (``mtqa.align.scorer``) with one of these
weight sets; the aligner finds the sequence of beads with the lowest total cost. The weights were
learned by ``scripts/train_align.py`` (an averaged structured perceptron toward the gold beads) on
tuning data only: the Text+Berg dev document and the dev quarter of the synthetic NTREX it-en set.
Never on the documents the README reports.

- ``base``: the first pass (length, anchors, punctuation, boilerplate);
- ``lexicon``: the optional second pass of the fast mode (``lexicon=True``), with the lexicon learned
  from the first pass;
- ``accurate``: the second pass with sentence-embedding similarity as well.

Two weights are not learned but set: ``paragraph`` (the tuning data has no paragraphs;
``AlignConfig.paragraph_penalty`` sets it) and ``numbers_missing_in``, 0.3 per number: a sentence
whose numbers the other document has nowhere is not half of a merged bead but, most likely, an
omission or addition (the tuning data has too few of these for the weight to be learned; at 0.3 it
costs one bead on the tuning data).
"""

from __future__ import annotations

FEATURES = (
    "length",  # Gale-Church length cost (-log of the two-sided normal tail of the length difference)
    "lex_all",  # beadsize x (1 - weighted Dice of all anchors)
    "lex_idf",  # beadsize x (1 - Dice of the anchors found on both sides, weighted by rarity)
    "cover",  # beadsize x (1 - the smaller share of either side's anchors found on the other)
    "unaligned",  # weight of anchors that the other document never has (names left untranslated ...)
    "uncovered",  # per sentence of the bead: 1 - the share of its anchors found on the other side
    "shape_1_2", "shape_2_1", "shape_2_2", "shape_1_3", "shape_3_1",  # prior of the bead's shape
    "inner_weak",  # sentence boundaries inside the bead after a colon, semicolon, comma or nothing
    "inner_strong",  # sentence boundaries inside the bead after a full stop, ? or !
    "end_mismatch",  # the two sides end with different punctuation
    "boilerplate_in",  # feed boilerplate lines inside a many-sentence bead
    "null",  # a sentence aligned to nothing
    "null_length",  # its length / 100 characters
    "null_similar",  # its best anchor Dice with the other side's sentences around the gap
    "null_boilerplate",  # it is feed boilerplate
    "lex_learned",  # as lex_idf, over the words of the learned lexicon
    "uncovered_learned",  # as uncovered, over the words of the learned lexicon
    "embed",  # Vecalign's cost: (1 - cosine) / (1 - cosine with random sentences) x sentences x sentences
    "embed_member",  # per sentence of the bead: its normalized embedding distance to the other side
    "embed_size",  # beadsize x normalized embedding distance
    "paragraph",  # paragraph breaks inside the bead
    "numbers_missing_in",  # numbers that the other document has nowhere, in a many-sentence bead
)

# filled in by scripts/train_align.py; see the module docstring
WEIGHT_SETS: dict[str, tuple[float, ...]] = {
    "base": (
        0.511, 0.905, -0.046, 0.944, 0.013, 0.940, 1.501, 1.269,
        2.158, 3.123, 2.745, 0.078, 0.396, 0.991, 1.000, 4.047,
        0.486, -0.732, -2.000, 0.000, 0.000, 0.000, 0.000, 0.000,
        3.000, 0.300,
    ),
    "lexicon": (
        0.497, 0.973, -0.021, 0.974, -0.007, 0.973, 1.424, 1.483,
        2.065, 3.000, 2.979, 0.062, 0.467, 0.979, 1.000, 4.083,
        0.520, -0.959, -2.000, 0.486, 0.488, 0.000, 0.000, 0.000,
        3.000, 0.300,
    ),
    "accurate": (
        0.461, 0.775, -0.191, 0.799, -0.012, 0.788, 1.327, 1.223,
        2.015, 2.977, 2.763, -0.142, 0.197, 0.909, 1.000, 4.565,
        0.515, -0.842, -2.000, 0.400, 0.392, 0.893, 0.428, 0.482,
        3.000, 0.300,
    ),
}
