"""Export every article (with captions, subheadings and occurrences) as JSONL, CSV or Parquet.

Articles are streamed in id order in chunks, so memory stays flat however
large the store is. Parquet needs pyarrow (``pip install 'newsgraph[export]'``).
"""

from __future__ import annotations

import csv
import json
import os
import sqlite3
from collections.abc import Iterator
from contextlib import ExitStack
from typing import IO, Any

from newsgraph.errors import BadInput, require

FORMATS = ("jsonl", "csv", "parquet")
COLUMNS = ("id", "title", "body", "agency", "author", "published", "language", "site",
           "first_seen", "captions", "subheadings", "occurrences")
"""Columns of every export; in CSV the nested ones are JSON strings."""
_CHUNK = 500


def iter_export_rows(conn: sqlite3.Connection, chunk: int = _CHUNK) -> Iterator[dict[str, Any]]:
    """Every article as a plain dict (nested lists for captions, subheadings, occurrences)."""
    last = 0
    while True:
        heads = conn.execute(
            "SELECT id, title, body, agency, author, published, language, site, first_seen "
            "FROM articles WHERE id > ? ORDER BY id LIMIT ?", (last, chunk)).fetchall()
        if not heads:
            return
        lo, hi = heads[0][0], heads[-1][0]
        captions: dict[int, list[dict[str, Any]]] = {}
        for aid, text, credit in conn.execute(
                "SELECT article_id, text, credit FROM captions WHERE article_id BETWEEN ? AND ? "
                "ORDER BY article_id, position", (lo, hi)):
            captions.setdefault(aid, []).append({"text": text, "credit": credit})
        subheadings: dict[int, list[dict[str, Any]]] = {}
        for aid, text, before in conn.execute(
                "SELECT article_id, text, before_paragraph FROM subheadings "
                "WHERE article_id BETWEEN ? AND ? ORDER BY article_id, position", (lo, hi)):
            subheadings.setdefault(aid, []).append({"text": text, "before_paragraph": before})
        occurrences: dict[int, list[dict[str, Any]]] = {}
        for row in conn.execute(
                'SELECT o.article_id, p.id, p.source, p.record, p.url, o.start, o."end", o.match '
                "FROM occurrences o JOIN pages p ON p.id = o.page_id "
                "WHERE o.article_id BETWEEN ? AND ? ORDER BY o.article_id, o.id", (lo, hi)):
            occurrences.setdefault(row[0], []).append({
                "page_id": row[1], "source": row[2], "record": row[3], "url": row[4],
                "start": row[5], "end": row[6], "match": row[7]})
        for h in heads:
            yield {
                "id": h[0], "title": h[1], "body": h[2], "agency": h[3], "author": h[4],
                "published": h[5], "language": h[6], "site": h[7], "first_seen": h[8],
                "captions": captions.get(h[0], []),
                "subheadings": subheadings.get(h[0], []),
                "occurrences": occurrences.get(h[0], []),
            }
        last = hi


def export(conn: sqlite3.Connection, format: str, destination: str | os.PathLike[str] | IO[Any]) -> int:
    """Write all articles to ``destination`` (a path, or an open text/binary file for jsonl/csv
    text and parquet binary); returns how many were written."""
    if format not in FORMATS:
        raise BadInput(str(format), f"unknown export format; choose one of {', '.join(FORMATS)}")
    if format == "parquet":
        return _export_parquet(conn, destination)
    with ExitStack() as stack:
        if isinstance(destination, str | os.PathLike):
            out: IO[str] = stack.enter_context(open(destination, "w", encoding="utf-8", newline=""))
        else:
            out = destination
        count = 0
        if format == "jsonl":
            for row in iter_export_rows(conn):
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
                count += 1
        else:
            writer = csv.DictWriter(out, fieldnames=list(COLUMNS))
            writer.writeheader()
            for row in iter_export_rows(conn):
                for key in ("captions", "subheadings", "occurrences"):
                    row[key] = json.dumps(row[key], ensure_ascii=False)
                writer.writerow(row)
                count += 1
        return count


def _parquet_schema(pa: Any) -> Any:
    occurrence = pa.struct([("page_id", pa.int64()), ("source", pa.string()),
                            ("record", pa.string()), ("url", pa.string()),
                            ("start", pa.int64()), ("end", pa.int64()), ("match", pa.string())])
    return pa.schema([
        ("id", pa.int64()), ("title", pa.string()), ("body", pa.string()),
        ("agency", pa.string()), ("author", pa.string()), ("published", pa.string()),
        ("language", pa.string()), ("site", pa.string()), ("first_seen", pa.string()),
        ("captions", pa.list_(pa.struct([("text", pa.string()), ("credit", pa.string())]))),
        ("subheadings", pa.list_(pa.struct([("text", pa.string()),
                                            ("before_paragraph", pa.int64())]))),
        ("occurrences", pa.list_(occurrence)),
    ])


def _export_parquet(conn: sqlite3.Connection, destination: str | os.PathLike[str] | IO[Any]) -> int:
    pa = require("pyarrow", "export")
    pq = require("pyarrow.parquet", "export")
    schema = _parquet_schema(pa)
    count = 0
    batch: list[dict[str, Any]] = []
    with pq.ParquetWriter(destination, schema) as writer:  # type: ignore[attr-defined]
        for row in iter_export_rows(conn):
            batch.append(row)
            if len(batch) >= _CHUNK:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))  # type: ignore[attr-defined]
                count += len(batch)
                batch = []
        if batch or count == 0:
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))  # type: ignore[attr-defined]
            count += len(batch)
    return count

