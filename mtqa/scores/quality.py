"""One calibrated quality score (``quality.v1``) from detector penalties, fluency and adequacy.

Every bead (aligned sentence group) gets a small vector of features that need no reference:

==============  ==============================================================================
``words``       log(1 + target words): longer segments carry more errors
``penalty``     log(1 + MQM points of the detectors' findings in the bead)
``disfluency``  mean over the bead's target sentences of the fluency model's logit, (bits - centre) / scale
``rare``        log(1 + words at or above 20 bits of surprisal): the least likely words
``oov``         log(1 + words the fluency model has never seen)
``foreign``     share of target letters in a script the target language does not use
``repetition``  share of the target's word trigrams that repeat an earlier one (runaway loops)
``adequacy``    normalized source-target similarity (:mod:`mtqa.scores.adequacy`; accurate mode only)
==============  ==============================================================================

The score is a linear combination of the standardized features, ``quality = 100 * clip(b + w . z)``,
whose weights were fitted by ``scripts/fit_quality.py`` to predict the percentile rank of the human score
(MQM or DA) on data kept apart from every reported benchmark; the weights, the standardization and the
provenance are data in ``mtqa/data/quality.json``. Two weight sets: ``fast`` (no adequacy, the default)
and ``accurate`` (with adequacy). The MQM score (:mod:`mtqa.scores.scoring`) is unchanged beside it.

An article's quality is the mean of its beads' (omitted source sentences count as beads with no target
and the worst adequacy). Read it as "where this segment would rank among human-rated MT output":
50 is a typical MT sentence, not a pass mark.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib.resources import files
from typing import Any

from mtqa.scores.scoring import weight
from mtqa.types import AlignedSegment, Finding, SentenceFluency
from mtqa.types import QualityFeatures as Features

RARE_BITS = 20.0
_WORD = re.compile(r"\w+", re.UNICODE)
# the script a target language writes in; anything not listed is Latin
SCRIPTS = {
    "ru": "CYRILLIC",
    "uk": "CYRILLIC",
    "bg": "CYRILLIC",
    "sr": "CYRILLIC",
    "he": "HEBREW",
    "ar": "ARABIC",
    "zh": "CJK",
    "ja": "CJK",
    "ko": "HANGUL",
    "el": "GREEK",
    "hi": "DEVANAGARI",
    "th": "THAI",
}


@dataclass(frozen=True)
class Weights:
    """A fitted linear model on standardized features (see ``mtqa/data/quality.json``)."""

    name: str
    features: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    coef: tuple[float, ...]
    intercept: float

    def predict(self, f: Features) -> float:
        z = 0.0
        for name, m, s, w in zip(self.features, self.mean, self.scale, self.coef):
            v = getattr(f, name)
            z += w * ((m if v is None else v) - m) / s  # a missing value is the fitting data's mean
        return min(1.0, max(0.0, self.intercept + z))


@dataclass(frozen=True)
class QualityData:
    version: str
    models: Mapping[str, Weights]
    baselines: Mapping[str, tuple[float, float]]  # encoder signature -> (unrelated, aligned) cosines
    provenance: Mapping[str, Any] = field(default_factory=dict)


@cache
def load_weights() -> QualityData:
    raw = json.loads(files("mtqa").joinpath("data/quality.json").read_text(encoding="utf-8"))
    models = {
        k: Weights(
            k, tuple(v["features"]), tuple(v["mean"]), tuple(v["scale"]), tuple(v["coef"]), v["intercept"]
        )
        for k, v in raw["models"].items()
    }
    base = {k: (v["unrelated"], v["aligned"]) for k, v in raw.get("baselines", {}).items()}
    return QualityData(raw["version"], models, base, raw.get("provenance", {}))


@lru_cache(maxsize=4096)
def script_of(ch: str) -> str:
    if ch.isascii():
        return "LATIN" if ch.isalpha() else "COMMON"
    try:
        name = unicodedata.name(ch)
    except ValueError:
        return "?"
    first = name.split()[0]
    return "CJK" if first in ("CJK", "HIRAGANA", "KATAKANA") else first


def foreign_share(text: str, lang: str) -> float:
    expected = SCRIPTS.get(lang, "LATIN")
    if expected == "LATIN" and text.isascii():
        return 0.0  # ASCII letters are Latin: the common case, without a look at each character
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return 0.0
    return sum(script_of(c) != expected for c in letters) / len(letters)


def repetition_share(text: str) -> float:
    return _repetition(_WORD.findall(text))


def _repetition(words: list[str]) -> float:
    toks = [w.lower() for w in words]
    grams = list(zip(toks, toks[1:], toks[2:]))
    if len(grams) < 2:
        return 0.0
    counts = Counter(grams)
    return sum(c - 1 for c in counts.values()) / len(grams)


def _logit(score: float) -> float:
    p = min(max(score, 1e-4), 1 - 1e-4)
    return math.log(1.0 / p - 1.0)  # = (mean bits - centre) / scale of the fluency model


def bead_features(
    beads: Sequence[AlignedSegment],
    findings: Sequence[Finding],
    fluency: Sequence[SentenceFluency | None],
    target_lang: str,
    adequacy: Sequence[float | None] | None = None,
) -> list[Features]:
    points: dict[int, float] = {}
    for f in findings:
        if f.bead_index is not None:
            points[f.bead_index] = points.get(f.bead_index, 0.0) + weight(f)
    out = []
    for i, seg in enumerate(beads):
        found = _WORD.findall(seg.tgt_text)
        flu = [fl for j in seg.bead.tgt if (fl := fluency[j]) is not None]
        toks = [t for fl in flu for t in fl.tokens]
        out.append(
            Features(
                words=math.log1p(len(found)),
                penalty=math.log1p(points.get(seg.bead_index, 0.0)),
                disfluency=sum(_logit(fl.score) for fl in flu) / len(flu) if flu else 0.0,
                rare=math.log1p(sum(t.surprisal >= RARE_BITS for t in toks)),
                oov=math.log1p(sum(fl.oov for fl in flu)),
                foreign=foreign_share(seg.tgt_text, target_lang),
                repetition=_repetition(found),
                adequacy=None if adequacy is None else (adequacy[i] if adequacy[i] is not None else 0.0),
            )
        )
    return out


def merge(feats: Sequence[Features]) -> Features:
    """Features of several beads taken as one unit (a multi-sentence segment): counts add up (on the
    log scale, through the raw counts), shares and logits are averaged, weighted by words."""
    if not feats:
        return Features()
    if len(feats) == 1:
        return feats[0]
    w = [math.expm1(f.words) or 1.0 for f in feats]
    tot = sum(w)

    def add(name: str) -> float:
        return math.log1p(sum(math.expm1(getattr(f, name)) for f in feats))

    def avg(name: str) -> float:
        return sum(getattr(f, name) * x for f, x in zip(feats, w)) / tot

    ad = [f.adequacy for f in feats]
    known = [a for a in ad if a is not None]
    return Features(
        words=add("words"),
        penalty=add("penalty"),
        disfluency=avg("disfluency"),
        rare=add("rare"),
        oov=add("oov"),
        foreign=avg("foreign"),
        repetition=avg("repetition"),
        adequacy=sum(a * x for a, x in zip(known, w)) / tot if len(known) == len(ad) else None,
    )


def model_for(features: Sequence[Features]) -> Weights:
    data = load_weights()
    accurate = bool(features) and all(f.adequacy is not None for f in features)
    return data.models["accurate" if accurate else "fast"]


def signature(accurate: bool) -> str:
    data = load_weights()
    return f"{data.version}({'accurate' if accurate else 'fast'})"


def qualities(features: Sequence[Features]) -> list[float]:
    """0-100 quality per bead."""
    model = model_for(features)
    return [round(100.0 * model.predict(f), 2) for f in features]
