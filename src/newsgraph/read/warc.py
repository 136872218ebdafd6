"""WARC and WET input (fastwarc), streamed record by record.

- ``response`` (and ``resource``) records holding HTML are HTML pages, with the
  URL and fetch date of the record and the charset of the HTTP header;
- ``conversion`` records (Common Crawl WET) are flattened text pages;
- everything else (``warcinfo``, ``request``, ``metadata``, ``revisit``,
  non-HTML payloads, HTTP errors and redirects) is skipped and counted.

A damaged record (truncated, or a ``Content-Length`` that does not match the
data, which shows as an invalid header where the next record should start) is
reported with its offset. In a file on disk the reader then looks for the next
record start (the next gzip member or ``WARC/`` line) and goes on from there; a
stream (stdin, bz2/xz) ends at the damage. A record is kept back until the next
header has been read, so a record whose length was wrong is never passed on.
"""

from __future__ import annotations

import base64
import hashlib
import re
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import BinaryIO

from fastwarc.warc import ArchiveIterator, WarcRecord, WarcRecordType

from newsgraph.errors import BadInput
from newsgraph.model import Page, ReadError
from newsgraph.read.html import clean_url, host_of, html_page
from newsgraph.read.sniff import compression_of
from newsgraph.read.text import text_page
from newsgraph.settings import Settings

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml", "application/xml+html"})
_PAGE_TYPES = WarcRecordType.response | WarcRecordType.resource | WarcRecordType.conversion
_SCAN_CHUNK = 1 << 20

Skip = Callable[[str], None]
"""Called with the reason each time a record is skipped (for the run's counters)."""


def iter_warc(
    source: str,
    settings: Settings,
    skip: Skip,
    stream: BinaryIO | None = None,
    path: str | None = None,
) -> Iterator[Page | ReadError]:
    """Pages and errors of the WARC/WET at ``path`` (default ``source``, the name in messages),
    or in ``stream`` when given.

    Offsets are file offsets (of the gzip member for ``.warc.gz``); for a stream
    they count the bytes of the stream as read (decompressed for bz2/xz).
    """
    if stream is not None:
        yield from _iter_from(source, _Counted(stream), settings, skip, resync=None)
        return
    with open(path or source, "rb") as f:
        compression = compression_of(f.read(8))
        f.seek(0)
        if compression in ("lz4", "zstd"):  # fastwarc decompresses the frames itself
            yield from _iter_from(source, f, settings, skip, resync=None)
            return
        gz = compression == "gzip"
        yield from _iter_from(source, f, settings, skip, resync=lambda pos: _next_record(f, pos, gz),
                              tail=lambda pos: _tail_damage(f, max(pos, 0), gz))


class _Counted:
    """A forward-only stream with the ``tell`` fastwarc needs (stdin, bz2/xz decompressors)."""

    def __init__(self, stream: BinaryIO) -> None:
        self._stream = stream
        self._pos = 0

    def read(self, size: int = -1) -> bytes:
        data = self._stream.read(size)
        self._pos += len(data)
        return data

    def tell(self) -> int:
        return self._pos

    def seek(self, offset: int, whence: int = 0) -> int:
        if (whence, offset) in ((0, self._pos), (1, 0)):
            return self._pos
        raise OSError("cannot seek in a stream")


def _is_panic(exc: BaseException) -> bool:
    # fastwarc (Rust) turns some stream failures into pyo3's PanicException, a BaseException.
    return type(exc).__name__ == "PanicException"


