"""Readers: files, directories and stdin to :class:`~newsgraph.model.Page` records.

``read_pages`` is the one entry point. Formats are recognised from content
(flattened text, JSON Lines or a JSON document, HTML, WARC/WET), compression from magic bytes
(gzip, bz2, xz). Every input or record that cannot be read becomes one
:class:`~newsgraph.model.ReadError` with a clear reason, and reading goes on.

>>> stats = ReadStats()
>>> for item in read_pages(["pages/"], stats=stats):  # doctest: +SKIP
...     print(item)
>>> print(stats.summary())  # doctest: +SKIP
"""

from __future__ import annotations

import os
import stat
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TypeVar

from newsgraph.errors import BadInput
from newsgraph.model import Page, ReadError
from newsgraph.read.html import html_page
from newsgraph.read.jsonl import iter_json_document, iter_jsonl
from newsgraph.read.sniff import COMPRESSION_ERRORS, Opened, SpecialFile, compression_of, open_input
from newsgraph.read.text import text_page
from newsgraph.read.warc import iter_warc
from newsgraph.settings import Settings

_T = TypeVar("_T")

__all__ = ["ReadStats", "display_path", "iter_files", "read_pages", "special_file"]

NOT_PAGES = frozenset(
    [".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".bmp", ".ico", ".svg", ".css", ".js", ".mjs", ".map", ".woff", ".woff2", ".ttf", ".otf", ".eot", ".mp3", ".mp4", ".webm", ".ogg", ".wav", ".pdf", ".zip", ".pyc", ".db", ".sqlite", ".parquet", ".db-wal", ".db-shm"]
)
"""Extensions skipped (and counted) when walking a directory; named explicitly they are read."""


@dataclass(slots=True)
class ReadStats:
    """Counters of one read: what was read, what failed, what was skipped and why."""

    files: int = 0
    """Input files opened (``-`` counts as one)."""
    pages: int = 0
    """Pages yielded."""
    errors: int = 0
    """ReadErrors yielded (inputs or records that failed)."""
    formats: Counter[str] = field(default_factory=Counter)
    """Pages by format (``text``, ``jsonl``, ``html``, ``warc``, ``wet``)."""
    records_skipped: Counter[str] = field(default_factory=Counter)
    """WARC records passed over on purpose, by reason (``request record``, ``non-HTML image/png``...)."""
    files_skipped: Counter[str] = field(default_factory=Counter)
    """Files passed over in directory walks (hidden files excluded), by extension."""

    @property
    def skipped(self) -> int:
        """Records skipped in all (for "records skipped: N")."""
        return sum(self.records_skipped.values())

    def skip_record(self, reason: str) -> None:
        """Count one skipped record."""
        self.records_skipped[reason] += 1

    def summary(self) -> str:
        """One line for a run summary."""
        line = f"files: {self.files}, pages: {self.pages}, errors: {self.errors}"
        if self.records_skipped:
            kinds = ", ".join(f"{n} {k}" for k, n in self.records_skipped.most_common())
            line += f", records skipped: {self.skipped} ({kinds})"
        if self.files_skipped:
            line += f", files skipped: {sum(self.files_skipped.values())}"
        return line

    def to_dict(self) -> dict[str, object]:
        """Plain dict for JSON output."""
        return {
            "files": self.files,
            "pages": self.pages,
            "errors": self.errors,
            "formats": dict(self.formats),
            "records_skipped": self.skipped,
            "records_skipped_by_reason": dict(self.records_skipped),
            "files_skipped": dict(self.files_skipped),
        }


def read_pages(
    paths: Iterable[str], settings: Settings | None = None, *, stats: ReadStats | None = None
) -> Iterator[Page | ReadError]:
    """Every page in ``paths`` (files, directories, ``-`` for stdin), and a ReadError per failure.

    Never raises for bad input. Pass ``stats`` to collect counters (skipped
    WARC records among them) while iterating.
    """
    settings = settings or Settings()
    stats = stats if stats is not None else ReadStats()
    for item in walk_sources(paths, stats, lambda source: read_source(source, settings, stats)):
        if not isinstance(item, ReadError):
            stats.formats[item.format] += 1
        yield item


def walk_sources(paths: Iterable[str], stats: ReadStats,
                 read: Callable[[str], Iterable[_T | ReadError]]) -> Iterator[_T | ReadError]:
    """``read`` applied to every file in ``paths`` (directories walked), counting into ``stats``.

    The one walk behind :func:`read_pages` and ``read_documents``: a path that cannot be
    opened, and every record ``read`` fails on, is a ReadError in the stream.
    """
    for path in paths:
        for source in iter_files(path, stats):
            if isinstance(source, ReadError):
                stats.errors += 1
                yield source
                continue
            stats.files += 1
            for item in read(source):
                if isinstance(item, ReadError):
                    stats.errors += 1
                else:
                    stats.pages += 1
                yield item


def iter_files(path: str, stats: ReadStats | None = None) -> Iterator[str | ReadError]:
    """``path`` itself, or the files under a directory in path order (hidden ones left out)."""
    if path == "-":
        yield path
        return
    try:
        info = os.stat(path)
    except FileNotFoundError:
        yield ReadError(display_path(path), "no such file or directory")
        return
    except OSError as exc:
        yield ReadError(display_path(path), f"cannot read: {exc.strerror or exc}")
        return
    if stat.S_ISDIR(info.st_mode):
        yield from _walk(path, stats)
        return
    kind = special_file(info.st_mode)
    if kind:
        yield ReadError(display_path(path), f"not a regular file ({kind}): not read")
        return
    yield path


def special_file(mode: int) -> str | None:
    """What kind of special file ``mode`` (from ``os.stat``) describes, or None for a regular one.

    FIFOs, sockets and devices are never opened: reading one can block forever
    (a FIFO without a writer) or never end (``/dev/zero``).
    """
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a special file"


def display_path(path: str) -> str:
    """``path`` as text that can be printed, stored and written as JSON.

    A file name that is not valid UTF-8 reaches Python with its bad bytes as lone
    surrogates (``surrogateescape``); they are written as ``\\xNN`` escapes.
    """
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        return path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return path


def _walk(folder: str, stats: ReadStats | None) -> Iterator[str | ReadError]:
    """Files under ``folder`` in path order (a folder's files and subfolders sorted together,
    so ``2024-01/…`` comes before ``2024-02.jsonl``), streaming; symlinked folders not entered."""
    try:
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda e: e.name)
    except OSError as exc:
        yield ReadError(display_path(folder), f"cannot list folder: {exc.strerror or exc}")
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        try:
            if entry.is_dir(follow_symlinks=False):
                yield from _walk(entry.path, stats)
                continue
            if entry.is_dir():  # a link to a folder: not followed (no cycles)
                continue
            kind = special_file(entry.stat().st_mode)
        except OSError as exc:  # a dangling link, or a file removed while walking
            yield ReadError(display_path(entry.path), f"cannot read: {exc.strerror or exc}")
            continue
        if kind:
            yield ReadError(display_path(entry.path), f"not a regular file ({kind}): not read")
            continue
        ext = os.path.splitext(entry.name)[1].lower()
        if ext in NOT_PAGES:
            if stats is not None:
                stats.files_skipped[ext] += 1
            continue
        yield entry.path


