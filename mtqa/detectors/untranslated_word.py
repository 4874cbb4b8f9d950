from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterable

from mtqa.detectors.base import CheckContext, Detector
from mtqa.text.commands import LINES, is_command
from mtqa.text.frequencies import zipf_many
from mtqa.text.names import is_latin
from mtqa.text.spelling import known
from mtqa.text.tokens import Token, words
from mtqa.types import Finding, Severity

FOREIGN_ZIPF = 3.0  # a word at least this frequent in the source language ...
TARGET_ZIPF = 2.5  # ... and rarer than this in the target language, missing from its spelling list
UNSEEN_ZIPF = 1.0  # in a headline, where MT leaves fragments, any source word the target never uses
_ELISION = re.compile(r"['’]")


def _unpossessive(tok: Token) -> Token:
    """The word without an English possessive ("sospettato's" -> "sospettato")."""
    if tok.text[-2:] in ("'s", "’s"):
        return Token(tok.start, tok.end - 2, tok.text[:-2])
    return tok


def _as_lower(word: str) -> str:
    """A word in lower case if it is written lower case or capitalized ("Munizioni"); else unchanged, so
    that all-caps and mixed-case words ("NATO", "McDonald") never match a lower-case source word."""
    return word.lower() if word[1:].islower() or word.islower() else word


def _script(ch: str) -> str:
    name = unicodedata.name(ch, "")
    return name.split(" ", 1)[0] if name else ""


class UntranslatedWord(Detector):
    """A source-language word left untranslated inside a target sentence (code-mixing: "can
    effettivamente increase", "Cyanuric acid and 三聚氰胺").

    Two cases. A run of letters in another script than the target's (Chinese, Cyrillic, Devanagari in
    an English sentence) is always flagged. A word in the target's script is flagged when it is lower
    case, occurs in the source, is frequent in the source language (wordfreq Zipf >= 3; in a headline,
    any frequency when the target language's wordfreq list has never seen it) and is not a word of the
    target language (missing from its spelling list and rare in wordfreq). A capitalized word counts
    only when the source has it in lower case (a headline's "Munizioni" for the source's "munizioni"):
    names, capitalized in the source, stay as they are. Elided articles of the source are taken off
    ("l’udienza" gives "udienza"). A sentence where such words are more than 30% of the words is left
    to A301 (untranslated-text) and A303 (source-copied).

    ## Why
    A word left in the source language is a non-translation that the reader cannot understand; MQM
    calls it a source-language fragment, and DEMETR's code-mixing perturbation tests for it.

    ## Bad
    it "può effettivamente aumentare le possibilità" -> en "can effettivamente increase the chances"

    ## Good
    en "can actually increase the chances"; "pasta" and "via" (words English uses) are not flagged.

    Software and UI strings keep much jargon in English on purpose (it "commit", "merge", "staging"):
    a team's do-not-translate list goes in ``keep``, the termbase's entries whose target is the source
    term count as kept, and in unit mode (CAT files) a word left as it is in at least ``keep_repeated``
    units of the file is taken as a term the team keeps, not a slip (a slip is rarely made the same way
    in many units). In unit mode the program's own words are never reported either: a word that is part
    of an identifier (``color-moved-ws``, ``crlf_action``, ``--dirstat=cumulative``), on a command line
    (``git describe [<opzioni>]``, :mod:`mtqa.text.commands`) or inside a quotation that the source has
    word for word (``'blocks'``, ``"patience"``: the values of options).

    ## Known false positives
    Source words that English borrows but wordfreq sees rarely ("carabinieri" in lower case, Zipf
    2.25); lower-case brand names; a jargon word kept in fewer units than ``keep_repeated``.

    ## Options
    - ``keep`` (list of strings, []): words and product names never reported (case-insensitive).
    - ``keep_repeated`` (int, 3): in unit mode, a word left untranslated in at least this many units
      is a kept term and not reported; 0 turns this off.
    """

    code = "A304"
    name = "untranslated-word"
    category = "accuracy/untranslated"
    severity = Severity.MAJOR
    default_options = {"keep": [], "keep_repeated": 3}

    def _kept(self, ctx: CheckContext) -> set[str]:
        """The do-not-translate list and the termbase's entries kept as they are, lower case."""
        kept = {str(w).casefold() for w in self.options["keep"]}
        if ctx.glossary is not None:
            for e in ctx.glossary.for_pair(ctx.src_profile.code, ctx.tgt_profile.code):
                accepted = {t.casefold() for t in e.accepted}
                kept.update(s.casefold() for s in e.source if s.casefold() in accepted)
        return kept

    def check(self, ctx: CheckContext) -> Iterable[Finding]:
        src_lang, tgt_lang = ctx.src_profile.code, ctx.tgt_profile.code
        if src_lang == tgt_lang or ctx.tgt_profile.generic:
            return
        yield from self._other_script(ctx)
        # the source's lower-case words, elided articles taken off ("l’udienza" -> "udienza")
        src_words = {
            part for t in words(ctx.source_text) for part in _ELISION.split(t.text) if part.islower()
        }
        headings = {j for j, s in enumerate(ctx.target_segments) if s.is_heading}
        in_heading = {seg.bead_index for seg in ctx.beads if headings.intersection(seg.bead.tgt)}
        cands = [
            (seg, tok)
            for seg in ctx.beads
            for tok in map(_unpossessive, words(seg.tgt_text))
            if len(tok.text) >= 3 and _as_lower(tok.text) in src_words and is_latin(tok.text)
        ]
        if not cands:
            return
        kept = self._kept(ctx)
        cands = [(seg, tok) for seg, tok in cands if tok.text.casefold() not in kept]
        if not cands:
            return
        # software strings (unit mode): the program's own words are never left untranslated, though
        # they still count as the file's way with a word for keep_repeated
        literal = _literals(ctx, cands) if ctx.pair.units else set()
        lows = list({_as_lower(t.text) for _, t in cands})
        in_target_list = known(lows, tgt_lang)
        src_freq = zipf_many(lows, src_lang)
        tgt_freq = zipf_many(lows, tgt_lang)
        left: dict[int, list] = {}
        for seg, tok in cands:
            w = _as_lower(tok.text)
            if w in in_target_list or tgt_freq.get(w, 0.0) >= TARGET_ZIPF:
                continue
            # a headline word that the target language has never seen needs no frequency in the source
            heading_stranger = seg.bead_index in in_heading and tgt_freq.get(w, 0.0) < UNSEEN_ZIPF
            if src_freq.get(w, 0.0) < FOREIGN_ZIPF and not heading_stranger:
                continue
            left.setdefault(seg.bead_index, []).append((seg, tok))
        repeated = self._repeated(ctx, left)
        for found in left.values():
            seg = found[0][0]
            if len(found) >= 3 and len(found) > 0.3 * len(list(words(seg.tgt_text))):
                continue  # a whole sentence left untranslated: A301/A303 report it once
            for seg, tok in found:
                if tok.text in repeated or (seg.bead_index, tok.start) in literal:
                    continue
                yield self.in_segment(
                    ctx,
                    seg,
                    "target",
                    tok.start,
                    tok.end,
                    f'"{tok.text}" is {ctx.src_profile.name}, left untranslated',
                )

    def _repeated(self, ctx: CheckContext, left: dict[int, list]) -> set[str]:
        """Unit mode: the words left untranslated in at least ``keep_repeated`` units of the file."""
        need = int(self.options["keep_repeated"])
        units = ctx.pair.units
        if not units or need <= 0:
            return set()
        starts = [u.tgt_start for u in units]
        seen: dict[str, set[int]] = {}
        for found in left.values():
            for seg, tok in found:
                unit = bisect.bisect_right(starts, seg.tgt_start + tok.start) - 1
                seen.setdefault(tok.text, set()).add(unit)
        return {w for w, us in seen.items() if len(us) >= need}

    def _other_script(self, ctx: CheckContext) -> Iterable[Finding]:
        for seg in ctx.beads:
            if seg.tgt_text.isascii():
                continue  # no letter outside the Latin script: nothing to look for
            runs: list[list[int]] = []  # [start, end] of consecutive words in a non-Latin script
            for m in re.finditer(r"[^\W\d_]+", seg.tgt_text):
                if is_latin(m.group(0)):
                    continue
                if runs and not seg.tgt_text[runs[-1][1] : m.start()].strip(" ·・"):
                    runs[-1][1] = m.end()
                else:
                    runs.append([m.start(), m.end()])
            for a, b in runs:
                run = seg.tgt_text[a:b]
                scripts = sorted({_script(c).lower() for c in run if c.isalpha()})
                yield self.in_segment(
                    ctx,
                    seg,
                    "target",
                    a,
                    b,
                    f'"{run}" is in another script ({", ".join(scripts)}), left untranslated',
                )


