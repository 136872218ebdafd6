"""Open an input (file or stdin), undo gzip/bz2/xz by magic bytes, recognise its format.

The format comes from the content first (a WARC starts with ``WARC/``, JSON
Lines with a JSON object, HTML with markup); the file name only settles what
the content leaves open.
"""

from __future__ import annotations

import bz2
import io
import json
import lzma
import os
import re
import stat
import sys
import zlib
from dataclasses import dataclass
from typing import Any, BinaryIO

from newsgraph.read.decode import binary_kind, bom_encoding

HEAD_BYTES = 16384
"""How much of an input is looked at to recognise its format."""

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x1f\x8b", "gzip"),
    (b"BZh", "bz2"),
    (b"\xfd7zXZ\x00", "xz"),
    (b"\x04\x22\x4d\x18", "lz4"),
    (b"\x28\xb5\x2f\xfd", "zstd"),
)

COMPRESSION_ERRORS = (EOFError, OSError, zlib.error, lzma.LZMAError)
"""What a damaged or truncated compressed stream raises while being read."""

_HTML_START = re.compile(
    rb"\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title)\b",
    re.IGNORECASE | re.DOTALL,
)
_HTML_TAGS = re.compile(rb"</?(?:p|div|br|span|a|h[1-6]|article|section|table|li)\b[^>]*>", re.I)
_HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml")
_JSONL_SUFFIXES = (".jsonl", ".ndjson", ".json")
_WARC_SUFFIXES = (".warc", ".arc")
_COMPRESSED_SUFFIXES = (".gz", ".bz2", ".xz", ".lzma")


@dataclass(slots=True)
class Opened:
    """An input ready to read: its decompressed stream, first bytes and recognised format."""

    source: str
    stream: BinaryIO
    """Decompressed bytes from the start of the input."""
    head: bytes
    """The first :data:`HEAD_BYTES` decompressed bytes (also still in ``stream``)."""
    compression: str | None
    """``gzip``, ``bz2``, ``xz`` or None."""
    format: str
    """``warc``, ``jsonl``, ``json``, ``html``, ``text``, ``empty``, or ``binary``."""
    size: int | None
    """Size on disk when known (compressed size for compressed files)."""
    binary: str | None = None
    """What kind of binary data it is, when ``format`` is ``binary``."""
    decoder: Any = None
    """The decompressor (with its ``decompressed_offset``), None for uncompressed input."""

    def close(self) -> None:
        """Close the stream (never closes stdin)."""
        if self.source != "-":
            self.stream.close()


class _Prefixed(io.RawIOBase):
    """A stream that replays ``head`` and then continues with ``rest``."""

    def __init__(self, head: bytes, rest: BinaryIO) -> None:
        self._head = memoryview(head)
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        if self._head:
            n = min(len(buffer), len(self._head))
            buffer[:n] = self._head[:n]
            self._head = self._head[n:]
            return n
        data = self._rest.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        self._rest.close()
        super().close()


def compression_of(magic: bytes) -> str | None:
    """``gzip``, ``bz2`` or ``xz`` from the first bytes of a stream."""
    for prefix, name in _MAGIC:
        if magic.startswith(prefix):
            return name
    return None


def _gunzip_head(data: bytes) -> bytes:
    """Up to :data:`HEAD_BYTES` of the first gzip member in ``data`` (what decodes of it).

    Raises ``zlib.error`` when the member is damaged (bad header, checksum or length).
    """
    return zlib.decompressobj(31).decompress(data, HEAD_BYTES)


class _Decompressing(io.RawIOBase):
    """gzip/bz2/xz decompression that reports truncation and bounds each step's output.

    Concatenated members (multi-member gzip, as in ``.warc.gz``; concatenated bz2/xz
    streams) are read one after the other. Unlike the standard library's file
    classes, an input that ends inside a member always raises ``EOFError``, and a
    small input cannot expand to more than :data:`_STEP_OUTPUT` bytes per step.
    """

    def __init__(self, kind: str, raw: BinaryIO) -> None:
        self._kind = kind
        self._raw = raw
        self._dec = self._new()
        self._pending = b""  # compressed input not yet consumed
        self._out = b""  # decompressed output not yet returned
        self._started = False  # the current member has received input
        self._finished = False
        self.decompressed_offset = 0
        """Decompressed bytes handed on so far (where a truncation is reported)."""

    def _new(self) -> Any:  # zlib, bz2 or lzma decompressor object
        if self._kind == "gzip":
            return zlib.decompressobj(31)
        if self._kind == "bz2":
            return bz2.BZ2Decompressor()
        return lzma.LZMADecompressor()

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        while not self._out and not self._finished:
            self._step()
        n = min(len(buffer), len(self._out))
        buffer[:n] = self._out[:n]
        self._out = self._out[n:]
        self.decompressed_offset += n
        return n

    def _step(self) -> None:
        dec = self._dec
        if dec.eof:
            rest = dec.unused_data + self._pending
            if not rest.strip(b"\0"):  # trailing zero padding after the last member
                rest = b""
                self._pending = self._raw.read(_STEP_INPUT)
                if not self._pending:
                    self._finished = True
                    return
                rest = self._pending
            self._dec, self._pending, self._started = self._new(), rest, False
            return
        if self._kind == "gzip":
            if not self._pending and not self._refill():
                return
            self._started = True
            self._out = dec.decompress(self._pending, _STEP_OUTPUT)
            self._pending = dec.unconsumed_tail
            return
        if dec.needs_input:
            if not self._pending and not self._refill():
                return
            data, self._pending = self._pending, b""
        else:
            data = b""
        self._started = True
        self._out = dec.decompress(data, max_length=_STEP_OUTPUT)

    def _refill(self) -> bool:
        self._pending = self._raw.read(_STEP_INPUT)
        if self._pending:
            return True
        if self._started:
            raise EOFError(f"{self._kind} data ends before the end of its compressed stream")
        self._finished = True
        return False

    def close(self) -> None:
        self._raw.close()
        super().close()


