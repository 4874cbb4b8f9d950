from __future__ import annotations

import math
import re
from collections.abc import Iterable

from mtqa.detectors.base import CheckContext, Detector
from mtqa.fluency.ngram import WORDSEGMENT_TOTAL, english_bigrams
from mtqa.lang.morphology import affixed_word, known_word
from mtqa.terms.bilingual_lexicon import get_lexicon
from mtqa.text.frequencies import zipf
from mtqa.text.names import latin_text
from mtqa.text.spelling import MAX_WORD_CHARS, available, known, misspellings
from mtqa.text.tokens import lower_words, repeated_words, words
from mtqa.types import AlignedSegment, Finding, Severity

# one-letter words that may be a part of a glued pair ("ascore", "becamea"); any other part has 2+ letters
_ONE_LETTER = {
    "en": frozenset({"a"}),
    "it": frozenset({"e", "a", "è", "o"}),
    "fr": frozenset({"a", "à", "y"}),
    "es": frozenset({"a", "y", "o"}),
    "pt": frozenset({"a", "e", "o"}),
}


def best_split(
    word: str,
    lang: str,
    min_part_zipf: float,
    stopwords: frozenset[str] = frozenset(),
    min_other_zipf: float | None = None,
) -> tuple[str, str] | None:
    """The split of ``word`` into two common words with the highest joint frequency, if any. With
    ``stopwords``, a split into a function word and a word of at least ``min_other_zipf`` counts too
    ("were" + "corroborated")."""
    if len(word) > 2 * MAX_WORD_CHARS:
        return None  # no two listed words make it; and each split copies the word (n squared)
    low = word.lower()
    ones = _ONE_LETTER.get(lang, frozenset())
    best, best_score = None, 0.0
    for k in range(1, len(low)):
        left, right = low[:k], low[k:]
        if len(left) == 1 and left not in ones or len(right) == 1 and right not in ones:
            continue
        zl, zr = zipf(left, lang), zipf(right, lang)
        ok = (
            min(zl, zr) >= min_part_zipf
            or min_other_zipf is not None
            and (
                left in stopwords
                and zl >= min_part_zipf
                and zr >= min_other_zipf
                or right in stopwords
                and zr >= min_part_zipf
                and zl >= min_other_zipf
            )
        )
        if ok and zl + zr > best_score:
            best, best_score = (word[:k], word[k:]), zl + zr
    return best


def _acronym_split(word: str, lang: str, min_zipf: float) -> tuple[str, str] | None:
    """An acronym run into a common lower-case word of the spelling list ("PTSDstemming")."""
    m = _ACRONYM_GLUE.fullmatch(word)
    if m is None or zipf(m.group(2), lang) < min_zipf or not known([m.group(2)], lang):
        return None
    return m.group(1), m.group(2)


def _after_name(text: str, start: int) -> bool:
    """The token at ``start`` follows a capitalized word in the same sentence ("Supreme" Court...)."""
    m = re.search(r"([^\W\d_]+)[ \u00a0]+$", text[max(0, start - 40) : start])
    return m is not None and m.group(1)[0].isupper()


def _plural(word: str, lang: str) -> bool:
    """``word`` is the English plural of a common word ("artists"): no suffix attaches to it."""
    low = word.lower()
    return lang == "en" and len(low) > 3 and low.endswith("s") and not low.endswith("ss") and zipf(
        low[:-1], lang
    ) >= 3.0


def name_split(word: str, names: set[str], lang: str, min_zipf: float) -> tuple[str, str] | None:
    """``word`` as a source name (the longest that fits) glued to a common word ("Vietnam" + "where")."""
    low = word.lower()
    for k in range(len(low) - 2, 1, -1):
        if low[:k] in names and zipf(low[k:], lang) >= min_zipf:
            return word[:k], word[k:]
    return None


