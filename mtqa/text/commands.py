"""Command lines inside software strings (usage strings, quoted commands): ``git version [<options>]``,
``git stash ( pop | apply ) [--index]``. Their words are the program's, not a translator's: the
copied-source and untranslated-word detectors leave them alone in unit mode.

Read on text whose placeholders and options are masked (:func:`mtqa.text.placeholders.mask`).
"""

from __future__ import annotations

import re

# a token of a command line: a protected span (an option, a metavariable), brackets, alternatives
_CODE_TOKEN = re.compile(r"[\[\]()|<>=\ue000]|^-")
_PREFIX_TOKEN = re.compile(r"[\w.:-]+")
# a PO or XLIFF unit's lines are joined with a space in unit mode: a break shows as the indentation of
# the next line ("[<ref>...]   --all and explicit <ref> ...")
LINES = re.compile(r"\n|\s{3,}")


def is_command(line: str) -> bool:
    """A command line: up to four command words (``git notes merge``), then only code tokens and
    the alternatives between brackets (``( pop | apply )``)."""
    tokens = line.split()
    first = next((i for i, t in enumerate(tokens) if _CODE_TOKEN.search(t)), None)
    if first is None or first > 4 or not all(_PREFIX_TOKEN.fullmatch(t) for t in tokens[:first]):
        return False
    depth = 0
    for i in range(first, len(tokens)):
        t = tokens[i]
        around = tokens[i - 1] + (tokens[i + 1] if i + 1 < len(tokens) else "")
        if not _CODE_TOKEN.search(t) and not (depth > 0 and "|" in around):
            return False
        depth += t.count("[") + t.count("(") - t.count("]") - t.count(")")
    return True
