from __future__ import annotations

from collections.abc import Iterable

from mtqa.detectors.base import CheckContext, Detector
from mtqa.placeholders import Token, protected_spans, token_findings
from mtqa.types import Finding, Severity

# ICU case selectors and closing braces are syntax around translatable text: languages have other
# plural categories ("few", "many"), so they are not compared one for one
_SKIP = {"case", "close"}


def placeholders(text: str) -> list[Token]:
    return [(p.start, p.end, p.text) for p in protected_spans(text) if p.kind == "placeholder"
            and p.pattern not in _SKIP]


class PlaceholderMismatch(Detector):
    """A placeholder of the source is missing, added or changed in the translation.

    ## Why
    Software fills placeholders at run time (printf ``%s``, ``%1$d``, ``%(name)s``, Python and ICU
    ``{name}``/``{0}``/``{count, plural, ...}``, Angular ``{{ expr }}``, ``${name}``) and reads
    command-line options (``--amend``) and code in backticks as code: one that is dropped, added or
    altered shows the wrong value or makes the program fail. It is the first check of every CAT QA
    tool (pofilter ``printf``/``variables``, Xbench, Verifika). In unit mode the unit is compared as
    a whole, so a placeholder may move to another sentence of its unit.

    ## Bad
    en "Deleted %d files in %s" -> it "Eliminati %s file": "%d" became "%s", "%s" is missing.

    ## Good
    en "Hello {name}, %1$s" -> it "%1$s, ciao {name}": the same placeholders, in any order.

    ## Known false positives
    A translation that legitimately drops a plural placeholder ("one file" for ``%d file``); text
    that looks like a placeholder (``{}`` in prose, ``%d`` in a percentage "50%d").

    ## Options
    None.
    """

    code = "D101"
    name = "placeholder-mismatch"
    category = "design/markup"
    severity = Severity.MAJOR

    def check(self, ctx: CheckContext) -> Iterable[Finding]:
        return token_findings(self, ctx, placeholders, "placeholder")
