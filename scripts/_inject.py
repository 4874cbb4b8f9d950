"""The fixed recipe of ``scripts/bench_inject.py``: clean NTREX articles with one error of one type
injected, and where it is.

Each injector takes a clean article (Italian lines as the source, the English original lines as the
target; NTREX has one sentence per line) and a seeded ``random.Random``; it returns the injected article and
the injected span (in the injected text, on the side where a detector should report it) and the
clean text that the span replaced, or ``None`` when the article offers no place for that error.
The recipe was written before any detector was tuned on it and is never changed to suit one.

Split: the articles at even positions of NTREX's file order are ``dev`` (looked at while working on
the detectors), the odd ones ``test`` (reported, never looked at one by one). Boilerplate lines come
from two disjoint pools, one per split, so that a pattern added for a dev line cannot help on test.

Layout, as news feeds come: the headline (the first line) on its own, then paragraphs of three
sentences joined by a space, paragraphs separated by a blank line. A left-out sentence leaves its
paragraph shorter; a boilerplate line is a paragraph of its own; a lower-case start is injected only
where a paragraph (or the headline) starts, the one place where a segmenter can still see a sentence.
"""

from __future__ import annotations

import itertools
import random
import re
from collections.abc import Callable
from dataclasses import dataclass

TYPES = (
    "glued",
    "glued_function",
    "doubled_punct",
    "space_before_punct",
    "source_quotes",
    "number_words",
    "decimal_mark",
    "lowercase_start",
    "boilerplate",
    "repeated",
    "repeated_function",
    "omitted",
    "omitted_short",
    "headline_untranslated",
)
# what a detector must report (overlapping the injected span) for the injection to count as found
CODES: dict[str, tuple[str, ...]] = {
    "glued": ("F101",),
    "glued_function": ("F101",),
    "doubled_punct": ("F201",),
    "space_before_punct": ("F202", "F205"),
    "source_quotes": ("L101",),
    "number_words": ("L201",),
    "decimal_mark": ("L202",),
    "lowercase_start": ("F401",),
    "boilerplate": ("A202",),
    "repeated": ("F301",),
    "repeated_function": ("F301",),
    "omitted": ("A201",),
    "omitted_short": ("A201",),
    "headline_untranslated": ("A304",),
}
# the types whose fix is mechanical: ``mtqa fix`` should give the clean text back
MECHANICAL = (
    "glued",
    "glued_function",
    "doubled_punct",
    "space_before_punct",
    "source_quotes",
    "number_words",
    "decimal_mark",
    "lowercase_start",
    "boilerplate",
    "repeated",
    "repeated_function",
)

_FUNCTION = (
    "the a an of to in on at by for and or but is was are be it he she we they his her its this with as "
)
FUNCTION_WORDS = frozenset((_FUNCTION + "from not has have will can").split())
APOSTROPHES = frozenset("'’-")
# doubled, these are often grammatical ("she had had enough", "he said that that plan"): never injected
GRAMMATICAL_DOUBLES = frozenset({"had", "that"})
BOILERPLATE = {
    "dev": (
        "Follow us on Facebook",
        "Read more: Brexit latest",
        "Share this article",
        "Sign up for our newsletter",
        "© Copyright 2019 Reuters",
        "Image copyright Getty Images",
        "Click here to subscribe",
        "Related articles",
    ),
    "test": (
        "Subscribe now for unlimited access",
        "Follow us on Twitter for the latest updates",
        "Read also: the day in pictures",
        "All rights reserved",
        "Share on WhatsApp",
        "Photo: AFP",
        "Download our app",
        "Related news",
    ),
}


@dataclass(frozen=True)
class Injected:
    kind: str
    doc_id: str
    seed: int
    source: str
    target: str
    side: str  # where the error is to be reported: "source" (omission) or "target"
    span: tuple[int, int]  # the injected error in ``source``/``target`` of that side
    clean_span: tuple[int, int]  # what the injection replaced, in the clean target (omission: the line)