# unit mode: what a software string carries as the program's own text, never a word to translate
# identifiers: color-moved-ws, diff.dirstat, crlf_action, --dirstat=cumulative (masked placeholders and
# options, U+E000, count as part of one)
_JOINED = re.compile(r"[\w\ue000]+(?:[-_./=:][\w\ue000]+)+")
# a quotation: no white space just inside its marks, so that "'no', 'blocks'" is two, not "', '"
_IN = r"[^\s{q}](?:[^{q}\n]{{0,78}}[^\s{q}])?"
_MARKS = (("'", "'"), ('"', '"'), ("“", "”"), ("«", "»"))
_QUOTED = re.compile("|".join(f"{a}({_IN.format(q=re.escape(b))}){b}" for a, b in _MARKS))


def _command_lines(text: str) -> list[tuple[int, int]]:
    """The spans of the lines of ``text`` (masked) that are command lines (``git describe [<opzioni>]``)."""
    out, pos = [], 0
    for m in [*LINES.finditer(text), None]:
        end = m.start() if m else len(text)
        if is_command(text[pos:end]):
            out.append((pos, end))
        pos = m.end() if m else end
    return out


def _literals(ctx: CheckContext, cands: list) -> set[tuple[int, int]]:
    """(bead, start) of the candidates that are the program's own words: part of an identifier
    (``color-moved-ws``, ``crlf_action``, ``--dirstat=cumulative``), on a command line (``git describe
    [<opzioni>]``, :mod:`mtqa.text.commands`) or inside a quotation that the source has word for word
    (``'blocks'``, the value of an option)."""
    source = ctx.source_text
    spans: dict[int, list[tuple[int, int]]] = {}
    out = set()
    for seg, tok in cands:
        if seg.bead_index not in spans:
            text = seg.tgt_text
            lit = [m.span() for m in _JOINED.finditer(text)]
            lit += _command_lines(text)
            lit += [m.span() for m in _QUOTED.finditer(text) if next(g for g in m.groups() if g) in source]
            spans[seg.bead_index] = lit
        if any(a <= tok.start and tok.end <= b for a, b in spans[seg.bead_index]):
            out.add((seg.bead_index, tok.start))
    return out
