from __future__ import annotations

import re
from difflib import SequenceMatcher
from typing import Iterable

from mtqa.detectors.base import CheckContext, Detector
from mtqa.types import Finding, Severity

_STRIP = re.compile(r"[\W_]+", re.UNICODE)


def _norm(text: str) -> str:
    return _STRIP.sub(" ", text.casefold()).strip()


def is_copy(ctx: CheckContext, bead: int, min_ratio: float = 0.9) -> bool:
    """True when the bead's target is (nearly) the source text and has real words in it, not only
    names and numbers that any translation would keep."""
    seg = ctx.beads[bead]
    if not seg.src_text or not seg.tgt_text:
        return False
    s, t = _norm(seg.src_text), _norm(seg.tgt_text)
    common_words = [w for w in re.findall(r"[^\W\d_]{3,}", seg.tgt_text) if w[0].islower()]
    if len(common_words) < 2:
        return False
    if s == t:
        return True
    if 2 * min(len(s), len(t)) < min_ratio * (len(s) + len(t)):
        return False  # the ratio can never reach min_ratio with lengths this far apart
    ws, wt = set(s.split()), set(t.split())
    if len(ws & wt) < min_ratio * min(len(ws), len(wt)) / 2:
        return False  # a copy shares most of its words; a translation shares names and numbers only
    m = SequenceMatcher(None, s, t, autojunk=False)
    # the cheap upper bounds rule out almost every real translation before the quadratic ratio()
    return m.real_quick_ratio() >= min_ratio and m.quick_ratio() >= min_ratio and m.ratio() >= min_ratio


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

    ## Known false positives
    Languages that share much of their vocabulary, for short sentences of international words.

    ## Options
    - ``min_ratio`` (float, 0.9): character similarity (after case and punctuation folding) from
      which a target counts as a copy.
    """

    code = "A303"
    name = "source-copied"
    category = "accuracy/untranslated"
    severity = Severity.CRITICAL
    default_options = {"min_ratio": 0.9}
    supersedes = ("A301",)

    def check(self, ctx: CheckContext) -> Iterable[Finding]:
        if ctx.src_profile.code == ctx.tgt_profile.code:
            return
        for k, seg in enumerate(ctx.beads):
            if is_copy(ctx, k, self.options["min_ratio"]):
                yield self.finding(
                    ctx, "target", seg.tgt_start, seg.tgt_end, "target copies the source instead of translating it",
                    bead=k,
                )
