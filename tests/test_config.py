from __future__ import annotations

from pathlib import Path

import pytest

from mtqa.config import QAConfig, load_config
from mtqa.errors import ConfigError
from mtqa.types import Severity


def test_defaults_without_files(tmp_path: Path) -> None:
    assert load_config(cwd=tmp_path) == QAConfig()


def test_pyproject_section(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.mtqa]\nlangs = "it-en"\nselect = ["A", "F1"]\npass_threshold = 97\n'
        '[tool.mtqa.severity]\nL101 = "major"\n[tool.mtqa.detectors.F101]\nmin_part_zipf = 3.5\n'
        "[tool.mtqa.align]\nnull_cost = 2.5\n",
        encoding="utf-8",
    )
    cfg = load_config(cwd=tmp_path)
    assert cfg.langs == ("it", "en") and cfg.select == ("A", "F1") and cfg.pass_threshold == 97
    assert cfg.severities == {"L101": Severity.MAJOR}
    assert cfg.detector_options == {"F101": {"min_part_zipf": 3.5}}
    assert cfg.align.null_cost == 2.5


def test_mtqa_toml_wins_over_pyproject(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.mtqa]\nlangs = "it-en"\n', encoding="utf-8")
    (tmp_path / "mtqa.toml").write_text('langs = "de-fr"\n', encoding="utf-8")
    assert load_config(cwd=tmp_path).langs == ("de", "fr")


@pytest.mark.parametrize(
    "body,match",
    [
        ("colour = 1\n", "unknown setting"),
        ('[severity]\nL101 = "huge"\n', "severity must be"),
        ("[align]\nnul_cost = 1\n", "unknown align setting"),
        ('langs = "italian"\n', "SOURCE-TARGET"),
        ("langs = \n", "not valid TOML"),
    ],
)
def test_bad_settings_are_config_errors(tmp_path: Path, body: str, match: str) -> None:
    p = tmp_path / "mtqa.toml"
    p.write_text(body, encoding="utf-8")
    with pytest.raises(ConfigError, match=match):
        load_config(p)
