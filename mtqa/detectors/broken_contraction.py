from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from mtqa.detectors.base import CheckContext, Detector
from mtqa.types import AlignedSegment, Finding, Severity


@lru_cache(maxsize=16)
def _pattern(suffixes: frozenset[str]) -> re.Pattern[str]:
    alt = "|".join(sorted(suffixes, key=len, reverse=True))
    return re.compile(rf"(?<=[^\W\d_])(?: ['’] ?| ?['’] )({alt})\b")


class BrokenContraction(Detector):
    """A contraction or possessive split around its apostrophe ("it 's", "don 't", "Putin ’s").

    The suffixes come from the target language profile (``contraction_suffixes``). Typical of
    tokenized MT output that was not detokenized, and of feeds that add spaces around quotes.

    ## Why
    "It 's" and "Kim ’s" are visible typos; the apostrophe may also be read as a quotation mark.

    ## Bad
    en "And now it 's Putin ’s turn."

    ## Good
    en "And now it's Putin's turn."

    ## Known false positives
    Quoted words that end with an apostrophe used as a closing single quote before "s" ('the 'bests').

    ## Options
    None.
    """

    code = "F204"
    name = "broken-contraction"
    category = "fluency/punctuation"
    severity = Severity.MINOR

    def check_segment(self, seg: AlignedSegment, ctx: CheckContext) -> Iterable[Finding]:
        suffixes = ctx.tgt_profile.contraction_suffixes
        if not suffixes or ("'" not in seg.tgt_text and "’" not in seg.tgt_text):
            return  # no apostrophe, nothing to find: most sentences, without a regex scan
        for m in _pattern(suffixes).finditer(seg.tgt_text):
            if seg.tgt_text[m.end() : m.end() + 1] in {"'", "’"}:
                continue  # a quoted letter: "the 's' sound"
            glued = re.sub(r"\s", "", m.group(0))
            yield self.in_segment(
                ctx,
                seg,
                "target",
                m.start(),
                m.end(),
                f'contraction split around its apostrophe: "{m.group(0)}"',
                suggestion=glued,
            )
