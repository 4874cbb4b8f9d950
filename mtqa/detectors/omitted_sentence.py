from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Iterable
from itertools import pairwise

from mtqa.align.features import SentenceFeatures, sentence_features
from mtqa.align.scorer import BeadScorer, prior_ratio
from mtqa.align.weights import FEATURES, WEIGHT_SETS
from mtqa.detectors.base import CheckContext, Detector
from mtqa.lang.profiles import LanguageProfile
from mtqa.text.boilerplate import is_boilerplate
from mtqa.text.tokens import words
from mtqa.types import AlignedSegment, Finding, Severity

# a source sentence merged into a bead with fewer target sentences is taken for left out when the target
# is this much shorter than the whole bead's source would make it (the article's own length ratio) ...
SHORT_BEAD = 0.88
# ... or, up to this ratio, when none of the sentence's anchors (numbers, names, cognates) is in the
# target while at least this share of the other sentences' anchors is
ANCHORED_BEAD, OTHERS_FOUND = 1.06, 0.35
# ... or, for a short sentence (at most this many words) beside sentences at least 3 times as long,
# when the target is shorter than the whole bead's source and finds no more of its anchors than of theirs
SHORT_WORDS, SHORT_BEAD_OF_SHORT = 8, 1.0
# ... or, when the target is shorter than the whole bead's source, when it finds at most this share of
# the sentence's anchors relative to the other sentences' share (a cognate or name it shares by chance),
# while it finds at least this share of theirs
MINE_OF_OTHERS, MIN_OTHERS_FOUND = 0.25, 0.15
# ... or when the aligner's own content cost (length, anchors, end punctuation; not the priors of the
# bead's shape) of the bead is at least this much lower without the sentence: the target matches the
# other sentences alone better than all of them, so the sentence adds nothing that the target has
WORSE_WITH = 0.6
# ... in an article of at least this many beads: the length cost compares with the article's own
# length ratio, which a text of one or two beads (a single sentence pair) sets by itself
MIN_BEADS_FOR_COST = 3
_CONTENT_FEATURES = ("length", "lex_all", "lex_idf", "cover", "uncovered", "end_mismatch", "unaligned")
_ABBREVIATION = re.compile(r"(?:^|\s)[A-Z][a-z]{0,2}\.$")  # "St." "Mr.": a sentence split that is no boundary
MERGED_CONFIDENCE = 0.6  # what such a finding reports as its confidence


def null_confidence(seg: AlignedSegment) -> float:
    """The aligner's confidence that a null bead's sentences have no counterpart (1 when it gave none)."""
    return 1.0 if seg.bead.confidence is None else seg.bead.confidence


