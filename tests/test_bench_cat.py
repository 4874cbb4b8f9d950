"""scripts/bench_cat.py's crediting: an injection is found by a finding of its family on its unit, or by
a DAMAGE_CODES finding on its unit whose text holds the injected damage (issue 16)."""

from __future__ import annotations

import importlib.util
from collections import Counter

from .conftest import ROOT

spec = importlib.util.spec_from_file_location("bench_cat", ROOT / "scripts" / "bench_cat.py")
assert spec and spec.loader
bench_cat = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bench_cat)


def report(*findings: tuple[str, str, str]) -> list[dict]:
    return [{"findings": [{"code": c, "text": t, "unit": {"id": u}, "side": "target", "start": 0}
                          for c, u, t in findings]}]


def test_number_changed_inside_a_placeholder_is_found_by_d101_naming_the_damage() -> None:
    injected = {"Could not pick $sha1": "number", "exit with 1": "number", "use IPv6": "number"}
    damage = {"Could not pick $sha1": "8", "exit with 1": "8", "use IPv6": "13"}
    reps = report(("D101", "Could not pick $sha1", "$sha8"), ("A101", "exit with 1", "8"),
                  ("D101", "use IPv6", "%s"))  # a D101 on the unit that is not about the damage
    via: Counter[str] = Counter()
    assert bench_cat.recall_mtqa(reps, injected, [], damage, via) == {"number": 2 / 3}
    assert via == {"number": 1}
    # without the damage recorded, only the family's own detector counts
    assert bench_cat.recall_mtqa(reps, injected, []) == {"number": 1 / 3}
