"""The only place where the stages are composed.

    languages -> segment -> align -> detectors -> fluency -> scores -> ArticleReport

Each stage is a plain function of explicit inputs. :func:`check_pair` never raises for a bad article
(unless ``strict``): the article becomes an error report that names the cause, and a batch goes on.
"""

from __future__ import annotations

import traceback
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from mtqa.align import align, bead_texts
from mtqa.config import QAConfig
from mtqa.detectors import select_detectors
from mtqa.detectors.base import CheckContext, Detector
from mtqa.errors import LanguageError, LanguagesSwapped
from mtqa.fluency import FluencyModel, get_fluency_model, preload_fluency
from mtqa.lang.identify import identify
from mtqa.lang.profiles import get_profile, normalize_code, require_checkable
from mtqa.qe import get_qe_model
from mtqa.scores.adequacy import AdequacyModel, get_adequacy_model
from mtqa.scores.quality import bead_features, qualities
from mtqa.scores.quality import signature as quality_signature
from mtqa.scores.reference import reference_metrics
from mtqa.scores.scoring import article_score, bottom_null_beads, segment_scores, unrelated_translation
from mtqa.signature import run_signature
from mtqa.terms import Glossary, load_glossary
from mtqa.text.segment import segment
from mtqa.text.tokens import word_count
from mtqa.types import (
    ArticleError,
    ArticlePair,
    ArticleReport,
    DetectorFailure,
    Document,
    Finding,
    LanguageCheck,
    SentenceFluency,
    known_lang,
)
from mtqa.units import align_units, assign_units, mask_pair, restore_segments, unit_scores

if TYPE_CHECKING:
    from mtqa.qe.model import QEModel
    from mtqa.resources.embed import SentenceEncoder

MIN_ID_CONFIDENCE = 0.5  # below this, a detected language is not trusted without a declaration
ID_SAMPLE = 2000  # characters of each side given to the language identifier


@dataclass
class Models:
    """The models and resources of one run, loaded by the :class:`Runner` that owns them, on
    ``cfg.device``: the termbase, the quality model, the adequacy encoder, the aligner's encoder (accurate
    mode) and a fluency model per target language (made when a language is first met). They live as
    long as the Runner; a worker process builds its own Runner."""

    cfg: QAConfig
    glossary: Glossary | None = None
    qe: QEModel | None = None
    adequacy: AdequacyModel | None = None
    aligner: SentenceEncoder | None = None
    _fluency: dict[str, FluencyModel | None] = field(default_factory=dict, repr=False)

    @classmethod
    def load(cls, cfg: QAConfig) -> Models:
        """Everything the settings ask for, before any article is read, so that a missing model or file
        is one clear error up front."""
        preload_fluency(cfg.fluency, cfg.lm, cfg.device)
        aligner = None
        if cfg.align.embed:
            from mtqa.resources.embed import get_encoder

            aligner = get_encoder(cfg.align.encoder, cfg.device)
        return cls(
            cfg,
            glossary=load_glossary(cfg.glossary) if cfg.glossary else None,
            qe=get_qe_model(cfg.qe),
            adequacy=get_adequacy_model(cfg.adequacy, cfg.device),
            aligner=aligner,
        )

    def fluency(self, lang: str) -> FluencyModel | None:
        if lang not in self._fluency:
            self._fluency[lang] = get_fluency_model(lang, self.cfg.fluency, self.cfg.lm, self.cfg.device)
        return self._fluency[lang]


