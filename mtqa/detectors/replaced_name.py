from __future__ import annotations

from collections.abc import Iterable

from mtqa.detectors.base import CheckContext, Detector
from mtqa.terms.bilingual_lexicon import get_lexicon
from mtqa.text.names import NameIndex, name_kept, names_in, reads_names
from mtqa.types import Finding, Severity, Status


class ReplacedName(Detector):
    """A name in the source replaced by another name in the translation ("Hong Kong" -> "Europe").

    In one aligned sentence, a source name that the target does not have (see :ref:`A401`) and a
    target name that the source does not have (up to accents, endings and exonyms): the target name is
    flagged as the replacement. Sources in non-Latin scripts and German are not read.

    ## Why
    A name replaced by another misinforms the reader about who did what where: a critical accuracy
    error (DEMETR's named-entity replacement), and one that fluency cannot reveal.

    ## Bad
    de "... Kinder Argentiniens ..." -> en "Germany's children"

    ## Good
    en "Argentina's children"; it "Pechino" -> en "Beijing" (an exonym).

    ## Known false positives
    A capitalized institution translated ("Camera" -> "Chamber") in a sentence where the target also
    has a capitalized word the source lacks; exonyms missing from the bundled list.

    ## Options
    None.
    """

    code = "A402"
    name = "replaced-name"
    category = "accuracy/mistranslation"
    severity = Severity.MAJOR
    status = Status.PREVIEW

    def check(self, ctx: CheckContext) -> Iterable[Finding]:
        sp, tp = ctx.src_profile, ctx.tgt_profile
        if not reads_names(sp) or not reads_names(tp) or sp.code == tp.code:
            return
        for seg in ctx.beads:
            if not seg.src_text or not seg.tgt_text:
                continue
            tgt_index, src_index = NameIndex.of(seg.tgt_text), NameIndex.of(seg.src_text)
            missing = [
                t for t in names_in(seg.src_text, sp) if not name_kept(t.text, tgt_index, sp.code, tp.code)
            ]
            if not missing:
                continue
            lex = get_lexicon(sp.code, tp.code)
            exonyms = " ".join(e for t in names_in(seg.src_text, sp) for e in lex.exonyms_of(t.text))
            ex_index = NameIndex.of(exonyms)
            added = [
                t
                for t in names_in(seg.tgt_text, tp)
                if not src_index.has(t.text) and not ex_index.has(t.text)
            ]
            for src, tgt in zip(missing, added):
                yield self.in_segment(
                    ctx, seg, "target", tgt.start, tgt.end,
                    f'"{tgt.text}" replaces the source\'s name "{src.text}"', suggestion=src.text,
                )

