"""A tiny GPT-2 and its tokenizer, built from a few sentences and saved with ``save_pretrained``: the
local model that the neural tests and the GPU check load through mtqa's real code path (nothing is
downloaded). Needs torch, transformers and tokenizers (the ``neural`` extra)."""

from __future__ import annotations

from pathlib import Path

SENTENCES = [
    "The government announced a new budget for schools and hospitals.",
    "The minister said the plan would be presented to parliament next week.",
    "Prices rose sharply in the first quarter of the year.",
    "The company reported higher profits and hired more workers.",
    "Police said the fire started in the kitchen of the restaurant.",
    "The team won the match after a goal in the last minute.",
]
CORPUS = SENTENCES * 20


def build_tiny_gpt2(out: Path, *, vocab_size: int = 300, n_positions: int = 64, n_embd: int = 32,
                    n_layer: int = 2, n_head: int = 2, train_steps: int = 0) -> Path:
    """Train a byte-level BPE tokenizer on :data:`CORPUS`, make a GPT-2 of the given size, train it for
    ``train_steps`` passes over :data:`SENTENCES` (so that they become more likely than word salad), and
    save both into ``out``."""
    import tokenizers
    import torch
    import transformers

    torch.manual_seed(0)
    tok = tokenizers.ByteLevelBPETokenizer()
    tok.train_from_iterator(CORPUS, vocab_size=vocab_size, min_frequency=1, special_tokens=["<|endoftext|>"])
    fast = transformers.PreTrainedTokenizerFast(
        tokenizer_object=tok._tokenizer, bos_token="<|endoftext|>", eos_token="<|endoftext|>"
    )
    cfg = transformers.GPT2Config(vocab_size=len(fast), n_positions=n_positions, n_embd=n_embd, n_layer=n_layer,
                                  n_head=n_head, bos_token_id=fast.bos_token_id, eos_token_id=fast.eos_token_id)
    model = transformers.GPT2LMHeadModel(cfg)
    if train_steps:
        opt = torch.optim.Adam(model.parameters(), lr=3e-3)
        ids = [torch.tensor([[fast.bos_token_id] + fast(s)["input_ids"]]) for s in SENTENCES]
        model.train()
        for _ in range(train_steps):
            for x in ids:
                loss = model(input_ids=x, labels=x).loss
                opt.zero_grad()
                loss.backward()
                opt.step()
        model.eval()
    model.save_pretrained(out)
    fast.save_pretrained(out)
    return out
