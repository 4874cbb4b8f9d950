"""requirements.lock (what .ci/run and the Quick start install) is exact, CPU-only and names every
dependency of pyproject.toml; scripts/lock.py --check says when it does not."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT

pytestmark = pytest.mark.issue(13)
LOCK = ROOT / "requirements.lock"


def _lock_module():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("lock_script", ROOT / "scripts" / "lock.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_lock_pins_everything_exactly_with_cpu_torch_and_the_linters() -> None:
    lines = [x for x in LOCK.read_text(encoding="utf-8").splitlines() if x and not x.startswith("#")]
    assert all(re.fullmatch(r"[A-Za-z0-9._-]+==[A-Za-z0-9.+!-]+", x) for x in lines), lines
    names = {re.sub(r"[-_.]+", "-", x.split("==")[0]).lower(): x for x in lines}
    assert names["torch"] == "torch==2.13.0+cpu"
    assert not [n for n in names if n.startswith("nvidia-")]  # no CUDA wheels on CPU machines
    assert {"ruff", "mypy", "pytest", "lxml"} <= set(names) and "mtqa" not in names


def test_lock_check_passes_now_and_names_what_is_missing(tmp_path: Path) -> None:
    lock = _lock_module()
    check = subprocess.run([sys.executable, str(ROOT / "scripts" / "lock.py"), "--check"], check=False)
    assert check.returncode == 0
    assert lock.wanted() <= set(lock.locked())
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text(
        (ROOT / "pyproject.toml").read_text(encoding="utf-8").replace(
            '"polib>=1.2",', '"polib>=1.2",\n    "Not_A.Real-package>=1",'
        ),
        encoding="utf-8",
    )
    assert "not-a-real-package" in lock.wanted(pyproject) - set(lock.locked())


def test_ci_installs_from_the_lock_and_runs_the_linters() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "-c requirements.lock" in ci and "MTQA_CI_LATEST" in ci
    assert ".venv/bin/ruff check mtqa" in ci and ".venv/bin/mypy mtqa" in ci
    quick = (ROOT / "README.md").read_text(encoding="utf-8").split("## Quick start", 1)[1].split("```", 2)[1]
    assert "-c requirements.lock" in quick
