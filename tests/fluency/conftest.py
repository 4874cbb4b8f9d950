"""A tiny GPT-2 and tokenizer, trained and saved inside the test session (nothing downloaded)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.fluency.tiny_lm import build_tiny_gpt2


@pytest.fixture(scope="session")
def tiny_lm(tmp_path_factory: pytest.TempPathFactory) -> Path:
    for module in ("torch", "transformers", "tokenizers"):
        pytest.importorskip(module)
    return build_tiny_gpt2(tmp_path_factory.mktemp("tiny-gpt2"), train_steps=25)
