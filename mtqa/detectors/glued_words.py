from __future__ import annotations

from collections.abc import Iterable

from mtqa.detectors.base import CheckContext, Detector
from mtqa.lexicon import zipf
from mtqa.terms.lexicon import get_lexicon
from mtqa.tokens import lower_words, words
from mtqa.types import AlignedSegment, Finding, Severity


def best_split(word: str, lang: str, min_part_zipf: float) -> tuple[str, str] | None:
    """The split of ``word`` into two common words with the highest joint frequency, if any."""
    low = word.lower()
    best, best_score = None, 0.0
    for k in range(2, len(low) - 1):
        left, right = low[:k], low[k:]
        zl, zr = zipf(left, lang), zipf(right, lang)
        if min(zl, zr) >= min_part_zipf and zl + zr > best_score:
            best, best_score = (word[:k], word[k:]), zl + zr
    return best


# prefixes that form new words with any word: "un" + "smooth" is a derivation, not a lost space
_PREFIXES = frozenset(
    {
        "un",
        "re",
        "sub",
        "non",
        "pre",
        "over",
        "under",
        "anti",
        "co",
        "de",
        "dis",
        "mis",
        "out",
        "post",
        "self",
        "inter",
        "multi",
        "semi",
        "super",
        "counter",
        "micro",
        "mega",
    }
)


class GluedWords(Detector):
    """Two words written together without a space ("Vietnamwhere").

    A word the target language does not know, that splits into two common words, and that does not
    occur in the source (where it would be a name or a term carried over).

    ## Why
    Missing spaces are a typical defect of MT post-processing and of feeds that strip markup; they
    break search, hyphenation and the reader's trust.

    ## Bad
    it "Va in Corea del Nord e in Vietnam, dove sarà accolto" ->
    en "He goes to North Korea and Vietnamwhere he will be received"

    ## Good
    en "He goes to North Korea and Vietnam, where he will be received"

    A capitalized token is flagged only when its first part occurs in the source, or is the English
    exonym of a source name ("Roma" -> "Rome"), and its second part is a common word ("Vietnam" +
    "where"): transliterated names ("Nanjiang") are not glued words.

    Splits after a word-forming prefix ("un" + "smooth") and domain names ("chinanews.com") are not
    flagged.

    ## Known false positives
    Rare compounds and coinages that are missing from the word list but split into two common words
    ("backstop" is known; a new brand name might not be). Names found in the source are never flagged.

    ## Options
    - ``min_length`` (int, 7): shortest token considered.
    - ``min_part_zipf`` (float, 3.0): each part must be at least this frequent (Zipf scale).
    - ``max_word_zipf`` (float, 1.0): the glued token must be rarer than this.
    """

    code = "F101"
    name = "glued-words"
    category = "fluency/spelling"
    severity = Severity.MINOR
    default_options = {"min_length": 7, "min_part_zipf": 3.0, "max_word_zipf": 1.0}
    supersedes = ("F102",)  # a glued word is also a non-word: reported once, with its split

    def check(self, ctx: CheckContext) -> Iterable[Finding]:
        lang = ctx.tgt_profile.code
        src_lower = ctx.source_text.lower()
        src_tokens = list(words(ctx.source_text))
        # source names and their target-language exonyms: "Roma" in the source, "Romewhere" in the target
        lex = get_lexicon(ctx.src_profile.code, lang)
        src_names = set(lower_words(ctx.source_text)) | {
            e.lower() for t in src_tokens if t.text[0].isupper() for e in lex.exonyms_of(t.text)
        }
        for seg in ctx.beads:
            yield from self._segment(seg, ctx, lang, src_lower, src_names)

    def _segment(
        self, seg: AlignedSegment, ctx: CheckContext, lang: str, src_lower: str, src_names: set[str]
    ) -> Iterable[Finding]:
        opts = self.options
        for tok in words(seg.tgt_text):
            w = tok.text
            if len(w) < opts["min_length"] or "'" in w or "’" in w or w.isupper():
                continue
            if zipf(w.lower(), lang) >= opts["max_word_zipf"] or w.lower() in src_lower:
                continue
            split = best_split(w, lang, opts["min_part_zipf"])
            if split is None:
                continue
            left, right = split
            if right[0].isupper() and not left[-1].isupper():
                continue  # CamelCase: a brand or handle, not a lost space
            if (
                left.lower() in _PREFIXES
                or tok.end < len(seg.tgt_text) - 1
                and seg.tgt_text[tok.end] == "."
                and seg.tgt_text[tok.end + 1].isalpha()
            ):
                continue  # a derivation ("unsmooth", "subcoded") or a domain name ("chinanews.com")
            if w[0].isupper() and not (left.lower() in src_names and zipf(right.lower(), lang) >= 4.0):
                continue  # a name ("Nanjiang"), unless a source name runs into a common word ("Vietnamwhere")
            yield self.in_segment(
                ctx, seg, "target", tok.start, tok.end,
                f'"{w}" looks like two words glued together: "{left} {right}"',
                suggestion=f"{left} {right}",
            )
