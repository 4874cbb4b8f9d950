from __future__ import annotations

from collections.abc import Iterable

from mtqa.detectors.base import CheckContext, Detector
from mtqa.types import AlignedSegment, Finding, Severity, Status

PAIRS = (("(", ")"), ("[", "]"), ("“", "”"), ("«", "»"))


class UnbalancedBrackets(Detector):
    """A bracket or quotation mark opened and not closed (or closed and not opened) in a target
    sentence whose source is balanced.

    Checked per aligned bead for ( ) [ ] “ ” « », and for straight double quotes by parity. A source
    that is unbalanced too (a quotation that runs over several sentences) is left alone.

    ## Why
    A lost closing bracket or quote changes where an aside or a quotation ends, so the reader may
    attribute words to the wrong speaker.

    ## Bad
    it "(nessuno ricorderà il mandato) e poi farà tappa" -> en "(no one will remember the warrant and
    will then stop"

    ## Good
    en "(no one will remember the warrant) and will then stop"

    ## Known false positives
    Quotations split differently into sentences on the two sides; list items numbered "1)".

    ## Options
    None.
    """

    code = "F203"
    name = "unbalanced-brackets"
    category = "fluency/punctuation"
    severity = Severity.MINOR
    status = Status.PREVIEW  # measured under 0.8 precision (scripts/bench_detectors.py)

    def check_segment(self, seg: AlignedSegment, ctx: CheckContext) -> Iterable[Finding]:
        if not seg.src_text or not seg.tgt_text:
            return
        src, tgt = seg.src_text, seg.tgt_text
        src_balanced = all(src.count(a) == src.count(b) for a, b in PAIRS) and src.count('"') % 2 == 0
        if not src_balanced:
            return
        for a, b in PAIRS:
            for pos in _unmatched(tgt, a, b):
                yield self.in_segment(
                    ctx,
                    seg,
                    "target",
                    pos,
                    pos + 1,
                    f'"{tgt[pos]}" has no matching "{b if tgt[pos] == a else a}"',
                )
        if tgt.count('"') % 2:
            pos = tgt.rfind('"')
            yield self.in_segment(ctx, seg, "target", pos, pos + 1, 'a straight double quote has no partner')


def _unmatched(text: str, opener: str, closer: str) -> list[int]:
    stack: list[int] = []
    lone: list[int] = []
    for i, c in enumerate(text):
        if c == opener:
            stack.append(i)
        elif c == closer:
            if stack:
                stack.pop()
            else:
                lone.append(i)
    return sorted(lone + stack)
