from __future__ import annotations

from collections.abc import Iterable

from mtqa.detectors.base import CheckContext, Detector
from mtqa.terms.consistency import Rendering, renderings
from mtqa.types import Finding, Severity, Status


class MergedTerms(Detector):
    """Two different source terms rendered by the same target term in one article, so that the reader
    takes two things for one (two quoted phrases, or two institutions, translated alike).

    Uses the anchors of :ref:`T201` (quoted phrases and repeated capitalized names, see
    ``mtqa.terms.consistency``): when two source terms that share less than half of their words end up
    with the same rendering, the later one is flagged. In preview until measured on more articles with such
    errors.

    ## Why
    "Camera" and "Senato" both rendered "Senate", or two different slogans quoted with the same
    English words, make the article say that one body or one statement is involved where there are two.

    ## Bad
    it «Italia First» ... «Prima l'Italia» (two slogans) -> en “Italy First” ... “Italy First”

    ## Good
    en “Italy First” ... “Italy Comes First”

    ## Known false positives
    Two source wordings that are really synonyms ("Consulta" and "Corte costituzionale" are both the
    Constitutional Court).

    ## Options
    None.
    """

    code = "T202"
    name = "merged-terms"
    category = "terminology/inconsistent use"
    severity = Severity.MINOR
    status = Status.PREVIEW

    def check(self, ctx: CheckContext) -> Iterable[Finding]:
        owner: dict[str, Rendering] = {}
        for r in renderings(ctx):
            if r.kind == "sense" or not r.group:
                continue
            first = owner.setdefault(r.group, r)
            a, b = set(first.key.split()), set(r.key.split())
            if len(a & b) * 2 >= len(a | b):
                continue  # the same term, inflected or shortened
            yield self.finding(
                ctx,
                "target",
                r.start,
                r.end,
                f'"{r.text}" renders {r.label} here and {first.label} earlier: two source terms, one '
                'rendering',
                bead=r.bead,
            )
