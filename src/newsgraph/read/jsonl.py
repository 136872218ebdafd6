"""JSON Lines: one page per line, ``text`` or ``html`` plus optional metadata.

Fields: ``text`` or ``html`` (one of them), and optionally ``url``, ``site``,
``fetched_at``, ``published``, ``title``, ``id``. A bad line fails alone
(reported as ``line N``); the lines after it are read as usual.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any, BinaryIO

from newsgraph.clean import normalize_text
from newsgraph.errors import BadInput
from newsgraph.model import Page, ReadError
from newsgraph.read.decode import DecodeError, decode_bytes, safe_text
from newsgraph.read.html import clean_url, host_of, html_page
from newsgraph.settings import Settings

_META_FIELDS = ("url", "site", "fetched_at", "published", "title", "id")


def iter_jsonl(source: str, stream: BinaryIO, settings: Settings) -> Iterator[Page | ReadError]:
    """Pages and per-line errors of a JSON Lines stream, never holding more than one line."""
    limit = settings.max_page_bytes
    number = 0
    while True:
        line = stream.readline(limit + 1)
        if not line:
            return
        number += 1
        if number == 1:
            line = line.removeprefix(b"\xef\xbb\xbf")  # a UTF-8 byte-order mark
        where = f"line {number}"
        if len(line) > limit:
            while line and not line.endswith(b"\n"):  # skip the rest of the oversized line
                line = stream.readline(1 << 20)
            yield ReadError(source, f"line over max_page_bytes ({limit:,} bytes)", where)
            continue
        if not line.strip():
            continue
        try:
            yield line_page(line, source=source, record=where, settings=settings)
        except BadInput as exc:
            yield ReadError(source, exc.reason, where)


def line_page(line: bytes, *, source: str, record: str, settings: Settings) -> Page:
    """The page in one JSON line; raises :class:`BadInput` with the reason it cannot be read."""
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError:
        try:
            text, _ = decode_bytes(line)
        except DecodeError as exc:
            raise BadInput(source, str(exc), record) from exc
    obj = parse_json(text, source=source, record=record, settings=settings)
    return object_page(obj, source=source, record=record, settings=settings)


def _number(digits: str) -> int | str:
    """A JSON integer; one too long for Python's ``int`` (over 4,300 digits) is kept as its digits."""
    return int(digits) if len(digits) <= 4000 else digits


def parse_json(text: str, *, source: str, record: str | None, settings: Settings) -> Any:
    """``json.loads`` that fails with one :class:`BadInput` reason whatever the text holds:
    nesting deeper than ``max_json_depth``, huge numbers, broken syntax."""
    depth = _max_depth(text)
    if depth > settings.max_json_depth:
        raise BadInput(source, f"invalid JSON: nested {depth:,} levels deep, over max_json_depth "
                       f"({settings.max_json_depth})", record)
    try:
        return json.loads(text, parse_int=_number)
    except json.JSONDecodeError as exc:
        raise BadInput(source, f"invalid JSON: {exc.msg} at character {exc.pos + 1:,}", record) from exc
    except (ValueError, RecursionError) as exc:  # a float or escape json's scanner refuses
        raise BadInput(source, f"invalid JSON: {str(exc)[:120]}", record) from exc


_BRACKETS = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]')


def _max_depth(text: str) -> int:
    """How deeply the arrays and objects of a JSON text nest (strings skipped); linear."""
    if text.count("[") + text.count("{") < 64:
        return 0  # cannot be deep: skip the scan for ordinary lines
    depth = deepest = 0
    for match in _BRACKETS.finditer(text):
        token = match.group()
        if token in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif token in "]}":
            depth -= 1
    return deepest


def iter_json_document(source: str, data: bytes, settings: Settings) -> Iterator[Page | ReadError]:
    """A whole JSON file: one page object, or a list of them (``item N``)."""
    try:
        text, _ = decode_bytes(data)
        obj: Any = parse_json(text, source=source, record=None, settings=settings)
    except DecodeError:
        yield ReadError(source, "invalid JSON: not text in any known encoding")
        return
    except BadInput as exc:
        yield ReadError(source, exc.reason)
        return
    if isinstance(obj, dict):
        if "text" not in obj and "html" not in obj:
            yield ReadError(source, "not a page: a JSON object without 'text' or 'html'")
            return
        items: list[tuple[str | None, Any]] = [(None, obj)]
    elif isinstance(obj, list):
        items = [(f"item {i}", o) for i, o in enumerate(obj, 1)]
    else:
        yield ReadError(source, f"not a page: a JSON {type(obj).__name__}")
        return
    for where, item in items:
        try:
            yield object_page(item, source=source, record=where, settings=settings)
        except BadInput as exc:
            yield ReadError(source, exc.reason, where)


def object_page(obj: Any, *, source: str, record: str | None, settings: Settings) -> Page:
    """The page in one decoded JSON object; raises :class:`BadInput` when it holds none."""
    if not isinstance(obj, dict):
        raise BadInput(source, f"expected a JSON object, got {type(obj).__name__}", record)
    meta = {k: _as_text(obj.get(k), k, source, record, settings.max_field_chars)
            for k in _META_FIELDS}
    if meta["id"]:  # the caller's own id, so results can be joined back to the input
        record = f"{record}, id {meta['id']}" if record else f"id {meta['id']}"
    html = _as_text(obj.get("html"), "html", source, record)
    body = _as_text(obj.get("text"), "text", source, record)
    url = clean_url(meta["url"])
    site = meta["site"] or host_of(url)
    if html and html.strip():
        known = {k: v for k in ("title", "published") if (v := meta[k])}
        return html_page(html, source=source, settings=settings, record=record, url=meta["url"],
                         fetched_at=meta["fetched_at"], site=site, fmt="jsonl", known=known)
    if body is None:
        raise BadInput(source, "no 'text' or 'html' field", record)
    normalised = normalize_text(body)
    if not normalised.strip():
        raise BadInput(source, "empty page (no text)", record)
    return Page(
        source=source,
        text=normalised,
        format="jsonl",
        record=record,
        raw=body.encode("utf-8"),
        url=url,
        site=site,
        fetched_at=meta["fetched_at"],
        published=meta["published"],
        title=normalize_text(meta["title"]) if meta["title"] else None,
    )


def _as_text(value: object, name: str, source: str, record: str | None,
             limit: int | None = None) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        if limit is not None and len(value) > limit:
            raise BadInput(source, f"field {name!r} is {len(value):,} characters, over "
                           f"max_field_chars ({limit:,})", record)
        return safe_text(value)
    if isinstance(value, int | float) and not isinstance(value, bool) and name == "id":
        return str(value)
    raise BadInput(source, f"field {name!r} must be a string, got {type(value).__name__}", record)
