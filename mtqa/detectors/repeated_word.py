from __future__ import annotations

import re
from collections.abc import Iterable

from mtqa.detectors.base import CheckContext, Detector
from mtqa.types import AlignedSegment, Finding, Severity

_REPEAT = re.compile(r"\b([^\W\d_]+)(\s+)(\1)\b", re.IGNORECASE | re.UNICODE)

# repetitions that are grammatical in the language ("had had", "that that"; Italian "via via")
_ALLOWED = {
    "en": {"had", "that", "bye", "very", "no", "so", "ha", "far", "really", "more", "knock"},
    "it": {"via", "pian", "man", "così", "quasi", "piano", "ora", "lì", "là", "sì", "no", "mai"},
    "de": {"die", "der", "das", "sie"},
    "fr": {"nous", "vous", "si", "très"},
    "es": {"poco", "muy", "no", "sí"},
}


# "is is" is grammatical after a clause that is itself the subject: "what it is is a scandal",
# "the problem is is that" (spoken); the head word is at most six words back
_IS_IS_HEAD = re.compile(
    r"\b(?:what|all|thing|point|problem|question|truth|issue|fact|reason|trouble|catch)\b(?:\W+\w+){0,5}\W+$",
    re.IGNORECASE,
)
_GRAMMATICAL_AFTER: dict[str, dict[str, re.Pattern[str]]] = {"en": {"is": _IS_IS_HEAD}}


class RepeatedWord(Detector):
    """The same word twice in a row ("the the").

    ## Why
    A doubled word is one of the commonest typos of MT and post-editing; readers notice it at once.

    ## Bad
    en "He said that the the talks failed."

    ## Good
    en "He said that the talks failed."; "She had had enough." (grammatical doubling is allowed per
    language).

    ## Fix safety
    Removing the second word is safe (the grammatical doublings are never flagged).

    ## Known false positives
    Deliberate repetition for emphasis ("very, very") when written without the comma, reduplicated
    words in quoted speech. Names such as "Duran Duran" are left alone when the source doubles them too.

    Grammatical doublings are allowed per language: English "had had" and "that that" always, "is is"
    after a subject clause ("what it is is a scandal"); function words are otherwise flagged like any
    word ("the the", "is is", "on on"), capitalized ones too ("The The defendant").

    ## Options
    - ``allow`` (list of str, []): further words that may repeat.
    """

    code = "F301"
    name = "repeated-word"
    category = "fluency/grammar"
    severity = Severity.MINOR
    default_options = {"allow": []}

    def check_segment(self, seg: AlignedSegment, ctx: CheckContext) -> Iterable[Finding]:
        lang = ctx.tgt_profile.code
        allowed = _ALLOWED.get(lang, set()) | {w.lower() for w in self.options["allow"]}
        after = _GRAMMATICAL_AFTER.get(lang, {})
        src_low = seg.src_text.lower()
        for m in _REPEAT.finditer(seg.tgt_text):
            w = m.group(1)
            if w.lower() in allowed or m.group(2).count("\n"):
                continue
            if m.start() and seg.tgt_text[m.start() - 1] in "-‐":
                continue  # after a hyphen, the first is part of a word: "Moon Jae-in in the past"
            head = after.get(w.lower())
            if head is not None and head.search(seg.tgt_text, 0, m.start()):
                continue  # "what it is is": grammatical
            if f"{w} {w}".lower() in src_low:
                continue  # the source repeats it too ("Duran Duran")
            yield self.in_segment(
                ctx, seg, "target", m.start(), m.end(), f'"{w}" is repeated', suggestion=w, fix="safe"
            )
