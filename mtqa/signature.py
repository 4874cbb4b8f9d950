"""Reproducibility signatures, in the spirit of sacreBLEU's: every setting that changes a number."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from mtqa.config import QAConfig
from mtqa.detectors.base import Detector
from mtqa.scores.scoring import SCHEME
from mtqa.text.segment import SEGMENTER
from mtqa.version import __version__

if TYPE_CHECKING:
    from mtqa.terms.model import Glossary


def run_signature(cfg: QAConfig, detectors: Sequence[Detector], fluency: str, glossary: Glossary | None = None
                  ) -> str:
    """The run's signature; ``glossary`` (the loaded termbase) names it by content, not by file name."""
    det = ",".join(
        d.code + ("" if d.severity is type(d).severity else f"={d.severity.value}")
        + ("" if d.options == type(d).default_options else "*")
        for d in detectors
    )
    return "|".join(
        [
            f"mtqa:{__version__}",
            f"langid:{cfg.identifier}",
            f"seg:{SEGMENTER}",
            f"align:{cfg.align.signature()}",
            f"det:{det}",
            f"score:{SCHEME}",
            f"pass:{cfg.pass_threshold:g}",
            f"flu:{fluency}",
        ]
        + ([f"gloss:{glossary.identity if glossary else Path(cfg.glossary).name}"] if cfg.glossary else [])
        + ([f"qe:{cfg.qe}"] if cfg.qe != "none" else [])
    )
