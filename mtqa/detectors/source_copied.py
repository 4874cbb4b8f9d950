from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from difflib import SequenceMatcher
from itertools import pairwise

from mtqa.detectors.base import CheckContext, Detector
from mtqa.text.commands import LINES, is_command
from mtqa.text.frequencies import zipf
from mtqa.text.placeholders import MASK, mask, protected_spans
from mtqa.types import Finding, Severity

_WORD = re.compile(r"[^\W_]+")  # letters and digits: what is left of a text without its punctuation
_COMMON = re.compile(r"[^\W\d_]{3,}")
# Above this many characters (both sides together) the character-level ratio, quadratic in the worst
# case (a 10,000-character near-copy took 39 s), gives way to the overlap of word pairs, which is linear.
MAX_RATIO_CHARS = 2_000
FOREIGN_ZIPF = 3.0  # short units: a word this frequent in the source language ...
TARGET_ZIPF = 2.5  # ... and rarer than this in the target language makes an exact copy untranslated


def _words(text: str) -> list[str]:
    """The text case-folded, without punctuation, as words; joined by spaces it is the normalized text
    that the similarity is computed on."""
    return _WORD.findall(text.casefold())


def _joined_length(words: list[str]) -> int:
    return sum(map(len, words)) + max(len(words) - 1, 0)


def is_copy(ctx: CheckContext, bead: int, min_ratio: float = 0.9) -> bool:
    """True when the bead's target is (nearly) the source text and has real words in it, not only
    names and numbers that any translation would keep."""
    seg = ctx.beads[bead]
    if not seg.src_text or not seg.tgt_text:
        return False
    common_words = [w for w in _COMMON.findall(seg.tgt_text) if w[0].islower()]
    if len(common_words) < 2:
        return False
    a, b = _words(seg.src_text), _words(seg.tgt_text)
    if a == b:
        return True
    ls, lt = _joined_length(a), _joined_length(b)
    if 2 * min(ls, lt) < min_ratio * (ls + lt):
        return False  # the ratio can never reach min_ratio with lengths this far apart
    ws, wt = set(a), set(b)
    if len(ws & wt) < min_ratio * min(len(ws), len(wt)) / 2:
        return False  # a copy shares most of its words; a translation shares names and numbers only
    if ls + lt > MAX_RATIO_CHARS:
        return _pair_overlap(a, b) >= min_ratio
    s, t = " ".join(a), " ".join(b)
    m = SequenceMatcher(None, s, t, autojunk=False)
    # the cheap upper bounds rule out almost every real translation before the quadratic ratio()
    return m.real_quick_ratio() >= min_ratio and m.quick_ratio() >= min_ratio and m.ratio() >= min_ratio


def _pair_overlap(a: list[str], b: list[str]) -> float:
    """The Dice overlap of the two texts' word pairs (bigrams, counted): 1.0 for the same text, and only
    a little less for a copy with a few words changed, as the character ratio is."""
    pa, pb = Counter(pairwise(a)), Counter(pairwise(b))
    total = sum(pa.values()) + sum(pb.values())
    return 2 * sum((pa & pb).values()) / total if total else 0.0


