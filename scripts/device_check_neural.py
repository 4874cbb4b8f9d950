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

SENTENCES = [
    "The government announced a new budget for schools and hospitals.",
    "The minister said the plan would be presented to parliament next week.",
    "Prices rose sharply in the first quarter of the year.",
    "The company reported higher profits and hired more workers.",
    "Police said the fire started in the kitchen of the restaurant.",
    "The team won the match after a goal in the last minute.",
]


def build(folder: Path) -> None:
    import tokenizers
    import torch
    import transformers

    torch.manual_seed(0)
    tok = tokenizers.ByteLevelBPETokenizer()
    tok.train_from_iterator(SENTENCES * 20, vocab_size=400, min_frequency=1, special_tokens=["<|endoftext|>"])
    fast = transformers.PreTrainedTokenizerFast(tokenizer_object=tok._tokenizer, bos_token="<|endoftext|>",
                                                eos_token="<|endoftext|>")
    cfg = transformers.GPT2Config(vocab_size=len(fast), n_positions=128, n_embd=256, n_layer=6, n_head=8,
                                  bos_token_id=fast.bos_token_id, eos_token_id=fast.eos_token_id)
    transformers.GPT2LMHeadModel(cfg).save_pretrained(folder)
    fast.save_pretrained(folder)


def run(out: Path) -> int:
    import torch

    from mtqa.fluency import get_fluency_model

    print("torch", torch.__version__, "cuda available:", torch.cuda.is_available(),
          torch.cuda.get_device_name(0) if torch.cuda.is_available() else "")
    folder = Path(tempfile.mkdtemp(prefix="mtqa-lm-"))
    build(folder)
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
