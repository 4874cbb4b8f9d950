"""What the readers yield: an :class:`~mtqa.types.ArticlePair` to check, or a :class:`BadItem` that becomes
an error record; and the one place where an article's texts are validated."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from mtqa.errors import EmptyArticle, InputError, MissingField
from mtqa.inputs.decode import check_size, check_text, newlines
from mtqa.types import ArticleError, ArticlePair, Document, LangPair, Unit, UnitRef

MAX_ID_CHARS = 512
# control and format characters (bidi overrides, zero-width, separators) and lone surrogates
_ID_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ud800-\udfff]")
_ID_PATH = re.compile(r"^(?:[/\\~]|[A-Za-z]:[/\\])|(?:^|[/\\])\.\.(?:[/\\]|$)")


UNKNOWN_PAIR = LangPair(None, None)


@dataclass(frozen=True)
class BadItem:
    """An input that cannot be checked; it becomes an error record in the output."""

    article_id: str
    message: str
    langs: LangPair = UNKNOWN_PAIR
    origin: str = ""  # "feed.jsonl:12" or a file path
    code: str = InputError.code

    @property
    def error(self) -> ArticleError:
        return ArticleError(self.code, self.message)

    @classmethod
    def from_error(cls, e: InputError, origin: str, article_id: str | None = None,
                   langs: tuple[str | None, str | None] = (None, None)) -> BadItem:
        return cls(article_id or fallback_id(origin), e.message, LangPair.of(*langs), origin, e.code)


FeedItem = ArticlePair | BadItem


def fallback_id(origin: str) -> str:
    """The id of an article that has none (or none to trust): its origin's last part, ``feed.jsonl:12``."""
    return origin.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]


def id_problem(article_id: str) -> str | None:
    """Why an id is refused: ids end up in file names, URLs and HTML of the tools that read reports."""
    if len(article_id) > MAX_ID_CHARS:
        return f"an id of {len(article_id)} characters (at most {MAX_ID_CHARS})"
    if not article_id.strip():
        return "an empty id"
    if _ID_CONTROL.search(article_id):
        return f"control or invisible characters in the id {article_id!a}"
    if _ID_PATH.search(article_id):
        return f"the id {article_id!r} looks like a path (absolute, home or '..')"
    return None


def name_id(name: str | None) -> str | None:
    """An id from a name that may be a file path (XLIFF ``original``, a TMX document property): the name
    itself when it is a good id, else the path made relative: drive, leading slashes, ``~`` and ``..``
    parts removed (``C:\\news\\kim.html`` -> ``news/kim.html``), so that two files with the same base
    name in different folders keep different ids."""
    if not name:
        return None
    if id_problem(name) is None:
        return name
    path = re.sub(r"^[A-Za-z]:", "", name.replace("\\", "/"))
    parts = [p for p in path.split("/") if p not in ("", ".", "..", "~")]
    rel = "/".join(parts)
    return rel if rel and id_problem(rel) is None else (parts[-1] if parts else None)


def unit_spans(src: Sequence[str], tgt: Sequence[str], refs: Sequence[UnitRef]) -> tuple[Unit, ...]:
    """Each unit's line on both sides as offsets into ``"\\n".join(src)`` and ``"\\n".join(tgt)``."""
    out = []
    s = t = 0
    for a, b, ref in zip(src, tgt, refs):
        out.append(Unit(ref, s, s + len(a), t, t + len(b)))
        s, t = s + len(a) + 1, t + len(b) + 1
    return tuple(out)


def one_line(text: str) -> str:
    """A translation unit or PO entry is one paragraph line: its own line breaks would split it."""
    return text.replace("\r", " ").replace("\n", " ")


def make_pair(
    article_id: str,
    source: object,
    target: object,
    langs: tuple[str | None, str | None],
    origin: str,
    limit: int,
    reference: object = None,
    meta: Iterable[tuple[object, object]] = (),
    units: tuple[Unit, ...] = (),
) -> ArticlePair:
    """A checked article: both texts present, not empty, not binary, under the size limit; line ends
    normalized. Raises a coded InputError naming the article and what is wrong."""
    what = f"{origin}: article {article_id!r}"
    missing = [k for k, v in (("source", source), ("target", target)) if not isinstance(v, str)]
    if missing:
        raise MissingField(f"{what} has no text in {', '.join(missing)}")
    assert isinstance(source, str) and isinstance(target, str)
    ref = reference if isinstance(reference, str) and reference.strip() else None
    check_size(sum(len(t.encode("utf-8", "surrogatepass")) for t in (source, target, ref or "")), limit, what)
    for name, text in (("source", source), ("target", target), ("reference", ref or "")):
        check_text(text, f"{what}: {name}")
    labels = tuple(sorted((str(k), str(v)) for k, v in meta))
    check_text("".join(k + v for k, v in labels), f"{what}: meta")
    empty = [k for k, v in (("source", source), ("target", target)) if not v.strip()]
    if empty:
        raise EmptyArticle(f"{what} has an empty {' and '.join(empty)}")
    lang = LangPair.of(*langs)  # what the reader found; "" and "und" are not known
    return ArticlePair(
        article_id,
        Document(newlines(source), lang.source),
        Document(newlines(target), lang.target),
        newlines(ref) if ref else None,
        labels,
        origin,
        units,
    )
