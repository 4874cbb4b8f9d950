"""The registry is the single source of truth: every Detector subclass listed once, codes well formed,
documentation complete, and the catalogue unchanged unless registry.golden.txt changes with it."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
from pathlib import Path

import pytest

import mtqa.detectors as pkg
from mtqa.detectors import ALL_DETECTORS, get_detector, select_detectors
from mtqa.detectors.base import Detector
from mtqa.errors import ConfigError
from mtqa.types import Severity, Status

GOLDEN = Path(__file__).parent / "registry.golden.txt"
REQUIRED_HEADINGS = ("## Why", "## Bad", "## Good", "## Known false positives", "## Options")


def golden_lines() -> list[str]:
    return [f"{d.code} {d.name} {d.category} {d.severity.value} {d.status.value}" for d in ALL_DETECTORS]


def test_codes_are_unique_well_formed_and_sorted() -> None:
    codes = [d.code for d in ALL_DETECTORS]
    assert len(codes) == len(set(codes))
    assert codes == sorted(codes)
    for d in ALL_DETECTORS:
        assert re.fullmatch(r"[AFTLSD]\d{3}", d.code), d.code
        assert re.fullmatch(r"[a-z]+(-[a-z]+)*", d.name), d.name
        assert d.category.split("/")[0] == {"A": "accuracy", "F": "fluency", "T": "terminology",
                                            "L": "locale convention", "S": "style", "D": "design"}[d.code[0]]
        assert isinstance(d.severity, Severity) and isinstance(d.status, Status)


def test_names_are_unique() -> None:
    names = [d.name for d in ALL_DETECTORS]
    assert len(names) == len(set(names))


def test_every_detector_subclass_is_registered() -> None:
    for mod in pkgutil.iter_modules(pkg.__path__):
        importlib.import_module(f"mtqa.detectors.{mod.name}")
    def subclasses(c: type) -> set[type]:
        return {s for d in c.__subclasses__() for s in {d} | subclasses(d)}
    found = {c for c in subclasses(Detector) if c.__module__.startswith("mtqa.")}
    assert found == set(ALL_DETECTORS)


def test_one_module_per_detector() -> None:
    modules = [d.__module__ for d in ALL_DETECTORS]
    assert len(modules) == len(set(modules))
    for d in ALL_DETECTORS:
        assert d.__module__ == f"mtqa.detectors.{d.name.replace('-', '_')}", d.code


@pytest.mark.parametrize("det", ALL_DETECTORS, ids=lambda d: d.code)
def test_docstring_is_complete(det: type[Detector]) -> None:
    doc = inspect.cleandoc(det.__doc__ or "")
    assert doc, f"{det.code} has no docstring"
    for h in REQUIRED_HEADINGS:
        assert h in doc, f"{det.code} docstring lacks {h!r}"
    for opt in det.default_options:
        assert f"``{opt}``" in doc, f"{det.code} option {opt!r} is not documented"


def test_registry_matches_golden_file() -> None:
    assert GOLDEN.read_text(encoding="utf-8").splitlines() == golden_lines(), (
        "the detector catalogue changed: update tests/detectors/registry.golden.txt deliberately"
    )


def test_select_by_prefix_and_ignore() -> None:
    codes = [d.code for d in select_detectors(select=["A1", "F"], ignore=["F3"])]
    assert codes and all(c.startswith("A1") or (c.startswith("F") and not c.startswith("F3")) for c in codes)
    assert "A101" in codes and "F301" not in codes
    assert [d.code for d in select_detectors(select=["glued-words"])] == ["F101"]


def test_unknown_code_names_the_closest() -> None:
    with pytest.raises(ConfigError, match="F101"):
        select_detectors(select=["F10l"])
    with pytest.raises(ConfigError, match="glued-words"):
        get_detector("glued-word")


def test_unknown_option_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="min_length"):
        select_detectors(select=["F101"], options={"F101": {"min_lenght": 3}})


def test_severity_override() -> None:
    (d,) = select_detectors(select=["L101"], severities={"L101": Severity.MAJOR})
    assert d.severity is Severity.MAJOR
    (d2,) = select_detectors(select=["L101"])
    assert d2.severity is Severity.MINOR
