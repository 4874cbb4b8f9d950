"""The pipeline's nouns: frozen dataclasses and enums, no logic beyond small derived views.

Data flows through the stages in this order::

    ArticlePair -segment-> Segment -align-> Alignment(Bead) -> AlignedSegment
      -detect-> Finding -score-> SegmentScore, ArticleScore -report-> ArticleReport -> BatchSummary

Offsets are always Python character offsets into the article text *as given* (``Document.text``), so
``finding.text == doc.text[finding.start:finding.end]`` holds for every finding.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Literal, NamedTuple

Side = Literal["source", "target"]


class Severity(str, Enum):
    """MQM severities. The weights live in :mod:`mtqa.scores.scoring`, not here."""

    NEUTRAL = "neutral"
    MINOR = "minor"
    MAJOR = "major"
    CRITICAL = "critical"


class Dimension(str, Enum):
    """MQM top-level dimensions; the first letter of every detector code names one."""

    ACCURACY = "accuracy"  # A
    FLUENCY = "fluency"  # F
    TERMINOLOGY = "terminology"  # T
    LOCALE = "locale convention"  # L
    STYLE = "style"  # S
    DESIGN = "design"  # D


class Status(str, Enum):
    """Detector lifecycle (as in ruff's RuleStatus): preview detectors are off unless selected."""

    STABLE = "stable"
    PREVIEW = "preview"
    REMOVED = "removed"


class LangPair(NamedTuple):
    """The one shape of a language pair, everywhere: settings (``--langs``), readers, the pipeline and
    the reports. A language not known (not declared, not yet detected) is ``None``, the one "unknown"
    marker (``"und"`` from an identifier or a file is read as ``None``)."""

    source: str | None
    target: str | None

    def __str__(self) -> str:
        return f"{self.source or '?'}-{self.target or '?'}"

    @classmethod
    def of(cls, source: str | None, target: str | None) -> LangPair:
        """A pair from what a reader found: an empty code or ``"und"`` (undetermined) is None."""
        return cls(known_lang(source), known_lang(target))


def known_lang(code: str | None) -> str | None:
    """``code``, or None (the one "unknown" marker) for an empty code or ``"und"``."""
    code = (code or "").strip()
    return None if not code or code.lower() == "und" else code


@dataclass(frozen=True)
class Document:
    """One side of an article, text exactly as received; ``lang`` is None while it is not known."""

    text: str
    lang: str | None


@dataclass(frozen=True)
class UnitRef:
    """Which translation unit of a CAT file (XLIFF, TMX, PO) a text comes from: the report's ``unit``."""

    file: str  # the XLIFF <file> (its original or id), or the TMX/PO file's article id
    id: str  # XLIFF unit id (sdlxliff: the segment's mid), TMX tuid or "#position", PO msgid
    line: int  # line of the unit (PO: of its msgid) in the input file
    index: int = 0  # position of the unit's element/entry in the input file, in document order
    name: str | None = None  # XLIFF resname/name, PO msgctxt, sdlxliff trans-unit id

    def to_dict(self) -> dict[str, Any]:
        return {"file": self.file, "id": self.id, "line": self.line, "index": self.index, "name": self.name}


@dataclass(frozen=True)
class Unit:
    """A translation unit inside an article: its identity and its line on each side, as offsets
    ``[start, end)`` into the article texts. In unit mode the unit's source and target are a given pair."""

    ref: UnitRef
    src_start: int
    src_end: int
    tgt_start: int
    tgt_end: int


@dataclass(frozen=True)
class ArticlePair:
    article_id: str
    source: Document
    target: Document
    reference: str | None = None
    meta: tuple[tuple[str, str], ...] = ()  # free-form (key, value) labels such as feed or engine
    origin: str = ""  # where it was read: "feed.jsonl:12" or a file path; the report's "input"
    units: tuple[Unit, ...] = ()  # CAT files: one per line of each text, checked unit by unit

    @property
    def langs(self) -> LangPair:
        return LangPair(self.source.lang, self.target.lang)


@dataclass(frozen=True)
class Segment:
    """A sentence (or headline) with character offsets into its document's text."""

    index: int
    start: int
    end: int
    text: str
    paragraph: int  # index of the paragraph (line block) the sentence sits in
    is_heading: bool = False  # a line with one short sentence and no final full stop


@dataclass(frozen=True)
class Bead:
    """One alignment unit: 0..n source sentences with 0..n target sentences (indices, in order)."""

    src: tuple[int, ...]
    tgt: tuple[int, ...]
    cost: float = 0.0
    # null beads only: how sure the aligner is that the sentence has no counterpart, in [0, 1]
    confidence: float | None = None

    @property
    def kind(self) -> str:
        return f"{len(self.src)}-{len(self.tgt)}"


@dataclass(frozen=True)
class Alignment:
    beads: tuple[Bead, ...]
    aligner: str  # the aligner's signature, e.g. "align.v2(fast,max=3,...)"

    def stats(self) -> AlignmentStats:
        """Bead kinds, omitted and added sentences, and the mean cost of the beads with both sides."""
        kinds = Counter(b.kind for b in self.beads)
        costs = [b.cost for b in self.beads if b.src and b.tgt]
        return AlignmentStats(
            beads=len(self.beads),
            by_kind=tuple(sorted(kinds.items())),
            omitted_source=sum(len(b.src) for b in self.beads if not b.tgt),
            added_target=sum(len(b.tgt) for b in self.beads if not b.src),
            mean_cost=round(sum(costs) / len(costs), 4) if costs else 0.0,
        )


def pair_number(bead_index: int) -> int:
    """The number a reader sees for a sentence pair (bead): from 1, in every display and message. The
    reports' ``bead`` fields keep the 0-based index."""
    return bead_index + 1


@dataclass(frozen=True)
class AlignedSegment:
    """A bead with its text. ``src_text`` is ``source.text[src_start:src_end]`` (same for target),
    covering the first to the last sentence of the bead, so offsets map back by adding the start."""

    bead_index: int
    bead: Bead
    src_text: str
    tgt_text: str
    src_start: int
    src_end: int
    tgt_start: int
    tgt_end: int


Applicability = Literal["safe", "unsafe"]


@dataclass(frozen=True)
class Edit:
    """Replace ``[start, end)`` of the target text with ``replacement`` (empty: a deletion)."""

    start: int
    end: int
    replacement: str

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "replacement": self.replacement}


