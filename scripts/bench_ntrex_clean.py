"""False findings on clean, professionally translated news: mtqa on the 123 NTREX articles.

NTREX-128 gives 1,997 English news sentences (WMT19 newstest, 123 articles) with a professional Italian
translation, line by line. mtqa checks each article with the Italian as the source and the English
original as the target, so every finding is a false alarm, a liberty of the human translator (unit
conversions) or a typo in the published English. Each article is built two ways:

- ``lines``: one sentence per line, so segmentation is given and alignment is easy;
- ``paragraphs``: sentences joined with a space into paragraphs of three, paragraphs separated by a
  blank line, which exercises the segmenter and the aligner. Headlines have no final full stop, so a
  headline runs into the next sentence in this layout (a property of the layout, not of mtqa).

How to read it: *findings per 1,000 words* is the false-alarm rate a user would see on good
translations (lower is better); *pass rate* is the share of articles that pass at the default
threshold. Alignment: the gold alignment is the identity by line. A target line counts as *exact*
when the segmenter reproduced it on both sides and the aligner put it in a 1-1 bead with its own
source line; *lax* when every bead that holds it covers the same lines on both sides (a merged
headline counts as correct there). Null beads (sentences aligned to nothing) are false gaps.
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path
from typing import Any

from _bench import DEFAULT_DATA, Spans, clip, layout, load_ntrex, md_table, pct, write_results

LAYOUTS = ("lines", "paragraphs")


def _covered(seg: Any, spans: Spans) -> frozenset[int]:
    return frozenset(k for k, (a, b) in enumerate(spans) if a < seg.end and seg.start < b)


def _exact(seg: Any, spans: Spans) -> int | None:
    """The line that the segment reproduces exactly, if any."""
    return next((k for k, s in enumerate(spans) if s == (seg.start, seg.end)), None)


def alignment_counts(rep: Any, src_spans: Spans, tgt_spans: Spans) -> Counter[str]:
    c: Counter[str] = Counter()
    if rep.alignment is None:
        return c
    c["lines"] = len(tgt_spans)
    src_ok = {_exact(s, src_spans) for s in rep.source_segments}
    c["reproduced"] = sum(1 for t in rep.target_segments if _exact(t, tgt_spans) in src_ok - {None})
    lines_ok: dict[int, bool] = {}  # target line -> every bead touching it covers the same lines both sides
    for b in rep.alignment.beads:
        s_lines = frozenset().union(*(_covered(rep.source_segments[i], src_spans) for i in b.src))
        t_lines = frozenset().union(*(_covered(rep.target_segments[j], tgt_spans) for j in b.tgt))
        for k in t_lines:
            lines_ok[k] = lines_ok.get(k, True) and s_lines == t_lines
        if not b.src or not b.tgt:
            c["null_beads"] += 1
            c["null_source" if b.src else "null_target"] += len(b.src) + len(b.tgt)
        elif len(b.src) == len(b.tgt) == 1:
            k = _exact(rep.target_segments[b.tgt[0]], tgt_spans)
            c["exact"] += k is not None and k == _exact(rep.source_segments[b.src[0]], src_spans)
    c["lax"] = sum(lines_ok.values())
    return c


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="shared data folder (default %(default)s)")
    ap.add_argument("--top", type=int, default=15, help="most frequent findings to list (default 15)")
    ap.add_argument("--name", default="ntrex_clean", help="result file name under scripts/results/")
    args = ap.parse_args()
    articles = load_ntrex(args.data)

    from mtqa.config import QAConfig
    from mtqa.pipeline import Runner
    from mtqa.types import ArticlePair, Document

    runner = Runner.from_config(QAConfig())
    signature = ""
    raw: dict[str, Any] = {}
    parts: list[str] = [
        f"{len(articles)} NTREX articles, {sum(len(a.en) for a in articles)} sentence pairs; source Italian "
        "(human translation), target English (original). Every finding is a false alarm, a translator's "
        'liberty (unit conversions), or a typo in the published English ("the the", "breakast").']
    summary_rows: list[list[Any]] = []
    align_rows: list[list[Any]] = []
    per_code: dict[str, Counter[str]] = {}
    per_text: dict[str, Counter[tuple[str, str]]] = {}
    examples: dict[tuple[str, str], tuple[str, str, str]] = {}
    for how in LAYOUTS:
        codes: Counter[str] = Counter()
        common: Counter[tuple[str, str]] = Counter()
        first: dict[tuple[str, str], tuple[str, str, str]] = {}
        al: Counter[str] = Counter()
        words = passed = errors = 0
        for a in articles:
            (src, s_sp), (tgt, t_sp) = layout(a.it, how), layout(a.en, how)
            rep = runner.check(ArticlePair(a.doc_id, Document(src, "it"), Document(tgt, "en")))
            signature = signature or rep.signature
            if rep.error or rep.score is None:
                errors += 1
                continue
            words += rep.score.words
            passed += rep.verdict == "pass"
            al += alignment_counts(rep, s_sp, t_sp)
            for f in rep.findings:
                codes[f.code] += 1
                common[(f.code, f.text)] += 1
                text = src if f.side == "source" else tgt
                ctx = ("it: " if f.side == "source" else "") + \
                    f"{text[max(0, f.start - 30):f.start]}⟦{f.text}⟧{text[f.end:f.end + 30]}"
                first.setdefault((f.code, f.text), (a.doc_id, f.message, ctx))
        per_code[how], per_text[how] = codes, common
        examples.update((k, v) for k, v in first.items() if k not in examples)
        total = sum(codes.values())
        checked = len(articles) - errors
        summary_rows.append([how, checked, words, total, f"{1000 * total / max(words, 1):.2f}",
                             pct(passed, checked), errors])
        top = sorted(common.items(), key=lambda kv: (-kv[1], -codes[kv[0][0]], kv[0]))[: args.top]
        align_rows.append([how, al["lines"], f"{al['reproduced']} ({pct(al['reproduced'], al['lines'])})",
                           pct(al["exact"], al["reproduced"]), pct(al["lax"], al["lines"]),
                           al["null_beads"], al["null_source"], al["null_target"]])
        raw[how] = {"articles": checked, "errors": errors, "words": words, "findings": total,
                    "per_1000": round(1000 * total / max(words, 1), 3), "passed": passed, "by_code": dict(codes),
                    "alignment": dict(al),
                    "top": [{"code": c, "text": t, "n": n, "message": first[(c, t)][1],
                             "article": first[(c, t)][0], "context": first[(c, t)][2]} for (c, t), n in top]}
    code_rows = [[code] + [x for how in LAYOUTS for x in
                           (per_code[how][code], f"{1000 * per_code[how][code] / max(raw[how]['words'], 1):.2f}")]
                 for code in sorted(set().union(*per_code.values()))]
    parts += [
        "### Findings by layout",
        md_table(["layout", "articles", "target words", "findings", "per 1,000 words", "pass rate", "errors"],
                 summary_rows, "lrrrrrr"),
        "### Findings per detector",
        md_table(["code"] + [f"{h} {x}" for h in LAYOUTS for x in ("n", "per 1,000 w")], code_rows, "lrrrr"),
        "### Alignment against the 1-1 gold",
        md_table(["layout", "target lines", "reproduced by segmentation (both sides)", "exact 1-1 (of reproduced)",
                  "lax (of all lines)", "null beads", "source sentences on null", "target sentences on null"],
                 align_rows, "lrrrrrrr"),
        "*Exact*: among the lines the segmenter reproduced on both sides, the share aligned 1-1 with "
        "their own source line. *Lax*: share of target lines whose beads cover the same lines on both "
        "sides. Null beads are where false omissions (A201) and additions (A202) come from.",
    ]

    def row(key: tuple[str, str], n: int | str) -> list[Any]:
        return [n, key[0], clip(examples[key][2], 90), clip(examples[key][1], 70), examples[key][0]]

    last = LAYOUTS[-1]
    top = sorted(per_text[last].items(), key=lambda kv: (-kv[1], -per_code[last][kv[0][0]], kv[0]))[: args.top]
    first_per_code: dict[str, tuple[str, str]] = {}
    for key in examples:
        first_per_code.setdefault(key[0], key)
    diff = [(k, per_text[last][k] - per_text[LAYOUTS[0]][k]) for k in set(per_text[last]) | set(per_text[LAYOUTS[0]])]
    head = ["n", "code", "in context", "message", "article"]
    parts += [f"### The {args.top} most frequent findings, `{last}` layout",
              md_table(head, [row(k, n) for k, n in top], "rllll"),
              "### One example per detector (first occurrence)",
              md_table(head, [row(k, per_text[last][k] or per_text[LAYOUTS[0]][k])
                              for _, k in sorted(first_per_code.items())], "rllll"),
              f"### Findings that differ between layouts (n = `{last}` minus `{LAYOUTS[0]}`)",
              md_table(head, [row(k, f"{n:+d}") for k, n in sorted(diff) if n], "rllll")]
    print(write_results(args.name, "NTREX it→en: false findings on clean article pairs", signature,
                        "\n\n".join(parts), raw))


if __name__ == "__main__":
    main()
