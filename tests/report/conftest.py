"""Shared inputs for the report tests: a frozen article report (so renderer snapshots do not move
when detectors change), a hostile feed, and a folder for artifacts such as screenshots."""

from __future__ import annotations

import copy
import json
import os
from pathlib import Path
from typing import Any

import pytest

from ..conftest import ROOT

HERE = Path(__file__).resolve().parent
FIXTURE = HERE / "fixtures" / "harbour-storm.json"
SNAPSHOTS = HERE / "snapshots"
ARTIFACTS = Path(os.environ.get("MTQA_ARTIFACTS", ROOT / "test-artifacts"))

# Markup, script and links that must come out as text. Each payload, if it ran, would leave a trace
# that the browser test looks for: a global, a changed title, or a request.
HOSTILE = (
    '<script>window.__pwned = "script"; document.title = "PWNED"</script>'
    ' <img src=x onerror="window.__pwned=\'img\'"> <a href="javascript:window.__pwned=\'link\'">click me</a>'
    ' </td></tr></table></li></ol><b>unclosed <i>markup'
    ' </script><script>window.__pwned="breakout"</script> <!-- <svg onload="window.__pwned=\'svg\'">'
    ' <img src="http://127.0.0.1:9/beacon.png"> <iframe src="javascript:parent.__pwned=1"></iframe>'
)


@pytest.fixture
def report() -> dict[str, Any]:
    return copy.deepcopy(json.loads(FIXTURE.read_text(encoding="utf-8")))


@pytest.fixture
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


def hostile_feed(path: Path) -> Path:
    """A JSONL feed whose texts, ids and labels carry the payloads, with real errors so that spans,
    tooltips and finding lists render them too."""
    lines = [
        {
            "id": 'x"><script>window.__pwned="id"</script>',
            "source_lang": "it",
            "target_lang": "en",
            "source": "Il governo ha stanziato 12 milioni.\n\nLa misura entra in vigore oggi.",
            "target": f"the government allocated 15 million {HOSTILE}..\n\nThe measure takes effect today {HOSTILE}.",
            "meta": {"feed": HOSTILE, "engine": '<img src=x onerror="window.__pwned=\'meta\'">'},
        },
        {
            "id": "javascript:alert(1)",
            "source_lang": "it",
            "target_lang": "en",
            "source": f"Titolo {HOSTILE}\n\nIl testo è breve.",
            "target": f"Title {HOSTILE}\n\nThe text is short.",
        },
    ]
    path.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    return path


def snapshot(name: str, text: str) -> None:
    """Compare with tests/report/snapshots/NAME; MTQA_UPDATE_SNAPSHOTS=1 rewrites it (review the diff)."""
    path = SNAPSHOTS / name
    if os.environ.get("MTQA_UPDATE_SNAPSHOTS") == "1":
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.is_file(), f"no snapshot {path.name}: run with MTQA_UPDATE_SNAPSHOTS=1 and review it"
    assert text == path.read_text(encoding="utf-8"), f"{name} changed: rerun with MTQA_UPDATE_SNAPSHOTS=1 if intended"
