from __future__ import annotations

import re
from collections.abc import Iterable

from mtqa.detectors.base import CheckContext, Detector
from mtqa.types import AlignedSegment, Finding, Severity

# what may follow the mass noun for the phrase to be a noun phrase of its own, not a compound
# ("5 ammunition depots" is fine): punctuation, the end, or a function word
_AFTER = re.compile(
    r"\s*(?:$|[^\w\s]|(?:and|or|but|for|to|from|in|on|at|by|with|of|that|which|were|was|are|is|had|have|has|would|will|could|per|a|an|the)\b)"
)


class CountedMassNoun(Detector):
    """A number directly before a mass noun ("5 million ammunition", "three equipment").

    The mass nouns come from the target language profile (``mass_nouns``). The noun must end its
    phrase (followed by punctuation or a function word), so that compounds such as "2 ammunition
    depots" are not flagged.

    ## Why
    Counting a mass noun is a grammar error that MT makes when the source counts a plural noun
    ("5 milioni di munizioni"); the reader stumbles and the figure loses its unit (rounds? tonnes?).

    ## Bad
    en "5 million ammunition (and human goods)"

    ## Good
    en "5 million rounds of ammunition"; "ammunition worth 5 million dollars"

    ## Known false positives
    Headlines that drop words on purpose. A capitalized noun is not flagged: "24 News" is a name.

    Stable since issue 17, although DEMETR's test split measures 0.16 on 25 findings: every one of them
    is "over 1,000 ammunition" in the *correct* translation of one Polish sentence and its perturbed
    copies, which the benchmark counts as false but which is the very error this detector names;
    WMT23 zh-en 1.00 on 3. Capitalized nouns are names ("25 News" in a shuffled DEMETR dev sentence).

    ## Options
    None.
    """

    code = "F302"
    name = "counted-mass-noun"
    category = "fluency/grammar"
    severity = Severity.MINOR

    def check_segment(self, seg: AlignedSegment, ctx: CheckContext) -> Iterable[Finding]:
        prof = ctx.tgt_profile
        if not prof.mass_nouns:
            return
        numbers = "|".join(
            sorted((w for w in prof.number_words if prof.number_words[w] > 1), key=len, reverse=True)
        )
        scales = "|".join(sorted(prof.scale_words, key=len, reverse=True))
        nouns = "|".join(sorted(prof.mass_nouns, key=len, reverse=True))
        pattern = re.compile(
            rf"(?<![\w.,])(?:\d[\d.,]*|{numbers})(?:\s+(?:{scales}))?\s+({nouns})\b", re.IGNORECASE
        )
        for m in pattern.finditer(seg.tgt_text):
            if not _AFTER.match(seg.tgt_text, m.end()) or not m.group(1).islower():
                continue  # a compound ("2 ammunition depots"), or a name ("24 News", "5 Equipment Ltd")
            yield self.in_segment(
                ctx, seg, "target", m.start(), m.end(),
                f'"{m.group(1)}" is a mass noun: it takes no number ("{m.group(0)}")',
                suggestion=f"{m.group(0)[: m.start(1) - m.start()]}rounds of {m.group(1)}"
                if m.group(1).lower() == "ammunition" else None,
            )
