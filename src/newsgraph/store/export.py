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



# -- knowledge exports: events, quotes, entities --------------------------------------------

KNOWLEDGE_WHAT = ("events", "quotes", "entities")
EVENT_EXPORT_COLUMNS = (
    "id", "type", "mode", "cameo", "actor", "actor_country", "actor_sector", "target",
    "target_country", "target_sector", "place", "date", "date_start", "date_end", "precision",
    "negated", "hypothetical", "future", "intent", "flags", "confidence", "source_count",
    "sources",
)
"""Event columns; ``date_start``/``date_end`` are the day range the date stands for (typed
dates in Parquet), ``sources`` the articles with their sentences (JSON in CSV)."""
QUOTE_EXPORT_COLUMNS = ("id", "speaker", "cue", "text", "direct", "article_id", "article_title",
                        "published", "caption_id", "start", "end")
ENTITY_EXPORT_COLUMNS = ("id", "name", "type", "country", "mentions", "aliases")


def date_range(value: str | None) -> tuple[str | None, str | None]:
    """The first and last day an ISO prefix (``2015``, ``2015-11``, ``2015-11-24``, ``2010s``)
    stands for."""
    import calendar

    if not value:
        return None, None
    if len(value) == 5 and value.endswith("s") and value[:4].isdigit():
        return f"{value[:4]}-01-01", f"{int(value[:3]) * 10 + 9:04d}-12-31"
    parts = value[:10].split("-")
    try:
        year = int(parts[0])
        if len(parts) == 1:
            return f"{year:04d}-01-01", f"{year:04d}-12-31"
        month = int(parts[1])
        if len(parts) == 2:
            last = calendar.monthrange(year, month)[1]
            return f"{year:04d}-{month:02d}-01", f"{year:04d}-{month:02d}-{last:02d}"
        day = int(parts[2])
    except (ValueError, IndexError):
        return None, None
    iso = f"{year:04d}-{month:02d}-{day:02d}"
    return iso, iso


def knowledge_rows(knowledge: Any, what: str, include_uncertain: bool = False,
                   min_confidence: float | None = None
                   ) -> tuple[list[dict[str, Any]], tuple[str, ...]]:
    """The rows and columns of one knowledge export (``knowledge`` is a KnowledgeStore;
    events below ``min_confidence``, by default the listing floor, are left out)."""
    if what == "events":
        rows = knowledge.events(limit=None, include_uncertain=include_uncertain,
                                min_confidence=min_confidence)
        for r in rows:
            r["date_start"], r["date_end"] = date_range(r["date"])
        return rows, EVENT_EXPORT_COLUMNS
    if what == "quotes":
        rows = knowledge.quotes(limit=None)
        for number, r in enumerate(rows, start=1):
            r.setdefault("id", number)
        return rows, QUOTE_EXPORT_COLUMNS
    if what == "entities":
        return knowledge.entities(limit=None), ENTITY_EXPORT_COLUMNS
    raise BadInput(what, f"unknown export; choose one of articles, {', '.join(KNOWLEDGE_WHAT)}")


def export_knowledge(knowledge: Any, what: str, format: str,
                     destination: str | os.PathLike[str] | IO[Any],
                     include_uncertain: bool = False,
                     min_confidence: float | None = None) -> int:
    """Write events, quotes or entities as ``jsonl``, ``csv`` or ``parquet``; returns the count.

    Parquet gets typed columns: dates as ``date32`` (``date_start``/``date_end``), flags as
    booleans, confidence as doubles; nested lists (sources, flags, aliases) as JSON strings.
    """
    if format not in FORMATS:
        raise BadInput(str(format), f"unknown export format; choose one of {', '.join(FORMATS)}")
    rows, columns = knowledge_rows(knowledge, what, include_uncertain, min_confidence)
    flat = [{c: _flat(r.get(c)) if format != "jsonl" else r.get(c) for c in columns} for r in rows]
    if format == "parquet":
        import datetime

        pa = require("pyarrow", "export")
        pq = require("pyarrow.parquet", "export")
        for r in flat:
            for key in ("date_start", "date_end"):
                if r.get(key):
                    r[key] = datetime.date.fromisoformat(r[key])
        fields = []
        for c in columns:
            if c in ("date_start", "date_end"):
                fields.append((c, pa.date32()))
            elif c in ("negated", "hypothetical", "future", "direct"):
                fields.append((c, pa.bool_()))
            elif c in ("confidence",):
                fields.append((c, pa.float64()))
            elif c in ("id", "source_count", "article_id", "caption_id", "start", "end",
                       "mentions"):
                fields.append((c, pa.int64()))
            else:
                fields.append((c, pa.string()))
        schema = pa.schema(fields)
        pq.write_table(pa.Table.from_pylist(flat, schema=schema), destination)  # type: ignore[attr-defined]
        return len(flat)
    with ExitStack() as stack:
        if isinstance(destination, str | os.PathLike):
            out: IO[str] = stack.enter_context(open(destination, "w", encoding="utf-8", newline=""))
        else:
            out = destination
        if format == "jsonl":
            for r in flat:
                out.write(json.dumps(r, ensure_ascii=False) + "\n")
        else:
            writer = csv.DictWriter(out, fieldnames=list(columns))
            writer.writeheader()
            writer.writerows(flat)
    return len(flat)


def _flat(value: Any) -> Any:
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return value