def read_source(source: str, settings: Settings, stats: ReadStats) -> Iterator[Page | ReadError]:
    """Pages and errors of one file (or stdin); pages and errors name it by :func:`display_path`."""
    path, source = source, display_path(source)
    try:
        opened = open_input(path, name=source, skip_limit=settings.max_page_bytes)
    except IsADirectoryError:
        yield ReadError(source, "is a directory")
        return
    except FileNotFoundError:
        yield ReadError(source, "no such file or directory")
        return
    except SpecialFile as exc:
        yield ReadError(source, f"not a regular file ({exc}): not read")
        return
    except EOFError:
        yield ReadError(source, "truncated compressed file (ends before the compressed stream "
                        "does, at offset 0 of its data)")
        return
    except COMPRESSION_ERRORS as exc:
        yield ReadError(source, _io_reason(exc, _compression_of_path(path)))
        return
    last = "start"
    try:
        if opened.format == "empty":
            yield ReadError(source, "empty file")
        elif opened.format == "binary":
            yield ReadError(source, f"not a page: {opened.binary}")
        elif opened.format == "warc":
            direct = source != "-" and opened.compression in (None, "gzip", "lz4", "zstd")
            if direct:  # fastwarc reads the file itself: offsets are file offsets, damage skippable
                opened.close()
            records = iter_warc(source, settings, stats.skip_record,
                                stream=None if direct else opened.stream, path=path)
            for item in records:
                last = item.record or last
                yield item
        elif opened.format in ("arc", "lz4"):
            yield ReadError(source, UNSUPPORTED[opened.format])
        elif opened.format == "jsonl":
            for item in iter_jsonl(source, opened.stream, settings):
                last = item.record or last
                yield item
        elif opened.format == "json":
            yield from iter_json_document(source, _read_limited(opened, settings), settings)
        else:
            yield _single_page(opened, settings)
    except BadInput as exc:
        yield ReadError(source, exc.reason, exc.record)
    except EOFError:
        where = f" after {last}" if last != "start" else ""
        yield ReadError(source, f"truncated {opened.compression or 'compressed'} file: the data "
                        f"ends before the compressed stream does{where}{_at(opened)}")
    except COMPRESSION_ERRORS as exc:
        where = f" (after {last})" if last != "start" else ""
        yield ReadError(source, f"{_io_reason(exc, opened.compression)}{where}{_at(opened)}")
    except MemoryError:
        yield ReadError(source, "not read: out of memory on this input")
    except RecursionError:
        yield ReadError(source, "not read: structure nested too deeply")
    except Exception as exc:  # safety net: one input's surprise must not end the whole run
        where = f" after {last}" if last != "start" else ""
        yield ReadError(source, f"could not be read{where}: {_plain_reason(exc)}")
    finally:
        opened.close()


