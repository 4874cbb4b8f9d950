from __future__ import annotations

import re
from collections.abc import Iterable

from mtqa.detectors.base import CheckContext, Detector
from mtqa.types import AlignedSegment, Finding, Severity

# two full stops that are not part of an ellipsis; a comma, colon or semicolon followed by another
# stop (",," ",." ";:"), but not inside numbers; repeated ? or !
_DOUBLED = re.compile(r"(?<!\.)\.\.(?!\.)|[,;:] ?[.,;:](?![\d.])|\?\?+|!!+")


class DoubledPunctuation(Detector):
    """The same punctuation mark twice, or two stops that clash (".." ",," ",." ";:").

    ## Why
    A doubled full stop or a comma before a full stop is a visible typo; in MT output it usually comes
    from an abbreviation or a quote mark at the sentence end being handled twice.

    ## Bad
    en "would have left from Pyongyang's arsenals.. According to NATO"

    ## Good
    en "would have left from Pyongyang's arsenals. According to NATO"; an ellipsis "..." is not flagged.

    ## Fix safety
    Removing the second of two equal stops (".." ",," "??") is safe; of two different ones (",." ";:")
    and of "!!" (emphasis?) unsafe.

    ## Known false positives
    Emphatic "!!" and "??" in quoted speech; "::" in code or ratios written with colons.

    ## Options
    None.
    """

    code = "F201"
    name = "doubled-punctuation"
    category = "fluency/punctuation"
    severity = Severity.MINOR

    def check_segment(self, seg: AlignedSegment, ctx: CheckContext) -> Iterable[Finding]:
        for m in _DOUBLED.finditer(seg.tgt_text):
            mark = m.group(0)
            # the same mark twice is one mark too many; which of two different stops was meant is a guess,
            # and "!!" may be emphasis
            safe = mark in ("..", ",,", "??") or mark.replace(" ", "") in ("..", ",,")
            yield self.in_segment(
                ctx,
                seg,
                "target",
                m.start(),
                m.end(),
                f'doubled punctuation "{mark}"',
                suggestion=mark[-1],
                fix="safe" if safe else "unsafe",
            )
