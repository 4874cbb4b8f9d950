"""JSONL feeds, plain or gzipped (recognised by the gzip magic number, whatever the file's name).

One article per line::

    {"id": "a1", "source": "...", "target": "...", "source_lang": "it", "target_lang": "en",
     "reference": "...", "meta": {"feed": "...", "engine": "..."}}

Only ``source`` and ``target`` are required; an article without ``id`` is called ``FILE:LINE``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from mtqa.errors import BadId, InputError, MalformedInput
from mtqa.inputs.decode import text_lines
from mtqa.inputs.items import BadItem, FeedItem, fallback_id, make_pair


def read_jsonl(path: Path, limit: int) -> Iterator[FeedItem]:
    for origin, line in text_lines(path, limit):
        obj: Any = None
        aid = None
        try:
            if isinstance(line, InputError):
                raise line
            obj = _parse(line, origin)
            aid = _article_id(obj, origin)
            meta = obj.get("meta") or {}
            if not isinstance(meta, dict):
                raise MalformedInput(f"{origin}: article {aid!r}: meta must be an object")
            yield make_pair(aid, obj.get("source"), obj.get("target"), _langs(obj), origin, limit,
                            obj.get("reference"), meta.items())
        except InputError as e:
            yield BadItem.from_error(e, origin, aid, _langs(obj))


def _parse(line: str, origin: str) -> dict[str, Any]:
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as e:
        raise MalformedInput(f"{origin}: not valid JSON ({e.msg} at column {e.colno})") from e
    except RecursionError as e:
        raise MalformedInput(f"{origin}: not valid JSON (nested too deeply)") from e
    except ValueError as e:  # an integer of over 4,300 digits (Python's limit on int conversion)
        raise MalformedInput(f"{origin}: not readable JSON ({e})") from e
    if not isinstance(obj, dict):
        raise MalformedInput(f"{origin}: expected a JSON object per line, found {type(obj).__name__}")
    return obj


def _article_id(obj: dict[str, Any], origin: str) -> str:
    raw = obj.get("id")
    if raw is None or raw == "":
        return fallback_id(origin)
    if isinstance(raw, (str, int)) and not isinstance(raw, bool):
        return str(raw)
    raise BadId(f"{origin}: id must be a string or a number, found {type(raw).__name__}")


def _langs(obj: Any) -> tuple[str, str]:
    if not isinstance(obj, dict):
        return ("", "")
    return (str(obj.get("source_lang") or ""), str(obj.get("target_lang") or ""))
