from __future__ import annotations

from collections.abc import Iterable

from mtqa.detectors.base import CheckContext, Detector
from mtqa.terms.consistency import Rendering, consistent, renderings
from mtqa.types import Finding, Severity, pair_number


class InconsistentTerm(Detector):
    """The same source term or quoted phrase rendered differently in one article ("shells" in the
    headline, "bullets" in the body for "proiettili"; «merce umana» as "human goods", then as "human
    merchandise").

    Needs no glossary. The renderings are tied to their source by anchors that need no dictionary:
    quoted phrases (paired in order within an aligned sentence), capitalized multi-word names that the
    source repeats, and the small bundled lexicon of words whose renderings differ in meaning (see
    ``mtqa.terms.consistency``). The first rendering in the article is taken as the reference; every
    later rendering that differs from it is flagged, with the reference as the suggestion. A switch
    between lexicon senses (a change of meaning) is major, a reworded quotation or name minor.

    ## Why
    A reader takes two renderings for two different things: "human goods" and "human merchandise"
    look like two quotations, "shells" and "bullets" like two kinds of ammunition, "Port System
    Authority" and "Harbor Board" like two bodies. Consistency is also what a glossary cannot check
    for terms nobody thought to put in it.

    ## Bad
    it «merce umana» ... «merce umana» -> en «human goods» ... «human merchandise»; it "Autorità di
    sistema portuale" (twice) -> en "Port System Authority" ... "Harbor Board"

    ## Good
    en «human goods» ... «human goods»; "Port System Authority" ... "the authority" (a short form that
    shares a word is not flagged; neither is "shells" ... "rounds", one meaning).

    ## Known false positives
    A quotation repeated on purpose in another wording; a name that the source repeats but whose
    sentence holds a second, unrelated capitalized name in the target.

    ## Options
    None.
    """

    code = "T201"
    name = "inconsistent-term"
    category = "terminology/inconsistent use"
    severity = Severity.MINOR

    def check(self, ctx: CheckContext) -> Iterable[Finding]:
        first: dict[tuple[str, str], Rendering] = {}
        for r in renderings(ctx):
            ref = first.setdefault((r.kind, r.key), r)
            if ref is r or consistent(ref, r):
                continue
            yield self.finding(
                ctx, "target", r.start, r.end,
                f"{r.label} is rendered as {_quoted(r.text)} here but as {_quoted(ref.text)} in sentence "
                f"#{pair_number(ref.bead)}",
                suggestion=ref.text, bead=r.bead,
                # lexicon senses differ in meaning by construction; a quotation or name reworded is minor
                severity=Severity.MAJOR if r.kind == "sense" else None,
            )


def _quoted(text: str) -> str:
    return text if text[:1] in "«“„\"" else f'"{text}"'

