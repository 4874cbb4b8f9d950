"""Bytes to text, shared by every reader: UTF-8 only, binary data refused, a size limit per article.

Text input is UTF-8; a UTF-8 byte order mark is skipped. Anything else is refused with a clear error
rather than guessed: a cp1252/latin-1 fallback would turn a mislabelled feed into mojibake that the
detectors then report as translation errors, and the feed's owner would never hear of the real
cause. UTF-16 and UTF-32 (recognised by their byte order mark) are refused the same way, with the
command that converts them. (XML files are the exception: their parser honours the XML encoding
declaration and byte order mark, as the XML specification requires.)
"""

from __future__ import annotations

import gzip
import re
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from mtqa.errors import ArticleTooLarge, BinaryInput, EncodingError, InputError

# A news article with its translation is some tens of kilobytes; checking time grows faster than
# linearly with length, so an article over this is refused instead of stalling the feed.
DEFAULT_MAX_ARTICLE_BYTES = 1_000_000
GZIP_MAGIC = b"\x1f\x8b"
_WIDE_BOMS = (
    (b"\xff\xfe\x00\x00", "UTF-32"), (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe", "UTF-16"), (b"\xfe\xff", "UTF-16"),
)
# C0 controls other than tab, newline, vertical tab, form feed and carriage return
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f]")
_SURROGATE = re.compile("[\ud800-\udfff]")  # only from JSON escapes; not encodable, so never written out
_CHUNK = 1 << 16


def wide_bom(data: bytes) -> str | None:
    """``"UTF-16"`` or ``"UTF-32"`` when the data starts with that byte order mark."""
    return next((name for bom, name in _WIDE_BOMS if data.startswith(bom)), None)


def decode(data: bytes, where: str) -> str:
    """UTF-8 bytes (an optional BOM skipped) to text with ``\\n`` line ends; raises a coded InputError."""
    wide = wide_bom(data)
    if wide:
        raise EncodingError(
            f"{where}: {wide} text (byte order mark); mtqa reads UTF-8: iconv -f {wide} -t UTF-8"
        )
    if b"\x00" in data:
        raise BinaryInput(f"{where}: NUL bytes at byte {data.index(0)}: binary data, not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise EncodingError(
            f"{where}: not UTF-8 (byte {e.start}: {data[e.start : e.start + 1]!r}); convert it, e.g. iconv "
            "-f CP1252 -t UTF-8"
        ) from e
    return newlines(text)


def newlines(text: str) -> str:
    """CRLF and lone CR as ``\\n``: offsets in reports are into this text."""
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def check_text(text: str, what: str) -> None:
    """Refuse NUL characters (also as JSON ``\\u0000``), lone surrogates and text that is mostly control
    characters."""
    if _SURROGATE.search(text):
        raise EncodingError(
            f"{what} contains a lone surrogate (a broken \\ud800-\\udfff escape): not valid Unicode"
        )
    if "\x00" in text:
        raise BinaryInput(f"{what} contains NUL characters: binary data, not text")
    controls = len(_CONTROL.findall(text))
    if controls > max(3, len(text) // 100):
        raise BinaryInput(f"{what} has {controls} control characters: binary data, not text")


def check_size(size: int, limit: int, where: str) -> None:
    if size > limit:
        raise ArticleTooLarge(
            f"{where}: {size:,} bytes, over the limit of {limit:,} per article (--max-article-bytes)"
        )


def read_bytes(path: Path, limit: int = DEFAULT_MAX_ARTICLE_BYTES) -> bytes:
    """A whole file of at most ``limit`` bytes; raises a coded InputError."""
    try:
        check_size(path.stat().st_size, limit, str(path))
        return path.read_bytes()
    except OSError as e:
        raise InputError(f"{path}: cannot read ({e.strerror})") from e


def read_text(path: Path, limit: int = DEFAULT_MAX_ARTICLE_BYTES) -> str:
    """A whole text file (one side of an article) as text; raises a coded InputError."""
    return decode(read_bytes(path, limit), str(path))


def open_binary(path: Path) -> BinaryIO:
    """The file's bytes, gunzipped when it starts with the gzip magic number (whatever its name)."""
    try:
        fh = path.open("rb")
        if fh.peek(2)[:2] == GZIP_MAGIC:  # type: ignore[attr-defined]
            return gzip.GzipFile(fileobj=fh, mode="rb")  # type: ignore[return-value]
        return fh
    except OSError as e:
        raise InputError(f"{path}: cannot read ({e.strerror})") from e


def _raw_lines(path: Path, limit: int) -> Iterator[tuple[int, bytes | None, int]]:
    """``(number, bytes, size)`` per line of a (possibly gzipped) file, streamed; bytes without the line end,
    or None when the line is over ``limit`` (then skipped in chunks, never held whole). A read error (a
    truncated gzip) raises InputError naming the line."""
    n = 0
    with open_binary(path) as fh:
        try:
            while True:
                raw = fh.readline(limit + 2)
                if not raw:
                    return
                n += 1
                size = len(raw)
                if len(raw) == limit + 2 and not raw.endswith(b"\n"):  # longer than the limit: skip the rest
                    while raw and not raw.endswith(b"\n"):
                        raw = fh.readline(_CHUNK)
                        size += len(raw)
                    yield n, None, size
                    continue
                data = raw.rstrip(b"\r\n")
                yield n, (data if len(data) <= limit else None), size
        except (OSError, EOFError, zlib.error) as e:
            raise InputError(
                f"{path}:{n + 1}: cannot read on ({e}); the rest of the file was not read"
            ) from e


def text_lines(path: Path, limit: int) -> Iterator[tuple[str, str | InputError]]:
    """``(FILE:LINE, text)`` for each non-blank line of a line-oriented feed, or ``(FILE:LINE, error)`` for a
    line that cannot be read. A file in UTF-16/32 or a truncated gzip ends with one error, as it cannot be
    cut into lines (or read on)."""
    number = 0
    try:
        for number, data, size in _raw_lines(path, limit):
            where = f"{path}:{number}"
            if data is None:
                yield (
                    where,
                    ArticleTooLarge(
                        f"{where}: line of {size:,} bytes, over the limit of {limit:,} per article "
                        "(--max-article-bytes)"
                    ),
                )
                continue
            wide = wide_bom(data) if number == 1 else None
            if wide:
                yield (
                    where,
                    EncodingError(
                        f"{path}: {wide} text (byte order mark); mtqa reads UTF-8: iconv -f {wide} -t UTF-8; "
                        "no line was read"
                    ),
                )
                return
            if not data.strip():
                continue
            try:
                yield where, decode(data, where)
            except InputError as e:
                yield where, e
    except InputError as e:
        yield f"{path}:{number + 1}", e
