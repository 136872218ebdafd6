"""Read-only queries over the store, returning dataclasses ready for JSON (``to_dict``).

Listings carry titles and names, not only ids. User search text is escaped
before it reaches FTS5 ``MATCH`` (:func:`fts_query`), and searches run under
a time limit.
"""

from __future__ import annotations

import dataclasses
import os
import re
import sqlite3
import time
from dataclasses import dataclass, field
from typing import Any

from newsgraph.errors import ArticleNotFound, QueryTimeout, StoreError
from newsgraph.model import PARAGRAPH_SEP


class _Record:
    """Mixin: ``to_dict`` for the JSON shape of a record."""

    __slots__ = ()

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)  # type: ignore[call-overload, no-any-return]


@dataclass(slots=True)
class ArticleSummary(_Record):
    """One row of the article listing."""

    id: int
    title: str | None
    site: str | None
    agency: str | None
    published: str | None
    first_seen: str
    occurrences: int
    chars: int


@dataclass(slots=True)
class Occurrence(_Record):
    """A place an article occurred: the page and the article's region on it."""

    page_id: int
    source: str
    record: str | None
    url: str | None
    site: str | None
    start: int
    end: int
    match: str
    """``first`` (where it was first stored), ``exact``, ``near``, ``contained``, ``contains``."""
    similarity: float
    spans: list[list[int]] = field(default_factory=list)
    """(start, end) on the page of each paragraph of the copy found there."""


@dataclass(slots=True)
class ArticleDetail(_Record):
    """An article with everything known about it."""

    id: int
    title: str | None
    body: str
    paragraphs: list[str]
    agency: str | None
    author: str | None
    published: str | None
    language: str | None
    site: str | None
    first_seen: str
    captions: list[dict[str, str | None]]
    subheadings: list[dict[str, Any]]
    occurrences: list[Occurrence]


@dataclass(slots=True)
class SearchHit(_Record):
    """A search result: the article, a highlighted snippet, its bm25 score (lower is better)."""

    id: int
    title: str | None
    site: str | None
    published: str | None
    snippet: str
    score: float


@dataclass(slots=True)
class DuplicateCluster(_Record):
    """An article seen more than once, with every page that carried it."""

    id: int
    title: str | None
    site: str | None
    count: int
    occurrences: list[Occurrence]


@dataclass(slots=True)
class StoreStats(_Record):
    """Counts describing the store."""

    path: str
    schema_version: int
    pages: int
    articles: int
    occurrences: int
    duplicates_merged: int
    """Occurrences that were matched to an article already stored."""
    by_match: dict[str, int]
    sites: int
    captions: int
    size_bytes: int
    """The store file plus its write-ahead log."""
    top_sites: list[dict[str, Any]]


_UNSAFE = re.compile("[\x00\ud800-\udfff]")
PROGRESS_STEPS = 1000
"""SQLite VM steps between two checks of a search's time limit."""

_OCC_SQL = (
    'SELECT o.page_id, p.source, p.record, p.url, p.site, o.start, o."end", o.match, '
    "o.similarity, o.spans, o.article_id FROM occurrences o JOIN pages p ON p.id = o.page_id "
)


def _occurrence(row: sqlite3.Row | tuple[Any, ...]) -> Occurrence:
    import json

    return Occurrence(row[0], row[1], row[2], row[3], row[4], row[5], row[6], row[7],
                      float(row[8]), json.loads(row[9]))


def list_articles(conn: sqlite3.Connection, *, limit: int = 50, offset: int = 0,
                  site: str | None = None) -> list[ArticleSummary]:
    """Articles, most recently stored first."""
    where, params = ("WHERE a.site = ?", [site]) if site else ("", [])
    rows = conn.execute(
        "SELECT a.id, a.title, a.site, a.agency, a.published, a.first_seen, "
        "(SELECT COUNT(*) FROM occurrences o WHERE o.article_id = a.id), length(a.body) "
        f"FROM articles a {where} ORDER BY a.id DESC LIMIT ? OFFSET ?",
        [*params, limit, offset],
    )
    return [ArticleSummary(*r) for r in rows]


def get_article(conn: sqlite3.Connection, article_id: int) -> ArticleDetail:
    """One article; raises :class:`ArticleNotFound`."""
    row = conn.execute(
        "SELECT id, title, body, agency, author, published, language, site, first_seen "
        "FROM articles WHERE id = ?", (article_id,)).fetchone()
    if row is None:
        raise ArticleNotFound(f"no article with id {article_id}")
    captions = [{"text": t, "credit": c} for t, c in conn.execute(
        "SELECT text, credit FROM captions WHERE article_id = ? ORDER BY position", (article_id,))]
    subheadings = [{"text": t, "before_paragraph": b} for t, b in conn.execute(
        "SELECT text, before_paragraph FROM subheadings WHERE article_id = ? ORDER BY position",
        (article_id,))]
    occurrences = [_occurrence(r) for r in conn.execute(
        _OCC_SQL + "WHERE o.article_id = ? ORDER BY o.id", (article_id,))]
    body = row[2]
    return ArticleDetail(
        id=row[0], title=row[1], body=body, paragraphs=body.split(PARAGRAPH_SEP) if body else [],
        agency=row[3], author=row[4], published=row[5], language=row[6], site=row[7],
        first_seen=row[8], captions=captions, subheadings=subheadings, occurrences=occurrences,
    )


