from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from difflib import SequenceMatcher
from itertools import pairwise

from mtqa.detectors.base import CheckContext, Detector
from mtqa.lexicon import zipf
from mtqa.placeholders import protected_spans
from mtqa.types import Finding, Severity

_WORD = re.compile(r"[^\W_]+")  # letters and digits: what is left of a text without its punctuation
_COMMON = re.compile(r"[^\W\d_]{3,}")
# Above this many characters (both sides together) the character-level ratio, quadratic in the worst
# case (a 10,000-character near-copy took 39 s), gives way to the overlap of word pairs, which is linear.
MAX_RATIO_CHARS = 2_000
FOREIGN_ZIPF = 3.0  # short units: a word this frequent in the source language ...
TARGET_ZIPF = 2.5  # ... and rarer than this in the target language makes an exact copy untranslated


def _words(text: str) -> list[str]:
    """The text case-folded, without punctuation, as words; joined by spaces it is the normalized text
    that the similarity is computed on."""
    return _WORD.findall(text.casefold())


def _joined_length(words: list[str]) -> int:
    return sum(map(len, words)) + max(len(words) - 1, 0)


def is_copy(ctx: CheckContext, bead: int, min_ratio: float = 0.9) -> bool:
    """True when the bead's target is (nearly) the source text and has real words in it, not only
    names and numbers that any translation would keep."""
    seg = ctx.beads[bead]
    if not seg.src_text or not seg.tgt_text:
        return False
    common_words = [w for w in _COMMON.findall(seg.tgt_text) if w[0].islower()]
    if len(common_words) < 2:
        return False
    a, b = _words(seg.src_text), _words(seg.tgt_text)
    if a == b:
        return True
    ls, lt = _joined_length(a), _joined_length(b)
    if 2 * min(ls, lt) < min_ratio * (ls + lt):
        return False  # the ratio can never reach min_ratio with lengths this far apart
    ws, wt = set(a), set(b)
    if len(ws & wt) < min_ratio * min(len(ws), len(wt)) / 2:
        return False  # a copy shares most of its words; a translation shares names and numbers only
    if ls + lt > MAX_RATIO_CHARS:
        return _pair_overlap(a, b) >= min_ratio
    s, t = " ".join(a), " ".join(b)
    m = SequenceMatcher(None, s, t, autojunk=False)
    # the cheap upper bounds rule out almost every real translation before the quadratic ratio()
    return m.real_quick_ratio() >= min_ratio and m.quick_ratio() >= min_ratio and m.ratio() >= min_ratio


def _pair_overlap(a: list[str], b: list[str]) -> float:
    """The Dice overlap of the two texts' word pairs (bigrams, counted): 1.0 for the same text, and only
    a little less for a copy with a few words changed, as the character ratio is."""
    pa, pb = Counter(pairwise(a)), Counter(pairwise(b))
    total = sum(pa.values()) + sum(pb.values())
    return 2 * sum((pa & pb).values()) / total if total else 0.0


class SourceCopied(Detector):
    """The target sentence is the source sentence, copied (nearly) verbatim instead of translated.

    Sentences made only of names and numbers ("Vladimir Putin, 2024") are legitimately identical and
    are not flagged: the copy must contain at least two lower-case words.

    ## Why
    A copied source is a non-translation: MQM weighs it like a critical error, and feeds that
    republish it show foreign text to their readers.

    ## Bad
    it "Le munizioni non bastano mai." -> en "Le munizioni non bastano mai."

    ## Good
    en "There is never enough ammunition."

    In unit mode (CAT files) two things change. A unit that holds code (a command line with
    ``--options``, ``<metavariables>``, code in backticks) is not judged: its words are the program's.
    And a short unit (at most ``short_unit_words`` words) copied exactly is judged without the
    two-word floor: it is flagged when one of its words is common in the source language and rare in
    the target language (en "Decline" -> it "Decline"), not when all its words are used as they are in
    the target language too (en "Password" -> it "Password", "OK", "1938").

    ## Known false positives
    Languages that share much of their vocabulary, for short sentences of international words; in
    unit mode, a short UI string whose English word the team keeps (put it in A304's ``keep``).

    ## Options
    - ``min_ratio`` (float, 0.9): character similarity (after case and punctuation folding) from
      which a target counts as a copy.
    - ``short_unit_words`` (int, 4): unit mode: longest unit judged by the short-unit rule.
    """

    code = "A303"
    name = "source-copied"
    category = "accuracy/untranslated"
    severity = Severity.CRITICAL
    default_options = {"min_ratio": 0.9, "short_unit_words": 4}
    supersedes = ("A301", "A304")  # the copied sentence is one error, not one more per word in it

    def check(self, ctx: CheckContext) -> Iterable[Finding]:
        if ctx.src_profile.code == ctx.tgt_profile.code:
            return
        if ctx.pair.units:
            yield from self._short_units(ctx)
        for k, seg in enumerate(ctx.beads):
            if ctx.pair.units and _has_code(ctx.original.source.text[seg.src_start:seg.src_end]):
                continue  # a command line or usage string: its words are the program's
            if is_copy(ctx, k, self.options["min_ratio"]):
                yield self.finding(
                    ctx,
                    "target",
                    seg.tgt_start,
                    seg.tgt_end,
                    "target copies the source instead of translating it",
                    bead=k,
                )

    def _short_units(self, ctx: CheckContext) -> Iterable[Finding]:
        """Short units copied exactly, with a word that is the source language's and not the target's."""
        src_lang, tgt_lang = ctx.src_profile.code, ctx.tgt_profile.code
        src, tgt = ctx.pair.source.text, ctx.pair.target.text
        for u in ctx.pair.units:
            a, b = _words(src[u.src_start:u.src_end]), _words(tgt[u.tgt_start:u.tgt_end])
            if not a or a != b or len(a) > self.options["short_unit_words"]:
                continue
            if len([w for w in _COMMON.findall(tgt[u.tgt_start:u.tgt_end]) if w[0].islower()]) >= 2:
                continue  # the sentence rule judges it
            if _has_code(ctx.original.source.text[u.src_start:u.src_end]):
                continue
            foreign = [w for w in a if len(w) >= 3 and not w.isdigit() and zipf(w, src_lang) >= FOREIGN_ZIPF
                       and zipf(w, tgt_lang) < TARGET_ZIPF]
            if foreign:
                yield self.finding(ctx, "target", u.tgt_start, u.tgt_end,
                                   f'short unit left untranslated ("{foreign[0]}" is {ctx.src_profile.name})',
                                   severity=Severity.MAJOR)


def _has_code(text: str) -> bool:
    return any(p.pattern in ("code", "meta") for p in protected_spans(text))
