"""Documents for ``newsgraph analyze``: the same inputs, readers and limits as every command.

A document is one text to analyse as one article: a plain text file (decoded,
not otherwise changed, so offsets are offsets into the file's text), a JSON
line ``{"id", "text", "published"?}`` (its ``text`` as given), or the main text
of an HTML page or WARC record (then the document carries that text, since it
is not the input's own). Files, directories, compression, encodings, special
files and bad lines are handled exactly as :func:`newsgraph.read.read_pages`
handles them; every failure is one :class:`~newsgraph.model.ReadError`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from newsgraph.errors import BadInput
from newsgraph.model import Page, ReadError
from newsgraph.read import ReadStats, display_path, read_source, walk_sources
from newsgraph.read.decode import DecodeError, binary_kind, decode_bytes, safe_text
from newsgraph.read.jsonl import parse_json
from newsgraph.read.sniff import COMPRESSION_ERRORS, SpecialFile, open_input
from newsgraph.settings import Settings

__all__ = ["Document", "read_documents"]


@dataclass(slots=True)
class Document:
    """One text to analyse."""

    id: Any
    """The caller's ``id`` (JSON Lines), else the file name (with its record)."""
    text: str
    published: str | None = None
    source: str = ""
    record: str | None = None
    derived: bool = False
    """True when ``text`` was extracted (HTML, WARC): the output then carries it."""

    @property
    def location(self) -> str:
        """``source`` with ``record`` when present, for messages."""
        return f"{self.source} ({self.record})" if self.record else self.source


def read_documents(paths: Iterable[str], settings: Settings | None = None,
                   stats: ReadStats | None = None) -> Iterator[Document | ReadError]:
    """Every document in ``paths`` (files, directories, ``-``), and a ReadError per failure."""
    settings = settings or Settings()
    stats = stats if stats is not None else ReadStats()
    yield from walk_sources(paths, stats, lambda source: _file_documents(source, settings, stats))


def _file_documents(path: str, settings: Settings, stats: ReadStats) -> Iterator[Document | ReadError]:
    name = display_path(path)
    try:
        opened = open_input(path, name=name, skip_limit=settings.max_page_bytes)
    except (SpecialFile, IsADirectoryError, FileNotFoundError, *COMPRESSION_ERRORS):
        opened = None
    if opened is None or opened.format not in ("jsonl", "text"):
        if opened is not None:
            opened.close()
        yield from _page_documents(path, settings, stats)  # the page readers name the failure
        return
    try:
        if opened.format == "jsonl":
            yield from _jsonl_documents(name, opened.stream, settings)
        else:
            yield _text_document(name, opened.stream, opened.compression, settings)
    except BadInput as exc:
        yield ReadError(name, exc.reason, exc.record)
    except (EOFError, *COMPRESSION_ERRORS) as exc:
        yield ReadError(name, f"damaged or truncated {opened.compression or ''} data: {exc}".replace(
            "  ", " "))
    finally:
        opened.close()


def _page_documents(path: str, settings: Settings, stats: ReadStats) -> Iterator[Document | ReadError]:
    """HTML, WARC/WET and JSON documents: the main text of each page."""
    for item in read_source(path, settings, stats):
        if isinstance(item, ReadError):
            yield item
        elif isinstance(item, Page):
            yield Document(item.location, item.text, item.published, item.source, item.record,
                           derived=True)


def _text_document(name: str, stream: Any, compression: str | None, settings: Settings) -> Document:
    limit = settings.max_page_bytes
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise BadInput(name, f"document is over max_page_bytes ({limit:,} bytes"
                       f"{' once decompressed' if compression else ''})")
    if compression:
        stream.read(1)  # a truncated stream raises on the next read
    kind = binary_kind(data[:16384])
    if kind:
        raise BadInput(name, f"not a text document: {kind}")
    try:
        text, _ = decode_bytes(data)
    except DecodeError as exc:
        raise BadInput(name, str(exc)) from exc
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise BadInput(name, "empty document (no text)")
    return Document(name, text, None, name)


def _jsonl_documents(name: str, stream: Any, settings: Settings) -> Iterator[Document | ReadError]:
    limit = settings.max_page_bytes
    number = 0
    while True:
        line = stream.readline(limit + 1)
        if not line:
            return
        number += 1
        where = f"line {number}"
        if len(line) > limit:
            while line and not line.endswith(b"\n"):
                line = stream.readline(1 << 20)
            yield ReadError(name, f"line over max_page_bytes ({limit:,} bytes)", where)
            continue
        if number == 1:
            line = line.removeprefix(b"\xef\xbb\xbf")
        if not line.strip():
            continue
        try:
            yield _line_document(line, name, where, number, settings)
        except BadInput as exc:
            yield ReadError(name, exc.reason, where)


def _line_document(line: bytes, name: str, where: str, number: int, settings: Settings) -> Document:
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError:
        try:
            text, _ = decode_bytes(line)
        except DecodeError as exc:
            raise BadInput(name, str(exc), where) from exc
    obj = parse_json(text, source=name, record=where, settings=settings)
    if not isinstance(obj, dict):
        raise BadInput(name, f"expected a JSON object, got {type(obj).__name__}", where)
    body = obj.get("text")
    if not isinstance(body, str):
        raise BadInput(name, 'expected an object with a "text" string', where)
    published = obj.get("published")
    if published is not None and not isinstance(published, str):
        raise BadInput(name, f"field 'published' must be a string, got {type(published).__name__}",
                       where)
    doc_id = obj.get("id", number)
    if isinstance(doc_id, str) and len(doc_id) > settings.max_field_chars:
        raise BadInput(name, f"field 'id' is {len(doc_id):,} characters, over max_field_chars "
                       f"({settings.max_field_chars:,})", where)
    return Document(doc_id if isinstance(doc_id, str | int | float) else str(doc_id),
                    _keep_offsets(body), safe_text(published) if published else None, name, where)


def _keep_offsets(text: str) -> str:
    """NUL as a space and lone surrogates as U+FFFD: safe text, every offset unchanged."""
    return safe_text(text.replace("\x00", " "))