# prefixes that form new words with any word: "un" + "smooth" is a derivation, not a lost space
_PREFIXES = frozenset(
    {
        "un",
        "re",
        "sub",
        "non",
        "pre",
        "over",
        "under",
        "anti",
        "co",
        "de",
        "dis",
        "mis",
        "out",
        "post",
        "self",
        "inter",
        "multi",
        "semi",
        "super",
        "counter",
        "micro",
        "mega",
        "poly",
        "up",
        "down",
    }
)
# ... and suffixes that do the same at the end ("wounded" + "ness")
_SUFFIXES = frozenset(
    {
        "ness",
        "less",
        "ful",
        "ship",
        "hood",
        "able",
        "ability",  # "breathability"
        "like",
        "ism",
        "ist",
        "wise",
        "ward",
        "wards",
        "dom",
        "ette",
        "ling",
        "going",  # "cinemagoing", "churchgoing"
        "goer",
        "goers",
    }
)
# English endings that the spelling list holds as words ("ed", "ion"), but that end a word, not start
# one: "invited" + "ed" and "assent" + "ion" are slips of spelling; after a function word they are
# words again ("they" + "ate")
_ENDINGS = frozenset({"ed", "ion", "ate", "er", "ers", "est", "ing", "ly", "ment", "ments", "ity"})
# English inflections, to find the other forms of a word ("fundraised": "fundraising" is listed)
_INFLECTIONS = ("ing", "ed", "es", "er", "ers", "s", "d", "e", "")


def _inflected(low: str, lang: str, min_zipf: float) -> bool:
    """``low`` is an English inflected form of a word whose other forms are listed and common
    ("fundraised": "fundraising", "fundraiser"); two glued words have no such siblings."""
    if lang != "en":
        return False
    for end in _INFLECTIONS[:-1]:
        if low.endswith(end) and len(low) - len(end) >= 4:
            stem = low[: -len(end)]
            forms = [stem + e for e in _INFLECTIONS if stem + e != low]
            if any(zipf(f, lang) >= min_zipf for f in known(forms, lang)):
                return True
    return False


# how much commoner (in Zipf points: 10 times) the word one edit away must be than the rarer part
_MISSPELLING_GAP = 1.0


def _misspelled(low: str, split: tuple[str, str], lang: str) -> bool:
    """``low`` is one edit from a listed word, not one of its parts, far commoner than the rarer part
    of its split: "beteen" is "between" misspelled, not "be" + "teen"; "topay" stays "to" + "pay"
    ("today" is not that much commoner than "pay")."""
    m = misspellings([low], lang).get(low)
    parts = [p.lower() for p in split]
    return (
        m is not None
        and m.suggestion is not None
        and m.suggestion not in parts  # "awoman" is one edit from "woman": "a" + "woman" explains it
        and zipf(m.suggestion, lang) >= min(zipf(p, lang) for p in parts) + _MISSPELLING_GAP
    )


# English pairs that wordsegment's bigram list holds (Norvig's counts of the Google Web Trillion Word
# Corpus) are written as two words: a glued token this much rarer (Zipf points: 30 times) than its pair
# is a lost space whatever its parts look like ("under" + "threat", "let" + "me", "I" + "thought") ...
_PHRASE_GAP = 1.5
# ... unless the token itself is this common: "alot", "everytime" are spellings of their own
_PHRASE_MAX_ZIPF = 3.0


def _phrase_split(word: str, z: float) -> tuple[str, str] | None:
    """``word`` (of Zipf frequency ``z``) as the commonest English word pair that writes it, if that pair
    is at least ``_PHRASE_GAP`` commoner than the token. One-letter parts: "a", and "I" before a word of
    4 letters or more ("Ithought"; not "I" + "ran")."""
    low = word.lower()
    if len(low) > 2 * MAX_WORD_CHARS:
        return None
    cuts = {}
    for k in range(1, len(low)):
        left, right = low[:k], low[k:]
        if len(left) == 1 and not (left == "a" or left == "i" and len(right) >= 4):
            continue
        if len(right) == 1 and right != "a":
            continue
        cuts[f"{left} {right}"] = k
    counts = english_bigrams().get_many(list(cuts))
    if not counts:
        return None
    pair = max(counts, key=lambda p: (counts[p], -cuts[p]))
    if math.log10(counts[pair] / WORDSEGMENT_TOTAL * 1e9) < z + _PHRASE_GAP:
        return None
    return word[: cuts[pair]], word[cuts[pair] :]


