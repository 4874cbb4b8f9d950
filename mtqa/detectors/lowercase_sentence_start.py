from __future__ import annotations

from collections.abc import Iterable

from mtqa.detectors.base import CheckContext, Detector
from mtqa.types import Finding, Severity


class LowercaseSentenceStart(Detector):
    """A sentence or headline that starts with a lower-case letter ("from Kim already 5 million shells").

    Only sentences at the start of a line (headlines, paragraphs) can be affected: inside a line the
    segmenter splits only before capitals. Skipped when the aligned source sentence also starts in lower
    case, and for words that are lower-case by design (``iPhone``, ``eBay``).

    ## Why
    Capitalization errors at the start of headlines are the most visible ones; they typically come from
    MT systems that translate a headline fragment by fragment.

    ## Bad
    it "Da Kim già 5 milioni di proiettili" -> en "from Kim already 5 million shells"

    ## Good
    en "From Kim, already 5 million shells"

    ## Fix safety
    Capitalizing the first letter is safe.

    ## Known false positives
    Brand and product names that start in lower case and are not written with an inner capital
    ("adidas").

    ## Options
    None.
    """

    code = "F401"
    name = "lowercase-sentence-start"
    category = "fluency/spelling"
    severity = Severity.MINOR

    def check(self, ctx: CheckContext) -> Iterable[Finding]:
        for k, seg in enumerate(ctx.beads):
            src_starts_lower = any(
                _first_letter(ctx.source_segments[i].text)[1].islower() for i in seg.bead.src[:1]
            )
            for j in seg.bead.tgt:
                sent = ctx.target_segments[j]
                pos, ch = _first_letter(sent.text)
                if not ch or not ch.islower() or src_starts_lower:
                    continue
                word = sent.text[pos:].split(maxsplit=1)[0]
                if any(c.isupper() for c in word[1:]):
                    continue  # iPhone, eBay
                if pos > 0 and not all(c in "«“\"‘'([-–—¿¡ " for c in sent.text[:pos]):
                    continue  # starts with a number or a symbol
                end = pos + len(word.rstrip('.,;:!?»”"’)'))
                yield self.finding(
                    ctx,
                    "target",
                    sent.start + pos,
                    sent.start + end,
                    f'sentence starts with a lower-case letter: "{word}"',
                    suggestion=ch.upper() + sent.text[pos + 1 : end],
                    bead=k,
                    fix="safe",
                )


def _first_letter(text: str) -> tuple[int, str]:
    for i, c in enumerate(text):
        if c.isalpha():
            return i, c
        if c.isdigit():
            return i, ""
    return 0, ""
