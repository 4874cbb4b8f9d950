from __future__ import annotations

from collections.abc import Iterable

from mtqa.detectors.base import CheckContext, Detector
from mtqa.text.placeholders import Token, protected_spans, tag_name, token_findings
from mtqa.types import Finding, Severity


def tags(text: str) -> list[Token]:
    return [(p.start, p.end, tag_name(p.text)) for p in protected_spans(text) if p.pattern == "tag"]


class TagMismatch(Detector):
    """A markup tag or inline code of the source is missing, added or changed in the translation.

    ## Why
    Inline codes (XLIFF ``<x/>``, ``<g>``, ``<ph>``, ``<bpt>``/``<ept>``, TMX ``<bpt>``/``<ph>``, which
    the readers keep as short tags) and HTML/XML tags in strings carry formatting, links and
    interpolations; a lost tag loses the bold text or the link, a broken pair breaks the page or the
    file on export. Tags are compared by name and id, so ``<a href="x">`` and ``<a href="y">`` are the
    same tag (the link check compares the address); in unit mode a whole unit at a time.

    ## Bad
    en "Click <b>Save</b> now" -> it "Fai clic su Salva ora": "<b>" and "</b>" are missing.

    ## Good
    en "Hello <x id="INTERPOLATION"/>, welcome" -> it "Ciao <x id="INTERPOLATION"/>, benvenuto".

    ## Known false positives
    A tag that a language needs in another number (a bold word that becomes two in the translation);
    text such as "a <b> c" in prose that is not markup.

    ## Options
    None.
    """

    code = "D102"
    name = "tag-mismatch"
    category = "design/markup"
    severity = Severity.MAJOR

    def check(self, ctx: CheckContext) -> Iterable[Finding]:
        return token_findings(self, ctx, tags, "tag")
