from __future__ import annotations

import re
from collections.abc import Iterable

from mtqa.detectors.base import CheckContext, Detector
from mtqa.text.names import latin_text
from mtqa.types import AlignedSegment, Finding, Severity

# the second word may run into digits ("WW WW1"): it ends where the letters end
_REPEAT = re.compile(r"\b([^\W\d_]+)(\s+)(\1)(?![^\W\d_])", re.IGNORECASE | re.UNICODE)

# repetitions that are grammatical in the language ("had had", "that that"; Italian "via via")
_ALLOWED = {
    "en": {"had", "that", "bye", "very", "so", "ha", "far", "really", "more", "knock"},
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
# interjections that are doubled on purpose ("No no, that is wrong"), but only where they stand apart:
# at the start of a sentence or clause, or before punctuation; "there will be no no confidence" is a slip
_INTERJECTION_DOUBLES = {"en": {"no"}, "it": set(), "de": set(), "fr": set(), "es": set()}
_CLAUSE_START = re.compile(r"(?:^|[.!?;:,\"“”‘’(\-–—]\s*)$")


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
    after a subject clause ("what it is is a scandal"), an emphatic "no no" where it stands apart (at
    a clause start or before punctuation); a function word after a hyphen may end a name ("Moon
    Jae-in in"), a content word there is a slip ("Mills-Hicks Hicks"); function words are otherwise
    flagged like any word ("the the", "is is", "on on"), capitalized ones too ("The The defendant").
    A capitalized word that the aligned source has as often is two mentions of a name meeting where
    a line ends without a stop ("against Dundee" / "Dundee Stars won"); from a source in another
    script, a capitalized word doubled as written ("Fang Fang" from Chinese) is a name.

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
        stop = ctx.tgt_profile.stopwords
        interjections = _INTERJECTION_DOUBLES.get(lang, set())
        text = seg.tgt_text
        for m in _REPEAT.finditer(text):
            w = m.group(1)
            if w.lower() in allowed or m.group(2).count("\n"):
                continue
            if w.lower() in interjections and (
                _CLAUSE_START.search(text, 0, m.start()) or re.match(r"\s*[^\w\s]", text[m.end() :])
            ):
                continue  # "No no, ...": emphatic
            if m.start() and text[m.start() - 1] in "-‐" and w.lower() in stop:
                # after a hyphen, a function word may end a name: "Moon Jae-in in the past"; a content
                # word doubled there is still a slip ("Mills-Hicks Hicks", "PNG-registered registered")
                continue
            head = after.get(w.lower())
            if head is not None and head.search(text, 0, m.start()):
                continue  # "what it is is": grammatical
            doubled = rf"(?<![^\W\d_]){re.escape(w)}\s+{re.escape(w)}(?![^\W\d_])"
            if re.search(doubled, src_low, re.IGNORECASE):
                continue  # the source repeats it too ("Duran Duran"); as words, not inside others ("casa a")
            if w[0].isupper() and _count(w, seg.src_text) >= _count(w, text):
                # a name the aligned source has as often: two mentions that meet where a line ends
                # without a stop ("... against Dundee" / "Dundee Stars atoned ..."), not a slip
                continue
            if (
                w[0].isupper()
                and m.group(3)[0].isupper()
                and w.lower() not in stop
                and not latin_text(seg.src_text)
            ):
                continue  # a name transliterated from another script (the source cannot show it): "Fang Fang"
            yield self.in_segment(
                ctx, seg, "target", m.start(), m.end(), f'"{w}" is repeated', suggestion=w, fix="safe"
            )


def _count(word: str, text: str) -> int:
    """How often ``word`` occurs in ``text`` as a word of its own (case as written)."""
    return len(re.findall(rf"(?<![^\W\d_]){re.escape(word)}(?![^\W\d_])", text))