@dataclass(frozen=True)
class Runner:
    """A configured pipeline: detectors instantiated, models loaded and the signature fixed once per run."""

    cfg: QAConfig
    detectors: tuple[Detector, ...]
    models: Models

    @classmethod
    def from_config(cls, cfg: QAConfig) -> Runner:
        dets = select_detectors(cfg.select, cfg.ignore, cfg.preview, cfg.detector_options, cfg.severities)
        return cls(cfg, dets, Models.load(cfg))

    @property
    def glossary(self) -> Glossary | None:
        return self.models.glossary

    def check(self, pair: ArticlePair) -> ArticleReport:
        try:
            return self._check(pair)
        except MemoryError:
            raise  # past the memory limit: the batch engine records it (E501); the next article is fine
        except Exception as e:  # every article must come back as a report
            if self.cfg.strict:
                raise
            return self.error_report(pair, ArticleError.from_exception(e))

    def error_report(self, item: Any, error: ArticleError) -> ArticleReport:
        """The error record of an article (an ArticlePair) or input item (a BadItem) that could not be
        checked: its id, languages, labels and origin, this run's signature, and the error."""
        return ArticleReport(
            item.article_id,
            item.langs,
            run_signature(self.cfg, self.detectors, "n/a", self.glossary),
            error=error,
            meta=getattr(item, "meta", ()),
            input=item.origin or None,
        )

    def _check(self, pair: ArticlePair) -> ArticleReport:
        pair, lang_check = resolve_languages(pair, self.cfg)
        src_prof, tgt_prof = get_profile(pair.source.lang), get_profile(pair.target.lang)
        # unit mode (CAT files): placeholders and markup blanked for the language checks, sentences
        # aligned inside each unit only (mtqa.units)
        seen = mask_pair(pair) if pair.units else pair
        src_segs = restore_segments(segment(seen.source.text, src_prof), pair.source.text)
        tgt_segs = restore_segments(segment(seen.target.text, tgt_prof), pair.target.text)
        bead_unit: tuple[int, ...] = ()
        if pair.units:
            alignment, bead_unit = align_units(pair.units, src_segs, tgt_segs, src_prof, tgt_prof,
                                               self.cfg.align, self.models.aligner)
        else:
            alignment = align(src_segs, tgt_segs, src_prof, tgt_prof, self.cfg.align, self.models.aligner)
        beads = bead_texts(seen.source, seen.target, src_segs, tgt_segs, alignment)
        qe = self.models.qe
        ctx = CheckContext(
            pair=seen,
            src_profile=src_prof,
            tgt_profile=tgt_prof,
            source_segments=src_segs,
            target_segments=tgt_segs,
            alignment=alignment,
            beads=beads,
            identifier=self.cfg.identifier,
            glossary=self.glossary,
            qe=qe_predictions(qe, beads) if qe else None,
            raw=pair,
        )
        findings, failures = run_detectors(ctx, self.detectors, strict=self.cfg.strict)
        if pair.units:
            findings = assign_units(restore_texts(findings, pair), pair.units, bead_unit)
        model = self.models.fluency(tgt_prof.code)
        fluency: Sequence[SentenceFluency | None] = (
            model.score([seen.target.text[s.start:s.end] for s in tgt_segs])
            if model else [None] * len(tgt_segs)
        )
        words = word_count(seen.target.text)
        adequacy = self.models.adequacy
        feats = bead_features(
            ctx.beads, findings, fluency, tgt_prof.code, adequacy.score_beads(ctx.beads) if adequacy else None
        )
        quality = qualities(feats)
        if ctx.qe is not None:  # the quality model's estimate replaces the feature-based one
            quality = [q if p is None else round(p.quality, 2) for q, p in zip(quality, ctx.qe)]
        quality = bottom_null_beads(ctx.beads, quality)
        unrelated = unrelated_translation(alignment)
        ref = (
            reference_metrics(pair.target.text, tgt_segs, pair.reference, tgt_prof, self.cfg)
            if pair.reference else None
        )
        return ArticleReport(
            article_id=pair.article_id,
            langs=pair.langs,
            signature=run_signature(self.cfg, self.detectors, model.signature() if model else "none",
                                    self.glossary),
            language_check=lang_check,
            source_segments=src_segs,
            target_segments=tgt_segs,
            alignment=alignment,
            findings=findings,
            segment_scores=segment_scores(ctx.beads, findings, fluency, feats, quality),
            score=article_score(
                findings, words, word_count(seen.source.text), fluency, self.cfg.pass_threshold, quality,
                unrelated is not None,
            ),
            failures=failures,
            meta=pair.meta,
            input=pair.origin or None,
            source_text=pair.source.text,
            target_text=pair.target.text,
            fluency=tuple(fluency),
            warnings=language_warnings(lang_check, pair) + ((unrelated,) if unrelated else ()),
            reference_metrics=ref,
            quality_model=(qe.signature() if qe else quality_signature(adequacy is not None))
            + (f"|{adequacy.signature()}" if adequacy else ""),
            units=unit_scores(seen, findings, bead_unit, self.cfg.pass_threshold) if pair.units else (),
        )


def qe_predictions(model: Any, beads: Sequence[Any]) -> tuple[Any, ...]:
    """The quality model's prediction for every bead with text on both sides (None for the others:
    an omitted or added sentence is the omission and addition detectors' to judge)."""
    both = [b for b in beads if b.src_text.strip() and b.tgt_text.strip()]
    preds = iter(model.predict([(b.src_text, b.tgt_text) for b in both]))
    return tuple(next(preds) if b.src_text.strip() and b.tgt_text.strip() else None for b in beads)


