from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("MTQA_SHARED", ROOT.parent / "shared"))
SEED_SRC = SHARED / "seeds" / "kim-shells.src.it.txt"
SEED_MT = SHARED / "seeds" / "kim-shells.mt.en.txt"
DATA = SHARED / "data"


@pytest.fixture(autouse=True, scope="session")
def _isolated_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Tests build their own word-count cache, so they never depend on a user's ~/.cache."""
    if "MTQA_CACHE" not in os.environ:
        os.environ["MTQA_CACHE"] = str(tmp_path_factory.mktemp("mtqa-cache"))


@pytest.fixture
def seed_pair() -> tuple[str, str]:
    if not (SEED_SRC.is_file() and SEED_MT.is_file()):
        pytest.skip("the seed pair (../shared/seeds) is not available")
    return SEED_SRC.read_text(encoding="utf-8"), SEED_MT.read_text(encoding="utf-8")
