from __future__ import annotations

from collections.abc import Iterable

from mtqa.detectors.base import CheckContext, Detector
from mtqa.detectors.glued_words import WORD_PREFIXES, WORD_SUFFIXES
from mtqa.lang.morphology import affixed_word, known_word
from mtqa.text.spelling import known, misspellings
from mtqa.text.tokens import lower_words, repeated_words, words
from mtqa.types import Finding, Severity


class MisspelledWord(Detector):
    """A word that is not a word of the target language ("goverment", "recieve").

    A lower-case word missing from the target language's spelling list (pyspellchecker's, bundled
    with its wheel), with a known word one edit away, and either unseen in wordfreq's frequency list or
    at least 100 times rarer there than that word. Capitalized words (names) and words that also occur in
    the source (names, terms, codes carried over) or that the article writes more than once (its
    spelling of a term: "fourballs" in a golf report) are never flagged; a word that F101 (glued-words)
    splits is reported there.

    ## Why
    Misspellings are the most visible fluency errors; in MT output they come from copy-through of
    rare source words, from subword errors, and from post-editing slips.

    ## Bad
    en "The goverment announced new measures."

    ## Good
    en "The government announced new measures."; "colour" and "organise" (British spellings, frequent
    in wordfreq) are not flagged.

    ## Known false positives
    New coinages and rare technical words one letter away from a known word; lower-case brand names.
    Rare words with no known word one edit away ("mesophase") are not flagged.

    ## Options
    - ``min_length`` (int, 3): shorter words are not checked.
    """

    code = "F102"
    name = "misspelled-word"
    category = "fluency/spelling"
    severity = Severity.MINOR
    default_options = {"min_length": 3}

    def check(self, ctx: CheckContext) -> Iterable[Finding]:
        lang = ctx.tgt_profile.code
        # a word the source has (a name, a term carried over) or the article writes more than once (its
        # spelling of a term: "fourballs") is no slip
        src_words = set(lower_words(ctx.source_text)) | repeated_words(ctx.target_text)
        cands = []
        min_length = self.options["min_length"]
        for k, seg in enumerate(ctx.beads):
            for tok in words(seg.tgt_text):
                w = tok.text
                if len(w) < min_length or not w.islower() or "'" in w or "’" in w:
                    continue
                if w in src_words or _in_compound(seg.tgt_text, tok.start, tok.end):
                    continue
                cands.append((k, seg, tok))
        bad = misspellings([t.text for _, _, t in cands], lang)
        for k, seg, tok in cands:
            m = bad.get(tok.text)
            if m is None or affixed_word(tok.text, ctx.tgt_profile, known_word(lang)):
                continue  # issue 16: also a prefixed or clitic form ("sottomodulo", "eseguirne")
            if lang == "en" and _derived(tok.text, ctx.tgt_profile.stopwords):
                continue  # issue 17: a listed word with a word-forming prefix or suffix ("reinjecting")
            hint = f'; did you mean "{m.suggestion}"?' if m.suggestion else ""
            yield self.in_segment(
                ctx,
                seg,
                "target",
                tok.start,
                tok.end,
                f'"{tok.text}" is not a word{hint}',
                suggestion=m.suggestion,
            )


def _in_compound(text: str, start: int, end: int) -> bool:
    """Part of a hyphenated or dotted token, a handle, a URL or a word with digits ("e-mail", "covid19")."""
    before = text[start - 1] if start else ""
    if before and (before in "-./@#_" or before.isdigit()):
        return True
    after = text[end : end + 2]
    if not after:
        return False
    if after[0] in "-/@_" or after[0].isdigit():
        return True
    return after[0] == "." and len(after) == 2 and (after[1].isalnum() or after[1] == "_")


# "co" + "mission", "pre" + "sense" are misspellings far more often than derivations ("comission",
# "presense" on DEMETR): a prefix needs a stem of 6+ letters, and "co"/"de" none at all
_SAFE_PREFIXES = WORD_PREFIXES - {"co", "de"}


def _derived(word: str, stopwords: frozenset[str]) -> bool:
    """``word`` is a word of the spelling list (no function word) after a word-forming prefix (a stem of
    6+ letters) or before a word-forming suffix of English (those F101 knows): "re" + "injecting",
    "wounded" + "ness"."""
    low = word.lower()
    for k in range(2, len(low) - 3):
        head, tail = low[:k], low[k:]
        if head in _SAFE_PREFIXES and len(tail) >= 6 and tail not in stopwords and known([tail], "en"):
            return True
        if tail in WORD_SUFFIXES and len(head) >= 4 and head not in stopwords and known([head], "en"):
            return True
    return False
