"""Helpers for the reader tests: write an input, read it back as a list of items."""

from __future__ import annotations

from pathlib import Path

from mtqa.inputs import FeedItem, read_inputs

SRC = ["Il Cremlino ha annunciato la visita del presidente.", "La visita durerà tre giorni."]
TGT = ["The Kremlin announced the president's visit.", "The visit will last three days."]


def write(path: Path, data: str | bytes) -> Path:
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path


def read(*paths: Path, langs: tuple[str, str] | None = None, limit: int = 1_000_000) -> list[FeedItem]:
    return list(read_inputs(list(paths), langs, limit))
