"""The feature vector of a candidate bead, and its cost under a weight set (``mtqa.align.weights``).

Anchors are weighted per document: a key counts only if both documents have it somewhere
("alignable"), and rarer keys weigh more (``log((n + m) / df)``), so that a number that occurs once
on each side ties its two sentences, while a word in every sentence says nothing.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Sequence

from mtqa.align.features import SentenceFeatures
from mtqa.align.weights import FEATURES

Bag = dict[str, float]
KIND_WEIGHT = {"#": 3.0, "q": 0.5, "p": 1.0}  # numbers are the strongest anchors in news
GC_VARIANCE = 6.8  # Gale and Church's s^2 for characters
SHAPES = ((1, 1), (1, 2), (2, 1), (2, 2), (1, 3), (3, 1))
_SHAPE_FEATURE = {s: FEATURES.index(f"shape_{s[0]}_{s[1]}") for s in SHAPES[1:]}
_F = {name: k for k, name in enumerate(FEATURES)}
_WEAK_ENDS = (":", ";", ",", "")
NULL_NEIGHBOURS = 2  # sentences either side of a gap compared with an unaligned sentence
_EXTRA = frozenset(_F[f] for f in ("lex_learned", "uncovered_learned", "embed", "embed_member", "embed_size"))
Cost = Callable[[int, int, int, int], float]


def _nearest_shape(x: int, y: int) -> tuple[int, int]:
    """The search only builds SHAPES; wider beads (1-4, 2-3, ...) are scored, for the confidence of
    null beads, with the prior of the widest search shape of the same direction."""
    if (x, y) in _SHAPE_FEATURE:
        return (x, y)
    if x == 1:
        return (1, 3)
    if y == 1:
        return (3, 1)
    return (2, 2)


def _merge(bags: Sequence[Bag]) -> tuple[Bag, float]:
    out: Bag = {}
    for b in bags:
        for k, v in b.items():
            out[k] = out.get(k, 0.0) + v
    return out, sum(out.values())


def _common(a: Bag, b: Bag) -> float:
    """The weight two bags share (sum of the smaller weight of each common key)."""
    if len(a) > len(b):
        a, b = b, a
    total = 0.0  # a plain loop: twice as fast as sum() over a generator, the aligner's innermost call
    for k, v in a.items():
        w = b.get(k)
        if w is not None:
            total += min(w, v)
    return total


def _dice(a: Bag, ta: float, b: Bag, tb: float) -> float:
    return 2 * _common(a, b) / (ta + tb) if ta + tb else 0.0


def _uncovered(members: Sequence[Bag], weights: Sequence[float], other: Bag) -> float:
    """Sum over sentences of the share of their anchor weight missing on the other side (0.5 if none)."""
    total = 0.0
    for bag, w in zip(members, weights):
        total += 1 - _common(bag, other) / w if w else 0.5
    return total


def _prefix_sums(values: Sequence[float]) -> list[float]:
    out = [0.0]
    for v in values:
        out.append(out[-1] + v)
    return out


def idf_bags(src_keys: Sequence[Sequence[str]], tgt_keys: Sequence[Sequence[str]], kind_weighted: bool = True
             ) -> tuple[list[Bag], list[Bag], list[Bag], list[Bag]]:
    """(src, tgt) bags of alignable keys weighted by rarity, and (src, tgt) bags of unalignable keys."""
    dfs = Counter(k for ks in src_keys for k in set(ks))
    dft = Counter(k for ks in tgt_keys for k in set(ks))
    total = len(src_keys) + len(tgt_keys)
    # each key's weight once per document pair: (alignable?, weight per occurrence)
    weights: dict[str, tuple[bool, float]] = {}
    for k in dfs.keys() | dft.keys():
        kind = KIND_WEIGHT.get(k[0], 1.0) if kind_weighted else 1.0
        if k in dfs and k in dft:
            weights[k] = (True, kind * math.log(total / (dfs[k] + dft[k])))
        else:
            weights[k] = (False, kind)

    def bags(keys_list: Sequence[Sequence[str]]) -> tuple[list[Bag], list[Bag]]:
        al, un = [], []
        for keys in keys_list:
            a: Bag = {}
            u: Bag = {}
            for k, c in Counter(keys).items():
                alignable, w = weights[k]
                if not alignable:
                    u[k] = c * w
                elif w > 0:
                    a[k] = c * w
            al.append(a)
            un.append(u)
        return al, un

    sa, su = bags(src_keys)
    ta, tu = bags(tgt_keys)
    return sa, ta, su, tu


# Characters a language needs for what English says in 1: measured as the ratio of non-space
# characters of human translations (WMT23 zh-en, he-en, en-de references; NTREX it/en). Languages not
# listed count as 1. Only a prior: the documents' own ratio takes over as they grow (PRIOR_CHARS).
DENSITY = {"en": 1.0, "it": 1.18, "de": 1.20, "he": 0.68, "zh": 0.31}
PRIOR_CHARS = 150  # weight of the prior ratio, in characters of source text


def char_ratio(src_chars: int, tgt_chars: int, prior: float = 1.0) -> float:
    """Target characters per source character: the documents' own ratio, pulled toward the language
    pair's ``prior`` when they are short. Without the prior, a one-sentence article translated as "."
    would have its ratio (1/60) fitted to itself and look perfectly aligned."""
    return (tgt_chars + PRIOR_CHARS * prior) / (src_chars + PRIOR_CHARS)


def prior_ratio(src_lang: str, tgt_lang: str) -> float:
    return DENSITY.get(tgt_lang, 1.0) / DENSITY.get(src_lang, 1.0)


class BeadScorer:
    """Features and costs of the candidate beads of one document pair."""

    def __init__(
        self,
        src: Sequence[SentenceFeatures],
        tgt: Sequence[SentenceFeatures],
        src_para: Sequence[int],
        tgt_para: Sequence[int],
        learned: tuple[Sequence[Sequence[str]], Sequence[Sequence[str]]] | None = None,
        embed: Callable[[int, int, int, int], float] | None = None,
        prior_ratio: float = 1.0,
    ) -> None:
        self.src, self.tgt = src, tgt
        self.n, self.m = len(src), len(tgt)
        self.src_para, self.tgt_para = src_para, tgt_para
        self.ratio = char_ratio(sum(f.chars for f in src), sum(f.chars for f in tgt), prior_ratio)
        self.s_all = [self._kind_bag(f.keys) for f in src]
        self.t_all = [self._kind_bag(f.keys) for f in tgt]
        self.s_idf, self.t_idf, s_un, t_un = idf_bags([f.keys for f in src], [f.keys for f in tgt])
        # per-sentence totals and running sums, so that a bead's sums cost two lookups
        self.s_un = _prefix_sums([sum(b.values()) for b in s_un])
        self.t_un = _prefix_sums([sum(b.values()) for b in t_un])
        self.s_chars = _prefix_sums([f.chars for f in src])
        self.t_chars = _prefix_sums([f.chars for f in tgt])
        self.s_boiler = _prefix_sums([f.boilerplate for f in src])
        self.t_boiler = _prefix_sums([f.boilerplate for f in tgt])
        # a number that the other document has nowhere can never be covered: it counts as missing
        missing = KIND_WEIGHT["#"] * math.log(self.n + self.m)
        s_missing = [sum(1 for k in u if k[0] == "#") for u in s_un]
        t_missing = [sum(1 for k in u if k[0] == "#") for u in t_un]
        self.s_missing, self.t_missing = _prefix_sums(s_missing), _prefix_sums(t_missing)
        self.s_idf_w = [sum(b.values()) + missing * k for b, k in zip(self.s_idf, s_missing)]
        self.t_idf_w = [sum(b.values()) + missing * k for b, k in zip(self.t_idf, t_missing)]
        self.s_lex: list[Bag] | None = None
        self.t_lex: list[Bag] | None = None
        self.embed: Callable[[int, int, int, int], float] | None = None
        self._windows: dict[tuple[str, int, int], tuple[Bag, float]] = {}
        # the first pass keeps, per bead, the dot product of its first-pass features with the second
        # pass's weights, so that the second pass only adds the lexicon and embedding terms
        self._kept: dict[tuple[int, int, int, int], float] = {}
        if learned is not None or embed is not None:
            self.set_extras(learned, embed)

    def set_extras(self, learned: tuple[Sequence[Sequence[str]], Sequence[Sequence[str]]] | None,
                   embed: Callable[[int, int, int, int], float] | None) -> None:
        """Second-pass signals: per-sentence keys of the learned lexicon, the embedding distance."""
        if learned is not None:
            self.s_lex, self.t_lex, _, _ = idf_bags(learned[0], learned[1], kind_weighted=False)
            self.s_lex_w = [sum(b.values()) for b in self.s_lex]
            self.t_lex_w = [sum(b.values()) for b in self.t_lex]
        self.embed = embed

    @staticmethod
    def _kind_bag(keys: Sequence[str]) -> Bag:
        bag: Bag = {}
        for k in keys:
            bag[k] = bag.get(k, 0.0) + KIND_WEIGHT.get(k[0], 1.0)
        return bag

    def _window(self, name: str, bags: Sequence[Bag], a: int, b: int) -> tuple[Bag, float]:
        """The bags of sentences ``a`` to ``b`` merged (read-only: one sentence's is its own bag)."""
        key = (name, a, b)
        hit = self._windows.get(key)
        if hit is None:
            hit = self._windows[key] = (bags[a], sum(bags[a].values())) if b - a == 1 else _merge(bags[a:b])
        return hit

    def length_cost(self, ls: float, lt: float) -> float:
        if ls + lt == 0:
            return 0.0
        mean = (ls + lt / self.ratio) / 2
        delta = (lt / self.ratio - ls) / math.sqrt(GC_VARIANCE * max(mean, 1.0))
        return min(-math.log(max(math.erfc(abs(delta) / math.sqrt(2)), 1e-12)), 25.0)

    def _base_features(self, i0: int, i1: int, j0: int, j1: int) -> list[float]:
        f = [0.0] * len(FEATURES)
        x, y = i1 - i0, j1 - j0
        if x == 0 or y == 0:
            return self._null_features(f, i0, j0, source=x > 0)
        size = (x + y) / 2
        src, tgt = self.src, self.tgt
        f[_F["length"]] = self.length_cost(
            self.s_chars[i1] - self.s_chars[i0], self.t_chars[j1] - self.t_chars[j0]
        )
        a, ta = self._window("sa", self.s_all, i0, i1)
        b, tb = self._window("ta", self.t_all, j0, j1)
        f[_F["lex_all"]] = size * (1 - _dice(a, ta, b, tb))
        a, ta = self._window("si", self.s_idf, i0, i1)
        b, tb = self._window("ti", self.t_idf, j0, j1)
        common = _common(a, b)
        f[_F["lex_idf"]] = size * (1 - (2 * common / (ta + tb) if ta + tb else 0.0))
        cover_s = common / ta if ta else 0.5
        cover_t = common / tb if tb else 0.5
        f[_F["cover"]] = size * (1 - min(cover_s, cover_t))
        f[_F["unaligned"]] = self.s_un[i1] - self.s_un[i0] + self.t_un[j1] - self.t_un[j0]
        f[_F["uncovered"]] = (_uncovered(self.s_idf[i0:i1], self.s_idf_w[i0:i1], b)
                              + _uncovered(self.t_idf[j0:j1], self.t_idf_w[j0:j1], a))
        if (x, y) != (1, 1):
            f[_SHAPE_FEATURE[_nearest_shape(x, y)]] = 1.0
            f[_F["boilerplate_in"]] = (
                self.s_boiler[i1] - self.s_boiler[i0] + self.t_boiler[j1] - self.t_boiler[j0]
            )
            f[_F["numbers_missing_in"]] = (self.s_missing[i1] - self.s_missing[i0]
                                           + self.t_missing[j1] - self.t_missing[j0])
        inner = [s.end for s in src[i0 : i1 - 1]] + [t.end for t in tgt[j0 : j1 - 1]]
        f[_F["inner_weak"]] = sum(1 for e in inner if e in _WEAK_ENDS)
        f[_F["inner_strong"]] = len(inner) - f[_F["inner_weak"]]
        f[_F["end_mismatch"]] = float(src[i1 - 1].end != tgt[j1 - 1].end)
        f[_F["paragraph"]] = (self.src_para[i1 - 1] - self.src_para[i0]) + (
            self.tgt_para[j1 - 1] - self.tgt_para[j0]
        )
        return f

    def features(self, i0: int, i1: int, j0: int, j1: int) -> list[float]:
        """All features of a bead, in the order of ``mtqa.align.weights.FEATURES``."""
        return self._extra_features(self._base_features(i0, i1, j0, j1), i0, i1, j0, j1)

    def _extra_features(self, f: list[float], i0: int, i1: int, j0: int, j1: int) -> list[float]:
        x, y = i1 - i0, j1 - j0
        if x == 0 or y == 0:
            return f
        size = (x + y) / 2
        if self.s_lex is not None and self.t_lex is not None:
            a, ta = self._window("sl", self.s_lex, i0, i1)
            b, tb = self._window("tl", self.t_lex, j0, j1)
            f[_F["lex_learned"]] = size * (1 - _dice(a, ta, b, tb))
            f[_F["uncovered_learned"]] = (_uncovered(self.s_lex[i0:i1], self.s_lex_w[i0:i1], b)
                                          + _uncovered(self.t_lex[j0:j1], self.t_lex_w[j0:j1], a))
        if self.embed is not None:
            d = self.embed(i0, i1, j0, j1)
            f[_F["embed"]] = x * y * d
            f[_F["embed_size"]] = size * d
            if x == 1 and y == 1:
                f[_F["embed_member"]] = 2 * d
            else:
                f[_F["embed_member"]] = sum(self.embed(i, i + 1, j0, j1) for i in range(i0, i1)) + sum(
                    self.embed(i0, i1, j, j + 1) for j in range(j0, j1)
                )
        return f

    def _null_features(self, f: list[float], i: int, j: int, source: bool) -> list[float]:
        """A source sentence ``i`` left out at target position ``j``, or target sentence ``j`` added at
        ``i``."""
        if source:
            sent, mine, tm = self.src[i], self.s_idf[i], self.s_idf_w[i]
            lo, hi = max(0, j - NULL_NEIGHBOURS), j + NULL_NEIGHBOURS
            near = zip(self.t_idf[lo:hi], self.t_idf_w[lo:hi])
        else:
            sent, mine, tm = self.tgt[j], self.t_idf[j], self.t_idf_w[j]
            lo, hi = max(0, i - NULL_NEIGHBOURS), i + NULL_NEIGHBOURS
            near = zip(self.s_idf[lo:hi], self.s_idf_w[lo:hi])
        f[_F["null"]] = 1.0
        f[_F["null_length"]] = sent.chars / 100
        f[_F["null_similar"]] = max((_dice(mine, tm, o, to) for o, to in near), default=0.0)
        f[_F["null_boilerplate"]] = float(sent.boilerplate)
        return f

    def null_floor(self, weights: Sequence[float]) -> Cost:
        """A lower bound of the cost of a null bead under ``weights``, without its similarity term (its
        costliest feature): the similarity is a Dice coefficient, in [0, 1]."""
        w_null, w_len, w_sim, w_boiler = (
            weights[_F[f]] for f in ("null", "null_length", "null_similar", "null_boilerplate")
        )
        base = w_null + min(0.0, w_sim)

        def floor(i0: int, i1: int, j0: int, j1: int) -> float:
            sent = self.src[i0] if i1 > i0 else self.tgt[j0]
            return base + w_len * sent.chars / 100 + w_boiler * sent.boilerplate

        return floor

    def content_found(self, i: int, j: int, source: bool) -> float:
        """For a sentence left unaligned (source ``i`` at target position ``j``, or target ``j`` at
        source position ``i``): the largest share of its anchors, alignable or not, that one sentence
        of the other side around the gap has. 0 when it has no anchors."""
        if source:
            mine, others = self.s_all[i], self.t_all[max(0, j - NULL_NEIGHBOURS) : j + NULL_NEIGHBOURS]
        else:
            mine, others = self.t_all[j], self.s_all[max(0, i - NULL_NEIGHBOURS) : i + NULL_NEIGHBOURS]
        total = sum(mine.values())
        return max((_common(mine, o) / total for o in others), default=0.0) if total else 0.0

    def cost_function(self, weights: Sequence[float], keep: Sequence[float] | None = None) -> Cost:
        """The cost of a bead under ``weights``, cached per bead. With ``keep`` (the next pass's weights),
        the dot product of the bead's first-pass features with ``keep`` is kept for :meth:`second_pass`."""
        cache: dict[tuple[int, int, int, int], float] = {}
        pairs = [(k, w) for k, w in enumerate(weights) if w]
        kept_pairs = [(k, w) for k, w in enumerate(keep or ()) if w and k not in _EXTRA]
        kept = self._kept

        def cost(i0: int, i1: int, j0: int, j1: int) -> float:
            key = (i0, i1, j0, j1)
            c = cache.get(key)
            if c is None:
                f = self.features(i0, i1, j0, j1)
                c = cache[key] = sum(w * f[k] for k, w in pairs)
                if kept_pairs:
                    kept[key] = sum(w * f[k] for k, w in kept_pairs)
            return c

        return cost

    def second_pass(self, weights: Sequence[float]) -> Cost:
        """As :meth:`cost_function`, reusing what the first pass kept for the beads it scored."""
        cache: dict[tuple[int, int, int, int], float] = {}
        base_pairs = [(k, w) for k, w in enumerate(weights) if w and k not in _EXTRA]
        extra_pairs = [(k, w) for k, w in enumerate(weights) if w and k in _EXTRA]
        kept = self._kept

        def cost(i0: int, i1: int, j0: int, j1: int) -> float:
            key = (i0, i1, j0, j1)
            c = cache.get(key)
            if c is None:
                base = kept.get(key)
                if base is None:
                    f = self.features(i0, i1, j0, j1)
                    c = sum(w * f[k] for k, w in base_pairs + extra_pairs)
                else:
                    f = self._extra_features([0.0] * len(FEATURES), i0, i1, j0, j1)
                    c = base + sum(w * f[k] for k, w in extra_pairs)
                cache[key] = c
            return c

        return cost
