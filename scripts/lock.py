"""Regenerate requirements.lock: the exact versions of everything ``pip install -e ".[dev,neural]"``
installs, resolved today in a fresh virtual environment in a temporary folder.

    python3 scripts/lock.py                   # writes requirements.lock (a few minutes: torch is large)
    python3 scripts/lock.py --check           # exit 1 when pyproject.toml names a package the lock lacks
    python3 scripts/lock.py -- --no-index --find-links /path/to/wheels    # offline, from a wheel folder

The lock is a pip constraints file: ``.ci/run``, and the README's Quick start, install with
``-c requirements.lock``, so a fresh machine gets what CI last passed with; ``MTQA_CI_LATEST=1 bash .ci/run``
installs the newest releases instead, to see drift before it reaches users. The script itself reaches
nothing: pip resolves through its own configuration (indexes, ``find-links``, constraints), and whatever
follows ``--`` goes to pip unchanged. torch is locked to its CPU wheel (``2.13.0+cpu``); a resolution
that brings CUDA packages (``nvidia-*``) is refused, because CI and users' machines have no GPU. mtqa
itself is not in the lock.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCK = ROOT / "requirements.lock"
EXTRAS = "dev,neural"
TORCH = "torch==2.13.0+cpu"
HEADER = """\
# Exact versions of everything `pip install -e ".[{extras}]"` installs (Python {py}), a pip constraints
# file: pip install -c requirements.lock -e ".[{extras}]". Regenerate with: python3 scripts/lock.py
"""


def _name(req: str) -> str:
    """The normalized project name of a requirement line (``Foo_Bar[x]>=1`` -> ``foo-bar``)."""
    m = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", req)
    return re.sub(r"[-_.]+", "-", m.group(1)).lower() if m else ""


def wanted(pyproject: Path = ROOT / "pyproject.toml") -> set[str]:
    """Every project that pyproject.toml names for the locked extras (self-references followed)."""
    project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
    extras = project.get("optional-dependencies", {})
    names = {_name(r) for r in project.get("dependencies", [])}
    todo, seen = EXTRAS.split(","), set()
    while todo:
        extra = todo.pop()
        if extra in seen:
            continue
        seen.add(extra)
        for req in extras.get(extra, []):
            m = re.match(r"\s*mtqa\[([^\]]+)\]", req)
            if m:
                todo.extend(x.strip() for x in m.group(1).split(","))
            else:
                names.add(_name(req))
    return names


def locked(lock: Path = LOCK) -> dict[str, str]:
    """name -> pinned line of the lock file."""
    out = {}
    for line in lock.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            out[_name(line)] = line
    return out


def freeze(pip_args: list[str], python: str) -> list[str]:
    with tempfile.TemporaryDirectory(prefix="mtqa-lock-") as tmp:
        venv = Path(tmp) / "venv"
        subprocess.run([python, "-m", "venv", str(venv)], check=True)
        pip = [str(venv / "bin" / "python"), "-m", "pip"]
        subprocess.run([*pip, "install", "-q", "--upgrade", "pip", *pip_args], check=True)
        subprocess.run([*pip, "install", "-q", TORCH, "-e", f"{ROOT}[{EXTRAS}]", *pip_args], check=True)
        lines = subprocess.run([*pip, "freeze", "--all", "--exclude-editable"], check=True,
                               capture_output=True, text=True).stdout.splitlines()
        py = subprocess.run([str(venv / "bin" / "python"), "-c", "import sys; print(sys.version.split()[0])"],
                            check=True, capture_output=True, text=True).stdout.strip()
    pins = sorted((x for x in lines if x and not x.startswith("#") and _name(x) != "mtqa"), key=_name)
    cuda = [x for x in pins if _name(x).startswith("nvidia-")]
    if cuda:
        raise SystemExit(f"the resolution brought CUDA packages ({', '.join(cuda)}): not locked")
    return [HEADER.format(extras=EXTRAS, py=py), *pins]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--check", action="store_true", help="only check that the lock names every dependency")
    ap.add_argument("--python", default=sys.executable, help="the Python to build the environment with")
    ap.add_argument("--out", type=Path, default=LOCK)
    ap.add_argument("pip_args", nargs="*", help="after --: arguments for pip install")
    args = ap.parse_args(argv)
    if args.check:
        missing = sorted(wanted() - set(locked(args.out)))
        if missing:
            print(f"{args.out.name} lacks {', '.join(missing)}: run python3 scripts/lock.py", file=sys.stderr)
            return 1
        return 0
    lines = freeze(args.pip_args, args.python)
    args.out.write_text(lines[0] + "\n".join(lines[1:]) + "\n", encoding="utf-8")
    print(f"{args.out}: {len(lines) - 1} pins", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