# an acronym run into a lower-case word ("PTSDstemming"): capitals, then a word of its own
_ACRONYM_GLUE = re.compile(r"([A-Z]{2,})([a-z]{4,})")
_SENTENCE_START = re.compile(r"(?:^|[.!?:][\"”’)]?\s+)[\"“‘(]?$")


class GluedWords(Detector):
    """Two words written together without a space ("Vietnamwhere").

    A word the target language does not know, that splits into two common words, and that does not
    occur in the source (where it would be a name or a term carried over).

    ## Why
    Missing spaces are a typical defect of MT post-processing and of feeds that strip markup; they
    break search, hyphenation and the reader's trust.

    ## Bad
    it "Va in Corea del Nord e in Vietnam, dove sarà accolto" -> en "He goes to North Korea and
    Vietnamwhere he will be received"

    ## Good
    en "He goes to North Korea and Vietnam, where he will be received"

    A capitalized token is flagged only when its first part occurs in the source, or is the English
    exonym of a source name ("Roma" -> "Rome"), and its second part is a common word ("Vietnam" +
    "where"; the name may be rare), or when both parts are very common words ("Senatefloor"), or at a
    sentence start when one is a function word ("Awoman", "Hetapped"):
    transliterated names ("Nanjiang") are not glued words. Tokens of 5 and 6 letters are split only
    when one part is a function word ("isalso", "setat"); "a" is the one one-letter part in English.

    An acronym run into a common word ("PTSDstemming") is glued too, and so is a capitalized token after
    a capitalized word whose two parts are both words of the spelling list, neither rare ("Supreme
    Courtnominee"), when the source is in Latin script (from Chinese, "Huang Minggang" is a name).

    Splits after a word-forming prefix ("un" + "smooth") or before a suffix ("wounded" + "ness",
    "cinema" + "going"; a suffix takes no plural: "Artistslike" is glued) and domain names
    ("chinanews.com") are not flagged, nor is a word of the spelling list ("flypapers") or a token
    that the article writes more than once (its spelling of a term: "fourballs").

    A misspelling is not a glue, so the split's fix would be wrong: a part of under 5 letters must be a
    word of the spelling list ("break" + "ast" is "breakast", a misspelled "breakfast"); a token one edit
    from a listed word ten times commoner than its rarer part is left to F102 ("beteen": "between", not
    "be" + "teen"); an English ending is not a second word ("inviteded", "assention"); and a token whose
    other inflected forms are listed is a word ("fundraised": "fundraising"). From a source in another
    script, a capitalized token that splits before a short function word is a transliterated name
    ("Biton", "Dadon" from Hebrew).

    ## Fix safety
    Inserting the space between the two parts is safe: nothing but the space changes ("Vietnam where").

    ## Known false positives
    Rare compounds and coinages that are missing from the word list but split into two common words
    ("backstop" is known; a new brand name might not be). Names found in the source are never flagged;
    names transliterated from another script may be ("Binstock", "Nofar" from Hebrew). On the human
    English references of WMT23 zh-en and he-en (128,000 words) F101 fires 16 times, once on a real
    glue ("theyalso").

    ## Options
    - ``min_length`` (int, 7): shortest token considered for any split.
    - ``min_short_length`` (int, 5): shortest token considered when one part is a function word of the
      target language ("ofthe", "isalso", "setat").
    - ``min_name_part_zipf`` (float, 4.0): a capitalized token not in the source is split only when both
      parts are at least this frequent ("Senatefloor", "Awoman"), or its first part is a source name and
      its second one that frequent ("Vietnamwhere").
    - ``min_listed_name_part_zipf`` (float, 3.5): ... or both parts are words of the spelling list of
      at least 4 letters and at least this frequent ("Supreme Courtnominee"; "Alleva" is a name).
    - ``min_part_zipf`` (float, 3.0): each part must be at least this frequent (Zipf scale).
    - ``common_part_zipf`` (float, 5.0): beside a part this common, the other (both of the spelling
      list) may be as rare as ``min_other_zipf`` ("feverish" + "baby"); and a prefix before a word
      half a point commoner still is no derivation ("out" + "without").
    - ``min_other_zipf`` (float, 2.5): beside a function word, the other part may be this rare
      ("were" + "corroborated").
    - ``max_word_zipf`` (float, 1.0): the glued token must be rarer than this ...
    - ``max_unlisted_zipf`` (float, 2.0): ... or rarer than this and missing from the spelling list
      (wordfreq's web lists hold frequent glues: "inwhich", "couldnot").
    """

    code = "F101"
    name = "glued-words"
    category = "fluency/spelling"
    severity = Severity.MINOR
    default_options = {
        "min_length": 7,
        "min_short_length": 5,
        "min_part_zipf": 3.0,
        "min_other_zipf": 2.5,
        "max_word_zipf": 1.0,
        "max_unlisted_zipf": 2.0,
        "min_name_part_zipf": 4.0,
        "min_listed_name_part_zipf": 3.5,
        "common_part_zipf": 5.0,
    }
    supersedes = ("F102",)  # a glued word is also a non-word: reported once, with its split

    def check(self, ctx: CheckContext) -> Iterable[Finding]:
        lang = ctx.tgt_profile.code
        src_lower = ctx.source_text.lower()
        src_tokens = list(words(ctx.source_text))
        # source names and their target-language exonyms: "Roma" in the source, "Romewhere" in the target
        lex = get_lexicon(ctx.src_profile.code, lang)
        src_names = set(lower_words(ctx.source_text)) | {
            e.lower() for t in src_tokens if t.text[0].isupper() for e in lex.exonyms_of(t.text)
        }
        # a token the article writes more than once is its spelling of a term, not a lost space
        repeated = repeated_words(ctx.target_text)
        for seg in ctx.beads:
            yield from self._segment(seg, ctx, lang, src_lower, src_names, repeated)

    def _segment(
        self,
        seg: AlignedSegment,
        ctx: CheckContext,
        lang: str,
        src_lower: str,
        src_names: set[str],
        repeated: frozenset[str] = frozenset(),
    ) -> Iterable[Finding]:
        opts = self.options
        stop = ctx.tgt_profile.stopwords | _ONE_LETTER.get(lang, frozenset())
        for tok in words(seg.tgt_text):
            w = tok.text
            if len(w) < opts["min_short_length"] or "'" in w or "’" in w or w.isupper():
                continue
            low = w.lower()
            if low in src_lower or low in repeated:
                continue
            if known([low], lang):
                continue  # the spelling list has it ("flypapers"): a word, however rare on the web
            z = zipf(low, lang)
            phrase = _phrase_split(w, z) if lang == "en" and z < _PHRASE_MAX_ZIPF else None
            # wordfreq's web lists hold frequent glues ("inwhich" 1.2): a rare token that the spelling
            # list does not know is a candidate too
            if phrase is None and z >= opts["max_word_zipf"] and z >= opts["max_unlisted_zipf"]:
                continue
            if phrase is None and affixed_word(w, ctx.tgt_profile, known_word(lang)):
                continue  # issue 16: a prefixed or clitic form ("autoconfermata", "incollalo")
            split: tuple[str, str] | None = phrase
            if phrase is not None:
                by_words = True  # English writes the pair: the checks of its parts are moot
            elif w[0].isupper():
                # a source name into a common word ("Vietnamwhere"), two very common words ("Senatefloor"),
                # or a function word and a common word ("Awoman", "Hetapped")
                initial = _SENTENCE_START.search(seg.tgt_text, 0, tok.start) is not None
                split = name_split(w, src_names, lang, opts["min_part_zipf"]) or _acronym_split(
                    w, lang, opts["min_part_zipf"]
                )
                by_words = split is None  # not a source name or an acronym: two words of the language
                split = (
                    split
                    or best_split(
                        w,
                        lang,
                        opts["min_name_part_zipf"],
                        stop if initial else frozenset(),
                        opts["min_part_zipf"],
                    )
                )
                if split is None and latin_text(seg.src_text) and _after_name(seg.tgt_text, tok.start):
                    # the end of a name run into the next word ("Supreme Courtnominee", "State
                    # Policefugitive"): after a capitalized word, both parts words of the spelling
                    # list, neither rare. Only from a source in Latin script, where a name the
                    # target keeps would be in the source ("Huang Minggang" from Chinese is not)
                    split = best_split(w, lang, opts["min_listed_name_part_zipf"])
                    if split is not None and not all(
                        len(p) >= 4 and known([p.lower()], lang) for p in split
                    ):
                        split = None  # short parts make names: "All" + "eva", "Nan" + "jiang"
            else:
                by_words = True
                split = best_split(w, lang, opts["min_part_zipf"], stop, opts["min_other_zipf"])
                if split is None and opts["min_length"] <= len(w) <= 2 * MAX_WORD_CHARS:  # as best_split
                    # a rarer word beside a very common one ("feverish" + "baby"): both of the spelling list
                    common = frozenset(
                        p for k in range(1, len(low)) for p in (low[:k], low[k:])
                        if zipf(p, lang) >= opts["common_part_zipf"]
                    )
                    split = best_split(w, lang, opts["min_part_zipf"], common, opts["min_other_zipf"])
                    if split is not None and not all(known([p.lower()], lang) for p in split):
                        split = None
            if split is None:
                continue
            left, right = split
            if phrase is None and not self._word_pair(w, low, split, lang, stop, by_words):
                continue
            if (
                w[0].isupper()
                and by_words
                and len(right) <= 3
                and right.lower() in stop
                and left.lower() not in stop
                and not latin_text(seg.src_text)
            ):
                continue  # a name transliterated from another script, which the source cannot show
                # ("Biton", "Dadon", "Osher" from Hebrew): a name splits so more often than a word
            if right[0].isupper() and not left[-1].isupper():
                continue  # CamelCase: a brand or handle, not a lost space
            if (
                tok.end < len(seg.tgt_text) - 1
                and seg.tgt_text[tok.end] == "."
                and seg.tgt_text[tok.end + 1].isalpha()
            ):
                continue  # a domain name ("chinanews.com")
            yield self.in_segment(
                ctx,
                seg,
                "target",
                tok.start,
                tok.end,
                f'"{w}" looks like two words glued together: "{left} {right}"',
                suggestion=f"{left} {right}",
                fix="safe",
            )

    def _word_pair(
        self, w: str, low: str, split: tuple[str, str], lang: str, stop: frozenset[str], by_words: bool
    ) -> bool:
        """The checks of a split that English does not write often as a pair: no misspelling, no
        ending, no derivation, and a short token only with a function word."""
        opts = self.options
        left, right = (p.lower() for p in split)
        if by_words and available(lang):
            if not all(len(p) >= 5 or p in stop or known([p], lang) for p in (left, right)):
                return False  # a short fragment is no word ("break" + "ast", "temper" + "ment")
            if _misspelled(low, split, lang) or _inflected(low, lang, opts["min_part_zipf"]):
                return False  # F102 reports a misspelling ("beteen"); "fundraised" is a word
        if lang == "en" and right in _ENDINGS and left not in stop:
            return False  # "invited" + "ed", "assent" + "ion": a slip of spelling, not a lost space
        if left in _PREFIXES and right not in stop and zipf(right, lang) < opts["common_part_zipf"] + 0.5:
            # a derivation ("unsmooth"); a prefix takes no function word, and those of the commonest
            # words are all listed: "out" + "without" is a lost space
            return False
        if right in _SUFFIXES and not _plural(left, lang) and left not in stop:
            # a derivation ("woundedness"); a suffix takes a stem, not a plural ("Artistslike") or a
            # function word ("own" + "ability")
            return False
        # a short token is glued only with a function word ("ofthe", "isalso", "setat")
        return len(w) >= opts["min_length"] or left in stop or right in stop


WORD_PREFIXES, WORD_SUFFIXES = _PREFIXES, _SUFFIXES  # English word formation, for F102 too