Lines = tuple[str, ...]
_WORD = re.compile(r"[^\W\d_]+")


PARAGRAPH = 3  # sentences per body paragraph


def paragraph_of(k: int) -> int:
    """The paragraph of clean sentence ``k``: 0 the headline, then groups of three."""
    return 0 if k == 0 else 1 + (k - 1) // PARAGRAPH


def layout(lines: Lines, paras: tuple[int, ...] | None = None) -> tuple[str, list[int]]:
    """The article text and the start of each sentence in it; ``paras``: each sentence's paragraph
    (default: its clean position's)."""
    paras = paras or tuple(paragraph_of(k) for k in range(len(lines)))
    text, starts = "", []
    for k, line in enumerate(lines):
        if k:
            text += " " if paras[k] == paras[k - 1] else "\n\n"
        starts.append(len(text))
        text += line
    return text, starts


def _join(lines: Lines) -> str:
    return layout(lines)[0]


def _offset(lines: Lines, k: int) -> int:
    return layout(lines)[1][k] if k < len(lines) else len(layout(lines)[0])


def _replace(
    it: Lines,
    en: Lines,
    k: int,
    a: int,
    b: int,
    new: str,
    kind: str,
    doc: str,
    seed: int,
    err: tuple[int, int] | None = None,
) -> Injected:
    """Line ``k`` of the target with ``[a, b)`` replaced by ``new``; the error is ``err`` (relative to
    ``a``) or the whole replacement."""
    base = _offset(en, k)
    line = en[k][:a] + new + en[k][b:]
    lines = en[:k] + (line,) + en[k + 1 :]
    lo, hi = err if err else (0, len(new))
    return Injected(
        kind,
        doc,
        seed,
        _join(it),
        _join(lines),
        "target",
        (base + a + lo, base + a + hi),
        (base + a, base + b),
    )


def _pick(rng: random.Random, cands: list) -> object | None:
    return rng.choice(cands) if cands else None


def glued(
    it: Lines,
    en: Lines,
    rng: random.Random,
    doc: str,
    seed: int,
    function: bool,
    is_word: Callable[[str], bool],
) -> Injected | None:
    """Two neighbouring words written together; ``function``: one of them a short function word."""
    cands = []
    for k, line in enumerate(en):
        toks = list(_WORD.finditer(line))
        for m1, m2 in itertools.pairwise(toks):
            w1, w2 = m1.group(), m2.group()
            if line[m1.end() : m2.start()] != " " or not w2.islower() or len(w1 + w2) < 5:
                continue
            if (
                line[m1.start() - 1 : m1.start()] in APOSTROPHES
                or line[m2.end() : m2.end() + 1] in APOSTROPHES
            ):
                continue  # part of "what's" or "aren't": not a word of its own
            if function != (w1.lower() in FUNCTION_WORDS or w2 in FUNCTION_WORDS):
                continue
            if is_word((w1 + w2).lower()):
                continue  # "in" + "to" is "into": no error to see
            cands.append((k, m1.start(), m2.end(), w1 + w2))
    c = _pick(rng, cands)
    if c is None:
        return None
    k, a, b, new = c  # type: ignore[misc]
    return _replace(it, en, k, a, b, new, "glued_function" if function else "glued", doc, seed)


def doubled_punct(it: Lines, en: Lines, rng: random.Random, doc: str, seed: int) -> Injected | None:
    cands = [
        (k, m.start())
        for k, line in enumerate(en)
        for m in re.finditer(r"(?<=\w)[.,?](?=\s|$)", line)
        if not (m.group() == "." and re.search(r"\b[A-Z][a-z]?\.$", line[: m.end()]))
    ]
    c = _pick(rng, cands)
    if c is None:
        return None
    k, a = c  # type: ignore[misc]
    mark = en[k][a]
    return _replace(it, en, k, a, a + 1, mark * 2, "doubled_punct", doc, seed)