UNSUPPORTED = {
    "arc": "old ARC archive (WARC's predecessor): not supported; convert it to WARC first "
           "(e.g. warcio's arc2warc)",
    "lz4": "LZ4-compressed file: not supported; decompress it first (lz4 -d)",
}
"""One-line reasons for archive formats that are recognised but not read."""


def _at(opened: Opened) -> str:
    """`` at decompressed offset N`` when the stream knows how far it got."""
    where = getattr(opened.decoder, "decompressed_offset", None)
    return f" (at decompressed offset {where:,})" if isinstance(where, int) else ""


def _compression_of_path(path: str) -> str | None:
    try:
        with open(path, "rb") as f:
            return compression_of(f.read(8))
    except OSError:
        return None


def _plain_reason(exc: BaseException) -> str:
    """An unexpected failure in words: its message, never the internal exception's name."""
    message = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return message[:300] or "an internal error (please report it with this file)"


def _read_limited(opened: Opened, settings: Settings) -> bytes:
    """The whole (decompressed) input, or BadInput when it is over ``max_page_bytes``."""
    limit = settings.max_page_bytes
    source = opened.source
    if opened.compression is None and opened.size is not None and opened.size > limit:
        raise BadInput(source, f"file of {opened.size:,} bytes is over max_page_bytes ({limit:,})")
    data = opened.stream.read(limit + 1)
    if len(data) > limit:
        raise BadInput(source, f"page is over max_page_bytes ({limit:,} bytes"
                       f"{' once decompressed' if opened.compression else ''})")
    if opened.compression:
        opened.stream.read(1)  # a truncated stream returns what it has and raises on the next read
    return data


def _single_page(opened: Opened, settings: Settings) -> Page:
    data = _read_limited(opened, settings)
    source = opened.source
    if opened.format == "html":
        return html_page(data, source=source, settings=settings)
    return text_page(data, source=source)


def _io_reason(exc: BaseException, compression: str | None = None) -> str:
    if isinstance(exc, PermissionError):
        return "permission denied"
    if compression:
        return f"damaged {compression} data: {exc}"
    if isinstance(exc, OSError) and exc.strerror:
        return f"cannot read: {exc.strerror}"
    return f"cannot read: {exc}"
