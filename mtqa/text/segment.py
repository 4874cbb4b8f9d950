"""Sentence segmentation for news articles (rules.v2).

Line breaks are hard boundaries: news feeds put headlines, standfirsts and paragraphs on lines of
their own, and a sentence never continues across one. Inside a line, a boundary is a run of ``.?!…``
(plus any closing quotes or brackets) followed by white space and something that can open a
sentence. The full stop is ambiguous, so the word before it is checked against the language profile:

- titles and other prefix abbreviations (``sig.``, ``dott.``, ``Mr.``, ``No.``) never end a sentence;
- single-letter initials (``J. Smith``) never end a sentence;
- other abbreviations (``ecc.``, ``etc.``, ``U.S.``) end one only when the next word is a typical
  sentence opener ("The", "Il", ...);
- inside a bracket that closes on the same line (``(...)``, ``[...]``) nothing is split, unless it is
  very long. Quotations are split like any text (``rules.v2``): a quote of two sentences is two
  sentences in either language, whatever its marks (straight quotes cannot be paired reliably, so
  protecting only typographic ones made an Italian «...» one sentence where its English "..." was two,
  and a sentence left out inside it hid in a 1-1 bead).

Numbers need no special case: ``4,8`` and ``4.8`` have no space after the mark, and ``152 mm.`` before
a capital is a sentence end (units take no full stop).
"""

from __future__ import annotations

import itertools
import re

from mtqa.lang.profiles import LanguageProfile
from mtqa.types import Segment

SEGMENTER = "rules.v2"

# A boundary starts at the first mark of a run ("(?<!...)"), and the run and its closers are taken whole
# ("++", "*+"): otherwise the engine retried from every mark of a long run ("....") without white space
# after it, and 30,000 dots took 35 s.
_BOUNDARY = re.compile(r"(?<![.?!…])([.?!…]++)([»”“«‘\"’'\)\]]*+)(\s+)")
# Chinese and Japanese end sentences with full-width marks and no space after them
_CJK_BOUNDARY = re.compile(r"(?<![。！？])([。！？]++)([」』”’）)]*)(?=\S)")
_OPENERS = "«“„\"‘'([¿¡-–—"
_PAIRS = {"(": ")", "[": "]"}
_BRACKETS = re.compile("[" + re.escape("".join(sorted(set(_PAIRS) | set(_PAIRS.values())))) + "]")
_MAX_PROTECTED = 400  # longer brackets are split inside
_LINE = re.compile(r"[^\n\r\u2028\u2029]+")
_TERMINAL = re.compile(r"[.?!…:;。！？][»”“«‘\"’'\)\]」』）]*$")


def _protected_spans(line: str) -> list[tuple[int, int]]:
    """Spans of brackets that open and close within the line."""
    spans: list[tuple[int, int]] = []
    stack: list[tuple[str, int]] = []
    for m in _BRACKETS.finditer(line):  # only these characters open or close anything
        i, ch = m.start(), m.group()
        if stack and ch == _PAIRS[stack[-1][0]]:
            _, start = stack.pop()
            if i - start <= _MAX_PROTECTED:
                spans.append((start, i))
        elif ch in _PAIRS:
            stack.append((ch, i))
    return spans


def _word_before(line: str, pos: int) -> str:
    """The token that ends at ``pos`` (the first boundary punctuation), lower-cased, without dots."""
    j = pos
    while j > 0 and not line[j - 1].isspace() and line[j - 1] not in "«“„\"‘'([":
        j -= 1
    return line[j:pos].lower()


def _next_word(line: str, pos: int) -> str:
    m = re.match(r"[\W_]*(\w+)", line[pos:])
    return m.group(1).lower() if m else ""


def _is_boundary(
    line: str, m: re.Match[str], profile: LanguageProfile, protected: list[tuple[int, int]]
) -> bool:
    nxt = m.end()
    if nxt >= len(line):
        return False
    first = line[nxt]
    if first.islower():
        return False
    if not (first.isupper() or first.isdigit() or first in _OPENERS):
        return False
    punct_pos = m.start(1)
    if any(a < punct_pos and m.end(2) <= b for a, b in protected):
        return False  # inside a bracket that goes on after this point
    if m.group(1) != ".":
        return True  # ?, !, …, "..", "..." followed by a capital
    token = _word_before(line, punct_pos)
    if not token:
        return True
    bare = token.rstrip(".")
    if bare in profile.prefix_abbreviations:
        return False
    if len(bare) == 1 and bare.isalpha():
        return False  # an initial
    if bare in profile.abbreviations or ("." in bare and bare.replace(".", "").isalpha()):
        return _next_word(line, nxt) in profile.sentence_starters
    return True


def split_line(line: str, profile: LanguageProfile) -> list[tuple[int, int]]:
    """Sentence spans (start, end) within one line, whitespace trimmed."""
    protected = _protected_spans(line)
    cuts = [0]
    for m in _BOUNDARY.finditer(line):
        if _is_boundary(line, m, profile, protected):
            cuts.append(m.end(2))
    for m in _CJK_BOUNDARY.finditer(line):
        if not any(a < m.start(1) and m.end(2) <= b for a, b in protected):
            cuts.append(m.end(2))
    cuts = sorted(set(cuts))
    cuts.append(len(line))
    spans = []
    for a, b in itertools.pairwise(cuts):
        while a < b and line[a].isspace():
            a += 1
        while b > a and line[b - 1].isspace():
            b -= 1
        if a < b:
            spans.append((a, b))
    return spans


def segment(text: str, profile: LanguageProfile) -> tuple[Segment, ...]:
    """Split an article into sentences with offsets into ``text``."""
    out: list[Segment] = []
    paragraph = -1
    for lm in _LINE.finditer(text):
        line = lm.group(0)
        if not line.strip():
            continue
        paragraph += 1
        spans = split_line(line, profile)
        heading = len(spans) == 1 and _looks_like_heading(line[spans[0][0] : spans[0][1]])
        for a, b in spans:
            s, e = lm.start() + a, lm.start() + b
            out.append(Segment(len(out), s, e, text[s:e], paragraph, heading))
    return tuple(out)


def _looks_like_heading(sentence: str) -> bool:
    return not _TERMINAL.search(sentence) and len(sentence.split()) <= 25


def segment_lines(text: str) -> tuple[Segment, ...]:
    """One sentence per line (``--presplit`` input, as in alignment gold sets): indices are line numbers."""
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()  # the final newline ends the last line, it does not open another
    out: list[Segment] = []
    pos = 0
    for i, line in enumerate(lines):
        out.append(Segment(i, pos, pos + len(line), line, 0))  # no paragraph information
        pos += len(line) + 1
    return tuple(out)
