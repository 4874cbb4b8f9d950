"""Placeholders, markup and other text that a translation must carry over unchanged, found by pattern:
printf (``%s``, ``%1$d``, ``%(name)s``, C99 ``%<PRIu32>`` as PO files write it), Python/ICU/``{name}``
(``{0}``, ``{count, plural, ...}``), Angular/Jinja ``{{ expr }}``, shell and Perl variables (``$sha1``,
``${name}``), HTML/XML tags (and the short tags that the XLIFF and TMX
readers give inline codes), HTML entities, URLs, e-mail addresses, code spans in backticks and
command-line options (``--amend``) and the metavariables of usage strings (``<path>``, which teams
translate: masked, never compared).

:func:`protected_spans` lists them; :func:`mask` blanks them, offsets kept, so that the language checks
(spelling, untranslated words, numbers, punctuation) never read them: each character becomes
:data:`MASK`, a private-use character that is neither a letter, a digit nor punctuation. The
placeholder, tag and link detectors (D101-D103) compare the spans of the two sides.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Literal, NamedTuple

if TYPE_CHECKING:
    from mtqa.detectors.base import CheckContext, Detector
    from mtqa.types import Finding

Kind = Literal["placeholder", "tag", "link", "meta"]
MASK = "\ue000"

_PRINTF = (
    r"%(?:\d+\$|\([A-Za-z_][\w.-]{0,40}\))?[-+0#']*(?:\d+|\*)?(?:\.(?:\d+|\*))?"
    # C99 <inttypes.h> macros as gettext writes them in a PO file: "%<PRIu32>" for "%" PRIu32
    r"(?:<PRI[diouxX][A-Z\d]{0,8}>"
    r"|(?:hh|h|ll|l|L|q|j|z|t|I64)?[diouxXeEfFgGaAcspn@])|%%"
)
_ICU_HEAD = r"\{\s*[A-Za-z_]\w*\s*,\s*(?:plural|select|selectordinal)\s*,(?:\s*offset:\d+)?"
_ICU_CASE = r"(?<=[\s,{}])(?:=\d+|zero|one|two|few|many|other|[A-Za-z_]\w*)\s*\{"
_BRACE = (
    r"\{\{[^{}\n]{1,200}\}\}"  # Angular, Jinja
    r"|\{[A-Za-z_\d][\w.\[\]]{0,60}(?:![rsa])?(?::[^{}\n]{0,20})?"  # Python format, {name}
    r"(?:\s*,\s*\w+(?:\s*,\s*[^{}\n]{1,40})?)?\}"  # ICU {n, number} / {d, date, short}
)
# shell and Perl variables ("$sha1", "$GIT_DIR", git's eval_gettext strings), "${name}" (shell,
# JavaScript template); not "$5" or "US$"
_SHELL = r"(?<![\w$])\$(?:\{[\w.]{1,60}\}|[A-Za-z_]\w{0,60})"
_ATTRS = r"(?:\s+[\w:.-]+(?:\s*=\s*(?:\"[^\"<>]*\"|'[^'<>]*'|[^\s<>\"']+))?)*"
# markup: a closing or self-closing tag, a tag with attributes, or a known HTML/XLIFF/TMX element;
# anything else in angle brackets is a metavariable of a usage string ("<path>", "<commit-ish>")
_ELEMENTS = (
    "a|abbr|b|bdi|bdo|blockquote|br|code|dd|div|dl|dt|em|h[1-6]|hr|i|img|"
    "li|ol|p|pre|small|span|strike|strong|sub|sup|table|tbody|td|th|"
    "thead|tr|u|ul|wbr|x|bx|ex|g|ph|bpt|ept|it|ut|sc|ec|pc|mrk|hi|sm"
)
_TAG = (
    rf"</[A-Za-z][\w:.-]*\s*>|<[A-Za-z][\w:.-]*{_ATTRS}\s*/>|<[A-Za-z][\w:.-]*(?:\s+[\w:.-]+\s*=[^<>]*)+>"
    rf"|<(?:{_ELEMENTS})>"
)
_META = r"<[\w][\w .,:|/=-]{0,60}>"
_ENTITY = r"&(?:[A-Za-z][A-Za-z\d]{1,10}|#\d{1,7}|#x[\da-fA-F]{1,6});"
_URL = r"(?:https?|ftp)://[^\s<>\"'`\\]+|www\.[\w-]+(?:\.[\w-]+)+(?:/[^\s<>\"'`]*)?"
_EMAIL = r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
_CODE = r"`[^`'\n]{1,80}`|(?<![\w-])--[a-z][\w-]*"

_PATTERN = re.compile(
    "|".join(
        f"(?P<{name}>{rx})"
        for name, rx in (
            ("url", _URL),
            ("email", _EMAIL),
            ("icu", _ICU_HEAD),
            ("brace", _BRACE),
            ("shell", _SHELL),
            ("printf", _PRINTF),
            ("tag", _TAG),
            ("meta", _META),
            ("entity", _ENTITY),
            ("code", _CODE),
        )
    )
)
_CASE = re.compile(_ICU_CASE)
_TRAILING = ".,;:!?)]}'\""
KINDS: dict[str, Kind] = {
    "url": "link",
    "email": "link",
    "icu": "placeholder",
    "brace": "placeholder",
    "shell": "placeholder",
    "printf": "placeholder",
    "tag": "tag",
    "entity": "tag",
    "code": "placeholder",
    "case": "placeholder",
    "close": "placeholder",
    "meta": "meta",
}


class Protected(NamedTuple):
    """A span to carry over as is: ``text[start:end]``, its pattern (``printf``, ``tag``, ``url`` ...)
    and its family (``placeholder``, ``tag``, ``link``)."""

    start: int
    end: int
    pattern: str
    text: str

    @property
    def kind(self) -> Kind:
        return KINDS[self.pattern]


def protected_spans(text: str) -> tuple[Protected, ...]:
    """Every protected span of ``text``, in order, without overlaps."""
    return _spans(text)


@lru_cache(maxsize=4096)
def _spans(text: str) -> tuple[Protected, ...]:
    if not any(c in text for c in "%{}<>&@`/$-"):
        return ()
    out = _icu(text) if "{" in text else []
    taken = [(p.start, p.end) for p in out]
    pos = 0
    for m in _PATTERN.finditer(text):
        a, b = m.span()
        if a < pos or any(x < b and a < y for x, y in taken):
            continue
        name = m.lastgroup or ""
        if name == "url":
            while b > a and text[b - 1] in _TRAILING:
                b -= 1
        out.append(Protected(a, b, name, text[a:b]))
        pos = b
    return tuple(sorted(out))


def _icu(text: str) -> list[Protected]:
    """The syntax of ICU plural/select messages: the head (``{count, plural,``), case selectors
    (``one {``), ``#`` and closing braces; the case texts are translatable and stay."""
    out: list[Protected] = []
    for m in re.finditer(_ICU_HEAD, text):
        depth, end = 1, len(text)
        for i in range(m.end(), len(text)):
            depth += (text[i] == "{") - (text[i] == "}")
            if depth == 0:
                end = i + 1
                break
        out.append(Protected(m.start(), m.end(), "icu", m.group(0)))
        out += [Protected(c.start(), c.end(), "case", c.group(0)) for c in _CASE.finditer(text, m.end(), end)]
        out += [Protected(i, i + 1, "close", text[i]) for i in range(m.end(), end) if text[i] in "}#"]
    seen: set[tuple[int, int]] = set()
    unique = []
    for p in sorted(out):
        if (p.start, p.end) not in seen:
            seen.add((p.start, p.end))
            unique.append(p)
    return unique


def mask(text: str) -> str:
    """``text`` with every protected span blanked (same length, so every offset still holds)."""
    spans = protected_spans(text)
    if not spans:
        return text
    parts, pos = [], 0
    for p in spans:
        parts += [text[pos : p.start], MASK * (p.end - p.start)]
        pos = p.end
    parts.append(text[pos:])
    return "".join(parts)


def tag_name(token: str) -> str:
    """A tag's identity for comparison: its name and id (``<g id="1">``), any other attributes dropped,
    so that ``<a href="x">`` and ``<a href="y">`` are the same tag (the link check compares URLs)."""
    m = re.match(r"<(/?)([\w:.-]+)", token)
    if not m:
        return token
    ident = re.search(r"""\b(?:id|i|x|rid|startRef)\s*=\s*["']([^"']*)["']""", token)
    close = "/" if token.rstrip().endswith("/>") else ""
    return f"<{m.group(1)}{m.group(2)}{' #' + ident.group(1) if ident else ''}{close}>"


class Region(NamedTuple):
    """A source text and the target text that must carry the same placeholders: a translation unit in
    unit mode, else a bead; offsets of each side into its article text."""

    bead: int | None
    src_start: int
    src_text: str
    tgt_start: int
    tgt_text: str


def regions(ctx: CheckContext) -> list[Region]:
    """The units of a CAT file (placeholders may move between a unit's sentences), else the beads, with
    the original (unmasked) texts."""
    pair = ctx.original
    if pair.units:
        return [
            Region(None, u.src_start, pair.source.text[u.src_start:u.src_end], u.tgt_start,
                   pair.target.text[u.tgt_start:u.tgt_end])
            for u in pair.units
        ]
    return [
        Region(b.bead_index, b.src_start, pair.source.text[b.src_start:b.src_end], b.tgt_start,
               pair.target.text[b.tgt_start:b.tgt_end])
        for b in ctx.beads if b.bead.src and b.bead.tgt
    ]


Token = tuple[int, int, str]  # start, end (in the region's text), the token as compared


def _unmatched(tokens: Sequence[Token], other: Sequence[Token]) -> list[Token]:
    """The tokens of ``tokens``, in order, that ``other`` has no copy of (as multisets, by text)."""
    left = Counter(t[2] for t in other)
    out = []
    for t in tokens:
        if left[t[2]] > 0:
            left[t[2]] -= 1
        else:
            out.append(t)
    return out


def compare(
    src: Sequence[Token], tgt: Sequence[Token]
) -> tuple[list[Token], list[Token], list[tuple[Token, Token]]]:
    """(missing from the target, added in the target, changed: (source, target) pairs), comparing the
    tokens as multisets; a missing and an added token at the same rank count as one change."""
    missing, added = _unmatched(src, tgt), _unmatched(tgt, src)
    n = min(len(missing), len(added))
    changed = list(zip(missing[:n], added[:n]))
    return missing[n:], added[n:], changed


def token_findings(det: Detector, ctx: CheckContext, tokens: Callable[[str], list[Token]], what: str
                   ) -> Iterator[Finding]:
    """The findings of a detector that compares ``tokens`` of each region's source and target: a token
    missing (on the source side), added or changed (on the target side)."""
    for r in regions(ctx):
        missing, added, changed = compare(tokens(r.src_text), tokens(r.tgt_text))
        for a, b, tok in missing:
            yield det.finding(ctx, "source", r.src_start + a, r.src_start + b,
                              f'{what} "{tok}" is missing from the translation', bead=r.bead)
        for a, b, tok in added:
            yield det.finding(ctx, "target", r.tgt_start + a, r.tgt_start + b,
                              f'{what} "{tok}" is not in the source', bead=r.bead)
        for (_, _, old), (a, b, tok) in changed:
            yield det.finding(ctx, "target", r.tgt_start + a, r.tgt_start + b,
                              f'{what} "{old}" became "{tok}"', suggestion=old, bead=r.bead)
