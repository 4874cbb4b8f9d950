from __future__ import annotations

from pathlib import Path

import pytest

import dataclasses

import mtqa.config
from mtqa.cli import build_parser
from mtqa.cli import _config as cli_config
from mtqa.config import _TABLES, SETTINGS, QAConfig, load_config
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
        ('preview = "yes"\n', "preview must be true or false"),
        ('device = "tpu"\n', "device must be one of cpu, cuda"),
        ('pass_threshold = "high"\n', "pass_threshold must be a number"),
        ("select = 3\n", "select must be a list of detector codes"),
        ("strict = true\n", "unknown setting"),
    ],
)
def test_bad_settings_are_config_errors(tmp_path: Path, body: str, match: str) -> None:
    p = tmp_path / "mtqa.toml"
    p.write_text(body, encoding="utf-8")
    with pytest.raises(ConfigError, match=match):
        load_config(p)


# one value per setting kind, as a settings file and as the command line write it
SAMPLES = {
    "langs": ('"de-fr"', "de-fr", ("de", "fr")),
    "codes": ('["A", "F101"]', "A,F101", ("A", "F101")),
    "bool": ("true", None, True),
    "float": ("97.5", "97.5", 97.5),
    "path": ('"terms.csv"', "terms.csv", None),
}


def test_every_qaconfig_field_is_one_setting_or_table() -> None:
    """Adding a field to QAConfig without its Setting (or a Setting without a field) fails here."""
    tables = {"severity": "severities", "detectors": "detector_options", "align": "align"}
    assert set(tables) == set(_TABLES)
    fields = {f.name for f in dataclasses.fields(QAConfig)}
    settings = {st.key for st in SETTINGS if st.key != "accurate"}  # accurate: QAConfig.accurate()
    assert fields == settings | set(tables.values())
    assert len({st.key for st in SETTINGS}) == len(SETTINGS) and len({st.option for st in SETTINGS}) == len(SETTINGS)


def test_every_file_setting_is_documented() -> None:
    doc = mtqa.config.__doc__ or ""
    for st in SETTINGS:
        assert (f"    {st.key} = " in doc) == st.in_file, st.key


@pytest.mark.parametrize("st", SETTINGS, ids=[st.key for st in SETTINGS])
def test_file_and_flag_give_the_same_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                            st: mtqa.config.Setting) -> None:
    monkeypatch.chdir(tmp_path)  # the command line reads ./mtqa.toml: none there yet
    if st.kind == "str":
        value = st.choices[-1] if st.choices else "x-model"
        file_value, flag_value, want = f'"{value}"', value, value
    else:
        file_value, flag_value, want = SAMPLES[st.kind]
    argv = ["check", "s.txt", "t.txt"] + ([st.option] if flag_value is None else [st.option, flag_value])
    from_flag = cli_config(build_parser().parse_args(argv))
    if st.kind == "path":
        want = flag_value
    if st.key == "accurate":
        assert from_flag == QAConfig().accurate()
    else:
        assert getattr(from_flag, st.key) == want
    if not st.in_file:
        return
    p = tmp_path / "mtqa.toml"
    p.write_text(f"{st.key} = {file_value}\n", encoding="utf-8")
    from_file = load_config(p)
    if st.kind == "path":  # relative to the settings file
        assert from_file.glossary == str(tmp_path / "terms.csv")
    else:
        assert from_file == from_flag


def test_help_shows_the_defaults_of_qaconfig() -> None:
    text = build_parser()._subparsers._group_actions[0].choices["check"].format_help()  # type: ignore[union-attr]
    assert f"(default {QAConfig().pass_threshold:g})" in text and f"(default {QAConfig().device})" in text
