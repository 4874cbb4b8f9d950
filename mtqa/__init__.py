"""mtqa: quality checks for machine-translated news articles.

    >>> import mtqa
    >>> report = mtqa.check(source_text, target_text, source_lang="it", target_lang="en")
    >>> report.to_dict()["score"]

Nothing heavy is imported here: models and word lists load on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mtqa.version import __version__

if TYPE_CHECKING:
    from mtqa.config import QAConfig
    from mtqa.types import ArticleReport

__all__ = ["QAConfig", "__version__", "check"]


def check(
    source: str,
    target: str,
    source_lang: str | None = None,
    target_lang: str | None = None,
    config: QAConfig | None = None,
    article_id: str = "article",
) -> ArticleReport:
    """Check one translated article against its source; returns the article report."""
    from mtqa.pipeline import check_texts

    return check_texts(source, target, source_lang, target_lang, config, article_id)


def __getattr__(name: str) -> Any:
    if name == "QAConfig":
        from mtqa.config import QAConfig

        return QAConfig
    raise AttributeError(name)
