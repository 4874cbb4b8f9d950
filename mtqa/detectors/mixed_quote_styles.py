from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from mtqa.detectors.base import CheckContext, Detector
from mtqa.types import Finding, Severity, Status


class MixedQuoteStyles(Detector):
    """One article uses two styles of double quotation marks that are both valid in the target
    language, such as straight "..." and curly “...” in English.

    Marks that the target language does not use at all are :ref:`L101` (source-quote-marks); this
    detector looks at the accepted ones only, and flags the quotations in the style used less often.

    ## Why
    House style asks for one quotation style per article; mixed styles show that parts of the text
    came from different pipelines (MT, templates, copy-paste).

    ## Bad
    en 'He called it “historic”. The minister said "no".'

    ## Good
    en 'He called it “historic”. The minister said “no”.'

    ## Known false positives
    Quoted code or measurements in inches written with a straight quote.

    Preview: WMT23 zh-en raters rarely mark mixed quote styles as errors, so its findings overlap their
    spans only about half the time. Select it with ``--select L102`` or ``--preview`` for house-style
    checks.

    ## Options
    None.
    """

    code = "L102"
    name = "mixed-quote-styles"
    category = "locale convention/punctuation"
    severity = Severity.MINOR
    status = Status.PREVIEW  # WMT23 raters rarely mark it: 0.56 precision against their spans (README)

    def check(self, ctx: CheckContext) -> Iterable[Finding]:
        text = ctx.target_text
        styles: dict[str, list[re.Match[str]]] = {}
        for opener, closer in ctx.tgt_profile.quotes:
            if opener in "‘'‚‹" or (opener, closer) == ("'", "'"):
                continue  # single quotes nest inside double ones: a different role, not a style
            pat = re.compile(
                re.escape(opener) + r"[^\n" + re.escape(opener + closer) + r"]{1,300}" + re.escape(closer)
            )
            found = list(pat.finditer(text))
            if found:
                styles[opener + closer] = found
        # a quotation nested inside another style's quotation is a second level, not a mixed style
        spans = [(m.start(), m.end(), k) for k, ms in styles.items() for m in ms]
        styles = {
            k: [m for m in ms if not any(a < m.start() and m.end() < b and k2 != k for a, b, k2 in spans)]
            for k, ms in styles.items()
        }
        styles = {k: ms for k, ms in styles.items() if ms}
        if len(styles) < 2:
            return
        counts = Counter({k: len(v) for k, v in styles.items()})
        main = counts.most_common(1)[0][0]
        for style, matches in styles.items():
            if style == main:
                continue
            for m in matches:
                inner = m.group(0)[1:-1]
                yield self.finding(
                    ctx, "target", m.start(), m.end(),
                    f"quotation style {style} mixed with {main}, used {counts[main]} times in this article",
                    suggestion=f"{main[0]}{inner}{main[1]}",
                )