class OmittedSentence(Detector):
    """A source sentence with no counterpart in the translation (omission).

    Comes from the alignment: a source sentence aligned to nothing. Each finding carries the aligner's
    confidence: how much worse the alignment becomes when the sentence is joined to a neighbouring
    bead or paired with a neighbouring unaligned target sentence instead (near 0: it could as well be
    part of a neighbour; near 1: nothing around it fits). Source lines that are feed boilerplate
    (credits, "Riproduzione riservata", share prompts; see ``mtqa.text.boilerplate``) are not reported,
    wherever they sit: a translation is right to leave them out. A source sentence split over two
    target sentences is a 1-2 bead, not an omission.

    A short sentence left out between two long ones is usually not a null bead: the aligner joins it
    to a neighbour (a 2-1 bead), since one sentence more on one side costs little. In a bead with more
    source than target sentences, a source sentence is reported (confidence 0.6) when the target is
    as long as the other source sentences alone would make it and clearly shorter than all of them
    (by the article's own length ratio), or when none of its anchors (numbers, names, cognates,
    quotation marks) is in the target while the other sentences' anchors are (or, when the target is
    shorter than the whole bead's source, hardly any of its anchors while some of theirs), or when
    the aligner's own content cost of the bead (length, anchors, end punctuation; without the priors of
    its shape) is lower without the first or last sentence than with it: the target matches the others alone
    (only in an article of 3 beads or more: a lone sentence pair sets its own length ratio).

    A line without a final stop that runs into the next ("... più del previsto Una commissione
    indagherà ...": a lower-case word, then a capitalized sentence opener of the source language) is
    one sentence to the segmenter; when the target of its 1-1 bead runs on fewer lines, each part is
    taken for a sentence of its own, and a part is reported when the target is clearly short for the
    whole and fits the rest (the length rule above; the anchor rules are left out, as a capitalized
    word after a lower-case one is often a name: "tra cui La Roche-Posay").

    ## Why
    A dropped sentence is invisible to the reader of the translation and to every sentence-level
    check; it is one of the worst accuracy errors and one that segment-level tools cannot see.

    ## Bad
    it "Il Cremlino ha annunciato la visita. Putin sarà a Pyongyang il 18 giugno." -> en "The Kremlin
    announced the visit."

    ## Good
    en "The Kremlin announced the visit. Putin will be in Pyongyang on June 18."

    ## Known false positives
    Source sentences that the translation merged into a neighbour while rewording it heavily (the
    aligner's confidence is then usually low); a translation that condenses two sentences into one.

    ## Options
    - ``min_confidence`` (float, 0.4): report only omissions at least this sure.
    - ``min_words`` (int, 3): ignore shorter source sentences (captions, bylines).
    """

    code = "A201"
    name = "omitted-sentence"
    category = "accuracy/omission"
    severity = Severity.MAJOR
    default_options = {"min_confidence": 0.4, "min_words": 3}

    def check(self, ctx: CheckContext) -> Iterable[Finding]:
        for k, seg in enumerate(ctx.beads):
            if seg.bead.tgt or not seg.bead.src:
                continue
            conf = null_confidence(seg)
            if conf < self.options["min_confidence"]:
                continue
            for i in seg.bead.src:
                sent = ctx.source_segments[i]
                if sum(1 for _ in words(sent.text)) < self.options["min_words"] or is_boilerplate(sent.text):
                    continue
                yield self.finding(
                    ctx,
                    "source",
                    sent.start,
                    sent.end,
                    "source sentence not found in the translation",
                    bead=k,
                    confidence=conf,
                )
        yield from self._merged(ctx)

    def _merged(self, ctx: CheckContext) -> Iterable[Finding]:
        """Source sentences of beads with fewer target than source sentences that the target leaves out."""
        if MERGED_CONFIDENCE < self.options["min_confidence"]:
            return
        yield from self._run_on(ctx)
        merged = [(k, seg) for k, seg in enumerate(ctx.beads) if 0 < len(seg.bead.tgt) < len(seg.bead.src)]
        if not merged:
            return
        src = [sentence_features(s.text, ctx.src_profile) for s in ctx.source_segments]
        split = {i + 1 for i, s in enumerate(ctx.source_segments) if _ABBREVIATION.search(s.text.rstrip())}
        tgt = [sentence_features(s.text, ctx.tgt_profile) for s in ctx.target_segments]
        ratio = _length_ratio(ctx)
        content = _content_cost(ctx, src, tgt)
        for k, seg in merged:
            if any(i in split for i in seg.bead.src[1:]):
                continue  # the source segmenter split after an abbreviation ("St. Martin's")
            found = _left_out(seg.bead.src, seg.bead.tgt, src, tgt, ratio)
            if len(ctx.beads) >= MIN_BEADS_FOR_COST:
                found += [i for i in _worse_with(seg.bead.src, seg.bead.tgt, content) if i not in found]
            for i in found[: len(seg.bead.src) - 1]:
                sent = ctx.source_segments[i]
                if sum(1 for _ in words(sent.text)) < self.options["min_words"] or is_boilerplate(sent.text):
                    continue
                yield self.finding(
                    ctx,
                    "source",
                    sent.start,
                    sent.end,
                    "source sentence not found in the translation (the target renders only its neighbours)",
                    bead=k,
                    confidence=MERGED_CONFIDENCE,
                )


    def _run_on(self, ctx: CheckContext) -> Iterable[Finding]:
        """Source lines run together without a stop ("... a settembre È stato arrestato ..."), one
        sentence to the segmenter, of which a 1-1 bead's target renders only some: each part is taken
        for a sentence of its own and the bead judged as one with more source than target sentences."""
        ratio = 0.0
        for k, seg in enumerate(ctx.beads):
            if len(seg.bead.src) != 1 or len(seg.bead.tgt) != 1:
                continue
            sent, tsent = ctx.source_segments[seg.bead.src[0]], ctx.target_segments[seg.bead.tgt[0]]
            parts = _run_on_parts(sent.text, ctx.src_profile)
            if len(parts) < 2 or len(parts) <= len(_run_on_parts(tsent.text, ctx.tgt_profile)):
                continue  # no run-on, or as many lines run on in the target: each may be rendered
            ratio = ratio or _length_ratio(ctx)
            feats = [sentence_features(sent.text[a:b], ctx.src_profile) for a, b in parts]
            tgt = [sentence_features(tsent.text, ctx.tgt_profile)]
            for i in _left_out(tuple(range(len(parts))), (0,), feats, tgt, ratio, length_only=True):
                a, b = parts[i]
                if sum(1 for _ in words(sent.text[a:b])) < self.options["min_words"]:
                    continue
                yield self.finding(
                    ctx,
                    "source",
                    sent.start + a,
                    sent.start + b,
                    "source text not found in the translation (a line run on without a stop, of which "
                    "the target renders only the rest)",
                    bead=k,
                    confidence=MERGED_CONFIDENCE,
                )


def _length_ratio(ctx: CheckContext) -> float:
    """The article's target characters per source character (spaces left out)."""
    sides = (ctx.source_segments, ctx.target_segments)
    chars = [sum(len("".join(s.text.split())) for s in side) for side in sides]
    return chars[1] / max(1, chars[0])


