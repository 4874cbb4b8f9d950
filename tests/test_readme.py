"""README parts that are generated from the code stay current."""

from __future__ import annotations

import subprocess
import sys

from .conftest import ROOT


def test_readme_catalogue_is_current() -> None:
    rc = subprocess.run([sys.executable, str(ROOT / "scripts" / "update_readme.py"), "--check"]).returncode
    assert rc == 0, "README.md detector table is stale: run python scripts/update_readme.py"


def test_quick_start_has_two_commands() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = text.split("## Quick start", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    commands = [line for line in block.strip().splitlines() if line.strip()]
    assert len(commands) == 2
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert commands[1].strip() in ci, ".ci/run must call the README's test command"