def fts_query(text: str) -> str | None:
    """Turn user text into a safe FTS5 query: every word a quoted phrase, all required.

    FTS5 syntax in the input (``"``, ``*``, ``NEAR(``, ``-``, ``AND``, ``:``)
    is taken literally; a trailing ``*`` on a word is kept as a prefix search.
    Returns ``None`` when nothing searchable is left.
    """
    terms: list[str] = []
    # NUL ends a string for SQLite; lone surrogates (undecodable bytes from argv) cannot be bound.
    text = _UNSAFE.sub(" ", text)
    for raw in text.split():
        prefix = raw.endswith("*")
        word = raw.rstrip("*")
        if not any(ch.isalnum() for ch in word):
            continue
        terms.append('"' + word.replace('"', '""') + '"' + ("*" if prefix else ""))
    return " ".join(terms) if terms else None


def search(conn: sqlite3.Connection, query: str, *, limit: int = 20, offset: int = 0,
           highlight: tuple[str, str] = ("«", "»"), time_limit_s: float = 5.0) -> list[SearchHit]:
    """bm25-ranked full-text search over titles (weighted 5×) and bodies, with snippets.

    ``highlight`` wraps matched words in the snippet; the snippet is raw article
    text, so a web page must escape it (pass sentinel characters, escape, then
    replace them with markup). Raises :class:`StoreError` past ``time_limit_s``.
    """
    match = fts_query(query)
    if match is None:
        return []
    deadline = time.monotonic() + time_limit_s
    conn.set_progress_handler(lambda: int(time.monotonic() > deadline), PROGRESS_STEPS)
    try:
        rows = conn.execute(
            "SELECT a.id, a.title, a.site, a.published, "
            "snippet(articles_fts, -1, ?, ?, '…', 24), bm25(articles_fts, 5.0, 1.0) AS score "
            "FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid "
            "WHERE articles_fts MATCH ? ORDER BY score LIMIT ? OFFSET ?",
            (highlight[0], highlight[1], match, limit, offset),
        ).fetchall()
    except sqlite3.OperationalError as exc:
        if "interrupt" in str(exc):
            raise QueryTimeout(
                f"search took longer than {time_limit_s:g} s and was stopped; narrow the query"
            ) from exc
        raise StoreError(f"search failed: {exc}") from exc
    finally:
        conn.set_progress_handler(None, 0)
    return [SearchHit(r[0], r[1], r[2], r[3], r[4] or "", round(float(r[5]), 4)) for r in rows]


def duplicate_clusters(conn: sqlite3.Connection, *, limit: int = 50) -> list[DuplicateCluster]:
    """Articles with more than one occurrence, most copies first."""
    heads = conn.execute(
        "SELECT a.id, a.title, a.site, c.n FROM (SELECT article_id, COUNT(*) AS n FROM occurrences "
        "GROUP BY article_id HAVING n > 1) c JOIN articles a ON a.id = c.article_id "
        "ORDER BY c.n DESC, a.id LIMIT ?", (limit,)).fetchall()
    if not heads:
        return []
    ids = [h[0] for h in heads]
    by_article: dict[int, list[Occurrence]] = {i: [] for i in ids}
    marks = ",".join("?" * len(ids))
    for r in conn.execute(_OCC_SQL + f"WHERE o.article_id IN ({marks}) ORDER BY o.id", ids):
        by_article[r[10]].append(_occurrence(r))
    return [DuplicateCluster(h[0], h[1], h[2], h[3], by_article[h[0]]) for h in heads]


def stats(conn: sqlite3.Connection, path: str) -> StoreStats:
    """Counts of everything in the store."""

    def one(sql: str) -> int:
        return int(conn.execute(sql).fetchone()[0] or 0)

    by_match = {m: n for m, n in conn.execute(
        "SELECT match, COUNT(*) FROM occurrences GROUP BY match ORDER BY match")}
    top_sites = [{"site": s, "pages": p, "articles": a} for s, p, a in conn.execute(
        "SELECT p.site, COUNT(*) AS pages, (SELECT COUNT(*) FROM articles a WHERE a.site = p.site) "
        "FROM pages p WHERE p.site IS NOT NULL GROUP BY p.site ORDER BY pages DESC LIMIT 10")]
    size = sum(os.path.getsize(f) for f in (path, f"{path}-wal")
               if path != ":memory:" and os.path.exists(f))
    return StoreStats(
        path=path,
        schema_version=one("SELECT MAX(version) FROM schema_migrations"),
        pages=one("SELECT COUNT(*) FROM pages"),
        articles=one("SELECT COUNT(*) FROM articles"),
        occurrences=one("SELECT COUNT(*) FROM occurrences"),
        duplicates_merged=sum(n for m, n in by_match.items() if m != "first"),
        by_match=by_match,
        sites=one("SELECT COUNT(DISTINCT site) FROM pages"),
        captions=one("SELECT COUNT(*) FROM captions"),
        size_bytes=size,
        top_sites=top_sites,
    )
