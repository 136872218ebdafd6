"""Flattened text pages (one page per file, like ``../shared/seeds``) and WET text records."""

from __future__ import annotations

from newsgraph.clean import normalize_text
from newsgraph.errors import BadInput
from newsgraph.model import Page
from newsgraph.read.decode import DecodeError, binary_kind, decode_bytes


def decode_text(data: bytes, *, source: str, record: str | None = None,
                charset: str | None = None) -> str:
    """Decode and normalise page bytes; raises :class:`BadInput` for binary or undecodable data."""
    kind = binary_kind(data[:16384])
    if kind:
        raise BadInput(source, f"not a text page: {kind}", record)
    try:
        text, _encoding = decode_bytes(data, (charset,))
    except DecodeError as exc:
        raise BadInput(source, str(exc), record) from exc
    return normalize_text(text)


def text_page(
    data: bytes,
    *,
    source: str,
    record: str | None = None,
    fmt: str = "text",
    charset: str | None = None,
    **meta: str | None,
) -> Page:
    """One flattened text page; ``meta`` fills Page fields (url, site, fetched_at, title...)."""
    text = decode_text(data, source=source, record=record, charset=charset)
    if not text.strip():
        raise BadInput(source, "empty page (no text)", record)
    return Page(source=source, text=text, format=fmt, record=record, raw=data, **meta)  # type: ignore[arg-type]
