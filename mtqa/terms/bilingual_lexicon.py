"""The bilingual lexicon that mtqa ships (``mtqa/terms/data/<src>-<tgt>.toml``, written for the project):
words whose renderings fall into groups of different meaning (``senses``), and exonyms (``Mosca`` ->
``Moscow``). Pairs without a file get an empty lexicon."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True)
class Sense:
    key: str
    forms: tuple[str, ...]  # source word forms
    groups: tuple[tuple[str, ...], ...]  # target renderings, one group per meaning


@dataclass(frozen=True)
class Lexicon:
    senses: tuple[Sense, ...] = ()
    exonyms: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def exonyms_of(self, name: str) -> tuple[str, ...]:
        return self._exonym_index.get(name, ())

    @property
    def _exonym_index(self) -> dict[str, tuple[str, ...]]:
        index = self.__dict__.get("_index")
        if index is None:  # built once per lexicon (the dataclass is frozen, so not in __init__)
            index = dict(self.exonyms)
            object.__setattr__(self, "_index", index)
        return index


@cache
def get_lexicon(source_lang: str, target_lang: str) -> Lexicon:
    path = resources.files("mtqa.terms").joinpath("data", f"{source_lang}-{target_lang}.toml")
    if not path.is_file():
        return Lexicon()
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    senses = tuple(
        Sense(k, tuple(v["forms"]), tuple(tuple(g) for g in v["groups"]))
        for k, v in data.get("senses", {}).items()
    )
    exonyms = tuple((k, tuple(v)) for k, v in data.get("exonyms", {}).items())
    return Lexicon(senses, exonyms)