def space_before_punct(it: Lines, en: Lines, rng: random.Random, doc: str, seed: int) -> Injected | None:
    cands = [
        (k, m.start()) for k, line in enumerate(en) for m in re.finditer(r"(?<=\w)[.,:;?!](?=\s|$)", line)
    ]
    c = _pick(rng, cands)
    if c is None:
        return None
    k, a = c  # type: ignore[misc]
    mark = en[k][a]
    return _replace(it, en, k, a, a + 1, " " + mark, "space_before_punct", doc, seed)


def source_quotes(it: Lines, en: Lines, rng: random.Random, doc: str, seed: int) -> Injected | None:
    """A double-quoted passage re-marked with Italian guillemets."""
    cands = [
        (k, m.start(), m.end())
        for k, line in enumerate(en)
        for m in re.finditer(r"\"[^\"\n]{1,300}\"|“[^”\n]{1,300}”", line)
    ]
    c = _pick(rng, cands)
    if c is None:
        return None
    k, a, b = c  # type: ignore[misc]
    return _replace(it, en, k, a, b, "«" + en[k][a + 1 : b - 1] + "»", "source_quotes", doc, seed)


def number_words(it: Lines, en: Lines, rng: random.Random, doc: str, seed: int) -> Injected | None:
    """ "10,000" written the Italian way, "10 thousand"."""
    cands = [
        (k, m.start(), m.end(), m.group(1))
        for k, line in enumerate(en)
        for m in re.finditer(r"(?<![\d.,])(\d{1,3}),000(?![\d,.]\d|\s+(?:million|billion))", line)
    ]
    c = _pick(rng, cands)
    if c is None:
        return None
    k, a, b, n = c  # type: ignore[misc]
    return _replace(it, en, k, a, b, f"{n} thousand", "number_words", doc, seed)


def decimal_mark(it: Lines, en: Lines, rng: random.Random, doc: str, seed: int) -> Injected | None:
    """A decimal number with the Italian comma, where the aligned source writes it so too."""
    cands = []
    for k, line in enumerate(en):
        for m in re.finditer(r"(?<![\w.,])(\d+)\.(\d{1,2})(?![\d]|[.,]\d)", line):
            if f"{m.group(1)},{m.group(2)}" in it[k]:
                cands.append((k, m.start(), m.end(), f"{m.group(1)},{m.group(2)}"))
    c = _pick(rng, cands)
    if c is None:
        return None
    k, a, b, new = c  # type: ignore[misc]
    return _replace(it, en, k, a, b, new, "decimal_mark", doc, seed)


def lowercase_start(it: Lines, en: Lines, rng: random.Random, doc: str, seed: int) -> Injected | None:
    cands = []
    for k, line in enumerate(en):
        if k and paragraph_of(k) == paragraph_of(k - 1):
            continue  # inside a paragraph: a lower-case start is not even a sentence start any more
        m = _WORD.match(line)
        if m and len(m.group()) > 1 and m.group()[0].isupper() and m.group()[1:].islower():
            cands.append((k, m.end()))
    c = _pick(rng, cands)
    if c is None:
        return None
    k, b = c  # type: ignore[misc]
    return _replace(it, en, k, 0, b, en[k][0].lower() + en[k][1:b], "lowercase_start", doc, seed)


def boilerplate(it: Lines, en: Lines, rng: random.Random, doc: str, seed: int, split: str) -> Injected:
    """A feed's boilerplate line added before, after or between the target lines."""
    line = rng.choice(BOILERPLATE[split])
    starts = [k for k in range(len(en)) if k == 0 or paragraph_of(k) != paragraph_of(k - 1)]
    k = rng.choice((0, len(en), rng.choice(starts[1:]) if len(starts) > 1 else len(en)))
    paras = tuple(paragraph_of(j) for j in range(len(en)))
    new_paras = paras[:k] + (-1,) + paras[k:]  # a paragraph of its own
    text, new_starts = layout(en[:k] + (line,) + en[k:], new_paras)
    start = new_starts[k]
    # the clean text the line's insertion replaced: nothing, at the paragraph break it brought with it
    clean_at = _offset(en, k)
    return Injected(
        "boilerplate", doc, seed, _join(it), text, "target", (start, start + len(line)), (clean_at, clean_at)
    )


