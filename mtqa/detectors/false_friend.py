from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources

from mtqa.detectors.base import CheckContext, Detector
from mtqa.types import AlignedSegment, Finding, Severity, Status

_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_ELISION = re.compile(r"['’]")


@dataclass(frozen=True)
class LookAlike:
    source: frozenset[str]  # source word forms
    false: frozenset[str]  # target look-alikes that mean something else
    right: tuple[str, ...]  # what the source word means
    unless: tuple[str, ...]  # source words or phrases that the look-alike translates correctly


@cache
def false_friends(source_lang: str, target_lang: str) -> tuple[LookAlike, ...]:
    """The look-alike lexicon of a language pair (``mtqa/lang/false_friends/SRC-TGT.toml``); empty
    for a pair without one."""
    path = resources.files("mtqa.lang").joinpath("false_friends", f"{source_lang}-{target_lang}.toml")
    if not path.is_file():
        return ()
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return tuple(
        LookAlike(
            frozenset(p["source"]), frozenset(p["false"]), tuple(p["right"]), tuple(p.get("unless", ()))
        )
        for p in data.get("pair", ())
    )


def _words(text: str) -> set[str]:
    """Lower-case words, elided articles taken off ("l'estate" gives "estate")."""
    return {part for m in _WORD.finditer(text.lower()) for part in _ELISION.split(m.group()) if part}


class FalseFriend(Detector):
    """An English look-alike of the source word that means something else ("actually" for
    "attualmente", which means "currently").

    The look-alikes come from a bilingual lexicon written for mtqa per language pair
    (``mtqa/lang/false_friends/it-en.toml``, Italian into English so far): source word forms, the
    target look-alikes, what the source word means, and the source words whose correct translation
    *is* the look-alike ("in realtà" is "actually"). A target word is flagged only when its bead's
    source has one of the source forms and none of those other words: a look-alike on its own is
    usually right.

    ## Why
    False friends are fluent, so neither a reader nor a fluency model notices them, and they invert or
    blur the meaning: "the actual government" for "il governo attuale" (the current one), "he was
    recovered" for "è stato ricoverato" (taken to hospital).

    ## Bad
    it "Attualmente il governo studia la riforma." -> en "Actually the government is studying the reform."

    ## Good
    en "The government is currently studying the reform."

    ## Known false positives
    A sentence with both the false friend and another word that the look-alike translates and that
    the lexicon does not list; "camera" or "estate" in names ("Camera dei deputati" rendered "Camera").
    Look-alikes that are right in one sense: "argomento" is also an argument (a line of reasoning);
    on DEMETR's test split all 29 findings come from one such sentence ("made the argument") and its
    perturbed copies, hence preview (``--select A501`` or ``--preview``) until the lexicon is revised
    on other data.

    ## Options
    None.
    """

    code = "A501"
    name = "false-friend"
    category = "accuracy/mistranslation"
    severity = Severity.MAJOR
    status = Status.PREVIEW  # DEMETR test precision 0.14, 29 findings from one sentence (see docstring)

    def check_segment(self, seg: AlignedSegment, ctx: CheckContext) -> Iterable[Finding]:
        lexicon = false_friends(ctx.src_profile.code, ctx.tgt_profile.code)
        if not lexicon or not seg.src_text or not seg.tgt_text:
            return
        src_words = _words(seg.src_text)
        src_low = seg.src_text.lower()
        entries = [e for e in lexicon if e.source & src_words]
        if not entries:
            return
        for m in _WORD.finditer(seg.tgt_text):
            w = m.group().lower()
            for e in entries:
                if w not in e.false or any(_has(src_low, u) for u in e.unless):
                    continue
                found = min(e.source & src_words)
                yield self.in_segment(
                    ctx,
                    seg,
                    "target",
                    m.start(),
                    m.end(),
                    f'"{m.group()}" for "{found}": a false friend ("{found}" means "{e.right[0]}")',
                    suggestion=e.right[0],
                )
                break


def _has(text: str, phrase: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", text) is not None
