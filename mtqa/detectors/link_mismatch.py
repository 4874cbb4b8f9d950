from __future__ import annotations

import re
from collections.abc import Iterable

from mtqa.detectors.base import CheckContext, Detector
from mtqa.text.placeholders import Token, token_findings
from mtqa.types import Finding, Severity

# URLs and e-mail addresses anywhere, also inside tags (an <a href="...">). An address's user part
# starts where a run of its characters starts (the look-behind): tried from inside a run as well, a long
# run without an "@" was scanned once per character, quadratic time
_LINK = re.compile(r"(?:https?|ftp)://[^\s<>\"'`]+|www\.[\w-]+(?:\.[\w-]+)+(?:/[^\s<>\"'`]*)?"
                   r"|(?:mailto:)?(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_TRAILING = ".,;:!?)]}'\""


def links(text: str) -> list[Token]:
    out = []
    for m in _LINK.finditer(text):
        a, b = m.span()
        while b > a and text[b - 1] in _TRAILING:
            b -= 1
        out.append((a, b, text[a:b]))
    return out


class LinkMismatch(Detector):
    """A URL or e-mail address of the source is missing, added or changed in the translation.

    ## Why
    An address is not translated: a changed character sends the reader to a dead or wrong page or
    mailbox, and a dropped one loses the link. Addresses are compared exactly, inside tags too (an
    ``<a href>``); in unit mode a whole unit at a time.

    ## Bad
    en "See https://example.com/help" -> it "Vedi https://example.com/aiuto".

    ## Good
    en "Write to help@example.com" -> it "Scrivi a help@example.com".

    ## Known false positives
    Addresses that a localization team changes on purpose (a country site ``example.it`` for
    ``example.com``, a localized help page): this detector reports them, for a reviewer to confirm.

    ## Options
    None.
    """

    code = "D103"
    name = "link-mismatch"
    category = "design/markup"
    severity = Severity.MINOR

    def check(self, ctx: CheckContext) -> Iterable[Finding]:
        return token_findings(self, ctx, links, "address")
