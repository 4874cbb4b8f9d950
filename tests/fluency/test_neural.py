"""Neural fluency through the real loading path: a tiny GPT-2 built in the test, loaded with --lm."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from mtqa.config import QAConfig
from mtqa.errors import ModelError
from mtqa.fluency import get_fluency_model
from mtqa.pipeline import check_texts

SRC = "Il governo ha annunciato un nuovo bilancio per le scuole.\nI prezzi sono saliti molto.\n"
TGT = "The government announced a new budget for schools.\nPrices rose sharply.\n"


def test_lm_scores_training_text_above_word_salad(tiny_lm: Path) -> None:
    model = get_fluency_model("en", "auto", str(tiny_lm), "cpu")
    assert model is not None and model.signature().startswith("lm.v1(")
    good, salad = model.score([
        "The government announced a new budget for schools and hospitals.",
        "hospitals budget schools the announced new for a and government The.",
    ])
    assert good.mean_surprisal < salad.mean_surprisal
    assert good.score > salad.score
    # one surprisal per word, with offsets into the sentence
    assert [salad_t for salad_t in good.tokens][0].start == 0 and len(good.tokens) == 10


def test_batched_equals_one_by_one(tiny_lm: Path) -> None:
    model = get_fluency_model("en", "lm", str(tiny_lm), "cpu")
    sents = ["Prices rose.", "The team won the match after a goal in the last minute.", "Police said."]
    together = model.score(sents)
    alone = [model.score([s])[0] for s in sents]
    for a, b in zip(together, alone):
        assert a.mean_surprisal == pytest.approx(b.mean_surprisal, abs=1e-2)


def test_pipeline_uses_the_lm(tiny_lm: Path) -> None:
    rep = check_texts(SRC, TGT, "it", "en", QAConfig(lm=str(tiny_lm)))
    assert rep.error is None
    assert "flu:lm.v1(" in rep.signature
    assert all(f is not None and 0 <= f.score <= 1 for f in rep.fluency)
    assert rep.score is not None and rep.score.fluency is not None


def test_cli_lm_flag(tiny_lm: Path, tmp_path: Path) -> None:
    (tmp_path / "a.it.txt").write_text(SRC, encoding="utf-8")
    (tmp_path / "a.en.txt").write_text(TGT, encoding="utf-8")
    out = subprocess.run(
        [sys.executable, "-m", "mtqa", "check", str(tmp_path / "a.it.txt"), str(tmp_path / "a.en.txt"),
         "--lm", str(tiny_lm), "--device", "cpu", "--format", "json"],
        capture_output=True, text=True,
    )
    assert out.returncode in (0, 1), out.stderr
    rep = json.loads(out.stdout)
    assert "flu:lm.v1(" in rep["signature"]
    assert all(s["fluency"] is not None for s in rep["sentences"]["target"])


def test_missing_model_folder_is_one_clear_error(tmp_path: Path) -> None:
    pytest.importorskip("transformers")
    with pytest.raises(ModelError, match="no such folder"):
        get_fluency_model("en", "auto", str(tmp_path / "nope"), "cpu")
    with pytest.raises(ModelError, match="never downloads"):
        get_fluency_model("en", "auto", "no-such-org/no-such-model-xyz", "cpu")


def test_cuda_without_gpu_says_so(tiny_lm: Path) -> None:
    torch = pytest.importorskip("torch")
    if torch.cuda.is_available():
        pytest.skip("a GPU is present: see scripts/device_check.sh")
    with pytest.raises(ModelError, match="no CUDA device"):
        get_fluency_model("en", "auto", str(tiny_lm), "cuda")


@pytest.mark.skipif("not __import__('torch').cuda.is_available()" if __import__("importlib").util.find_spec("torch") else "True",
                    reason="needs a CUDA device")
def test_cuda_matches_cpu(tiny_lm: Path) -> None:
    sents = ["The government announced a new budget.", "Prices rose sharply in the first quarter."]
    cpu = get_fluency_model("en", "auto", str(tiny_lm), "cpu").score(sents)
    gpu = get_fluency_model("en", "auto", str(tiny_lm), "cuda").score(sents)
    for a, b in zip(cpu, gpu):
        assert a.mean_surprisal == pytest.approx(b.mean_surprisal, abs=0.05)


def test_without_the_extra_the_error_names_it(tmp_path: Path) -> None:
    """torch hidden from the interpreter: --lm must say which extra to install, and nothing else breaks."""
    (tmp_path / "a.it.txt").write_text(SRC, encoding="utf-8")
    (tmp_path / "a.en.txt").write_text(TGT, encoding="utf-8")
    code = (
        "import sys; sys.modules['torch'] = None; from mtqa.cli import main; "
        f"sys.exit(main(['check', {str(tmp_path / 'a.it.txt')!r}, {str(tmp_path / 'a.en.txt')!r}, '--lm', 'gpt2']))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 2
    assert "pip install 'mtqa[neural]'" in out.stderr and "E400" in out.stderr