@dataclass(frozen=True)
class Fix:
    """A machine-applicable repair of a finding, as ruff's fixes: its edits (of the target text, never
    overlapping) and its applicability, ``safe`` when the meaning is unchanged for certain, ``unsafe``
    when a reader should look; ``title`` says what it does ("Insert a space: \"Vietnam where\"")."""

    edits: tuple[Edit, ...]
    applicability: Applicability
    title: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "applicability": self.applicability,
            "title": self.title,
            "edits": [e.to_dict() for e in self.edits],
        }


@dataclass(frozen=True)
class Finding:
    code: str
    name: str
    category: str  # MQM "dimension/subcategory", e.g. "accuracy/mistranslation"
    severity: Severity
    side: Side
    start: int
    end: int
    text: str
    message: str
    suggestion: str | None = None
    bead_index: int | None = None
    confidence: float = 1.0
    fix: Fix | None = None  # only where the repair is certain enough to offer (see mtqa.fix)
    unit: UnitRef | None = None  # the translation unit it is in (CAT files; None for article pairs)

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "code": self.code,
            "name": self.name,
            "category": self.category,
            "severity": self.severity.value,
            "side": self.side,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "message": self.message,
            "suggestion": self.suggestion,
            "bead": self.bead_index,
            "confidence": round(self.confidence, 3),
            "unit": None if self.unit is None else self.unit.to_dict(),
        }
        if self.fix is not None:  # the key is left out where there is no fix: older reports stay as they were
            d["fix"] = self.fix.to_dict()
        return d


@dataclass(frozen=True)
class ArticleError:
    """Why an article could not be checked: a stable code (see :mod:`mtqa.errors`) and a message that
    names the article and the cause."""

    code: str
    message: str

    @classmethod
    def from_exception(cls, e: BaseException) -> ArticleError:
        from mtqa.errors import InternalError, MtqaError

        if isinstance(e, MtqaError):
            return cls(e.code, e.message)
        return cls(InternalError.code, f"{type(e).__name__}: {e}")

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message}


@dataclass(frozen=True)
class DetectorFailure:
    """A detector raised on an article: recorded, and the article and batch go on."""

    code: str
    article_id: str
    error: str

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "article": self.article_id, "error": self.error}


class TokenSurprisal(NamedTuple):
    """A word's surprisal. A named tuple, not a dataclass: the fluency model makes one per word."""

    start: int  # offsets into the sentence text
    end: int
    surprisal: float  # -log2 p, bits


@dataclass(frozen=True)
class SentenceFluency:
    """Fluency of one sentence. ``score`` is in [0, 1] (1 = as fluent as typical news text);
    ``oov`` counts tokens the model has never seen; ``tokens`` carries per-token surprisal."""

    score: float
    mean_surprisal: float
    oov: int = 0
    tokens: tuple[TokenSurprisal, ...] = ()


