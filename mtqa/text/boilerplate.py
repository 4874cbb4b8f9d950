"""Boilerplate lines that news feeds add around an article: credits, follow/share prompts, related links.

These are patterns, not a model: a line is boilerplate when it is short and matches one of them,
wherever it sits in the article (header, footer, or between paragraphs, as "Read also:" links do).
The aligner leaves such lines unaligned cheaply and does not join them to a sentence; the addition
and omission detectors report them as boilerplate (A202, minor) or not at all (A201). They cover the
languages with a profile; the list grows with every feed we see. Words that also occur in ordinary
sentences ("share", "WhatsApp", "teilen") only count inside a prompt ("Share this article",
"on WhatsApp").
"""

from __future__ import annotations

import re

# Each pattern starts at a word boundary. They are one alternation after a single ``\b``, matched on the
# lower-cased line: with ``\b`` and IGNORECASE inside every branch, Python's engine tried all branches at
# every position (35 µs a line, more than the rest of the line's alignment features).
_PHRASES = [
    # follow / subscribe / share prompts
    r"follow us\b",
    r"for (the )?latest updates\b",
    r"subscribe (to|now|for)\b",
    r"sign up (to|for|now)\b",
    r"newsletter\b",
    r"share (this|on)\b",
    r"click here\b",
    r"read (more|also)\b",
    r"see also\b",
    r"related (news|articles?|stories|posts?|content)\b",
    r"continue reading\b",
    r"more (news|stories) from\b",
    r"google news\b",
    r"on (whatsapp|telegram|facebook|twitter|instagram|x)\s*$",
    r"telegram channel\b",
    r"download (the|our) app\b",
    r"media playback is (unsupported|not supported)\b",
    r"image (caption|copyright)\b",
    r"seguici\b",
    r"iscriviti\b",
    r"leggi anche\b",
    r"condividi (questo|su|l'articolo)\b",
    r"notizie correlate\b",
    r"articoli correlati\b",
    r"potrebbe interessarti\b",
    r"ti potrebbe interessare\b",
    r"clicca qui\b",
    r"continua a leggere\b",
    r"scarica (la|l'|la nostra) app\b",
    r"folgen sie uns\b",
    r"lesen sie auch\b",
    r"mehr zum thema\b",
    r"suivez-nous\b",
    r"lire aussi\b",
    r"à lire aussi\b",
    r"síguenos\b",
    r"lee también\b",
    # credits and rights
    r"all rights reserved\b",
    r"riproduzione riservata\b",
    r"tutti i diritti riservati\b",
    r"alle rechte vorbehalten\b",
    r"tous droits réservés\b",
    r"todos los derechos reservados\b",
    r"copyright\b",
    r"(press|news) ?(news|agency|press)\b\s*$",
    r"getty images\b",
    r"advertisement\b",
    r"pubblicità\b",
    r"sponsored\b",
]
# ... and these only at the start of the line
_LINE_STARTS = [
    r"©", r"\(?(ansa|adnkronos|agi|reuters|afp|ap|dpa|efe|lapresse|askanews|ansa\.it)\)?\s*[-–—]?\s*$",
    r"(photo|foto|image|credit|fonte|source|quelle)s?\s*:", r"(reporting|editing|additional reporting) by\b",
    r"tags?\s*:",
]
_PHRASE_RX = re.compile(r"\b(?:" + "|".join(_PHRASES) + ")")
_START_RX = re.compile(r"\s*(?:" + "|".join(_LINE_STARTS) + ")")
MAX_WORDS = 14


def is_boilerplate(line: str, max_words: int = MAX_WORDS) -> bool:
    """True for a short line that looks like a feed's own header, footer or prompt."""
    if len(line.split()) > max_words:
        return False
    low = line.lower()
    return bool(_START_RX.match(low) or _PHRASE_RX.search(low))
