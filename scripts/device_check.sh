#!/usr/bin/env bash
# GPU check for the neural extra (run by the lead on a machine with a CUDA GPU; a few minutes).
# 1. the neural fluency tests, including the CUDA-vs-CPU comparison that skips without a GPU;
# 2. a tiny end-to-end scoring run with --lm on --device cuda, on the demo corpus.
# Writes its log to ${OUT:-/tmp}/device_check.log. Needs a CUDA build of torch==2.13.0 in .venv.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT="${OUT:-/tmp}"
LOG="$OUT/device_check.log"
PY="${PY:-.venv/bin/python}"  # PY=python3 where the packages are installed system-wide
{
  echo "== torch and device"
  $PY -c "import torch; print(torch.__version__, 'cuda available:', torch.cuda.is_available(), torch.cuda.get_device_name(0) if torch.cuda.is_available() else '')"
  echo "== neural fluency tests (cpu and cuda)"
  $PY -m pytest -q -rs tests/fluency
  echo "== a tiny GPT-2 built here, then mtqa batch on the demo corpus with --lm on cuda"
  $PY - <<'PY'
import sys, tempfile, time, subprocess
from pathlib import Path
sys.path.insert(0, "tests/fluency")
from tiny_lm import build_tiny_gpt2
out = build_tiny_gpt2(Path(tempfile.mkdtemp(prefix="mtqa-tiny-lm-")), n_positions=256, n_embd=64)
for device in ("cpu", "cuda"):
    t0 = time.perf_counter()
    r = subprocess.run([sys.executable, "-m", "mtqa", "batch", "corpora/demo", "--out", str(out / f"run-{device}"), "--quiet",
                        "--lm", str(out), "--device", device], capture_output=True, text=True)
    print(device, "exit", r.returncode, f"{time.perf_counter() - t0:.1f} s", r.stdout.strip(), r.stderr.strip()[-500:])
    assert r.returncode in (0, 1), r.stderr
    sig = (out / f"run-{device}" / "reports.jsonl").read_text().splitlines()[0]
    assert '"flu:lm.v1(' in sig or "flu:lm.v1(" in sig, "the LM was not used"
print("device check OK")
PY
} 2>&1 | tee "$LOG"
