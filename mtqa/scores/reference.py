"""Reference-based mode: BLEU, chrF and TER of the target against a reference translation, through
sacreBLEU, with sacreBLEU's own signatures so that every number can be reproduced.

The reference is an article like the target: it is split into sentences with the target language's
profile and aligned to the target sentences with the same aligner (both sides in one language, so the
alignment is easy). Sentence scores are per alignment bead (sentence BLEU with effective n-gram order,
as sacreBLEU recommends for single sentences); the article scores are corpus scores over the beads.
A target sentence with no reference counterpart is scored against an empty reference.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from mtqa.align import align
from mtqa.config import QAConfig
from mtqa.lang.profiles import LanguageProfile
from mtqa.text.segment import segment
from mtqa.types import MetricScore, ReferenceMetrics, Segment, SentenceMetrics


@dataclass(frozen=True)
class _Metrics:
    bleu: Any
    sentence_bleu: Any
    chrf: Any
    ter: Any


@cache
def _metrics(lang: str) -> _Metrics:
    from sacrebleu.metrics import BLEU, CHRF, TER

    # sacreBLEU's tokenizers for languages written without spaces; 13a (the default) otherwise
    # (Japanese by characters: sacreBLEU's ja-mecab needs MeCab, which pip does not always install)
    tok = {"zh": "zh", "ja": "char"}.get(lang)
    kw: dict[str, Any] = {"tokenize": tok} if tok else {}
    return _Metrics(
        BLEU(**kw), BLEU(effective_order=True, **kw), CHRF(), TER(asian_support=lang in ("zh", "ja"))
    )


def sentence_scores(hyps: Sequence[str], refs: Sequence[str], lang: str) -> list[MetricScore]:
    """Sentence BLEU, chrF and TER of each hypothesis against its one reference."""
    m = _metrics(lang)
    return [
        MetricScore(
            round(m.sentence_bleu.sentence_score(h, [r]).score, 2),
            round(m.chrf.sentence_score(h, [r]).score, 2),
            round(m.ter.sentence_score(h, [r]).score, 2),
        )
        for h, r in zip(hyps, refs)
    ]


def sentence_chrf(hyps: Sequence[str], refs: Sequence[str], lang: str) -> list[float]:
    """Sentence chrF alone (TER is by far the slowest of the three)."""
    chrf = _metrics(lang).chrf
    return [chrf.sentence_score(h, [r]).score for h, r in zip(hyps, refs)]


def corpus_scores(hyps: Sequence[str], refs: Sequence[str], lang: str) -> MetricScore:
    m = _metrics(lang)
    return MetricScore(
        round(m.bleu.corpus_score(list(hyps), [list(refs)]).score, 2),
        round(m.chrf.corpus_score(list(hyps), [list(refs)]).score, 2),
        round(m.ter.corpus_score(list(hyps), [list(refs)]).score, 2),
    )


def signatures(lang: str) -> tuple[tuple[str, str], ...]:
    m = _metrics(lang)
    # sacreBLEU's command line prints the metric's name before the signature; so do we
    return (
        ("bleu", f"BLEU|{m.bleu.get_signature()}"),
        ("sentence_bleu", f"BLEU|{m.sentence_bleu.get_signature()}"),
        ("chrf", f"chrF{m.chrf.beta}|{m.chrf.get_signature()}"),
        ("ter", f"TER|{m.ter.get_signature()}"),
    )


def reference_metrics(
    target: str, target_segments: Sequence[Segment], reference: str, profile: LanguageProfile, cfg: QAConfig
) -> ReferenceMetrics:
    ref_segs = segment(reference, profile)
    al = align(target_segments, ref_segs, profile, profile, cfg.align)
    hyps, refs, units = [], [], []
    for b in al.beads:
        if not b.src:
            continue  # a reference sentence with no target: the corpus scores see it as missing output
        hyps.append(" ".join(target_segments[i].text for i in b.src))
        refs.append(" ".join(ref_segs[j].text for j in b.tgt))
        units.append((b.src, b.tgt))
    missing = [" ".join(ref_segs[j].text for j in b.tgt) for b in al.beads if not b.src]
    sent = sentence_scores(hyps, refs, profile.code)
    article = corpus_scores(hyps + [""] * len(missing), refs + missing, profile.code)
    return ReferenceMetrics(
        article=article,
        sentences=tuple(SentenceMetrics(t, r, s) for (t, r), s in zip(units, sent)),
        signatures=signatures(profile.code),
        reference_segments=tuple(ref_segs),
    )
