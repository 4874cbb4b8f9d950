"""Boilerplate lines that news feeds add around an article: credits, follow/share prompts, related links.

These are patterns, not a model: a line is boilerplate when it is short and matches one of them. They
cover the languages with a profile; the list grows with every feed we see.
"""

from __future__ import annotations

import re

_PATTERNS = [
    # follow / subscribe / share prompts
    r"\bfollow us\b", r"\bfor (the )?latest updates\b", r"\bsubscribe\b", r"\bsign up\b", r"\bnewsletter\b",
    r"\bshare (this|on)\b", r"\bclick here\b", r"\bread (more|also)\b", r"\bsee also\b", r"\brelated (news|articles?|stories|posts?)\b",
    r"\bgoogle news\b", r"\bwhatsapp\b", r"\btelegram channel\b", r"\bdownload (the|our) app\b",
    r"\bseguici\b", r"\biscriviti\b", r"\bleggi anche\b", r"\bcondividi\b", r"\bnotizie correlate\b", r"\bpotrebbe interessarti\b",
    r"\bfolgen sie uns\b", r"\blesen sie auch\b", r"\bteilen\b", r"\bsuivez-nous\b", r"\blire aussi\b", r"\bà lire aussi\b",
    r"\bsíguenos\b", r"\blee también\b", r"\bcomparte\b",
    # credits and rights
    r"\ball rights reserved\b", r"\briproduzione riservata\b", r"\balle rechte vorbehalten\b", r"\btous droits réservés\b",
    r"\btodos los derechos reservados\b", r"^\s*©", r"\bcopyright\b",
    r"^\s*\(?(ansa|adnkronos|agi|reuters|afp|ap|dpa|efe|lapresse)\)?\s*[-–—]?\s*$",
    r"\b(press|news) ?(news|agency|press)\b\s*$", r"^\s*(photo|foto|image|credit)s?\s*:",
    r"\badvertisement\b", r"\bpubblicità\b", r"\bsponsored\b",
]
_RX = re.compile("|".join(f"(?:{p})" for p in _PATTERNS), re.IGNORECASE)


def is_boilerplate(line: str, max_words: int = 14) -> bool:
    """True for a short line that looks like a feed's own header, footer or prompt."""
    return len(line.split()) <= max_words and bool(_RX.search(line))
