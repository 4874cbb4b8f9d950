from __future__ import annotations

from collections.abc import Iterable

from mtqa.detectors.base import CheckContext, Detector, iter_target_sentences
from mtqa.lang.evidence import function_words
from mtqa.lang.identify import identify
from mtqa.types import Finding, Severity


class UntranslatedText(Detector):
    """A target sentence still in the source language (left untranslated).

    Two signals must agree: the language identifier prefers the source language, and the sentence has
    more of the source language's function words than of the target's. A verbatim copy of the source
    is also reported by A303 (source-copied), which supersedes this finding when both run.

    ## Why
    Untranslated text is unreadable for the target audience; MQM counts a non-translation among the
    most severe errors.

    ## Bad
    it -> en "Le munizioni non bastano mai. And now it is Putin's turn."

    ## Good
    en "There is never enough ammunition. And now it is Putin's turn."

    ## Known false positives
    Sentences made mostly of names and titles in the source language (a list of Italian institutions);
    quoted slogans kept in the original on purpose.

    ## Options
    - ``min_words`` (int, 4): shorter sentences are not judged.
    - ``min_probability`` (float, 0.6): the identifier's probability for the source language.
    """

    code = "A301"
    name = "untranslated-text"
    category = "accuracy/untranslated"
    severity = Severity.MAJOR
    default_options = {"min_words": 4, "min_probability": 0.6}
    supersedes = ("A304",)  # the untranslated sentence is one error, not one more per word in it

    def check(self, ctx: CheckContext) -> Iterable[Finding]:
        if ctx.src_profile.code == ctx.tgt_profile.code:
            return
        for k, sent in iter_target_sentences(ctx):
            fw = function_words(sent.text, ctx.src_profile, ctx.tgt_profile)
            if fw.words < self.options["min_words"] or fw.source <= fw.target:
                continue
            prob = identify(sent.text, ctx.identifier).prob(ctx.src_profile.code)
            if prob >= self.options["min_probability"]:
                yield self.finding(
                    ctx,
                    "target",
                    sent.start,
                    sent.end,
                    f"sentence is in {ctx.src_profile.name} (the source language), not "
                    f"{ctx.tgt_profile.name}",
                    bead=k,
                    confidence=prob,
                )
