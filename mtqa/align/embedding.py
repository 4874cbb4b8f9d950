"""The optional embedding signal: sentence-embedding distance of a bead's two sides, normalized.

Each sentence is encoded once (``mtqa.resources.embed``); a bead of several sentences is the normalized sum of
their vectors (on Text+Berg dev this is as good as encoding the joined text, for a third of the
encoding time). Raw cosines of small multilingual encoders are compressed (e5: right pairs about
0.92, wrong ones about 0.82), so the distance is divided by each side's mean distance to random
sentences of the other document, as Vecalign does: about 0.5 for a right pair, 1 for an unrelated
one, whatever the encoder's own scale.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import Any

RANDOM_SAMPLE = 20  # random sentences per side for the baseline distance
SEED = 0


class EmbeddingDistance:
    def __init__(self, src_texts: Sequence[str], tgt_texts: Sequence[str], encoder: Any) -> None:
        import numpy as np

        self._np = np
        self.src = self._unit(encoder.encode(list(src_texts)))
        self.tgt = self._unit(encoder.encode(list(tgt_texts)))
        rng = random.Random(SEED)
        n, m = len(src_texts), len(tgt_texts)
        self._rs = self.src[[rng.randrange(n) for _ in range(RANDOM_SAMPLE)]] if n else self.src
        self._rt = self.tgt[[rng.randrange(m) for _ in range(RANDOM_SAMPLE)]] if m else self.tgt
        self._cache: dict[tuple[int, int, int, int], float] = {}

    def _unit(self, vecs: Any) -> Any:
        np = self._np
        vecs = np.asarray(vecs, dtype=np.float64)
        norms = np.linalg.norm(vecs, axis=1, keepdims=True)
        return vecs / np.where(norms == 0, 1.0, norms)  # an empty sentence stays a zero vector

    def _window(self, vecs: Any, a: int, b: int) -> Any:
        v = vecs[a:b].sum(axis=0)
        norm = float(self._np.linalg.norm(v))
        return v / norm if norm else v

    def distance(self, i0: int, i1: int, j0: int, j1: int) -> float:
        """Normalized distance of src[i0:i1] and tgt[j0:j1]: ~0.5 for a translation, ~1 for unrelated text."""
        key = (i0, i1, j0, j1)
        d = self._cache.get(key)
        if d is None:
            x, y = self._window(self.src, i0, i1), self._window(self.tgt, j0, j1)
            base = (float((1 - self._rt @ x).mean()) + float((1 - self._rs @ y).mean())) / 2
            d = (1.0 - float(x @ y)) / max(base, 1e-6)
            self._cache[key] = d
        return d