def _iter_from(
    source: str,
    f: BinaryIO | _Counted,
    settings: Settings,
    skip: Skip,
    resync: Callable[[int], int | None] | None,
    tail: Callable[[int], tuple[int, str] | None] | None = None,
) -> Iterator[Page | ReadError]:
    start = 0
    while True:
        held: Page | ReadError | None = None
        held_sound = False
        last_pos = -1
        cut: ReadError | None = None  # a record whose data ran out: resume after it if we can
        try:
            # HTTP headers are parsed here (:func:`parse_http`), so that old crawls whose
            # headers end in bare LF (ClueWeb09) read like the others.
            records = ArchiveIterator(
                f, parse_http=False, auto_decode="none", fsspec_args=False, stream_detect=True,
            )
            for rec in records:
                if held is not None:
                    yield held
                    held = None
                last_pos = rec.stream_pos
                held, held_sound, truncated = _record(rec, source, settings, skip)
                if truncated:
                    cut, held = held, None  # type: ignore[assignment]
                    break
            else:
                if held is not None:
                    yield held
                if tail is not None:
                    damage = tail(last_pos)
                    if damage is not None:
                        yield ReadError(source, damage[1], f"offset {damage[0]}")
                return
        except BaseException as exc:
            if not isinstance(exc, OSError) and not _is_panic(exc):
                raise
            if last_pos < 0:
                yield ReadError(source, f"not a readable WARC record: {exc}", f"offset {start}")
            elif isinstance(held, Page) and not held_sound:
                # The record's length did not lead to the next header: its data cannot be trusted.
                yield ReadError(source, "damaged WARC record: no valid record header after it "
                                f"(wrong Content-Length?): {exc}", f"offset {last_pos}")
            else:
                if held is not None:
                    yield held
                if not isinstance(held, ReadError):
                    yield ReadError(source, f"damaged WARC data after the record at offset "
                                    f"{last_pos}: {exc}", f"offset {last_pos}")
        here = max(last_pos, start)
        resume = resync(here + 1) if resync is not None else None
        if cut is not None:
            if resume is not None and not cut.reason.startswith("WARC record with"):
                # more records follow: the length was wrong, not the file cut
                cut = ReadError(source, "damaged WARC record: its Content-Length runs past the "
                                f"next record (wrong Content-Length?); {cut.reason}", cut.record)
            yield cut
        if resume is None:
            if resync is None and cut is None:
                yield ReadError(source, "the rest of the stream was skipped after the damage",
                                f"offset {here}")
            return
        f.seek(resume)
        start = resume


def _record(
    rec: WarcRecord, source: str, settings: Settings, skip: Skip
) -> tuple[Page | ReadError | None, bool, bool]:
    """(result, sound, truncated) for one record; a None result means skipped (and counted).

    ``sound`` is True when the record carried a payload digest and it matched:
    evidence that its length was right even if damage follows it. ``truncated``
    is True when the record's data ended before its ``Content-Length``.
    """
    where = f"offset {rec.stream_pos}"
    rtype = rec.record_type
    declared = rec.headers.get("Content-Length")
    if _type_name(rtype) == "unknown" and (declared is None or not rec.headers.get("WARC-Type")):
        return ReadError(source, "truncated WARC record: the file ends inside its header "
                         "(no WARC-Type or Content-Length)", where), False, True
    if not rtype & _PAGE_TYPES:
        skip(f"{_type_name(rtype)} record")
        return None, False, False
    if declared is None:
        return ReadError(source, "WARC record without a Content-Length header", where), False, True
    if not declared.strip().isdigit():
        return ReadError(source, f"WARC record with an invalid Content-Length {declared[:40]!r}",
                         where), False, True
    if int(declared) > settings.max_page_bytes:
        return ReadError(source, f"record of {int(declared):,} bytes is over max_page_bytes "
                         f"({settings.max_page_bytes:,})", where), False, False
    try:
        expected = rec.content_length
        payload = rec.reader.read()
    except OSError as exc:
        return ReadError(source, f"damaged WARC record: {exc}", where), False, True
    if len(payload) < expected:
        return ReadError(source, f"truncated WARC record ({len(payload):,} of {expected:,} "
                         "payload bytes)", where), False, True
    sound = _digest_matches(payload, rec.headers.get("WARC-Block-Digest"))
    if not sound and rec.headers.get("WARC-Payload-Digest"):
        http = parse_http(payload) if rtype == WarcRecordType.response else None
        sound = _digest_matches(http.body if http else payload, rec.headers.get("WARC-Payload-Digest"))
    try:
        return _page(rec, payload, source, where, settings, skip), sound, False
    except BadInput as exc:
        return ReadError(source, exc.reason, where), sound, False


def _digest_matches(payload: bytes, digest: str | None) -> bool:
    if not digest or not digest.lower().startswith("sha1:"):
        return False
    value = digest[5:].strip()
    sha1 = hashlib.sha1(payload)
    return value.upper() == base64.b32encode(sha1.digest()).decode() or value.lower() == sha1.hexdigest()


