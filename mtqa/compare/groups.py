"""Which translations are of the same source: grouping a comparison feed, and refusing one that cannot
be compared before anything is checked.

Every article names its engine in ``meta.engine``. Translations of the same source are recognized by
``meta.item`` when the feed gives it, else by identical source text (whitespace runs and the ends
trimmed). An item translated by one engine only is checked but cannot be compared; it is left out of
the ranking with a warning.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from mtqa.errors import ComparisonError
from mtqa.types import ArticlePair

ENGINE, ITEM = "engine", "item"  # the meta labels a comparison feed carries
SHOWN = 5  # offending articles named in an error message


def source_key(text: str) -> str:
    return " ".join(text.split())


def item_of(meta: Mapping[str, Any], source: str) -> str:
    item = meta.get(ITEM)
    return str(item) if item not in (None, "") else source_key(source)


@dataclass(frozen=True)
class FeedCheck:
    """What the feed holds, for the terminal and engines.json."""

    engines: tuple[str, ...]
    items: int  # distinct sources
    compared_items: int  # sources translated by two engines or more
    single: tuple[str, ...]  # items with one engine only (left out), their first article ids
    unreadable: int  # error records (no engine known): checked as in batch, not compared


def check_feed(items: Sequence[Any]) -> FeedCheck:
    """Refuse a feed that cannot be compared (:class:`ComparisonError`, E610), naming the articles."""
    missing: list[str] = []
    groups: dict[str, dict[str, str]] = {}  # item -> engine -> origin
    sources: dict[str, tuple[str, str]] = {}  # item (meta.item) -> (source key, origin of the first)
    twice: list[str] = []
    mismatched: list[str] = []
    unreadable = 0
    for it in items:
        if not isinstance(it, ArticlePair):
            unreadable += 1
            continue
        meta = dict(it.meta)
        engine = str(meta.get(ENGINE) or "").strip()
        where = it.origin or it.article_id
        if not engine:
            missing.append(f"{where} ({it.article_id!r})")
            continue
        item = item_of(meta, it.source.text)
        if meta.get(ITEM) not in (None, ""):
            first = sources.setdefault(item, (source_key(it.source.text), where))
            if first[0] != source_key(it.source.text):
                mismatched.append(f"item {item!r}: {where} has another source text than {first[1]}")
        engines = groups.setdefault(item, {})
        if engine in engines:
            twice.append(f"engine {engine!r} translates the same source at {engines[engine]} and {where}")
        else:
            engines[engine] = where
    if missing:
        raise ComparisonError(
            f"{len(missing)} article(s) without meta.engine: {_some(missing)}; every article of a comparison "
            'names its engine, e.g. {"meta": {"engine": "engine-a"}} in a JSONL feed'
        )
    if mismatched:
        raise ComparisonError(
            f"{len(mismatched)} mismatched item(s): {_some(mismatched)}; one meta.item "
            "is one source, translated by each engine"
        )
    if twice:
        raise ComparisonError(
            f"{len(twice)} duplicate translation(s): {_some(twice)}; give each source "
            "one translation per engine (or tell them apart with meta.item)"
        )
    engines_all = sorted({e for g in groups.values() for e in g})
    if len(engines_all) < 2:
        found = f"one engine ({engines_all[0]!r})" if engines_all else "no engine"
        raise ComparisonError(f"{found} in the feed: a comparison needs translations by two engines or more")
    compared = {k: g for k, g in groups.items() if len(g) >= 2}
    if not compared:
        raise ComparisonError(
            f"no source is translated by two engines ({len(groups)} items, each with one engine): the items "
            "do "
            "not match; translations of the same source need identical source text or the same meta.item"
        )
    single = tuple(next(iter(g.values())) for g in groups.values() if len(g) < 2)
    return FeedCheck(tuple(engines_all), len(groups), len(compared), single, unreadable)


def _some(xs: Sequence[str]) -> str:
    more = f" and {len(xs) - SHOWN} more" if len(xs) > SHOWN else ""
    return "; ".join(xs[:SHOWN]) + more


def group_reports(reports: Iterable[Mapping[str, Any]]) -> dict[str, list[Mapping[str, Any]]]:
    """Checked reports by item (error records and single-engine items left out), in feed order."""
    groups: dict[str, list[Mapping[str, Any]]] = {}
    for r in reports:
        meta = r.get("meta") or {}
        if r.get("verdict") == "error" or not meta.get(ENGINE) or r.get("target") is None:
            continue
        groups.setdefault(item_of(meta, r.get("source") or ""), []).append(r)
    return {k: v for k, v in groups.items() if len(v) >= 2}
