from __future__ import annotations

from collections.abc import Iterable

from mtqa.detectors.base import CheckContext, Detector
from mtqa.text.names import NameIndex, name_kept, names_in, reads_names
from mtqa.types import Finding, Severity, Status


class MissingName(Detector):
    """A name in the source sentence that the translation does not have (dropped, or rendered beyond
    recognition).

    Names are capitalized words that do not start a sentence (see ``mtqa.text.names``); a name counts as
    kept when the aligned target sentence, or a neighbouring one, has it up to accents and endings
    ("Warszawy" / "Warsaw") or has its English exonym ("Mosca" / "Moscow"). The finding is on the source
    side. In preview: capitalized institutional words ("Stato", "Camera") are translated, not kept.

    ## Why
    A dropped name removes who or where from the story; it is one of DEMETR's critical errors
    (named entity removed) and a frequent omission in MT of long sentences.

    ## Bad
    it "Il presidente è arrivato a Hanoi con Lavrov." -> en "The president arrived in Hanoi."

    ## Good
    en "The president arrived in Hanoi with Lavrov."; it "a Mosca" -> en "in Moscow".

    ## Known false positives
    Capitalized common nouns and institutions that the target translates ("Paese" -> "country");
    exonyms missing from the bundled list; sources that capitalize every noun are not checked.

    ## Options
    None.
    """

    code = "A401"
    name = "missing-name"
    category = "accuracy/omission"
    severity = Severity.MAJOR
    status = Status.PREVIEW

    def check(self, ctx: CheckContext) -> Iterable[Finding]:
        if not reads_names(ctx.src_profile) or ctx.src_profile.code == ctx.tgt_profile.code:
            return
        beads = ctx.beads
        for k, seg in enumerate(beads):
            if not seg.src_text or not seg.tgt_text:
                continue
            near = NameIndex.of(
                " ".join(beads[o].tgt_text for o in range(max(0, k - 1), min(len(beads), k + 2)))
            )
            for tok in names_in(seg.src_text, ctx.src_profile):
                if not name_kept(tok.text, near, ctx.src_profile.code, ctx.tgt_profile.code):
                    yield self.in_segment(
                        ctx,
                        seg,
                        "source",
                        tok.start,
                        tok.end,
                        f'name "{tok.text}" is missing from the translation',
                    )
