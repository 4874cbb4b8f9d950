"""The detector base class and the context every detector reads.

A detector is one small rule with a stable code (``F101``), a kebab-case name that names the bad
pattern (``glued-words``), an MQM category and a default severity, all as class data. Its docstring is
its documentation: ``mtqa explain CODE`` prints it, and a test requires the headings ``Why``, ``Bad``,
``Good``, ``Known false positives`` and ``Options``.

Most detectors look at one aligned bead at a time and override :meth:`Detector.check_segment`;
detectors that need the whole article (consistency, omissions) override :meth:`Detector.check`.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from mtqa.errors import ConfigError
from mtqa.lang.profiles import LanguageProfile
from mtqa.types import (
    AlignedSegment,
    Alignment,
    Applicability,
    ArticlePair,
    Edit,
    Finding,
    Fix,
    Segment,
    Severity,
    Side,
    Status,
)

if TYPE_CHECKING:
    from mtqa.terms.model import Glossary


@dataclass(frozen=True)
class CheckContext:
    """Everything the stages before detection produced for one article."""

    pair: ArticlePair
    src_profile: LanguageProfile
    tgt_profile: LanguageProfile
    source_segments: tuple[Segment, ...]
    target_segments: tuple[Segment, ...]
    alignment: Alignment
    beads: tuple[AlignedSegment, ...]
    identifier: str = "fastlangdetect"
    glossary: Glossary | None = None  # the termbase, when one is configured
    qe: tuple[Any, ...] | None = None  # per bead: mtqa.qe.model.Prediction (accurate mode)
    # the article as read, when ``pair`` has its placeholders and markup masked (unit mode): the
    # placeholder, tag and link detectors compare the original texts
    raw: ArticlePair | None = None

    @property
    def original(self) -> ArticlePair:
        return self.raw or self.pair

    @property
    def source_text(self) -> str:
        return self.pair.source.text

    @property
    def target_text(self) -> str:
        return self.pair.target.text

    def text(self, side: Side) -> str:
        return self.pair.source.text if side == "source" else self.pair.target.text


class Detector:
    """Base class. Subclasses set the class attributes and override one of the ``check`` methods."""

    code: ClassVar[str]
    name: ClassVar[str]
    category: ClassVar[str]  # MQM "dimension/subcategory"
    severity: Severity  # the class's default; a config's severities override it per instance
    status: ClassVar[Status] = Status.STABLE
    #: option name -> default value; users override them under [tool.mtqa.detectors.CODE]
    default_options: ClassVar[dict[str, Any]] = {}
    #: codes of detectors whose finding on the very same span this one replaces (a copied sentence is
    #: also untranslated: A303 supersedes A301, so the sentence is reported once, by the sharper rule)
    supersedes: ClassVar[tuple[str, ...]] = ()

    def __init__(self, severity: Severity | None = None, **options: Any) -> None:
        unknown = set(options) - set(self.default_options)
        if unknown:
            known = ", ".join(sorted(self.default_options)) or "none"
            raise ConfigError(
                f"{self.code} {self.name} has no option(s) {sorted(unknown)}; its options: {known}"
            )
        self.options: dict[str, Any] = {**self.default_options, **options}
        if severity is not None:
            self.severity = severity

    @classmethod
    def title(cls) -> str:
        """The docstring's first paragraph, on one line."""
        if not cls.__doc__:
            return cls.name
        first = inspect.cleandoc(cls.__doc__).split("\n\n", 1)[0]
        return " ".join(first.split())

    def check(self, ctx: CheckContext) -> Iterable[Finding]:
        for seg in ctx.beads:
            yield from self.check_segment(seg, ctx)

    def check_segment(self, seg: AlignedSegment, ctx: CheckContext) -> Iterable[Finding]:
        return ()

    # -- helpers for subclasses -------------------------------------------------------------------

    def finding(
        self,
        ctx: CheckContext,
        side: Side,
        start: int,
        end: int,
        message: str,
        *,
        suggestion: str | None = None,
        bead: int | None = None,
        severity: Severity | None = None,
        confidence: float = 1.0,
        fix: Applicability | Fix | None = None,
    ) -> Finding:
        """A finding at absolute offsets ``[start, end)`` of one side's article text. ``fix``: "safe" or
        "unsafe" to offer ``suggestion`` as the replacement of the span (target side only), or a
        :class:`Fix` with edits of its own."""
        text = ctx.text(side)
        if not 0 <= start <= end <= len(text):
            raise ValueError(f"{self.code}: span {start}:{end} outside the {side} text ({len(text)} chars)")
        if isinstance(fix, str):
            if side != "target" or suggestion is None:
                raise ValueError(f"{self.code}: a fix replaces a target span with the suggestion")
            fix = Fix((Edit(start, end, suggestion),), fix, f"Replace with {suggestion!r}")
        return Finding(
            fix=fix,
            code=self.code,
            name=self.name,
            category=self.category,
            severity=severity or self.severity,
            side=side,
            start=start,
            end=end,
            text=text[start:end],
            message=message,
            suggestion=suggestion,
            bead_index=bead,
            confidence=confidence,
        )

    def in_segment(
        self,
        ctx: CheckContext,
        seg: AlignedSegment,
        side: Side,
        start: int,
        end: int,
        message: str,
        **kw: Any,
    ) -> Finding:
        """A finding at offsets relative to the bead's text on ``side``."""
        base = seg.src_start if side == "source" else seg.tgt_start
        return self.finding(ctx, side, base + start, base + end, message, bead=seg.bead_index, **kw)


def bead_of(ctx: CheckContext, side: Side, sentence: int) -> int | None:
    """Index of the bead that holds sentence ``sentence`` of ``side``."""
    for k, b in enumerate(ctx.alignment.beads):
        if sentence in (b.src if side == "source" else b.tgt):
            return k
    return None


def iter_target_sentences(ctx: CheckContext) -> Iterator[tuple[int, Segment]]:
    """(bead index, target sentence) for every target sentence, in order."""
    for k, b in enumerate(ctx.alignment.beads):
        for j in b.tgt:
            yield k, ctx.target_segments[j]