QUALITY_FEATURES = ("words", "penalty", "disfluency", "rare", "oov", "foreign", "repetition", "adequacy")


@dataclass(frozen=True)
class QualityFeatures:
    """What the calibrated quality score of a bead is computed from (see :mod:`mtqa.scores.quality`)."""

    words: float = 0.0
    penalty: float = 0.0
    disfluency: float = 0.0
    rare: float = 0.0
    oov: float = 0.0
    foreign: float = 0.0
    repetition: float = 0.0
    adequacy: float | None = None  # only in the accurate mode


@dataclass(frozen=True)
class SegmentScore:
    bead_index: int
    penalty: float
    fluency: float | None
    quality: float | None = None  # calibrated 0-100 (mtqa.scores.quality)
    adequacy: float | None = None  # normalized source-target similarity, accurate mode only
    features: QualityFeatures | None = None


@dataclass(frozen=True)
class ArticleScore:
    words: int  # target words
    source_words: int
    penalty: float  # MQM weighted error points
    penalty_per_1000: float
    score: float  # 0-100
    fluency: float | None
    verdict: Literal["pass", "fail", "error"]
    quality: float | None = None  # calibrated 0-100: mean of the beads' quality (mtqa.scores.quality)


@dataclass(frozen=True)
class UnitScore:
    """A translation unit's own score and verdict (unit mode), from the findings inside it."""

    ref: UnitRef
    beads: tuple[int, ...]
    findings: int
    score: ArticleScore

    def to_dict(self) -> dict[str, Any]:
        return {**self.ref.to_dict(), "beads": list(self.beads), "findings": self.findings,
                "words": self.score.words, "penalty": self.score.penalty, "score": self.score.score,
                "verdict": self.score.verdict}


@dataclass(frozen=True)
class AlignmentStats:
    beads: int
    by_kind: tuple[tuple[str, int], ...]
    omitted_source: int
    added_target: int
    mean_cost: float


@dataclass(frozen=True)
class LanguageCheck:
    """Declared vs detected language of each side."""

    source_declared: str | None
    target_declared: str | None
    source_detected: str | None
    target_detected: str | None
    source_confidence: float
    target_confidence: float
    identifier: str


@dataclass(frozen=True)
class MetricScore:
    bleu: float
    chrf: float
    ter: float


@dataclass(frozen=True)
class SentenceMetrics:
    """Sentence-level metrics of target sentences against the reference sentences aligned to them."""

    target: tuple[int, ...]
    reference: tuple[int, ...]
    scores: MetricScore


@dataclass(frozen=True)
class ReferenceMetrics:
    """sacreBLEU scores of the target against a reference translation, with sacreBLEU's signatures."""

    article: MetricScore
    sentences: tuple[SentenceMetrics, ...]
    signatures: tuple[tuple[str, str], ...]  # metric -> sacreBLEU signature
    reference_segments: tuple[Segment, ...] = ()


@dataclass(frozen=True)
class ArticleReport:
    article_id: str
    langs: LangPair
    signature: str
    language_check: LanguageCheck | None = None
    source_segments: tuple[Segment, ...] = ()
    target_segments: tuple[Segment, ...] = ()
    alignment: Alignment | None = None
    findings: tuple[Finding, ...] = ()
    segment_scores: tuple[SegmentScore, ...] = ()
    score: ArticleScore | None = None
    failures: tuple[DetectorFailure, ...] = ()
    error: ArticleError | None = None  # set when the article could not be processed at all
    meta: tuple[tuple[str, str], ...] = ()
    input: str | None = None  # where the article was read (ArticlePair.origin)
    source_text: str = ""
    target_text: str = ""
    fluency: tuple[SentenceFluency | None, ...] = ()  # per target sentence
    warnings: tuple[str, ...] = ()
    extras: tuple[tuple[str, Any], ...] = field(default=())  # e.g. reference-based metrics
    reference_metrics: ReferenceMetrics | None = None  # only when a reference is given
    quality_model: str | None = None  # signature of the calibrated score and of the adequacy model
    units: tuple[UnitScore, ...] = ()  # unit mode (CAT files): per-unit scores and verdicts

    @property
    def verdict(self) -> str:
        return "error" if self.score is None else self.score.verdict

    def to_dict(self) -> dict[str, Any]:
        """The JSON contract (see README, "JSON report"), encoded by :mod:`mtqa.report.contract`, which
        imports nothing of mtqa at run time but :mod:`mtqa.errors`: this call adds no import cycle."""
        from mtqa.report.contract import encode

        return encode(self)
