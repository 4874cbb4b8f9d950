"""GPU check of the neural fluency scorer, with nothing but torch, transformers and tokenizers installed
(a GPU machine without mtqa's other dependencies; run with ``PYTHONPATH=.`` from the repository root).

    PYTHONPATH=. python3 scripts/device_check_neural.py [--out DIR]

1. builds a small GPT-2 and a byte-level BPE tokenizer here (nothing downloaded), saves them;
2. loads them through mtqa's real path (``get_fluency_model(..., lm=FOLDER, device=...)``) on the CPU and
   on CUDA, and checks that both give the same surprisal per sentence;
3. times batched scoring of a few thousand sentences on each device (sentences per second).
Writes what it prints to DIR/device_check_neural.txt too.
"""

from __future__ import annotations

import argparse
import io
import sys
import tempfile
import time
from contextlib import redirect_stdout
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "fluency"))
from tiny_lm import SENTENCES, build_tiny_gpt2  # noqa: E402 - the same tiny GPT-2 as the neural tests


def run(out: Path) -> int:
    import torch

    from mtqa.fluency import get_fluency_model

    print("torch", torch.__version__, "cuda available:", torch.cuda.is_available(),
          torch.cuda.get_device_name(0) if torch.cuda.is_available() else "")
    # larger than the tests' model, and untrained: this measures throughput, not fluency
    folder = build_tiny_gpt2(Path(tempfile.mkdtemp(prefix="mtqa-lm-")), vocab_size=400, n_positions=128,
                             n_embd=256, n_layer=6, n_head=8)
    words = " ".join(SENTENCES).split() * 2
    n = len(words) // 2
    batch = [" ".join(words[i % n : i % n + 6 + i % 12]) for i in range(3000)]  # 6-17 words each
    results = {}
    for device in ("cpu", "cuda"):
        if device == "cuda" and not torch.cuda.is_available():
            print("no CUDA device: cuda not checked")
            continue
        model = get_fluency_model("en", "auto", str(folder), device)
        model.score(batch[:64])  # warm-up
        t = time.perf_counter()
        scored = model.score(batch)
        el = time.perf_counter() - t
        results[device] = scored
        print(f"{device}: {len(batch) / el:,.0f} sentences/s ({el:.2f} s), signature {model.signature()}")
    ok = True
    if "cuda" in results:
        diff = max(abs(a.mean_surprisal - b.mean_surprisal) for a, b in zip(results["cpu"], results["cuda"]))
        ok = diff < 0.05
        print(f"largest cpu/cuda difference in mean surprisal: {diff:.4f} bits ({'OK' if ok else 'MISMATCH'})")
    print("device check", "OK" if ok else "FAILED")
    return 0 if ok else 1


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, default=Path("."))
    args = ap.parse_args()
    buf = io.StringIO()
    with redirect_stdout(buf):
        rc = run(args.out)
    sys.stdout.write(buf.getvalue())
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "device_check_neural.txt").write_text(buf.getvalue(), encoding="utf-8")
    return rc


if __name__ == "__main__":
    sys.exit(main())
