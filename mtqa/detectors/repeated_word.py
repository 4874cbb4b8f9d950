from __future__ import annotations

import re
from collections.abc import Iterable

from mtqa.detectors.base import CheckContext, Detector
from mtqa.types import AlignedSegment, Finding, Severity

_REPEAT = re.compile(r"\b([^\W\d_]+)(\s+)(\1)\b", re.IGNORECASE | re.UNICODE)

# repetitions that are grammatical in the language ("had had", "that that"; Italian "via via")
_ALLOWED = {
    "en": {"had", "that", "is", "bye", "very", "no", "so", "ha", "far", "really", "more", "on", "knock"},
    "it": {"via", "pian", "man", "così", "quasi", "piano", "ora", "lì", "là", "sì", "no", "mai"},
    "de": {"die", "der", "das", "sie"},
    "fr": {"nous", "vous", "si", "très"},
    "es": {"poco", "muy", "no", "sí"},
}


class RepeatedWord(Detector):
    """The same word twice in a row ("the the").

    ## Why
    A doubled word is one of the commonest typos of MT and post-editing; readers notice it at once.

    ## Bad
    en "He said that the the talks failed."

    ## Good
    en "He said that the talks failed."; "She had had enough." (grammatical doubling is allowed per
    language).

    ## Known false positives
    Deliberate repetition for emphasis ("very, very") when written without the comma, names such as
    "Duran Duran", reduplicated words in quoted speech.

    ## Options
    - ``allow`` (list of str, []): further words that may repeat.
    """

    code = "F301"
    name = "repeated-word"
    category = "fluency/grammar"
    severity = Severity.MINOR
    default_options = {"allow": []}

    def check_segment(self, seg: AlignedSegment, ctx: CheckContext) -> Iterable[Finding]:
        allowed = _ALLOWED.get(ctx.tgt_profile.code, set()) | {w.lower() for w in self.options["allow"]}
        src_low = seg.src_text.lower()
        for m in _REPEAT.finditer(seg.tgt_text):
            w = m.group(1)
            if w.lower() in allowed or m.group(2).count("\n"):
                continue
            if w[0].isupper() and m.group(3)[0].isupper():
                continue  # "Duran Duran", "Sirhan Sirhan": names
            if f"{w} {w}".lower() in src_low:
                continue  # the source repeats it too
            yield self.in_segment(
                ctx, seg, "target", m.start(), m.end(), f'"{w}" is repeated', suggestion=w
            )