def repeated(
    it: Lines, en: Lines, rng: random.Random, doc: str, seed: int, function: bool
) -> Injected | None:
    cands = [
        (k, m.start(), m.end())
        for k, line in enumerate(en)
        for m in _WORD.finditer(line)
        if function == (m.group().lower() in FUNCTION_WORDS) and m.group().lower() not in GRAMMATICAL_DOUBLES
    ]
    c = _pick(rng, cands)
    if c is None:
        return None
    k, a, b = c  # type: ignore[misc]
    w = en[k][a:b]
    return _replace(it, en, k, a, b, f"{w} {w}", "repeated_function" if function else "repeated", doc, seed)


def omitted(it: Lines, en: Lines, rng: random.Random, doc: str, seed: int, short: bool) -> Injected | None:
    """A target line left out; ``short``: one whose source has 3 to 8 words, between longer lines."""
    cands = [
        k
        for k in range(1, len(en))
        if not short
        or (
            3 <= len(it[k].split()) <= 8
            and all(len(it[j].split()) > 8 for j in (k - 1, k + 1) if 0 <= j < len(it))
        )
    ]
    c = _pick(rng, cands)
    if c is None:
        return None
    k = int(c)  # type: ignore[call-overload]
    paras = tuple(paragraph_of(j) for j in range(len(en)))
    text, _ = layout(en[:k] + en[k + 1 :], paras[:k] + paras[k + 1 :])
    start = _offset(it, k)
    return Injected(
        "omitted_short" if short else "omitted",
        doc,
        seed,
        _join(it),
        text,
        "source",
        (start, start + len(it[k])),
        (_offset(en, k), _offset(en, k) + len(en[k])),
    )


def headline_untranslated(
    it: Lines, en: Lines, rng: random.Random, doc: str, seed: int, is_word: Callable[[str], bool]
) -> Injected | None:
    """One word of the headline (the first line) replaced by an Italian word of the source headline that
    is no English word, in the case of the word it replaces."""
    if not en or not it:
        return None
    it_words = [
        m.group()
        for m in _WORD.finditer(it[0])
        if len(m.group()) >= 4 and m.group().islower() and not is_word(m.group()) and m.group() not in en[0]
    ]
    slots = [
        m
        for m in _WORD.finditer(en[0])
        if len(m.group()) >= 4
        and m.group().lower() not in FUNCTION_WORDS
        and (m.group().islower() or m.start() == 0)
    ]
    if not it_words or not slots:
        return None
    word, slot = rng.choice(it_words), rng.choice(slots)
    new = word.capitalize() if slot.group()[0].isupper() else word
    return _replace(it, en, 0, slot.start(), slot.end(), new, "headline_untranslated", doc, seed)


def inject(
    kind: str, it: Lines, en: Lines, doc: str, seed: int, split: str, is_word: Callable[[str], bool]
) -> Injected | None:
    rng = random.Random(f"{seed}:{doc}:{kind}")
    if kind in ("glued", "glued_function"):
        return glued(it, en, rng, doc, seed, kind == "glued_function", is_word)
    if kind in ("repeated", "repeated_function"):
        return repeated(it, en, rng, doc, seed, kind == "repeated_function")
    if kind in ("omitted", "omitted_short"):
        return omitted(it, en, rng, doc, seed, kind == "omitted_short")
    if kind == "boilerplate":
        return boilerplate(it, en, rng, doc, seed, split)
    if kind == "headline_untranslated":
        return headline_untranslated(it, en, rng, doc, seed, is_word)
    simple: dict[str, Callable[..., Injected | None]] = {
        "doubled_punct": doubled_punct,
        "space_before_punct": space_before_punct,
        "source_quotes": source_quotes,
        "number_words": number_words,
        "decimal_mark": decimal_mark,
        "lowercase_start": lowercase_start,
    }
    return simple[kind](it, en, rng, doc, seed)
