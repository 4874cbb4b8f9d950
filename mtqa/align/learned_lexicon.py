"""A bilingual lexicon learned from the document itself, as Hunalign and Moore's aligner do without
a dictionary: after a first alignment, word pairs that keep occurring in the same 1-1 beads are
taken as translations (``Gipfel``/``sommet``, ``Hütte``/``cabane``), and the second pass can match
sentences that share no cognate or number.

Association is Dice over beads, ``2 c(s, t) / (c(s) + c(t))``, and each word gets at most one
partner (competitive linking: strongest pairs first), so that frequent function words do not link
to everything.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from mtqa.align.features import SentenceFeatures
from mtqa.types import Bead

MIN_COUNT = 2  # a pair must co-occur in at least this many 1-1 beads
MIN_DICE = 0.5


def learn_lexicon(
    src: Sequence[SentenceFeatures], tgt: Sequence[SentenceFeatures], beads: Sequence[Bead]
) -> dict[tuple[str, str], float]:
    """(source word, target word) -> Dice, from the 1-1 beads of ``beads``."""
    cs: Counter[str] = Counter()
    ct: Counter[str] = Counter()
    pairs: Counter[tuple[str, str]] = Counter()
    for b in beads:
        if len(b.src) != 1 or len(b.tgt) != 1:
            continue
        ws, wt = src[b.src[0]].words, tgt[b.tgt[0]].words
        cs.update(ws)
        ct.update(wt)
        pairs.update((a, c) for a in ws for c in wt)
    ranked = sorted(
        ((2 * k / (cs[a] + ct[c]), k, a, c) for (a, c), k in pairs.items() if k >= MIN_COUNT),
        reverse=True,
    )
    used_s: set[str] = set()
    used_t: set[str] = set()
    links: dict[tuple[str, str], float] = {}
    for dice, _, a, c in ranked:
        if dice < MIN_DICE:
            break
        if a in used_s or c in used_t:
            continue
        used_s.add(a)
        used_t.add(c)
        links[(a, c)] = dice
    return links


def lexicon_keys(
    src: Sequence[SentenceFeatures], tgt: Sequence[SentenceFeatures], links: dict[tuple[str, str], float]
) -> tuple[list[list[str]], list[list[str]]]:
    """Per sentence, one shared key for each of its words that the lexicon links."""
    s2k = {a: a for a, _ in links}
    t2k = {c: a for a, c in links}
    return (
        [sorted(s2k[w] for w in f.words if w in s2k) for f in src],
        [sorted(t2k[w] for w in f.words if w in t2k) for f in tgt],
    )
