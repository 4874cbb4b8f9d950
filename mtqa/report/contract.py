"""The JSON contract of an article report, both ways: :func:`encode` writes an :class:`ArticleReport`
as the dict of ``check --format json`` and of each ``reports.jsonl`` line (keys in the README, "JSON
report"); :func:`decode` reads such a dict, leniently (older schema versions, trimmed lines, other
tools' reports), into :class:`ArticleView`, the typed, read-only view the renderers take.

Invariant: for every finding, ``finding["text"] == report[finding["side"]][start:end]``, with offsets
in Python characters of the article text as given.

This module sits below everything it describes: ``ArticleReport.to_dict()`` calls :func:`encode`, so
it imports nothing from ``mtqa`` at run time but :mod:`mtqa.errors` (the types are named for mypy only;
``tests/test_architecture.py`` holds it to that), and a missing key gets its default here, in
:data:`DEFAULTS` and :func:`decode`, nowhere else.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mtqa.types import ArticleReport, QualityFeatures, ReferenceMetrics, SentenceFluency

SCHEMA = "mtqa.article.v2"  # v2: "input", and "error" as {"code", "message"}
LEAST_LIKELY_BITS = 20.0  # words at least this surprising are listed per sentence
WORST_SENTENCES = 5
# The severities from the worst, the order of every listing and breakdown of them.
SEVERITIES = ("critical", "major", "minor", "neutral")
RANK = {s: len(SEVERITIES) - 1 - i for i, s in enumerate(SEVERITIES)}  # critical 3 ... neutral 0

Scalar = str | int | float | bool | None

# Every key of the article report; anything else is an extra, shown and exported as found.
KNOWN_KEYS = frozenset(
    {
        "schema", "id", "input", "source_lang", "target_lang", "verdict", "score", "words", "source_words",
        "penalty", "penalty_per_1000_words", "fluency", "quality", "quality_model", "reference_metrics",
        "signature", "error", "warnings", "languages", "counts", "alignment", "alignment_stats", "sentences",
        "beads", "worst_sentences", "findings", "failures", "meta", "source", "target", "units",
    }
)


# -- encoding ------------------------------------------------------------------------------------


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


def features_dict(f: QualityFeatures) -> dict[str, Any]:
    # the field names rather than asdict(): the values are plain floats, and asdict deep-copies each one
    return {k: (None if (v := getattr(f, k)) is None else round(v, 4)) for k in f.__dataclass_fields__}


def encode(r: ArticleReport) -> dict[str, Any]:
    """The article report as the JSON contract (``ArticleReport.to_dict()``)."""
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
        st = r.alignment.stats()
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


# -- reading -------------------------------------------------------------------------------------

# What a trimmed or older report line gets for a key it lacks, when it is read (:func:`read_reports`).
DEFAULTS: dict[str, Any] = (
    {
        k: None
        for k in ("source_lang", "target_lang", "score", "words", "penalty", "fluency", "error", "signature")
    }
    | {k: list for k in ("findings", "failures", "warnings", "alignment", "units")}
    | {"meta": dict}
)


def read_reports(path: Path) -> Iterator[dict[str, Any]]:
    """Article report dicts from a ``reports.jsonl`` (ours or anyone's that keeps the contract), each
    with the :data:`DEFAULTS` of the keys it lacks; :func:`decode` makes the typed view of one."""
    from mtqa.errors import InputError  # the errors module imports nothing of mtqa: no cycle

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
            for k, v in DEFAULTS.items():  # a trimmed or older report still renders
                d.setdefault(k, v() if callable(v) else v)
            yield d


def signature_fields(signature: str | None) -> dict[str, str]:
    """``mtqa:0.1.0|seg:rules.v1|pass:99`` as ``{"mtqa": "0.1.0", "seg": "rules.v1", "pass": "99"}``:
    the inverse of :func:`mtqa.signature.run_signature` (its parts never hold ``|``; the first of a
    repeated key wins)."""
    out: dict[str, str] = {}
    for part in (signature or "").split("|"):
        key, sep, value = part.partition(":")
        if sep:
            out.setdefault(key, value)
    return out


def _threshold(signature: str | None) -> float | None:
    try:
        return float(signature_fields(signature)["pass"])
    except (KeyError, ValueError):
        return None


# -- the typed view ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class UnitRefView:
    """A finding's translation unit (CAT files); the dict as read is kept for exports that pass it on."""

    file: str | None
    id: str | None
    line: int | None
    index: int | None
    name: str | None
    raw: Mapping[str, Any]

    @property
    def label(self) -> str:
        """``file#id (line N)``: where a reader finds the unit."""
        return f"{self.file}#{self.id} (line {self.line})"


@dataclass(frozen=True, slots=True)
class FixView:
    applicability: str | None
    title: str | None


@dataclass(frozen=True, slots=True)
class FindingView:
    code: str
    name: str | None
    category: str
    severity: str
    side: str
    start: int
    end: int
    text: str | None
    message: str | None
    suggestion: str | None
    bead: int | None
    confidence: float | None  # None: not recorded (read as certain)
    unit: UnitRefView | None
    fix: FixView | None

    @property
    def rank(self) -> int:
        """How bad the severity is: critical 3 ... neutral 0 (and an unknown one)."""
        return RANK.get(self.severity, 0)


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class TargetSentenceView:
    start: int
    end: int
    fluency: float | None


@dataclass(frozen=True, slots=True)
class BeadView:
    """One sentence pair: the source and target sentence indices (either may be empty)."""

    source: tuple[int, ...]
    target: tuple[int, ...]
    cost: float | None


@dataclass(frozen=True, slots=True)
class BeadScoreView:
    bead: int | None
    penalty: float | None
    fluency: float | None
    quality: float | None
    adequacy: float | None


@dataclass(frozen=True, slots=True)
class WorstSentenceView:
    bead: int
    penalty: float


@dataclass(frozen=True, slots=True)
class ErrorView:
    """Why an article could not be checked; ``code`` is None in reports before schema v2 (a string)."""

    code: str | None
    message: str

    @property
    def line(self) -> str:
        """``[E100] message``, or the message alone for a pre-v2 error string."""
        return self.message if self.code is None else f"[{self.code}] {self.message}"


@dataclass(frozen=True, slots=True)
class LanguageSideView:
    declared: str | None
    detected: str | None
    confidence: float


@dataclass(frozen=True, slots=True)
class LanguagesView:
    identifier: str | None
    source: LanguageSideView
    target: LanguageSideView


@dataclass(frozen=True, slots=True)
class UnitView:
    """A translation unit's own verdict (unit mode)."""

    file: str | None
    id: str | None
    line: int | None
    index: int | None
    findings: int | None
    verdict: str | None


@dataclass(frozen=True, slots=True)
class FailureView:
    code: str | None
    error: str | None


@dataclass(frozen=True, slots=True)
class MetricsView:
    bleu: float | None
    chrf: float | None
    ter: float | None


@dataclass(frozen=True, slots=True)
class ArticleView:
    """One article report as the renderers read it. Lists are tuples and mappings are pairs in their
    order, so the view cannot be changed under a renderer; ``raw`` is the dict it was decoded from,
    for the outputs that pass the contract on as it is (``reports.jsonl``, the HTML report's data)."""

    id: str
    input: str | None
    source_lang: str | None
    target_lang: str | None
    verdict: str
    score: float | None
    words: int | None
    source_words: int | None
    penalty: float | None
    penalty_per_1000_words: float | None
    fluency: float | None
    quality: float | None
    quality_model: str | None
    signature: str | None
    pass_threshold: float | None  # from the signature's ``pass:`` part; None when it has none
    error: ErrorView | None
    warnings: tuple[str, ...]
    languages: LanguagesView | None
    by_severity: tuple[tuple[str, int], ...]  # the report's counts, as written
    by_category: tuple[tuple[str, int], ...]
    alignment: tuple[BeadView, ...]
    bead_kinds: tuple[tuple[str, int], ...]  # alignment_stats.by_kind
    source_sentences: tuple[Span, ...]
    target_sentences: tuple[TargetSentenceView, ...]
    beads: tuple[BeadScoreView, ...]
    worst_sentences: tuple[WorstSentenceView, ...]
    findings: tuple[FindingView, ...]
    units: tuple[UnitView, ...]
    failures: tuple[FailureView, ...]
    meta: tuple[tuple[str, Any], ...]
    source: str
    target: str
    reference: MetricsView | None  # article-level scores against a reference translation
    extras: tuple[tuple[str, Scalar], ...]  # keys outside the contract, flattened (:func:`extra_fields`)
    raw: dict[str, Any]  # as read: passed on, never changed

    @property
    def langs(self) -> str:
        """``it-en``, with ``?`` for a language the report does not name."""
        return f"{self.source_lang or '?'}-{self.target_lang or '?'}"

    def label(self, key: str) -> Any:
        """The ``meta`` label ``key`` (``feed``, ``engine``), None when the report has none."""
        return next((v for k, v in self.meta if k == key), None)

    @property
    def error_message(self) -> str:
        """The error as one line, ``[E100] message``; empty when there is none."""
        return "" if self.error is None else self.error.line

    def bead_texts(self, bead: int | None) -> tuple[str, str]:
        """Source and target text of one sentence pair (its first to its last sentence), or ``("", "")``."""
        if bead is None or not 0 <= bead < len(self.alignment):
            return "", ""
        b = self.alignment[bead]
        return self.span_text("source", b.source), self.span_text("target", b.target)

    def span_text(self, side: str, idx: Sequence[int]) -> str:
        """The text of sentences ``idx[0]`` to ``idx[-1]`` of ``side``; empty when there are none."""
        spans: Sequence[Span | TargetSentenceView] = (
            self.source_sentences if side == "source" else self.target_sentences
        )
        if not idx or not spans:
            return ""
        text = self.source if side == "source" else self.target
        return text[spans[idx[0]].start : spans[idx[-1]].end]

    def span(self, side: str, idx: Sequence[int]) -> tuple[int, int]:
        """Where sentences ``idx[0]`` to ``idx[-1]`` of ``side`` start and end in its text."""
        spans: Sequence[Span | TargetSentenceView] = (
            self.source_sentences if side == "source" else self.target_sentences
        )
        return spans[idx[0]].start, spans[idx[-1]].end


def extra_fields(d: Mapping[str, Any]) -> tuple[tuple[str, Scalar], ...]:
    """Keys outside the contract, flattened one level (``reference.chrf``); longer values as JSON."""
    out: list[tuple[str, Scalar]] = []
    for k in sorted(set(d) - KNOWN_KEYS):
        v = d[k]
        items = sorted(v.items()) if isinstance(v, dict) else [("", v)]
        for sub, x in items:
            key = f"{k}.{sub}" if sub else k
            out.append(
                (
                    key,
                    x
                    if x is None or isinstance(x, (str, int, float, bool))
                    else json.dumps(x, ensure_ascii=False),
                )
            )
    return tuple(out)


def _unit_ref(u: Any) -> UnitRefView | None:
    if not u:
        return None
    return UnitRefView(u.get("file"), u.get("id"), u.get("line"), u.get("index"), u.get("name"), u)


def _finding(f: Mapping[str, Any]) -> FindingView:
    fix = f.get("fix")
    return FindingView(
        code=f["code"],
        name=f.get("name"),
        category=f["category"],
        severity=f["severity"],
        side=f["side"],
        start=f["start"],
        end=f["end"],
        text=f.get("text"),
        message=f.get("message"),
        suggestion=f.get("suggestion"),
        bead=f.get("bead"),
        confidence=f.get("confidence"),
        unit=_unit_ref(f.get("unit")),
        fix=FixView(fix.get("applicability"), fix.get("title")) if fix else None,
    )


def _error(e: Any) -> ErrorView | None:
    if not e:
        return None
    if isinstance(e, dict):  # reports since schema 1.x carry {"code", "message"}
        return ErrorView(str(e.get("code")), str(e.get("message")))
    return ErrorView(None, str(e))


def _languages(lc: Any) -> LanguagesView | None:
    if not lc:
        return None

    def side(s: Mapping[str, Any]) -> LanguageSideView:
        return LanguageSideView(s.get("declared"), s.get("detected"), s.get("confidence", 0.0))

    return LanguagesView(lc.get("identifier"), side(lc["source"]), side(lc["target"]))


def decode(d: Mapping[str, Any]) -> ArticleView:
    """The typed view of one report dict. Lenient: a key that is missing (or null) reads as empty, an
    error string (schema v1) as an error without a code, a key outside the contract as an extra."""
    sents = d.get("sentences") or {}
    c = d.get("counts") or {}
    ref = (d.get("reference_metrics") or {}).get("article") or {}
    return ArticleView(
        # as written: a feed may give a number, and a dict that is no report (read_reports refuses
        # those) None; renderers show them with str()
        id=d.get("id"),  # type: ignore[arg-type]
        input=d.get("input"),
        source_lang=d.get("source_lang"),
        target_lang=d.get("target_lang"),
        verdict=d.get("verdict"),  # type: ignore[arg-type]
        score=d.get("score"),
        words=d.get("words"),
        source_words=d.get("source_words"),
        penalty=d.get("penalty"),
        penalty_per_1000_words=d.get("penalty_per_1000_words"),
        fluency=d.get("fluency"),
        quality=d.get("quality"),
        quality_model=d.get("quality_model"),
        signature=d.get("signature"),
        pass_threshold=_threshold(d.get("signature")),
        error=_error(d.get("error")),
        warnings=tuple(d.get("warnings") or ()),
        languages=_languages(d.get("languages")),
        by_severity=tuple((c.get("by_severity") or {}).items()),
        by_category=tuple((c.get("by_category") or {}).items()),
        alignment=tuple(
            BeadView(tuple(b["source"]), tuple(b["target"]), b.get("cost")) for b in d.get("alignment") or ()
        ),
        bead_kinds=tuple(((d.get("alignment_stats") or {}).get("by_kind") or {}).items()),
        source_sentences=tuple(Span(s["start"], s["end"]) for s in sents.get("source") or ()),
        target_sentences=tuple(
            TargetSentenceView(s["start"], s["end"], s.get("fluency")) for s in sents.get("target") or ()
        ),
        beads=tuple(
            BeadScoreView(
                b.get("bead"), b.get("penalty"), b.get("fluency"), b.get("quality"), b.get("adequacy")
            )
            for b in d.get("beads") or ()
        ),
        worst_sentences=tuple(
            WorstSentenceView(w["bead"], w["penalty"]) for w in d.get("worst_sentences") or ()
        ),
        findings=tuple(_finding(f) for f in d.get("findings") or ()),
        units=tuple(
            UnitView(
                u.get("file"), u.get("id"), u.get("line"), u.get("index"), u.get("findings"), u.get("verdict")
            )
            for u in d.get("units") or ()
        ),
        failures=tuple(FailureView(f.get("code"), f.get("error")) for f in d.get("failures") or ()),
        meta=tuple((d.get("meta") or {}).items()),
        source=str(d.get("source") or ""),
        target=str(d.get("target") or ""),
        reference=MetricsView(ref.get("bleu"), ref.get("chrf"), ref.get("ter")) if ref else None,
        extras=extra_fields(d),
        raw=d if isinstance(d, dict) else dict(d),
    )


def as_view(r: ArticleView | Mapping[str, Any]) -> ArticleView:
    """``r`` as a view: renderers take either, so that a dict from ``to_dict()`` or a saved line works."""
    return r if isinstance(r, ArticleView) else decode(r)


def as_views(reports: Iterable[ArticleView | Mapping[str, Any]]) -> list[ArticleView]:
    return [as_view(r) for r in reports]


def pass_threshold(reports: Iterable[ArticleView], default: float) -> float:
    """The pass threshold the reports were made with (the first that records one), else ``default``."""
    return next((r.pass_threshold for r in reports if r.pass_threshold is not None), default)
