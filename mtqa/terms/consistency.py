"""How each repeated source term is rendered in one article: the evidence for the consistency
detectors (T201 inconsistent-term, T202 merged-terms), found without a glossary.

Three kinds of anchors tie a stretch of source to a stretch of target inside an aligned bead:

- ``quote``: quoted phrases. Quotations (« », “ ”, „ “, " ") pair up in order when a bead has as many
  on both sides; short ones (up to ``MAX_QUOTE_WORDS``) are terms or slogans, whose rendering should
  not change within an article.
- ``sense``: words of the bundled bilingual lexicon (``mtqa.terms.bilingual_lexicon``) whose
  renderings fall into groups of different meaning ("shells"/"rounds" against "bullets").
- ``name``: capitalized multi-word names that the source repeats ("Autorità di sistema portuale"),
  tied to the one capitalized multi-word phrase of the target sentence that the source does not
  contain ("Port System Authority").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from mtqa.terms.bilingual_lexicon import get_lexicon
from mtqa.terms.match import find_term
from mtqa.text.tokens import spans

if TYPE_CHECKING:
    from mtqa.detectors.base import CheckContext

MAX_QUOTE_WORDS = 6
QUOTE = re.compile(r"«[^«»\n]+»|“[^“”\n]+”|„[^„“”\n]+[“”]|\"[^\"\n]+\"")
_CAPS_EN = re.compile(
    r"[A-Z][\w’'\-.]*(?:[ \u00a0]+(?:(?:of|the|for|and|on|de|di|del|della)[ \u00a0]+)*[A-Z][\w’'\-.]*)+"
)
_NAME_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_ARTICLES = {"the", "a", "an", "il", "lo", "la", "i", "gli", "le", "un", "uno", "una", "l"}
_CONNECTORS = {
    "di",
    "del",
    "della",
    "dei",
    "degli",
    "delle",
    "dello",
    "per",
    "e",
    "de",
    "of",
    "the",
    "for",
    "and",
}


@dataclass(frozen=True)
class Rendering:
    kind: str  # "quote", "sense" or "name"
    key: str  # the source term, normalized: occurrences with the same key render the same thing
    label: str  # the source term as written, for messages
    bead: int
    start: int  # absolute offsets of the rendering in the target text
    end: int
    text: str
    group: str  # renderings of one key with the same group are consistent (for names: shared words)

    @property
    def words(self) -> frozenset[str]:
        return frozenset(_stem(w) for w in re.findall(r"\w+", self.text.lower()) if w not in _CONNECTORS)


def _stem(word: str) -> str:
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def normalize_phrase(text: str) -> str:
    """Case-folded words without articles and plural -s: "The «Human goods»" -> "human good"."""
    words = [w for w in re.findall(r"\w+", text.casefold().replace("’", "'")) if w not in _ARTICLES]
    return " ".join(_stem(w) for w in words)


def consistent(a: Rendering, b: Rendering) -> bool:
    if a.kind == "name":
        return bool(a.words & b.words)
    return a.group == b.group


def renderings(ctx: CheckContext) -> list[Rendering]:
    """Every anchored rendering in the article, in target order."""
    out = list(_quote_renderings(ctx)) + list(_sense_renderings(ctx)) + list(_name_renderings(ctx))
    return sorted(out, key=lambda r: r.start)


def _quote_renderings(ctx: CheckContext) -> Iterator[Rendering]:
    for seg in ctx.beads:
        src = list(QUOTE.finditer(seg.src_text))
        tgt = list(QUOTE.finditer(seg.tgt_text))
        if not src or len(src) != len(tgt):
            continue
        for s, t in zip(src, tgt):
            inner = s.group(0)[1:-1]
            if len(inner.split()) > MAX_QUOTE_WORDS or not normalize_phrase(inner):
                continue
            yield Rendering("quote", normalize_phrase(inner), s.group(0), seg.bead_index,
                            seg.tgt_start + t.start(), seg.tgt_start + t.end(), t.group(0),
                            normalize_phrase(t.group(0)[1:-1]))


@cache
def _sense_forms(src_lang: str, tgt_lang: str) -> tuple[tuple[str, int], ...]:
    """Every source form of the lexicon's senses in lower case, with the index of its sense."""
    senses = get_lexicon(src_lang, tgt_lang).senses
    return tuple((f.lower(), k) for k, sense in enumerate(senses) for f in sense.forms)


