"""A tiny GPT-2 and tokenizer, trained and saved inside the test session (nothing downloaded)."""

from __future__ import annotations

from pathlib import Path

import pytest

CORPUS = [
    "The government announced a new budget for schools and hospitals.",
    "The minister said the plan would be presented to parliament next week.",
    "Prices rose sharply in the first quarter of the year.",
    "The company reported higher profits and hired more workers.",
    "Police said the fire started in the kitchen of the restaurant.",
    "The team won the match after a goal in the last minute.",
] * 20


@pytest.fixture(scope="session")
def tiny_lm(tmp_path_factory: pytest.TempPathFactory) -> Path:
    torch = pytest.importorskip("torch")
    transformers = pytest.importorskip("transformers")
    tokenizers = pytest.importorskip("tokenizers")
    torch.manual_seed(0)
    out = tmp_path_factory.mktemp("tiny-gpt2")
    tok = tokenizers.ByteLevelBPETokenizer()
    tok.train_from_iterator(CORPUS, vocab_size=300, min_frequency=1, special_tokens=["<|endoftext|>"])
    fast = transformers.PreTrainedTokenizerFast(
        tokenizer_object=tok._tokenizer, bos_token="<|endoftext|>", eos_token="<|endoftext|>"
    )
    cfg = transformers.GPT2Config(vocab_size=len(fast), n_positions=64, n_embd=32, n_layer=2, n_head=2,
                                  bos_token_id=fast.bos_token_id, eos_token_id=fast.eos_token_id)
    model = transformers.GPT2LMHeadModel(cfg)
    # a few steps on the corpus, so that its sentences become more likely than word salad
    opt = torch.optim.Adam(model.parameters(), lr=3e-3)
    ids = [torch.tensor([[fast.bos_token_id] + fast(s)["input_ids"]]) for s in CORPUS[:6]]
    model.train()
    for _ in range(25):
        for x in ids:
            loss = model(input_ids=x, labels=x).loss
            opt.zero_grad()
            loss.backward()
            opt.step()
    model.eval()
    model.save_pretrained(out)
    fast.save_pretrained(out)
    return out