class SourceCopied(Detector):
    """The target sentence is the source sentence, copied (nearly) verbatim instead of translated.

    Sentences made only of names and numbers ("Vladimir Putin, 2024") are legitimately identical and
    are not flagged: the copy must contain at least two lower-case words.

    ## Why
    A copied source is a non-translation: MQM weighs it like a critical error, and feeds that
    republish it show foreign text to their readers.

    ## Bad
    it "Le munizioni non bastano mai." -> en "Le munizioni non bastano mai."

    ## Good
    en "There is never enough ammunition."

    In unit mode (CAT files) two things change. A short unit (at most ``short_unit_words`` words)
    copied exactly is judged without the two-word floor: it is flagged when one of its words is common
    in the source language and rare in the target language (en "Decline" -> it "Decline"), not when
    all its words are used as they are in the target language too (en "Password" -> it "Password",
    "OK", "1938"). And a unit that holds code (``--options``, ``<metavariables>``, code in backticks),
    copied exactly, is judged on what a translator translates in it, not on the program's words: two
    or more words of prose outside the code (command lines such as ``git stash ( pop | apply )
    [--index]`` and quoted commands are code: en ``(use "git branch --unset-upstream" to fixup)``
    copied is flagged), or a metavariable that the file's other units mostly translate (``git version
    [<options>]`` copied where ``<options>`` is ``<opzioni>`` elsewhere; not ``git reset [<commit>]``
    where the team keeps ``<commit>``; with no other unit to go by, a metavariable word common in the
    source language and rare in the target language). A unit that is all code (``git archive
    --list``) is left alone.

    ## Known false positives
    Languages that share much of their vocabulary, for short sentences of international words; in
    unit mode, a short UI string whose English word the team keeps (put it in A304's ``keep``); a
    usage string whose metavariable the file translates elsewhere but keeps on purpose in this unit.

    ## Options
    - ``min_ratio`` (float, 0.9): character similarity (after case and punctuation folding) from
      which a target counts as a copy.
    - ``short_unit_words`` (int, 4): unit mode: longest unit judged by the short-unit rule.
    """

    code = "A303"
    name = "source-copied"
    category = "accuracy/untranslated"
    severity = Severity.CRITICAL
    default_options = {"min_ratio": 0.9, "short_unit_words": 4}
    supersedes = ("A301", "A304")  # the copied sentence is one error, not one more per word in it

    def check(self, ctx: CheckContext) -> Iterable[Finding]:
        if ctx.src_profile.code == ctx.tgt_profile.code:
            return
        if ctx.pair.units:
            yield from self._short_units(ctx)
        flagged: list[int] = []
        for k, seg in enumerate(ctx.beads):
            if ctx.pair.units and _has_code(ctx.original.source.text[seg.src_start:seg.src_end]):
                continue  # a command line or usage string: judged below, on its words outside the code
            if is_copy(ctx, k, self.options["min_ratio"]):
                flagged.append(seg.tgt_start)
                yield self.finding(
                    ctx,
                    "target",
                    seg.tgt_start,
                    seg.tgt_end,
                    "target copies the source instead of translating it",
                    bead=k,
                )
        if ctx.pair.units:
            yield from self._code_units(ctx, flagged)

    def _short_units(self, ctx: CheckContext) -> Iterable[Finding]:
        """Short units copied exactly, with a word that is the source language's and not the target's."""
        src_lang, tgt_lang = ctx.src_profile.code, ctx.tgt_profile.code
        src, tgt = ctx.pair.source.text, ctx.pair.target.text
        for u in ctx.pair.units:
            a, b = _words(src[u.src_start:u.src_end]), _words(tgt[u.tgt_start:u.tgt_end])
            if not a or a != b or len(a) > self.options["short_unit_words"]:
                continue
            if len([w for w in _COMMON.findall(tgt[u.tgt_start:u.tgt_end]) if w[0].islower()]) >= 2:
                continue  # the sentence rule judges it
            if _has_code(ctx.original.source.text[u.src_start:u.src_end]):
                continue
            foreign = [w for w in a if len(w) >= 3 and not w.isdigit() and zipf(w, src_lang) >= FOREIGN_ZIPF
                       and zipf(w, tgt_lang) < TARGET_ZIPF]
            if foreign:
                yield self.finding(ctx, "target", u.tgt_start, u.tgt_end,
                                   f'short unit left untranslated ("{foreign[0]}" is {ctx.src_profile.name})',
                                   severity=Severity.MAJOR)

    def _code_units(self, ctx: CheckContext, flagged: list[int]) -> Iterable[Finding]:
        """Units with code (command lines, usage strings) whose target is the source, copied exactly,
        judged on what a translator translates in them: words of prose outside the code, and
        metavariables (``<options>``) that the file's translators translate elsewhere."""
        src, tgt = ctx.original.source.text, ctx.original.target.text
        todo = []
        for u in ctx.pair.units:
            s_text, t_text = src[u.src_start:u.src_end], tgt[u.tgt_start:u.tgt_end]
            a = _words(s_text)
            if not a or a != _words(t_text) or not _has_code(s_text):
                continue
            if any(u.tgt_start <= x < max(u.tgt_end, u.tgt_start + 1) for x in flagged):
                continue  # a sentence of it was already reported as copied
            todo.append((u, s_text))
        if not todo:
            return
        translated = _translated_metavariables(ctx, src, tgt)
        src_lang, tgt_lang = ctx.src_profile.code, ctx.tgt_profile.code
        for u, s_text in todo:
            prose = _prose_words(s_text)
            if len(prose) >= 2:
                yield self.finding(ctx, "target", u.tgt_start, u.tgt_end,
                                   "target copies the source instead of translating it (its words outside "
                                   f'the code: "{" ".join(prose[:6])}")')
                continue
            for m in _metavariables(s_text):
                if translated.get(m):
                    why = f'its metavariable "{m}" is translated elsewhere in the file'
                elif m not in translated:  # the file says nothing: a word of the source language only?
                    foreign = [w for w in _COMMON.findall(m.casefold()) if zipf(w, src_lang) >= FOREIGN_ZIPF
                               and zipf(w, tgt_lang) < TARGET_ZIPF]
                    if not foreign:
                        continue
                    why = f'"{foreign[0]}" in "{m}" is {ctx.src_profile.name}'
                else:
                    continue  # the file's translators keep it
                yield self.finding(ctx, "target", u.tgt_start, u.tgt_end,
                                   f"usage string left untranslated ({why})", severity=Severity.MAJOR)
                break


def _has_code(text: str) -> bool:
    return any(p.pattern in ("code", "meta") for p in protected_spans(text))


def _metavariables(text: str) -> list[str]:
    return [p.text for p in protected_spans(text) if p.pattern == "meta"]


def _translated_metavariables(ctx: CheckContext, src: str, tgt: str) -> dict[str, bool]:
    """The file's evidence on each metavariable: True where the units that translate their text mostly
    translate it too ("<options>" -> "<opzioni>"), False where they mostly keep it ("<commit>")."""
    kept: Counter[str] = Counter()
    changed: Counter[str] = Counter()
    for u in ctx.pair.units:
        s_text, t_text = src[u.src_start:u.src_end], tgt[u.tgt_start:u.tgt_end]
        if "<" not in s_text or not t_text.strip() or s_text == t_text:
            continue
        target = set(_metavariables(t_text))
        for m in set(_metavariables(s_text)):
            (kept if m in target else changed)[m] += 1
    return {m: changed[m] > kept[m] for m in kept | changed}


_QUOTED = re.compile(r"\"[^\"\n]*\"|'[^'\n]*'|“[^”\n]*”|‘[^’\n]*’|«[^»\n]*»")


def _prose_words(text: str) -> list[str]:
    """The common lower-case words of ``text`` outside its code: protected spans, command lines (a
    line of a few command words followed only by options, metavariables and brackets: "git version
    [<options>]"), quoted commands ("use \"git branch --unset-upstream\" to fix it")."""
    out = []
    for line in LINES.split(mask(text)):
        line = _QUOTED.sub(lambda q: " " if _is_quoted_code(q.group(0)) else q.group(0), line)
        if is_command(line):
            continue
        out += [w for w in _COMMON.findall(line) if w[0].islower()]
    return out


def _is_quoted_code(quoted: str) -> bool:
    return MASK in quoted or is_command(quoted[1:-1])