def _sense_renderings(ctx: CheckContext) -> Iterator[Rendering]:
    src_lang, tgt_lang = ctx.src_profile.code, ctx.tgt_profile.code
    senses = get_lexicon(src_lang, tgt_lang).senses
    forms = _sense_forms(src_lang, tgt_lang)
    for seg in ctx.beads:
        if not seg.src_text or not seg.tgt_text:
            continue
        src_low = seg.src_text.lower()
        # a substring test first, in one pass over all forms: the regexes below cost a scan each
        for k in sorted({k for f, k in forms if f in src_low}):
            sense = senses[k]
            hits = [h for f in sense.forms for h in find_term(seg.src_text, f, src_lang, inflect=False)]
            if not hits:
                continue
            found = {g: [sp for r in group for sp in find_term(seg.tgt_text, r, tgt_lang)]
                     for g, group in enumerate(sense.groups)}
            present = [g for g, spans in found.items() if spans]
            if len(present) != 1:
                continue  # no rendering we know, or both meanings in one sentence: no evidence
            label = seg.src_text[hits[0][0] : hits[0][1]]
            for a, b in found[present[0]]:
                yield Rendering(
                    "sense",
                    sense.key,
                    label,
                    seg.bead_index,
                    seg.tgt_start + a,
                    seg.tgt_start + b,
                    seg.tgt_text[a:b],
                    f"{sense.key}#{present[0]}",
                )


def _source_names(text: str, stopwords: frozenset[str]) -> list[tuple[int, int]]:
    """Capitalized multi-word names in the source: a capitalized word, then words joined by
    connectors (``Autorità di sistema portuale``, ``Consiglio di Stato``), ending on a content word."""
    toks = spans(_NAME_WORD, text)
    out = []
    i = 0
    while i < len(toks):
        s, _e, w = toks[i]
        if not w[0].isupper() or w.lower() in stopwords or w.lower() in _ARTICLES or len(w) < 2:
            i += 1
            continue
        j = i + 1
        end = i
        while j < len(toks) and j - i < 6 and text[toks[j - 1][1] : toks[j][0]] in {" ", "'", "’"}:
            nw = toks[j][2]
            if nw.lower() in _CONNECTORS:
                j += 1
                continue
            if nw.lower() in stopwords:
                break
            end = j
            j += 1
            if (
                nw[0].islower()
                and toks[end - 1][2].lower() not in _CONNECTORS
                and not toks[end - 1][2][0].isupper()
            ):
                break
        if end > i:
            out.append((s, toks[end][1]))
        i = end + 1
    return out


def _name_renderings(ctx: CheckContext) -> Iterator[Rendering]:
    stop = ctx.src_profile.stopwords
    lex = get_lexicon(ctx.src_profile.code, ctx.tgt_profile.code)
    per_bead: list[list[tuple[int, int]]] = []
    counts: dict[str, set[int]] = {}
    for seg in ctx.beads:
        if not seg.src_text or not seg.tgt_text:
            per_bead.append([])
            continue
        tgt_low = seg.tgt_text.lower()
        names = [
            (a, b) for a, b in _source_names(seg.src_text, stop) if seg.src_text[a:b].lower() not in tgt_low
        ]
        per_bead.append(names)
        for a, b in names:
            counts.setdefault(seg.src_text[a:b], set()).add(seg.bead_index)
    src_low = ctx.source_text.lower()
    for seg, names in zip(ctx.beads, per_bead):
        if len(names) != 1:
            continue  # several untranslated-looking names: cannot tell which rendering is whose
        name = seg.src_text[names[0][0] : names[0][1]]
        if len(counts.get(name, ())) < 2 or any(lex.exonyms_of(w) for w in name.split()):
            continue  # places ("Corea del Nord") are the name detectors' business; this is for institutions
        cands = []
        for m in _CAPS_EN.finditer(seg.tgt_text):
            a, txt = m.start(), m.group(0)
            lead = re.match(r"(?:The|A|An)[ \u00a0]+", txt)
            if lead:
                a, txt = a + lead.end(), txt[lead.end():]
            if " " in txt and txt.lower() not in src_low:
                cands.append((a, a + len(txt), txt))
        if len(cands) != 1:
            continue
        a, b, txt = cands[0]
        yield Rendering("name", name, name, seg.bead_index, seg.tgt_start + a, seg.tgt_start + b, txt,
                        normalize_phrase(txt))
