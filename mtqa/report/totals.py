"""The totals of a run (``DIR/summary.md``, the HTML overview, the batch's last line and the history
store), counted here and nowhere else, one article report at a time."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from mtqa.report.contract import ArticleView, as_view

FAILING_UNITS = 50  # failing translation units listed in the summary (all are in reports.jsonl)


@dataclass(frozen=True)
class BatchSummary:
    """Totals over a batch, built from report views (or dicts) so that it also works on a reports.jsonl."""

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
    score_sum: float = 0.0  # of the scored articles, in input order: the mean unrounded is score_sum / scored

    @property
    def scored(self) -> int:
        """Articles checked and scored: ``articles == scored + errors``, every input item counted once."""
        return self.articles - self.errors

    def mean_score_to(self, digits: int) -> float | None:
        """The mean score rounded to ``digits`` (the summary shows 2, the history store keeps 3)."""
        return round(self.score_sum / self.scored, digits) if self.scored else None

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

    def add(self, report: ArticleView | Mapping[str, Any]) -> None:
        r = as_view(report)
        self.articles += 1
        self.passed += r.verdict == "pass"
        self.failed += r.verdict == "fail"
        self.failures += len(r.failures)
        self.by_langs[f"{r.source_lang}-{r.target_lang}"] += 1
        self.signatures.add(r.signature)  # type: ignore[arg-type]  # as written (None in a trimmed line)
        if r.warnings:
            self.warned.append((r.id, "; ".join(r.warnings)))
        if r.verdict == "error":
            self.errors.append((r.id, r.error_message))
            return
        for f in r.findings:
            self.by_code[f.code] += 1
            self.by_cat[f.category] += 1
            self.by_sev[f.severity] += 1
            self.names[f.code] = f.name  # type: ignore[assignment]
        self._add_units(r)
        self.penalty += r.penalty or 0.0
        self.words += r.words or 0
        self.scored += 1
        self.score_sum += r.score  # type: ignore[operator]  # a scored report has a score
        if r.fluency is not None:
            self.fluency_sum += r.fluency
            self.fluency_n += 1
        self.worst.append((r.score, self.articles, r.id))  # type: ignore[arg-type]
        if len(self.worst) > 4 * self.n_worst:
            self.worst = sorted(self.worst)[: self.n_worst]

    def _add_units(self, r: ArticleView) -> None:
        if not r.units:
            return
        codes: dict[int | None, set[str]] = {}
        for f in r.findings:
            if f.unit:
                codes.setdefault(f.unit.index, set()).add(f.code)
        self.units += len(r.units)
        for u in r.units:
            if u.verdict != "fail":
                continue
            self.units_failed += 1
            if len(self.failing_units) < FAILING_UNITS:
                found = " ".join(sorted(codes.get(u.index, ())))
                self.failing_units.append((f"{u.file}#{u.id}", u.line or 0, u.findings or 0, found))

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
            score_sum=self.score_sum,
        )


def summarize(reports: Iterable[ArticleView | Mapping[str, Any]], worst: int = 10) -> BatchSummary:
    totals = SummaryTotals(worst)
    for r in reports:
        totals.add(r)
    return totals.summary()
