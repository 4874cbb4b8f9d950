"""Neural fluency (``lm.v1``): per-token surprisal under a causal language model on local disk.

Any transformers causal LM (GPT-2, Llama, Qwen, ...) in a folder or in the local Hugging Face cache,
given with ``--lm PATH_OR_NAME``; never downloaded (:mod:`mtqa.resources.hflocal`). Sentences are scored in
batches on ``--device cpu`` or ``cuda``. Each sentence is prefixed with the model's BOS (or EOS) token so
that its first word is scored too; a word's surprisal is the sum of the bits of the subword tokens that
overlap it, and the sentence's mean surprisal is its total bits (punctuation included) per word.

The [0, 1] score uses a logistic mapping like the n-gram model's; its centre and scale are fixed guesses
for a small LM on news (not measured for the model you load), so compare scores from one model with each
other. What it cannot judge: meaning and faithfulness to the source; and a model trained on little of
the target language scores that language as disfluent.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from mtqa.resources.hflocal import check_device, from_local, require_torch
from mtqa.text.tokens import words as tokenize
from mtqa.types import SentenceFluency, TokenSurprisal

CENTRE_BITS = 9.0  # mean bits per word mapped to a score of 0.5
SCALE_BITS = 1.5
MAX_TOKENS = 256  # longer sentences are cut: the tail is not scored
LN2 = math.log(2.0)


@dataclass
class CausalLMFluency:
    model: Any
    tokenizer: Any
    lang: str
    device: str
    label: str
    batch_size: int = 16
    name: str = "lm"

    def signature(self) -> str:
        return f"lm.v1({self.label},{self.lang})"

    def score(self, sentences: Sequence[str]) -> list[SentenceFluency]:
        out: list[SentenceFluency | None] = [None] * len(sentences)
        order = sorted(
            range(len(sentences)), key=lambda i: len(sentences[i])
        )  # similar lengths share a batch
        for k in range(0, len(order), self.batch_size):
            idx = order[k : k + self.batch_size]
            for i, fl in zip(idx, self._batch([sentences[i] for i in idx])):
                out[i] = fl
        return out  # type: ignore[return-value]

    def _batch(self, texts: list[str]) -> list[SentenceFluency]:
        import torch

        tok = self.tokenizer
        enc = tok(texts, return_offsets_mapping=True, add_special_tokens=False, truncation=True,
                  max_length=MAX_TOKENS - 1)
        start = tok.bos_token_id if tok.bos_token_id is not None else tok.eos_token_id
        pad = tok.pad_token_id if tok.pad_token_id is not None else (start if start is not None else 0)
        prefix = [] if start is None else [start]
        ids = [prefix + x for x in enc["input_ids"]]
        width = max(len(x) for x in ids)
        input_ids = torch.tensor([x + [pad] * (width - len(x)) for x in ids], device=self.device)
        mask = torch.tensor([[1] * len(x) + [0] * (width - len(x)) for x in ids], device=self.device)
        with torch.no_grad():
            logits = self.model(input_ids=input_ids, attention_mask=mask).logits.float()
        logp = torch.log_softmax(logits[:, :-1], dim=-1).gather(-1, input_ids[:, 1:, None])[..., 0]
        bits = (-logp / LN2).cpu().tolist()
        res = []
        for b, text in enumerate(texts):
            offsets = enc["offset_mapping"][b]
            # with a start token every text token is predicted; without one the first token is not
            tok_bits = bits[b][: len(ids[b]) - 1]
            if not prefix:
                offsets = offsets[1:]
            res.append(self._sentence(text, list(zip(offsets, tok_bits))))
        return res

    def _sentence(self, text: str, scored: list[tuple[tuple[int, int], float]]) -> SentenceFluency:
        words = [(t.start, t.end) for t in tokenize(text)]  # the words the n-gram model and detectors read
        if not words:
            return SentenceFluency(1.0, 0.0, 0, ())
        per_word = [0.0] * len(words)
        w = 0
        for (a, b), bit in scored:
            while w < len(words) and words[w][1] <= a:
                w += 1
            if w < len(words) and a < words[w][1] and b > words[w][0]:
                per_word[w] += bit
        total = sum(bit for _, bit in scored)
        mean = total / len(words)
        score = 1.0 / (1.0 + math.exp((mean - CENTRE_BITS) / SCALE_BITS))
        toks = tuple(TokenSurprisal(s, e, round(x, 3)) for (s, e), x in zip(words, per_word))
        return SentenceFluency(round(score, 4), round(mean, 3), 0, toks)


def load_causal_lm(
    name_or_path: str, lang: str, device: str = "cpu", batch_size: int = 16
) -> CausalLMFluency:
    """A fluency model for ``lang`` over a causal LM from local disk (loaded once per path and device)."""
    model, tok = load_lm(name_or_path, device)
    return CausalLMFluency(model, tok, lang, device, Path(name_or_path).name or name_or_path, batch_size)


@lru_cache(maxsize=2)
def load_lm(name_or_path: str, device: str) -> tuple[Any, Any]:
    """The model and tokenizer; a clear ModelError for whatever is missing."""
    require_torch("neural fluency (--lm)")
    from transformers import AutoModelForCausalLM, AutoTokenizer

    check_device(device)
    tok = from_local(AutoTokenizer, name_or_path, "language model")
    if not getattr(tok, "is_fast", False):
        from mtqa.errors import ModelError

        raise ModelError(
            f"language model {name_or_path!r}: its tokenizer has no fast (Rust) version, needed for word "
            "offsets"
        )
    model = from_local(AutoModelForCausalLM, name_or_path, "language model")
    model.eval().to(device)
    return model, tok
