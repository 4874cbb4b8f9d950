from __future__ import annotations

from collections.abc import Iterable

from mtqa.detectors.base import CheckContext, Detector, iter_target_sentences
from mtqa.lang.evidence import function_words
from mtqa.lang.identify import identify
from mtqa.types import Finding, Severity


class WrongLanguage(Detector):
    """A target sentence in a third language: neither the target nor the source language.

    The identifier must be confident (``min_probability``) and the sentence must have almost none of
    the target's function words, so that a sentence full of foreign names is not taken for foreign.

    ## Why
    MT systems sometimes switch output language (off-target translation), especially for short inputs
    and for languages close to each other; the result is unreadable for the audience.

    ## Bad
    it "Il commento americano è duro." -> en "El comentario estadounidense es duro."

    ## Good
    en "The American comment is harsh."

    ## Known false positives
    Quotations in a third language kept on purpose; sentences made only of foreign names.

    ## Options
    - ``min_words`` (int, 6): shorter sentences are not judged.
    - ``min_probability`` (float, 0.9): the identifier's confidence in the third language.
    """

    code = "A302"
    name = "wrong-language"
    category = "accuracy/mistranslation"
    severity = Severity.MAJOR
    default_options = {"min_words": 6, "min_probability": 0.9}

    def check(self, ctx: CheckContext) -> Iterable[Finding]:
        known = {ctx.src_profile.code, ctx.tgt_profile.code, None}
        for k, sent in iter_target_sentences(ctx):
            fw = function_words(sent.text, ctx.src_profile, ctx.tgt_profile)
            if fw.words < self.options["min_words"] or fw.target >= 0.05:
                continue
            guess = identify(sent.text, ctx.identifier)
            if guess.lang not in known and guess.confidence >= self.options["min_probability"]:
                yield self.finding(
                    ctx, "target", sent.start, sent.end,
                    f"sentence is in another language ({guess.lang}), not {ctx.tgt_profile.name}",
                    bead=k, confidence=guess.confidence,
                )