_STEP_INPUT = 1 << 16
_STEP_OUTPUT = 1 << 20


class _FastwarcDecompressing(io.RawIOBase):
    """LZ4 and zstd frames, decompressed by fastwarc's readers (truncation raises ``OSError``)."""

    def __init__(self, kind: str, raw: BinaryIO | str) -> None:
        from fastwarc.stream_io import Lz4Reader, ZstdReader

        self._raw = raw
        self._reader = (Lz4Reader if kind == "lz4" else ZstdReader)(raw, fsspec_args=False)
        self.decompressed_offset = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        data = self._reader.read(min(len(buffer), _STEP_OUTPUT))
        buffer[: len(data)] = data
        self.decompressed_offset += len(data)
        return len(data)

    def close(self) -> None:
        self._reader.close()
        if not isinstance(self._raw, str):
            self._raw.close()
        super().close()


def _decompressor(kind: str, raw: BinaryIO | str) -> BinaryIO:
    inner = (_FastwarcDecompressing(kind, raw) if kind in ("lz4", "zstd")
             else _Decompressing(kind, raw))  # type: ignore[arg-type]
    reader = io.BufferedReader(inner, buffer_size=1 << 16)
    reader.decoder = inner  # type: ignore[attr-defined]
    return reader  # type: ignore[return-value]


def _read_head(stream: BinaryIO, n: int) -> bytes:
    chunks: list[bytes] = []
    got = 0
    while got < n:
        chunk = stream.read(n - got)
        if not chunk:
            break
        chunks.append(chunk)
        got += len(chunk)
    return b"".join(chunks)


class SpecialFile(OSError):
    """The path is a FIFO, socket or device: refused before anything is read from it."""


def _open_regular(path: str) -> BinaryIO:
    """Open ``path`` for reading, refusing special files without blocking on them.

    ``O_NONBLOCK`` makes opening a FIFO without a writer return at once; the
    file's type is then checked on the open descriptor (no race with a rename).
    """
    from newsgraph.read import special_file

    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(path)
        kind = special_file(mode)
        if kind:
            raise SpecialFile(kind)
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def open_input(source: str, *, name: str | None = None, skip_limit: int = 1 << 26) -> Opened:
    """Open ``source`` (a path, or ``-`` for stdin), decompress transparently, sniff its format.

    ``name`` is how the input is named in messages (default ``source``). Leading
    whitespace is skipped when sniffing, however long, up to ``skip_limit`` bytes.
    Raises ``OSError`` when the file cannot be opened (:class:`SpecialFile` for a
    FIFO or device) and the compression errors of :data:`COMPRESSION_ERRORS` when
    the compressed head is damaged.
    """
    raw: BinaryIO
    size: int | None = None
    if source == "-":
        raw = sys.stdin.buffer
    else:
        raw = _open_regular(source)
        try:
            size = raw.seek(0, io.SEEK_END)
            raw.seek(0)
        except OSError:
            size = None
    try:
        raw_head = _read_head(raw, 1 << 16)
        compression = compression_of(raw_head)
        base: BinaryIO = io.BufferedReader(_Prefixed(raw_head, raw), buffer_size=1 << 16)  # type: ignore[arg-type]
        if compression == "gzip":
            # Sniff from the first gzip member alone: damage further on must not hide the format.
            head = _gunzip_head(raw_head)
            stream = _decompressor(compression, base)
            if not head.strip():
                stream, head = _skip_blank(stream, head, skip_limit)
        elif compression in ("lz4", "zstd"):
            if source == "-":
                raise OSError(f"{compression} data on stdin cannot be read; decompress it first")
            raw.close()  # fastwarc's reader opens the file itself (it needs to seek)
            stream = _decompressor(compression, source)  # type: ignore[arg-type]
            head = _read_head(stream, HEAD_BYTES)
            stream = io.BufferedReader(_Prefixed(head, stream), buffer_size=1 << 16)  # type: ignore[arg-type,assignment]
            if not head.strip():
                stream, head = _skip_blank(stream, b"", skip_limit)
        elif compression:
            stream = _decompressor(compression, base)
            head = _read_head(stream, HEAD_BYTES)
            stream = io.BufferedReader(_Prefixed(head, stream), buffer_size=1 << 16)  # type: ignore[arg-type,assignment]
            if not head.strip():
                stream, head = _skip_blank(stream, b"", skip_limit)
        else:
            stream, head = base, raw_head[:HEAD_BYTES]
            if not head.strip() and len(raw_head) > len(head.strip()):
                stream, head = _skip_blank(base, b"", skip_limit)
    except BaseException:
        if source != "-":
            raw.close()
        raise
    fmt, binary = sniff_format(head, name or source)
    decoder = _find_decoder(stream)
    return Opened(name or source, stream, head, compression, fmt, size, binary, decoder)


