"""One escaping function per destination for text that comes from a feed (ids, languages, labels,
messages, file names): a terminal, Markdown tables and URIs.

Feed text is data, never instructions to the device that shows it. On a terminal an ESC sequence can
move the cursor, rewrite earlier lines, set the window title or (on some terminals) write files, and
bidi overrides (U+202E) show text in another order than it is stored ("Trojan Source"). So everything
that reaches a terminal goes through :func:`printable`, which shows C0 and C1 controls, DEL, bidi
controls, line and paragraph separators and lone surrogates as visible ``\\x1b``/``\\u202e`` escapes.
Tab and newline stay where the caller allows them (multi-line renderers).
"""

from __future__ import annotations

import re
from urllib.parse import quote

# C0 (but tab and newline), DEL, C1; bidi embeddings, overrides and isolates; marks; separators;
# zero-width joiners and BOM are left alone (they occur in real text)
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]")
_UNSAFE_LINE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]")
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#!~])")
_WIDTH_SAFE = {c: "\ufffd" for c in [*range(0x20), *range(0x7F, 0xA0), 0x61C, 0x200E, 0x200F,
                                      *range(0x2028, 0x202F), *range(0x2066, 0x206A), *range(0xD800, 0xE000)]}
_WIDTH_SAFE[0x09] = " "


def _escape(m: re.Match[str]) -> str:
    c = ord(m.group())
    return f"\\x{c:02x}" if c < 0x100 else f"\\u{c:04x}"


def printable(text: str, newlines: bool = True) -> str:
    """``text`` safe to write to a terminal: control, bidi and separator characters as visible escapes;
    newlines kept unless ``newlines`` is False (a one-line field: an id, a label, a file name)."""
    return (_UNSAFE if newlines else _UNSAFE_LINE).sub(_escape, text)


def replaced(text: str) -> str:
    """The same characters as :func:`printable` escapes, each shown as U+FFFD (a tab as a space), for
    renderers that lay text out by width (the terminal spot check wraps by display columns)."""
    return text.translate(_WIDTH_SAFE)


def markdown_cell(text: object) -> str:
    """``text`` as one Markdown table cell: printable, on one line, with Markdown's and HTML's special
    characters escaped (a ``|`` would end the cell, ``<script>`` would be HTML in many renderers)."""
    return _MD_SPECIAL.sub(r"\\\1", printable(str(text), newlines=False))


def uri_path(text: str) -> str:
    """``text`` as a relative URI path (SARIF ``artifactLocation.uri``): percent-encoded, slashes kept,
    and never a scheme (``http://x`` becomes ``http%3A//x``) or an absolute path."""
    return quote(text.lstrip("/"), safe="/")