def _page(
    rec: WarcRecord, payload: bytes, source: str, where: str, settings: Settings, skip: Skip
) -> Page | None:
    """The page in a record's payload, or None (counted as skipped) when it holds none."""
    rtype = rec.record_type
    url = rec.headers.get("WARC-Target-URI")
    fetched_at = rec.headers.get("WARC-Date")
    if rtype == WarcRecordType.conversion:
        if not payload.strip():
            skip("empty conversion record")
            return None
        page_url = clean_url(url)
        return text_page(payload, source=source, record=where, fmt="wet", charset="utf-8",
                         url=page_url, site=host_of(page_url), fetched_at=fetched_at)
    http: HttpResponse | None = None
    if rtype == WarcRecordType.response:
        http = parse_http(payload)
        if http is None:
            skip("response record without HTTP headers")
            return None
        if not 200 <= http.status < 300:
            skip(f"HTTP {http.status} response")
            return None
        content_type = http.content_type
        payload = _http_decode(http.body, http.headers.get("transfer-encoding"),
                               http.headers.get("content-encoding"), settings.max_page_bytes)
    else:
        content_type = (rec.headers.get("Content-Type") or "").split(";")[0].strip().lower()
    if content_type not in HTML_TYPES and not (not content_type and _looks_html(payload)):
        skip(f"non-HTML {content_type or 'payload'}")
        return None
    if not payload.strip():
        skip("empty HTML response")
        return None
    return html_page(payload, source=source, settings=settings, record=where, url=url,
                     http_charset=http.charset if http is not None else None,
                     fetched_at=fetched_at, fmt="warc")


@dataclass(slots=True)
class HttpResponse:
    """The HTTP response in a WARC ``response`` record."""

    status: int
    headers: dict[str, str]
    """Header names lower-cased; a repeated header keeps its last value."""
    body: bytes

    @property
    def content_type(self) -> str:
        """The media type, lower-cased, without parameters."""
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    @property
    def charset(self) -> str | None:
        """The ``charset`` parameter of ``Content-Type``, when given."""
        match = _CHARSET.search(self.headers.get("content-type", ""))
        return match.group(1) if match else None


_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.I)
_STATUS = re.compile(rb"^HTTP/\d(?:\.\d)?\s+(\d{3})\b")
_MAX_HTTP_HEADER = 1 << 16


def parse_http(block: bytes) -> HttpResponse | None:
    """The status, headers and body of an HTTP response block, or None when it is not one.

    Header lines may end in CRLF or bare LF (old crawlers wrote both); folded
    continuation lines are joined. Headers longer than 64 KB are not headers.
    """
    match = _STATUS.match(block)
    if match is None:
        return None
    crlf = block.find(b"\r\n\r\n", 0, _MAX_HTTP_HEADER)
    lf = block.find(b"\n\n", 0, _MAX_HTTP_HEADER)
    ends = [(i, 4) for i in (crlf,) if i >= 0] + [(i, 2) for i in (lf,) if i >= 0]
    if not ends:
        if b"\n" not in block[:_MAX_HTTP_HEADER] or len(block) < _MAX_HTTP_HEADER:
            end, sep = len(block), 0  # headers only, no body (a redirect, a HEAD answer)
        else:
            return None
    else:
        end, sep = min(ends)
    headers: dict[str, str] = {}
    last = ""
    for line in block[:end].decode("latin-1").splitlines()[1:]:
        if line[:1] in (" ", "\t") and last:
            headers[last] += " " + line.strip()
            continue
        name, colon, value = line.partition(":")
        if colon:
            last = name.strip().lower()
            headers[last] = value.strip()
    return HttpResponse(int(match.group(1)), headers, block[end + sep:])


def _type_name(rtype: WarcRecordType) -> str:
    name = getattr(rtype, "name", None) or str(rtype)
    return name.rsplit(".", 1)[-1]


def _looks_html(payload: bytes) -> bool:
    head = payload[:2048].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html")) or b"<body" in head


def _http_decode(payload: bytes, transfer: str | None, encoding: str | None, limit: int) -> bytes:
    """Undo HTTP chunked transfer and gzip/deflate content encoding (at most ``limit`` bytes)."""
    if transfer and "chunked" in transfer.lower():
        payload = _dechunk(payload)
    enc = (encoding or "").strip().lower()
    if enc in ("gzip", "x-gzip", "deflate"):
        try:
            wbits = 47 if enc != "deflate" else 15  # 47: gzip or zlib header, auto-detected
            payload = _inflate(payload, wbits, limit)
        except zlib.error:
            try:  # raw deflate without a zlib header, as some servers send it
                payload = _inflate(payload, -15, limit)
            except zlib.error as exc:
                raise BadInput("", f"HTTP payload says {enc} but does not decompress") from exc
    elif enc not in ("", "identity", "none"):
        raise BadInput("", f"unsupported HTTP Content-Encoding {enc!r}")
    return payload


def _inflate(payload: bytes, wbits: int, limit: int) -> bytes:
    """Decompress, refusing output over ``limit`` (a small record can inflate enormously)."""
    inflater = zlib.decompressobj(wbits)
    out = inflater.decompress(payload, limit + 1)
    if len(out) > limit or inflater.unconsumed_tail:
        raise BadInput("", f"HTTP payload is over max_page_bytes ({limit:,} bytes) once decompressed")
    return out


