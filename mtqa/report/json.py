"""The JSON contract: one article report as a dict (``check --format json``, one line of
``reports.jsonl``), and the batch summary. Keys are documented in the README ("JSON report").

Invariant: for every finding, ``finding["text"] == report[finding["side"]][start:end]``, with offsets
in Python characters of the article text as given.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from mtqa.align import alignment_stats
from mtqa.errors import InputError
from mtqa.quality import features_dict
from mtqa.report.rows import error_message
from mtqa.types import ArticleReport, ReferenceMetrics, SentenceFluency

SCHEMA = "mtqa.article.v2"  # v2: "input", and "error" as {"code", "message"}
LEAST_LIKELY_BITS = 20.0  # words at least this surprising are listed per sentence
WORST_SENTENCES = 5
FAILING_UNITS = 50  # failing translation units listed in the summary (all are in reports.jsonl)


def _least_likely(fl: SentenceFluency | None, base: int, text: str) -> list[dict[str, Any]]:
    if fl is None:
        return []
    worst = sorted((t for t in fl.tokens if t.surprisal >= LEAST_LIKELY_BITS), key=lambda t: -t.surprisal)[:3]
    return [
        {
            "start": base + t.start,
            "end": base + t.end,
            "text": text[base + t.start : base + t.end],
            "bits": t.surprisal,
        }
        for t in sorted(worst, key=lambda t: t.start)
    ]


def counts(report: ArticleReport) -> dict[str, dict[str, int]]:
    return {
        "by_category": dict(Counter(f.category for f in report.findings).most_common()),
        "by_severity": dict(Counter(f.severity.value for f in report.findings).most_common()),
        "by_code": dict(sorted(Counter(f.code for f in report.findings).items())),
    }


def worst_sentences(report: ArticleReport, n: int = WORST_SENTENCES) -> list[dict[str, Any]]:
    if report.alignment is None:
        return []
    scored = [s for s in report.segment_scores if s.penalty > 0]
    scored.sort(key=lambda s: (-s.penalty, s.fluency if s.fluency is not None else 1.0, s.bead_index))
    out = []
    for s in scored[:n]:
        b = report.alignment.beads[s.bead_index]
        out.append(
            {
                "bead": s.bead_index,
                "penalty": s.penalty,
                "fluency": s.fluency,
                "source": " ".join(report.source_segments[i].text for i in b.src),
                "target": " ".join(report.target_segments[j].text for j in b.tgt),
                "codes": sorted({f.code for f in report.findings if f.bead_index == s.bead_index}),
            }
        )
    return out


def article_to_dict(r: ArticleReport) -> dict[str, Any]:
    sc = r.score
    lc = r.language_check
    d: dict[str, Any] = {
        "schema": SCHEMA,
        "id": r.article_id,
        "input": r.input,
        "source_lang": r.langs.source or None,
        "target_lang": r.langs.target or None,
        "verdict": r.verdict,
        "score": sc.score if sc else None,
        "words": sc.words if sc else None,
        "source_words": sc.source_words if sc else None,
        "penalty": sc.penalty if sc else None,
        "penalty_per_1000_words": sc.penalty_per_1000 if sc else None,
        "fluency": sc.fluency if sc else None,
        "signature": r.signature,
        "error": r.error.to_dict() if r.error else None,
        "warnings": list(r.warnings),
        "languages": None
        if lc is None
        else {
            "identifier": lc.identifier,
            "source": {
                "declared": lc.source_declared,
                "detected": lc.source_detected,
                "confidence": lc.source_confidence,
            },
            "target": {
                "declared": lc.target_declared,
                "detected": lc.target_detected,
                "confidence": lc.target_confidence,
            },
        },
        "counts": counts(r),
        "alignment": []
        if r.alignment is None
        else [{"source": list(b.src), "target": list(b.tgt), "cost": b.cost} for b in r.alignment.beads],
        "alignment_stats": None,
        "sentences": {
            "source": [{"start": s.start, "end": s.end} for s in r.source_segments],
            "target": [
                {
                    "start": s.start,
                    "end": s.end,
                    "fluency": fl.score if r.fluency and (fl := r.fluency[s.index]) else None,
                    "least_likely": _least_likely(
                        r.fluency[s.index] if r.fluency else None, s.start, r.target_text
                    ),
                }
                for s in r.target_segments
            ],
        },
        "beads": [
            {
                "bead": s.bead_index,
                "penalty": s.penalty,
                "fluency": s.fluency,
                "quality": s.quality,
                "adequacy": s.adequacy,
                "features": None if s.features is None else features_dict(s.features),
            }
            for s in r.segment_scores
        ],
        "worst_sentences": worst_sentences(r),
        "findings": [f.to_dict() for f in r.findings],
        "units": [u.to_dict() for u in r.units],
        "failures": [f.to_dict() for f in r.failures],
        "meta": dict(r.meta),
        "source": r.source_text,
        "target": r.target_text,
    }
    if r.alignment is not None:
        st = alignment_stats(r.alignment)
        d["alignment_stats"] = {
            "aligner": r.alignment.aligner,
            "beads": st.beads,
            "by_kind": dict(st.by_kind),
            "omitted_source_sentences": st.omitted_source,
            "added_target_sentences": st.added_target,
            "mean_cost": st.mean_cost,
        }
    d["quality"] = sc.quality if sc else None
    d["quality_model"] = r.quality_model
    d["reference_metrics"] = None if r.reference_metrics is None else reference_dict(r.reference_metrics)
    if r.extras:
        d["extras"] = dict(r.extras)
    return d


def reference_dict(m: ReferenceMetrics) -> dict[str, Any]:
    return {
        "article": asdict(m.article),
        "signatures": dict(m.signatures),
        "reference_sentences": [{"start": s.start, "end": s.end} for s in m.reference_segments],
        "sentences": [
            {"target": list(s.target), "reference": list(s.reference), **asdict(s.scores)}
            for s in m.sentences
        ],
    }


@dataclass(frozen=True)
class BatchSummary:
    """Totals over a batch, built from report dicts so that it also works on a reports.jsonl."""

    articles: int
    passed: int
    failed: int
    errors: int
    mean_score: float | None
    mean_fluency: float | None
    words: int
    penalty_per_1000: float | None
    by_code: tuple[tuple[str, int], ...]
    by_category: tuple[tuple[str, int], ...]
    by_severity: tuple[tuple[str, int], ...]
    by_langs: tuple[tuple[str, int], ...]
    worst: tuple[tuple[str, float], ...]  # (article id, score), lowest first
    error_ids: tuple[tuple[str, str], ...]  # (article id, cause)
    failures: int  # detector failures recorded
    signatures: tuple[str, ...]
    names: tuple[tuple[str, str], ...]  # code -> detector name
    warned: tuple[tuple[str, str], ...] = ()  # (article id, its language warnings): declared != detected
    units: int = 0  # translation units of CAT files (unit mode)
    units_failed: int = 0
    failing_units: tuple[tuple[str, int, int, str], ...] = ()  # (file#id, line, findings, codes), first few

    @property
    def scored(self) -> int:
        """Articles checked and scored: ``articles == scored + errors``, every input item counted once."""
        return self.articles - self.errors

    def to_dict(self) -> dict[str, Any]:
        return {
            "articles": self.articles,
            "scored": self.scored,
            "passed": self.passed,
            "failed": self.failed,
            "errors": self.errors,
            "mean_score": self.mean_score,
            "mean_fluency": self.mean_fluency,
            "words": self.words,
            "penalty_per_1000_words": self.penalty_per_1000,
            "by_code": dict(self.by_code),
            "by_category": dict(self.by_category),
            "by_severity": dict(self.by_severity),
            "by_langs": dict(self.by_langs),
            "worst": [{"id": i, "score": s} for i, s in self.worst],
            "errors_by_article": [{"id": i, "error": e} for i, e in self.error_ids],
            "warnings_by_article": [{"id": i, "warnings": w} for i, w in self.warned],
            "detector_failures": self.failures,
            "signatures": list(self.signatures),
        }


class SummaryTotals:
    """The batch summary totalled one report at a time, so that memory does not grow with the feed
    (only the error list does, one line per article that could not be checked)."""

    def __init__(self, worst: int = 10) -> None:
        self.n_worst = worst
        self.articles = self.passed = self.failed = self.failures = self.words = 0
        self.penalty = self.score_sum = self.fluency_sum = 0.0
        self.scored = self.fluency_n = 0
        self.by_code: Counter[str] = Counter()
        self.by_cat: Counter[str] = Counter()
        self.by_sev: Counter[str] = Counter()
        self.by_langs: Counter[str] = Counter()
        self.names: dict[str, str] = {}
        self.worst: list[tuple[float, int, str]] = []  # (score, arrival, id): ties keep input order
        self.errors: list[tuple[str, str]] = []
        self.warned: list[tuple[str, str]] = []
        self.signatures: set[str] = set()
        self.units = self.units_failed = 0
        self.failing_units: list[tuple[str, int, int, str]] = []

    def add(self, r: dict[str, Any]) -> None:
        self.articles += 1
        self.passed += r["verdict"] == "pass"
        self.failed += r["verdict"] == "fail"
        self.failures += len(r["failures"] or ())
        self.by_langs[f"{r['source_lang']}-{r['target_lang']}"] += 1
        self.signatures.add(r["signature"])
        if r.get("warnings"):
            self.warned.append((r["id"], "; ".join(r["warnings"])))
        if r["verdict"] == "error":
            self.errors.append((r["id"], error_message(r)))
            return
        for f in r["findings"]:
            self.by_code[f["code"]] += 1
            self.by_cat[f["category"]] += 1
            self.by_sev[f["severity"]] += 1
            self.names[f["code"]] = f["name"]
        self._add_units(r)
        self.penalty += r["penalty"] or 0.0
        self.words += r["words"] or 0
        self.scored += 1
        self.score_sum += r["score"]
        if r["fluency"] is not None:
            self.fluency_sum += r["fluency"]
            self.fluency_n += 1
        self.worst.append((r["score"], self.articles, r["id"]))
        if len(self.worst) > 4 * self.n_worst:
            self.worst = sorted(self.worst)[: self.n_worst]

    def _add_units(self, r: dict[str, Any]) -> None:
        units = r.get("units") or []
        if not units:
            return
        codes: dict[int, set[str]] = {}
        for f in r["findings"]:
            if f.get("unit"):
                codes.setdefault(f["unit"].get("index"), set()).add(f["code"])
        self.units += len(units)
        for u in units:
            if u.get("verdict") != "fail":
                continue
            self.units_failed += 1
            if len(self.failing_units) < FAILING_UNITS:
                found = " ".join(sorted(codes.get(u.get("index"), ())))
                self.failing_units.append(
                    (f"{u.get('file')}#{u.get('id')}", u.get("line") or 0, u.get("findings") or 0, found)
                )

    def summary(self) -> BatchSummary:
        return BatchSummary(
            articles=self.articles,
            passed=self.passed,
            failed=self.failed,
            errors=self.articles - self.scored,
            mean_score=round(self.score_sum / self.scored, 2) if self.scored else None,
            mean_fluency=round(self.fluency_sum / self.fluency_n, 4) if self.fluency_n else None,
            words=self.words,
            penalty_per_1000=round(1000 * self.penalty / self.words, 3) if self.words else None,
            by_code=tuple(sorted(self.by_code.items())),
            by_category=tuple(self.by_cat.most_common()),
            by_severity=tuple(self.by_sev.most_common()),
            by_langs=tuple(self.by_langs.most_common()),
            worst=tuple((i, s) for s, _, i in sorted(self.worst)[: self.n_worst]),
            error_ids=tuple(self.errors),
            failures=self.failures,
            signatures=tuple(sorted(self.signatures)),
            names=tuple(sorted(self.names.items())),
            warned=tuple(self.warned),
            units=self.units,
            units_failed=self.units_failed,
            failing_units=tuple(self.failing_units),
        )


def summarize(reports: Iterable[dict[str, Any]], worst: int = 10) -> BatchSummary:
    totals = SummaryTotals(worst)
    for r in reports:
        totals.add(r)
    return totals.summary()


_DEFAULTS: dict[str, Any] = (
    {
        k: None
        for k in ("source_lang", "target_lang", "score", "words", "penalty", "fluency", "error", "signature")
    }
    | {k: list for k in ("findings", "failures", "warnings", "alignment", "units")}
    | {"meta": dict}
)


def read_reports(path: Path) -> Iterator[dict[str, Any]]:
    """Article reports from a ``reports.jsonl`` (ours or anyone's that keeps the contract)."""
    try:
        fh = path.open(encoding="utf-8")
    except OSError as e:
        raise InputError(f"{path}: cannot read ({e.strerror})") from e
    with fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                d = json.loads(line)
            except json.JSONDecodeError as e:
                raise InputError(f"{path}:{n}: not valid JSON ({e.msg} at column {e.colno})") from e
            if not isinstance(d, dict) or "id" not in d or "verdict" not in d:
                raise InputError(
                    f"{path}:{n}: not an mtqa article report (needs at least 'id' and 'verdict')"
                )
            for k, v in _DEFAULTS.items():  # a trimmed or older report still renders
                d.setdefault(k, v() if callable(v) else v)
            yield d


def pass_threshold(reports: Iterable[dict[str, Any]], default: float) -> float:
    """The pass threshold the reports were made with (``pass:99`` in the signature), else ``default``."""
    for r in reports:
        m = re.search(r"\|pass:([0-9.]+)", r.get("signature") or "")
        if m:
            return float(m.group(1))
    return default