# where a line without a final stop runs into the next: a lower-case word, then a capitalized word that
# opens sentences ("settembre È stato", "reiniettate Una prova", "elettori L’aumento")
_RUN_ON = re.compile(r"(\S+)[ \t]+(?=([A-ZÀ-ÖØ-Þ][^\W\d_]*)([’'](?=[^\W\d_]))?)")


def _run_on_parts(text: str, profile: LanguageProfile) -> list[tuple[int, int]]:
    """The (start, end) parts of ``text`` between run-on boundaries: a lower-case word, a space, and a
    capitalized sentence opener of ``profile`` (or an elided article, "L’")."""
    cuts = [0]
    for m in _RUN_ON.finditer(text):
        before, word, elided = m.groups()
        if not (before[-1].isalpha() and before.islower()) or word[1:2].isupper():
            continue
        if word.lower() in profile.sentence_starters or elided and len(word) == 1:
            cuts.append(m.end())
    cuts.append(len(text))
    return [(a, a + len(text[a:b].rstrip())) for a, b in pairwise(cuts) if text[a:b].strip()]


def _left_out(
    src_ids: tuple[int, ...],
    tgt_ids: tuple[int, ...],
    src: list[SentenceFeatures],
    tgt: list[SentenceFeatures],
    ratio: float,
    length_only: bool = False,
) -> list[int]:
    """The source sentences of one bead that its target leaves out (at most all but one); with
    ``length_only``, only where the target is clearly short for all of them and fits the rest."""
    t_chars = sum(tgt[j].chars for j in tgt_ids)
    t_keys = Counter(key for j in tgt_ids for key in tgt[j].keys)
    s_chars = sum(src[i].chars for i in src_ids)
    if not t_chars or not s_chars:
        return []
    whole = t_chars / (ratio * s_chars)
    out = []
    for i in src_ids:
        rest = s_chars - src[i].chars
        if rest <= 0:
            continue
        without = t_chars / (ratio * rest)
        mine = Counter(src[i].keys)
        others = Counter(key for x in src_ids if x != i for key in src[x].keys)
        mine_found = sum((mine & t_keys).values()) / max(1, sum(mine.values()))
        others_found = sum((others & t_keys).values()) / max(1, sum(others.values()))
        fits_without = abs(math.log(without)) < abs(math.log(whole))
        by_length = whole < SHORT_BEAD and fits_without and mine_found <= others_found
        if by_length or not length_only and (
            (
                whole < ANCHORED_BEAD
                and sum(mine.values()) >= 2
                and not mine_found
                and others_found >= OTHERS_FOUND
            )
            or (
                whole < SHORT_BEAD_OF_SHORT
                and sum(mine.values()) >= 2
                and mine_found <= MINE_OF_OTHERS * others_found
                and others_found >= MIN_OTHERS_FOUND
            )
            or (
                whole < SHORT_BEAD_OF_SHORT
                and len(src[i].words) <= SHORT_WORDS
                and 3 * src[i].chars <= rest
                and mine_found <= others_found
            )
        ):
            out.append(i)
    return out[: len(src_ids) - 1]


Cost = Callable[[int, int, int, int], float]


def _content_cost(ctx: CheckContext, src: list[SentenceFeatures], tgt: list[SentenceFeatures]) -> Cost:
    """The aligner's cost of a bead (source sentences ``[i0, i1)``, target ``[j0, j1)``) from what the
    sentences say (length, anchors, end punctuation) under the first-pass weights, without the priors
    of the bead's shape and of its inner boundaries."""
    scorer = BeadScorer(
        src,
        tgt,
        [s.paragraph for s in ctx.source_segments],
        [t.paragraph for t in ctx.target_segments],
        prior_ratio=prior_ratio(ctx.src_profile.code, ctx.tgt_profile.code),
    )
    weights = WEIGHT_SETS["base"]
    terms = [(FEATURES.index(f), weights[FEATURES.index(f)]) for f in _CONTENT_FEATURES]

    def cost(i0: int, i1: int, j0: int, j1: int) -> float:
        f = scorer.features(i0, i1, j0, j1)
        return sum(w * f[k] for k, w in terms)

    return cost


def _worse_with(src_ids: tuple[int, ...], tgt_ids: tuple[int, ...], cost: Cost) -> list[int]:
    """The first or last source sentence of a bead whose target fits the other source sentences alone
    better, by ``WORSE_WITH``, than all of them (of the two, the one whose leaving out helps most)."""
    i0, i1, j0, j1 = src_ids[0], src_ids[-1] + 1, tgt_ids[0], tgt_ids[-1] + 1
    whole = cost(i0, i1, j0, j1)
    gain = {i0: whole - cost(i0 + 1, i1, j0, j1), i1 - 1: whole - cost(i0, i1 - 1, j0, j1)}
    best = max(gain, key=lambda i: (gain[i], -i))
    return [best] if gain[best] >= WORSE_WITH else []