def _dechunk(data: bytes) -> bytes:
    """Undo HTTP chunked transfer coding, or return ``data`` as it is when it is not chunked.

    Crawlers often store the body already de-chunked while keeping the
    ``Transfer-Encoding: chunked`` header: the body is only decoded when it is a
    well-formed run of chunks (hex size line, data, CRLF) ending in a last chunk
    or at the end of the data.
    """
    out = bytearray()
    pos = 0
    while pos < len(data):
        eol = data.find(b"\n", pos, pos + 1024)
        if eol < 0:
            return data
        size_text = data[pos:eol].rstrip(b"\r").split(b";", 1)[0].strip()
        if not size_text or len(size_text) > 16 or any(c not in b"0123456789abcdefABCDEF"
                                                         for c in size_text):
            return data  # not a chunk size line: the body is not chunked
        size = int(size_text, 16)
        if size == 0:
            return bytes(out)
        start = eol + 1
        if start + size > len(data):
            return data if not out else bytes(out) + data[start:]  # a cut last chunk: keep it
        out += data[start : start + size]
        pos = start + size
        if data[pos : pos + 2] == b"\r\n":
            pos += 2
        elif data[pos : pos + 1] == b"\n":
            pos += 1
        elif pos < len(data):
            return data  # chunk data not followed by a line end: not chunked after all
    return bytes(out)


def _tail_damage(f: BinaryIO, last: int, gz: bool) -> tuple[int, str] | None:
    """(offset, reason) when the file ends in a cut record after the last one read, else None.

    fastwarc stops quietly at a gzip member cut short or at a final header that
    never ends; this looks at what follows the last record start: every gzip
    member from there must be complete, and uncompressed data must end with a
    whole record.
    """
    f.seek(0, 2)
    size = f.tell()
    if gz:
        pos = last
        f.seek(pos)
        while pos < size:
            dec = zlib.decompressobj(31)
            start = pos
            while not dec.eof:
                chunk = f.read(_SCAN_CHUNK)
                if not chunk:
                    return start, (f"truncated gzip member: the file ends {size - start:,} bytes "
                                   "into it (a cut download?)")
                try:
                    while chunk and not dec.eof:
                        dec.decompress(chunk, 1 << 16)
                        chunk = dec.unconsumed_tail
                except zlib.error as exc:
                    return start, f"damaged gzip member: {exc}"
                pos += len(chunk) if dec.eof else 0
            pos = f.seek(0, 1) - len(dec.unused_data)
            f.seek(pos)
            rest = f.read(64)
            if not rest.strip(b"\0\r\n "):
                return None
            f.seek(pos)
        return None
    f.seek(last)
    data = f.read(1 << 16)
    head_end = data.find(b"\r\n\r\n")
    if head_end < 0:
        if size - last <= len(data) and data.strip():
            return last, "truncated WARC record: the file ends inside its header"
        return None
    match = re.search(rb"(?im)^content-length:\s*(\d+)", data[:head_end])
    if match is None:
        return None
    end = last + head_end + 4 + int(match.group(1))
    if end > size:
        return last, (f"truncated WARC record ({size - last - head_end - 4:,} of "
                      f"{int(match.group(1)):,} content bytes): the file ends inside it")
    f.seek(end)
    after = f.read(1 << 12)
    if after.strip() and not after.lstrip().startswith(b"WARC/"):
        return end, "data after the last WARC record that is not a record"
    if after.lstrip().startswith(b"WARC/") and b"\r\n\r\n" not in after and size - end < (1 << 12):
        return end, "truncated WARC record: the file ends inside its header"
    return None


def _next_record(f: BinaryIO, start: int, gz: bool) -> int | None:
    """Offset of the next record start at or after ``start`` (a gzip member or a ``WARC/`` line)."""
    pattern = b"\x1f\x8b\x08" if gz else b"WARC/1."
    pos = start
    carry = b""
    while True:
        f.seek(pos)
        chunk = f.read(_SCAN_CHUNK)
        if not chunk:
            return None
        buf = carry + chunk
        buf_start = pos - len(carry)
        i = buf.find(pattern)
        while i >= 0:
            at = buf_start + i
            if at >= start and _is_record_start(f, at, gz, buf, i):
                return at
            i = buf.find(pattern, i + 1)
        carry = buf[-(len(pattern) - 1):]
        pos += len(chunk)


def _is_record_start(f: BinaryIO, at: int, gz: bool, buf: bytes, i: int) -> bool:
    if not gz:
        return i == 0 or buf[i - 1 : i] == b"\n"
    f.seek(at)
    member = f.read(8192)
    try:
        head = zlib.decompressobj(31).decompress(member, 16)
    except zlib.error:
        return False
    return head.startswith(b"WARC/")
