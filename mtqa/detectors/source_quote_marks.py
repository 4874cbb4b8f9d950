from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from mtqa.detectors.base import CheckContext, Detector
from mtqa.types import AlignedSegment, Finding, Severity

# every quotation mark we know, with the mark that closes it
QUOTE_PAIRS = {
    "«": "»",
    "»": "«",
    "„": "“",
    "‚": "‘",
    "‹": "›",
    "›": "‹",
    "“": "”",
    "‘": "’",
    "「": "」",
    "『": "』",
}


class SourceQuoteMarks(Detector):
    """Quotation marks that the target language does not use, typically kept from the source
    (« » in English).

    The accepted marks come from the target language profile (``quotes``). A quotation that opens and
    closes with foreign marks is one finding over the whole quotation, with the quotation re-marked as
    the suggestion (a safe fix): in the double quotes that the article itself uses most, else in the
    typography of its apostrophes (straight ' with straight ", curly ’ with “ ”), else in the target's
    preferred style; an unpaired foreign mark is flagged on its own, with no fix.

    ## Why
    Guillemets in an English article are a giveaway of machine translation and violate the
    publication's style; they also mix with the target's own quotes elsewhere in the article.

    ## Bad
    en "Putin welcomed his «unshakable comrade in arms»"

    ## Good
    en "Putin welcomed his “unshakable comrade in arms”"

    ## Fix safety
    Re-marking a quotation whose two marks were found is safe; a lone mark gets no fix.

    ## Known false positives
    Quoting a title or a slogan in its original language and typography on purpose.

    ## Options
    None.
    """

    code = "L101"
    name = "source-quote-marks"
    category = "locale convention/punctuation"
    severity = Severity.MINOR

    def check_segment(self, seg: AlignedSegment, ctx: CheckContext) -> Iterable[Finding]:
        text = seg.tgt_text
        foreign, marks = _foreign(ctx.tgt_profile.quote_chars)
        if not any(c in text for c in foreign):
            return  # the common case, without a scan
        open_q, close_q = article_quotes(ctx.target_text, ctx.tgt_profile.quotes)
        resume = 0  # after a reported quotation: the marks inside it are part of that finding
        for m in marks.finditer(text):
            i, ch = m.start(), m.group()
            if i < resume:
                continue
            closer = QUOTE_PAIRS[ch]
            j = text.find(closer, i + 1)
            if j != -1 and "\n" not in text[i:j]:
                yield self.in_segment(
                    ctx,
                    seg,
                    "target",
                    i,
                    j + 1,
                    f"quotation marks {ch}{closer} are not used in {ctx.tgt_profile.name}",
                    suggestion=f"{open_q}{text[i + 1 : j]}{close_q}",
                    fix="safe",
                )
                resume = j + 1
                continue
            yield self.in_segment(
                ctx,
                seg,
                "target",
                i,
                i + 1,
                f"quotation mark {ch} is not used in {ctx.tgt_profile.name}",
            )


_APOSTROPHE = re.compile(r"(?<=[^\W\d_])(['’])(?=[^\W\d_])")  # "don't", "Paul’s": inside a word


def article_quotes(text: str, accepted: tuple[tuple[str, str], ...]) -> tuple[str, str]:
    """The accepted quote pair that the article itself uses most for double quotes (single quotes are
    too easily apostrophes to count). An article with no other double quotes still shows its
    typography in its apostrophes: straight ones ("don't") go with straight quotes, curly ones
    ("don’t") with curly quotes. The language's preferred pair when neither tells."""
    best, best_n = accepted[0], 0
    for pair in accepted:
        if pair[0] in "‘'":
            continue
        n = text.count(pair[0]) if pair[0] != pair[1] else text.count(pair[0]) // 2
        if n > best_n:
            best, best_n = pair, n
    if best_n:
        return best
    marks = [m.group(1) for m in _APOSTROPHE.finditer(text)]
    straight, curly = marks.count("'"), marks.count("’")
    if straight != curly:
        want = '"' if straight > curly else "“"
        for pair in accepted:
            if pair[0] == want:
                return pair
    return best


@lru_cache(maxsize=16)
def _foreign(accepted: frozenset[str]) -> tuple[frozenset[str], re.Pattern[str]]:
    """The quotation marks we know that a language with ``accepted`` marks does not use, and a pattern
    that finds any of them."""
    foreign = frozenset(QUOTE_PAIRS) - accepted
    return foreign, re.compile("[" + re.escape("".join(sorted(foreign))) + "]" if foreign else "(?!)")
