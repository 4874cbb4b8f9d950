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

_PATTERNS = [
    # follow / subscribe / share prompts
    r"\bfollow us\b", r"\bfor (the )?latest updates\b", r"\bsubscribe (to|now|for)\b", r"\bsign up (to|for|now)\b",
    r"\bnewsletter\b", r"\bshare (this|on)\b", r"\bclick here\b", r"\bread (more|also)\b", r"\bsee also\b",
    r"\brelated (news|articles?|stories|posts?|content)\b", r"\bcontinue reading\b", r"\bmore (news|stories) from\b",
    r"\bgoogle news\b", r"\bon (whatsapp|telegram|facebook|twitter|instagram|x)\s*$", r"\btelegram channel\b",
    r"\bdownload (the|our) app\b", r"\bmedia playback is (unsupported|not supported)\b",
    r"\bimage (caption|copyright)\b",
    r"\bseguici\b", r"\biscriviti\b", r"\bleggi anche\b", r"\bcondividi (questo|su|l'articolo)\b", r"\bnotizie correlate\b",
    r"\barticoli correlati\b", r"\bpotrebbe interessarti\b", r"\bti potrebbe interessare\b", r"\bclicca qui\b",
    r"\bcontinua a leggere\b", r"\bscarica (la|l'|la nostra) app\b",
    r"\bfolgen sie uns\b", r"\blesen sie auch\b", r"\bmehr zum thema\b", r"\bsuivez-nous\b", r"\blire aussi\b",
    r"\bà lire aussi\b", r"\bsíguenos\b", r"\blee también\b",
    # credits and rights
    r"\ball rights reserved\b", r"\briproduzione riservata\b", r"\btutti i diritti riservati\b",
    r"\balle rechte vorbehalten\b", r"\btous droits réservés\b", r"\btodos los derechos reservados\b", r"^\s*©",
    r"\bcopyright\b", r"^\s*\(?(ansa|adnkronos|agi|reuters|afp|ap|dpa|efe|lapresse|askanews|ansa\.it)\)?\s*[-–—]?\s*$",
    r"\b(press|news) ?(news|agency|press)\b\s*$", r"^\s*(photo|foto|image|credit|fonte|source|quelle)s?\s*:",
    r"\bgetty images\b", r"^\s*(reporting|editing|additional reporting) by\b",
    r"\badvertisement\b", r"\bpubblicità\b", r"\bsponsored\b", r"^\s*tags?\s*:",
]
_RX = re.compile("|".join(f"(?:{p})" for p in _PATTERNS), re.IGNORECASE)
MAX_WORDS = 14


def is_boilerplate(line: str, max_words: int = MAX_WORDS) -> bool:
    """True for a short line that looks like a feed's own header, footer or prompt."""
    return len(line.split()) <= max_words and bool(_RX.search(line))
