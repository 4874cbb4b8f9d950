"""Loading Hugging Face models from local disk only (extra ``mtqa[neural]``), shared by the neural
fluency model and the transformers sentence encoder.

mtqa never downloads a model: ``local_files_only=True`` always, so a name must already be in the local
Hugging Face cache (``HF_HOME``/``HF_HUB_CACHE``; ``HF_HUB_OFFLINE`` is honoured by the same token) or be
a folder. Every failure becomes one :class:`~mtqa.errors.ModelError` that says what to do.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from mtqa.errors import ModelError

NEURAL_EXTRA = "pip install 'mtqa[neural]' (transformers and torch==2.13.0)"


def require_torch(what: str) -> Any:
    """Import torch and transformers, or say which extra is missing."""
    try:
        import torch
        import transformers  # noqa: F401
    except ImportError as e:
        raise ModelError(
            f"{what} needs the neural extra, which is not installed ({e.name} is missing): {NEURAL_EXTRA}"
        ) from e
    return torch


def check_device(device: str) -> str:
    torch = require_torch(f"--device {device}")
    if device == "cuda" and not torch.cuda.is_available():
        raise ModelError(
            f"--device cuda, but this torch ({torch.__version__}) sees no CUDA device; "
            "use --device cpu, or install a CUDA build of torch on a machine with a GPU"
        )
    if device not in ("cpu", "cuda") and not device.startswith("cuda:"):
        raise ModelError(f"unknown device {device!r}; use cpu or cuda")
    return device


def hf_cache() -> str:
    return os.environ.get("HF_HUB_CACHE") or os.path.join(
        os.environ.get("HF_HOME", os.path.join(os.path.expanduser("~"), ".cache", "huggingface")), "hub"
    )


def from_local(loader: Any, name_or_path: str, what: str, **kw: Any) -> Any:
    """``loader.from_pretrained`` on a folder or a cached name, never downloading."""
    local = Path(name_or_path).expanduser()
    # hub names are "name" or "org/name"; anything else is meant as a folder
    looks_like_path = name_or_path.startswith((".", "/", "~")) or name_or_path.count("/") > 1
    if looks_like_path and not local.exists():
        raise ModelError(f"{what} {name_or_path!r}: no such folder")
    try:
        return loader.from_pretrained(
            str(local) if local.exists() else name_or_path, local_files_only=True, **kw
        )
    except (OSError, ValueError) as e:
        raise ModelError(
            f"{what} {name_or_path!r} is neither a model folder nor in the local Hugging Face cache "
            f"({hf_cache()}); "
            "mtqa never downloads models. Put the model on this machine first (e.g. `huggingface-cli "
            "download "
            f"{name_or_path}` where there is a network, then copy the folder) and pass its folder. ({e})"
        ) from e