def _find_decoder(stream: Any) -> Any:
    """The decompressor under a stack of buffered and prefixed streams, if any."""
    for _ in range(8):
        if stream is None or hasattr(stream, "decoder"):
            return getattr(stream, "decoder", None)
        stream = getattr(stream, "raw", None) or getattr(stream, "_rest", None)
    return None


def _skip_blank(stream: BinaryIO, head: bytes, limit: int) -> tuple[BinaryIO, bytes]:
    """The stream replayed from its start, and the first bytes after its leading whitespace.

    What is skipped is kept (the reader sees the input unchanged), so at most ``limit``
    bytes of whitespace are looked through; past that the input counts as empty.
    """
    kept: list[bytes] = []
    seen = 0
    while seen <= limit:
        chunk = stream.read(1 << 16)
        if not chunk:
            break
        kept.append(chunk)
        seen += len(chunk)
        if chunk.strip():
            break
    prefix = b"".join(kept)
    offset = len(prefix) - len(prefix.lstrip())
    if offset < len(prefix):  # something after the whitespace: sniff from there
        more = _read_head(stream, HEAD_BYTES)
        prefix += more
    replay = io.BufferedReader(_Prefixed(prefix, stream), buffer_size=1 << 16)  # type: ignore[arg-type]
    return replay, prefix[offset : offset + HEAD_BYTES]  # type: ignore[return-value]


def plain_name(source: str) -> str:
    """The file name with any compression suffix removed, lower-cased."""
    name = source.lower()
    for suffix in _COMPRESSED_SUFFIXES:
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


def sniff_format(head: bytes, source: str = "") -> tuple[str, str | None]:
    """(format, binary kind) of an input from its first decompressed bytes and its name."""
    if not head.strip():
        return "empty", None
    start = head.lstrip()
    if start.startswith((b"WARC/", b"warc/")):
        return "warc", None
    if start.startswith(b"filedesc://"):
        return "arc", None
    kind = binary_kind(head)
    if kind:
        return "binary", kind
    name = plain_name(source)
    text = head
    bom = bom_encoding(head)
    if (bom and bom.startswith("utf-16")) or bom == "utf-32":
        text = head.decode(bom, "ignore").encode("utf-8")
    elif bom == "utf-8-sig":
        text = head[3:]
    if name.endswith(_WARC_SUFFIXES):
        return "warc", None
    if _looks_jsonl(text):
        return "jsonl", None
    opening = text.lstrip().split(b"\n", 1)[0].strip()
    if name.endswith(".json") and opening[:1] in (b"{", b"["):
        return "json", None  # a whole JSON document (pretty-printed object or list)
    if name.endswith(_JSONL_SUFFIXES):
        return "json" if opening in (b"[", b"{") else "jsonl", None
    if name.endswith(_HTML_SUFFIXES) or _looks_html(text):
        return "html", None
    return "text", None


def _looks_jsonl(head: bytes) -> bool:
    """JSON Lines: lines of JSON objects, even when the first line (or a few) is broken.

    True when the input starts like JSON and at least one complete line of the
    head is a JSON object, or its one long line opens like an object. A
    pretty-printed document (``[`` or ``{`` alone on its first line) is not.
    """
    stripped = head.lstrip()
    if not stripped.startswith((b"{", b"[")):
        return False
    lines = stripped.split(b"\n")
    first = lines[0].strip()
    if first in (b"[", b"{"):
        return False  # a pretty-printed JSON document
    if len(lines) == 1 or (len(lines) == 2 and not lines[1].strip()):
        if len(head) >= HEAD_BYTES:  # one long line that does not fit the head
            return re.match(rb'\{\s*"', first) is not None
        return _json_object(first)
    complete = lines[:-1] if len(head) >= HEAD_BYTES else lines
    candidates = [line for line in complete[:200] if line.strip()]
    if not candidates:
        return re.match(rb'\{\s*"', first) is not None
    if len(candidates) == 1 and first.startswith(b"["):
        return False
    return any(_json_object(line) for line in candidates)


def _json_object(line: bytes) -> bool:
    line = line.strip()
    if not (line.startswith(b"{") and line.endswith(b"}")):
        return False
    try:
        return isinstance(json.loads(line.decode("utf-8", "replace")), dict)
    except (ValueError, RecursionError):
        return False


def _looks_html(head: bytes) -> bool:
    if _HTML_START.match(head):
        return True
    # A fragment without <html>: call it HTML when markup is dense.
    return len(_HTML_TAGS.findall(head[:8192])) >= 5