def resolve_languages(pair: ArticlePair, cfg: QAConfig) -> tuple[ArticlePair, LanguageCheck]:
    """Pick each side's language: ``--langs`` > declared > detected; record what was detected."""
    # the identifier's cost grows with the text; a few paragraphs decide the language as well as all
    gs = identify(pair.source.text[:ID_SAMPLE], cfg.identifier)
    gt = identify(pair.target.text[:ID_SAMPLE], cfg.identifier)
    declared_s = normalize_code(pair.source.lang) if pair.source.lang else None
    declared_t = normalize_code(pair.target.lang) if pair.target.lang else None
    chosen = []
    for side, override, declared, guess in (
        ("source", cfg.langs.source if cfg.langs else None, declared_s, gs),
        ("target", cfg.langs.target if cfg.langs else None, declared_t, gt),
    ):
        lang = override or declared
        if lang is None:
            if guess.lang is None or guess.confidence < MIN_ID_CONFIDENCE:
                best = f"best guess {guess.lang!r} at {guess.confidence:.2f}" if guess.lang else "no letters"
                raise LanguageError(
                    f"article {pair.article_id!r}: cannot tell the {side} language ({best}); declare it, "
                    "e.g. --langs it-en"
                )
            lang = guess.lang
            how = f"detected at {guess.confidence:.2f}"
        else:
            how = "given by --langs" if override else "declared"
        chosen.append(require_checkable(lang, f"article {pair.article_id!r}: the {side} language ({how})"))
    s, t = chosen
    # each side reading as the other's language is strong evidence even at moderate confidence
    if s != t and (gs.lang, gt.lang) == (t, s) and min(gs.confidence, gt.confidence) >= MIN_ID_CONFIDENCE:
        raise LanguagesSwapped(
            f"article {pair.article_id!r}: source and target look swapped: the source reads as {t!r} and the "
            f"target as {s!r} ({gs.confidence:.2f}, {gt.confidence:.2f}), but they are declared {s}-{t}"
        )
    check = LanguageCheck(declared_s, declared_t, gs.lang, gt.lang, round(gs.confidence, 3),
                          round(gt.confidence, 3), cfg.identifier)
    resolved = replace(pair, source=Document(pair.source.text, s), target=Document(pair.target.text, t))
    return resolved, check


def language_warnings(check: LanguageCheck, pair: ArticlePair) -> tuple[str, ...]:
    """Where the language used differs from a confident detection."""
    out = []
    for side, used, detected, conf in (
        ("source", pair.source.lang, check.source_detected, check.source_confidence),
        ("target", pair.target.lang, check.target_detected, check.target_confidence),
    ):
        if detected not in (None, used) and conf >= 0.8:
            out.append(f"{side} checked as {used!r} but it reads as {detected!r} ({conf:.2f})")
    return tuple(out)


def run_detectors(
    ctx: CheckContext, detectors: Iterable[Detector], strict: bool = False
) -> tuple[tuple[Finding, ...], tuple[DetectorFailure, ...]]:
    """All findings, sorted by position; a detector that raises becomes a recorded failure."""
    findings: list[Finding] = []
    failures: list[DetectorFailure] = []
    for det in detectors:
        try:
            findings.extend(det.check(ctx))
        except MemoryError:
            raise  # the whole article is over its memory limit, not this detector's failure
        except Exception as e:
            if strict:
                raise RuntimeError(f"detector {det.code} failed on article {ctx.pair.article_id!r}") from e
            where = traceback.extract_tb(e.__traceback__)[-1]
            failures.append(
                DetectorFailure(
                    det.code,
                    ctx.pair.article_id,
                    f"{type(e).__name__}: {e} ({where.filename.rsplit('/', 1)[-1]}:{where.lineno})",
                )
            )
    findings = drop_superseded(findings, {d.code: d.supersedes for d in detectors})
    findings.sort(key=lambda f: (f.side != "target", f.start, f.end, f.code))
    return tuple(findings), tuple(failures)


def restore_texts(findings: Sequence[Finding], pair: ArticlePair) -> tuple[Finding, ...]:
    """Findings made on the masked texts, with the spans' original text."""
    return tuple(replace(f, text=pair.source.text[f.start:f.end] if f.side == "source"
                         else pair.target.text[f.start:f.end]) for f in findings)


def drop_superseded(findings: list[Finding], supersedes: dict[str, tuple[str, ...]]) -> list[Finding]:
    """Remove findings that a more specific detector reported on the same span or on a span that holds
    it (A303's copied sentence holds A304's words): one error, one penalty."""
    over = [g for g in findings if supersedes.get(g.code)]

    def superseded(f: Finding) -> bool:
        return any(
            f.code in supersedes[g.code] and g.side == f.side and g.start <= f.start and f.end <= g.end
            for g in over
        )

    return [f for f in findings if not superseded(f)] if over else findings


def check_texts(
    source: str,
    target: str,
    source_lang: str | None = None,
    target_lang: str | None = None,
    config: QAConfig | None = None,
    article_id: str = "article",
) -> ArticleReport:
    cfg = config or QAConfig()
    pair = ArticlePair(
        article_id, Document(source, known_lang(source_lang)), Document(target, known_lang(target_lang))
    )
    return Runner.from_config(cfg).check(pair)


def check_many(pairs: Iterable[ArticlePair], cfg: QAConfig) -> Iterator[ArticleReport]:
    runner = Runner.from_config(cfg)
    for p in pairs:
        yield runner.check(p)
