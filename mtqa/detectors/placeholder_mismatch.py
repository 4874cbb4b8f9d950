from __future__ import annotations

import re
from collections.abc import Iterable

from mtqa.detectors.base import CheckContext, Detector
from mtqa.text.placeholders import Token, protected_spans, token_findings
from mtqa.types import Finding, Severity

# ICU case selectors and closing braces are syntax around translatable text: languages have other
# plural categories ("few", "many"), so they are not compared one for one
_SKIP = {"case", "close"}


def placeholders(text: str) -> list[Token]:
    return [(p.start, p.end, p.text) for p in protected_spans(text) if p.kind == "placeholder"
            and p.pattern not in _SKIP]


def metavariable_numbers(text: str) -> list[Token]:
    """The numbers inside a usage string's metavariables (``<tree-ish1>``, ``<param1,param2>``): the
    words are translated ("<espressione albero 1>"), the numbers stay."""
    return [(p.start + m.start(), p.start + m.end(), m.group(0)) for p in protected_spans(text)
            if p.pattern == "meta" for m in re.finditer(r"\d+", p.text)]


class PlaceholderMismatch(Detector):
    """A placeholder of the source is missing, added or changed in the translation.

    ## Why
    Software fills placeholders at run time (printf ``%s``, ``%1$d``, ``%(name)s``, C99
    ``%<PRIu32>`` as PO files write it, Python and ICU ``{name}``/``{0}``/``{count, plural, ...}``,
    Angular ``{{ expr }}``, shell and Perl variables ``$sha1``/``${name}``) and reads command-line
    options (``--amend``) and code in backticks as code: one that is dropped, added or altered shows
    the wrong value or makes the program fail. It is the first check of every CAT QA tool (pofilter
    ``printf``/``variables``, Xbench, Verifika). In unit mode the unit is compared as a whole, so a
    placeholder may move to another sentence of its unit. The metavariables of usage strings
    (``<tree-ish1>``) are translated, so only the numbers in them are compared.

    ## Bad
    en "Deleted %d files in %s" -> it "Eliminati %s file": "%d" became "%s", "%s" is missing.
    en "Could not pick $sha1" -> it "Impossibile scegliere $sha8": "$sha1" became "$sha8".
    en "[<tree-ish1>]" -> it "[<espressione albero 8>]": the metavariable's "1" became "8".

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
        yield from token_findings(self, ctx, placeholders, "placeholder")
        yield from token_findings(self, ctx, metavariable_numbers, "number in a metavariable")
