from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from mtqa.detectors.base import CheckContext, Detector
from mtqa.types import AlignedSegment, Finding, Severity

STOPS = frozenset(",.")  # a space before these is F205 (space-before-stop), a tokenization artifact


@lru_cache(maxsize=16)
def _pattern(marks: str) -> re.Pattern[str]:
    # the mark must end a word group: followed by space, end, or a closing quote; "..." is an ellipsis
    return re.compile(rf"(?<=\w)[ \t\u00a0\u202f]+([{re.escape(marks)}])(?=\s|$|[»”\"’)])")


def spaced_marks(seg: AlignedSegment, marks: Iterable[str]) -> Iterable[re.Match[str]]:
    """Matches of white space before one of ``marks`` that ends a word group, in the bead's target."""
    marks = "".join(sorted(marks))
    if not marks or not any(c in seg.tgt_text for c in marks):
        return
    for m in _pattern(marks).finditer(seg.tgt_text):
        if m.group(1) == "." and seg.tgt_text[m.end() : m.end() + 1] == ".":
            continue
        if seg.tgt_text[m.end() : m.end() + 1] in {")", "(", "D", "P"} and m.group(1) in ":;":
            continue  # an emoticon, ":)" or ";("
        yield m


class SpaceBeforePunctuation(Detector):
    """A space before a colon, semicolon, question or exclamation mark where the target language
    writes none ("Related News :").

    French puts a (narrow) no-break space before ``: ; ? !``, English, Italian, German and Spanish do
    not; which marks apply comes from the target language profile (``no_space_before``). A space
    before a comma or full stop, a tokenization artifact rather than a locale habit, is F205.

    ## Why
    A French-style space before a colon in English is a locale error that MT and careless templates
    carry over; it also lets the mark wrap onto the next line on its own.

    ## Bad
    en "Related News :"

    ## Good
    en "Related News:"; fr "Articles liés :" (French takes the space).

    ## Fix safety
    Removing the space is safe.

    ## Known false positives
    Emoticons and ratios written with spaces; a colon used as a list marker after a space.

    ## Options
    None.
    """

    code = "F202"
    name = "space-before-punctuation"
    category = "fluency/punctuation"
    severity = Severity.MINOR

    def check_segment(self, seg: AlignedSegment, ctx: CheckContext) -> Iterable[Finding]:
        for m in spaced_marks(seg, ctx.tgt_profile.no_space_before - STOPS):
            yield self.in_segment(
                ctx,
                seg,
                "target",
                m.start(),
                m.end(),
                f'space before "{m.group(1)}"',
                suggestion=m.group(1),
                fix="safe",
            )
