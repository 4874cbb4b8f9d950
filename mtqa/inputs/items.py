"""What the readers yield: an :class:`~mtqa.types.ArticlePair` to check, or a :class:`BadItem` that becomes
an error record; and the one place where an article's texts are validated."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Union

from mtqa.errors import EmptyArticle, InputError, MissingField
from mtqa.inputs.decode import check_size, check_text, newlines
from mtqa.types import ArticleError, ArticlePair, Document

Meta = tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class BadItem:
    """An input that cannot be checked; it becomes an error record in the output."""

    article_id: str
    message: str
    langs: tuple[str, str] = ("", "")
    origin: str = ""  # "feed.jsonl:12" or a file path
    code: str = InputError.code

    @property
    def error(self) -> ArticleError:
        return ArticleError(self.code, self.message)

    @classmethod
    def from_error(cls, e: InputError, origin: str, article_id: str | None = None,
                   langs: tuple[str, str] = ("", "")) -> "BadItem":
        return cls(article_id or fallback_id(origin), e.message, langs, origin, e.code)


FeedItem = Union[ArticlePair, BadItem]


def fallback_id(origin: str) -> str:
    """The id of an article that has none (or none to trust): its origin's last part, ``feed.jsonl:12``."""
    return origin.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]


def one_line(text: str) -> str:
    """A translation unit or PO entry is one paragraph line: its own line breaks would split it."""
    return text.replace("\r", " ").replace("\n", " ")


def make_pair(
    article_id: str,
    source: object,
    target: object,
    langs: tuple[str, str],
    origin: str,
    limit: int,
    reference: object = None,
    meta: Iterable[tuple[object, object]] = (),
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
    return ArticlePair(
        article_id,
        Document(newlines(source), langs[0]),
        Document(newlines(target), langs[1]),
        newlines(ref) if ref else None,
        labels,
        origin,
    )
