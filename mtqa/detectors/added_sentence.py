from __future__ import annotations

from collections.abc import Iterable

from mtqa.detectors.base import CheckContext, Detector
from mtqa.detectors.omitted_sentence import null_confidence
from mtqa.text.boilerplate import is_boilerplate
from mtqa.types import Applicability, Edit, Finding, Fix, Severity


def line_removal(text: str, start: int, end: int, applicability: Applicability) -> Fix | None:
    """Removing the line ``[start, end)`` of ``text`` with the line break(s) that part it from the line
    before (from the next one, for the first line), when it stands on a line of its own; so that two
    boilerplate lines in a row give two edits that touch but do not overlap."""
    a = text.rfind("\n", 0, start) + 1
    b = text.find("\n", end)
    b = len(text) if b < 0 else b
    if text[a:start].strip() or text[end:b].strip() or not text[:a].strip() and not text[b:].strip():
        return None  # shares its line with a sentence, or is all there is
    if text[:a].strip():
        while a > 0 and text[a - 1] in "\r\n":
            a -= 1
    else:
        while b < len(text) and text[b] in "\r\n":
            b += 1
    return Fix((Edit(a, b, ""),), applicability, "Remove the line")


class AddedSentence(Detector):
    """A target sentence or line with no counterpart in the source (addition), such as a feed's own
    header and footer ("Italy 24 Press News", "For Latest Updates Follow us on Google News").

    Comes from the alignment: a target sentence aligned to nothing. Lines that look like feed
    boilerplate (follow/share prompts, related-news headers, agency credits; see ``mtqa.text.boilerplate``)
    are reported as boilerplate with minor severity wherever they sit, as are other additions before
    the first or after the last aligned sentence; additions inside the article are major. Each finding
    carries the aligner's confidence, as for omissions (at least 0.9 for boilerplate).

    ## Why
    Text that is not in the source is either hallucinated content (a major accuracy error) or
    boilerplate that must be removed before the article is published.

    ## Bad
    en "For Latest Updates Follow us on Google News" at the end of a translated article whose source
    has no such line.

    ## Good
    A translation whose every sentence has a counterpart in the source.

    ## Fix safety
    Removing a boilerplate line that stands on a line of its own (with the line break after it) is
    safe; removing another line at the edge of the article is unsafe; other additions have no fix.

    ## Known false positives
    A source sentence split into two target sentences where one half shares nothing with the source
    (usually caught by the 1-2 beads of the aligner, or reported with low confidence).

    ## Options
    - ``min_confidence`` (float, 0.4): report only additions at least this sure.
    """

    code = "A202"
    name = "added-sentence"
    category = "accuracy/addition"
    severity = Severity.MAJOR
    default_options = {"min_confidence": 0.4}

    def check(self, ctx: CheckContext) -> Iterable[Finding]:
        beads = ctx.beads
        aligned = [k for k, b in enumerate(beads) if b.bead.src and b.bead.tgt]
        first, last = (aligned[0], aligned[-1]) if aligned else (len(beads), -1)
        for k, seg in enumerate(beads):
            if seg.bead.src or not seg.bead.tgt:
                continue
            conf = null_confidence(seg)
            edge = k < first or k > last
            for j in seg.bead.tgt:
                sent = ctx.target_segments[j]
                if is_boilerplate(sent.text):
                    yield self.finding(
                        ctx,
                        "target",
                        sent.start,
                        sent.end,
                        "line not in the source: feed boilerplate",
                        suggestion="remove it",
                        bead=k,
                        severity=Severity.MINOR,
                        confidence=max(conf, 0.9),
                        fix=line_removal(ctx.target_text, sent.start, sent.end, "safe"),
                    )
                elif conf < self.options["min_confidence"] or not any(c.isalnum() for c in sent.text):
                    continue  # unsure, or nothing but punctuation: nothing was added
                elif edge:
                    yield self.finding(
                        ctx,
                        "target",
                        sent.start,
                        sent.end,
                        "line not in the source, at the edge of the article: feed boilerplate?",
                        suggestion="remove it",
                        bead=k,
                        severity=Severity.MINOR,
                        confidence=conf,
                        fix=line_removal(ctx.target_text, sent.start, sent.end, "unsafe"),
                    )
                else:
                    yield self.finding(
                        ctx,
                        "target",
                        sent.start,
                        sent.end,
                        "sentence not in the source",
                        bead=k,
                        confidence=conf,
                    )
