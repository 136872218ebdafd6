"""Read-only queries over the store, returning dataclasses ready for JSON (``to_dict``).

Listings carry titles and names, not only ids. User search text is escaped
before it reaches FTS5 ``MATCH`` (:func:`fts_query`), and searches run under
a time limit.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from newsgraph.errors import ArticleNotFound, QueryTimeout, StoreError
from newsgraph.model import PARAGRAPH_SEP


class _Record:
    """Mixin: ``to_dict`` for the JSON shape of a record."""

    __slots__ = ()

    def to_dict(self) -> dict[str, Any]:
        # As dataclasses.asdict, without its deep copy of every value (a web page makes
        # hundreds of these per request): records, lists and dicts are copied, the rest shared.
        names = self.__dataclass_fields__  # type: ignore[attr-defined]
        return {name: _plain(getattr(self, name)) for name in names}


def _plain(value: Any) -> Any:
    if isinstance(value, _Record):
        return value.to_dict()
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


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
    # The page's ids come from the covering index (id, site, ...): skipping ``offset`` rows
    # there reads a few index pages, not the bodies of every article skipped.
    where, params = ("WHERE site = ?", [site]) if site else ("", [])
    rows = conn.execute(
        "SELECT a.id, a.title, a.site, a.agency, a.published, a.first_seen, "
        "(SELECT COUNT(*) FROM occurrences o WHERE o.article_id = a.id), length(a.body) "
        "FROM articles a WHERE a.id IN (SELECT id FROM articles INDEXED BY articles_facets "
        f"{where} ORDER BY id DESC LIMIT ? OFFSET ?) ORDER BY a.id DESC",
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


MAX_TERMS = 16
"""Words of a search beyond this many are refused (each costs a pass over its postings)."""
MAX_PREFIX_TERMS = 4
"""Prefix words (``word*``) beyond this many are refused: each merges the postings of every
word it starts, inside one SQLite step that no time limit can interrupt."""
MIN_PREFIX_CHARS = 2
"""A prefix search needs this many characters before its ``*``."""


def search_terms(text: str) -> list[tuple[str, bool]]:
    """The words of a user search as (word, is_prefix), FTS5 syntax taken literally.

    Raises :class:`QueryTimeout` (a query too costly to run) past :data:`MAX_TERMS`
    words or :data:`MAX_PREFIX_TERMS` prefixes, or for a prefix shorter than
    :data:`MIN_PREFIX_CHARS`.
    """
    terms: list[tuple[str, bool]] = []
    # NUL ends a string for SQLite; lone surrogates (undecodable bytes from argv) cannot be bound.
    text = _UNSAFE.sub(" ", text)
    for raw in text.split():
        prefix = raw.endswith("*")
        word = raw.rstrip("*")
        if not any(ch.isalnum() for ch in word):
            continue
        if prefix and sum(ch.isalnum() for ch in word) < MIN_PREFIX_CHARS:
            raise QueryTimeout(f"prefix search {raw!r} is too broad: give at least "
                               f"{MIN_PREFIX_CHARS} letters before the *")
        terms.append((word, prefix))
    if len(terms) > MAX_TERMS:
        raise QueryTimeout(f"the search has {len(terms)} words; at most {MAX_TERMS} are allowed")
    prefixes = sum(p for _, p in terms)
    if prefixes > MAX_PREFIX_TERMS:
        raise QueryTimeout(f"the search has {prefixes} prefix words (word*); at most "
                           f"{MAX_PREFIX_TERMS} are allowed")
    return terms


def fts_query(text: str) -> str | None:
    """Turn user text into a safe FTS5 query: every word a quoted phrase, all required.

    FTS5 syntax in the input (``"``, ``*``, ``NEAR(``, ``-``, ``AND``, ``:``)
    is taken literally; a trailing ``*`` on a word is kept as a prefix search.
    Returns ``None`` when nothing searchable is left; raises as :func:`search_terms`.
    """
    terms = ['"' + w.replace('"', '""') + '"' + ("*" if p else "") for w, p in search_terms(text)]
    return " ".join(terms) if terms else None


@dataclass(slots=True)
class SearchFilters:
    """Restrictions of a search to some articles: all optional, all combined."""

    site: str | None = None
    agency: str | None = None
    since: str | None = None
    """ISO date prefix: articles published on or after it (by publication, else first seen)."""
    until: str | None = None
    entity_ids: list[int] | None = None
    """Articles that mention one of these entities."""

    def sql(self) -> tuple[str, list[Any]]:
        """``AND ...`` clauses over ``a`` (articles) and their parameters."""
        clauses: list[str] = []
        params: list[Any] = []
        if self.site:
            clauses.append("a.site = ?")
            params.append(self.site)
        if self.agency:
            clauses.append("a.agency = ?")
            params.append(self.agency)
        day = "substr(COALESCE(a.published, a.first_seen), 1, 10)"
        if self.since:
            clauses.append(f"{day} >= ?")
            params.append(self.since)
        if self.until:
            clauses.append(f"substr({day}, 1, length(?)) <= ?")
            params.extend([self.until, self.until])
        if self.entity_ids is not None:
            marks = ",".join("?" * len(self.entity_ids)) or "NULL"
            clauses.append(f"a.id IN (SELECT article_id FROM mentions WHERE entity_id IN ({marks}))")
            params.extend(self.entity_ids)
        return "".join(f" AND {c}" for c in clauses), params

    @property
    def empty(self) -> bool:
        return not (self.site or self.agency or self.since or self.until
                    or self.entity_ids is not None)


@dataclass(slots=True)
class SearchPage:
    """One page of search hits, how many articles match in all, and facets of the best hits."""

    hits: list[SearchHit]
    total: int
    facets: dict[str, list[dict[str, Any]]]
    facets_over: int
    """How many of the best-ranked hits the facets count (at most ``facet_hits``)."""
    total_capped: bool = False
    """More articles match than were counted (:data:`COUNT_CAP`): ``total`` is a floor."""
    ranked_over: int = 0
    """How many matches the ranking ran over: all of them, or the newest
    :data:`RANK_WINDOW` (or as many as the page's offset needs)."""


@contextmanager
def time_limit(conn: sqlite3.Connection, seconds: float) -> Iterator[None]:
    """Interrupt any statement of ``conn`` running past ``seconds`` (SQLite progress handler);
    raise :class:`QueryTimeout` when it does."""
    deadline = time.monotonic() + seconds
    conn.set_progress_handler(lambda: int(time.monotonic() > deadline), PROGRESS_STEPS)
    try:
        yield
    except sqlite3.OperationalError as exc:
        # Interrupted in a statement or while FTS5 builds its cursor ("vtable constructor failed").
        if "interrupt" in str(exc) or time.monotonic() > deadline:
            raise QueryTimeout(
                f"search took longer than {seconds:g} s and was stopped; narrow the query"
            ) from exc
        raise StoreError(f"search failed: {exc}") from exc
    finally:
        conn.set_progress_handler(None, 0)


RANK_WINDOW = 1000
"""A search ranks (bm25) at most this many matches, the most recently stored ones, when it
matches more: FTS5 scores every row it ranks, so ranking all 80,000 articles that hold a
common word would cost as much as reading them. Within the window the ranking is exact."""
COUNT_CAP = 10_000
"""Matches counted for a search's total; past it the total is reported as at least this."""

_MATCH_SQL = "SELECT f.rowid{cols} FROM articles_fts f {join}WHERE articles_fts MATCH ?{where}"


@dataclass(slots=True)
class _Ranking:
    """The best ``depth`` matches of a search, how many match, and how many were ranked."""

    ranked: list[tuple[int, float]]
    total: int
    capped: bool
    """More than :data:`COUNT_CAP` articles match: ``total`` is that cap."""
    window: int
    """Matches the ranking ran over (every match, or the newest :data:`RANK_WINDOW`)."""


def _rank(conn: sqlite3.Connection, match: str, filters: SearchFilters, depth: int) -> _Ranking:
    """Rank the matches of ``match`` within ``filters`` and keep the best ``depth``.

    The cost is bounded whatever the query: the matches are counted up to
    :data:`COUNT_CAP` (rowids only, no scoring), and when there are more than
    ``max(RANK_WINDOW, depth)`` of them, bm25 runs only over the newest that many (a rowid
    range, which FTS5 walks directly; its idf statistics stay those of the whole table).
    """
    where, params = filters.sql()
    join = "" if filters.empty else "JOIN articles a ON a.id = f.rowid "
    base = _MATCH_SQL.format(cols="", join=join, where=where)
    cap = max(COUNT_CAP, depth)
    (counted,) = conn.execute(f"SELECT COUNT(*) FROM ({base} LIMIT ?)",
                              [match, *params, cap + 1]).fetchone()
    size = max(RANK_WINDOW, depth)
    lowest: list[Any] = []
    range_sql = ""
    if counted > size:  # rank only the newest ``size`` matches: from the size-th newest on
        (start,) = conn.execute(f"{base} ORDER BY f.rowid DESC LIMIT 1 OFFSET ?",
                                [match, *params, size - 1]).fetchone()
        range_sql, lowest = " AND f.rowid >= ?", [start]
    scored = _MATCH_SQL.format(cols=", bm25(articles_fts, 5.0, 1.0) AS score", join=join,
                               where=range_sql + where)
    ranked = [(int(r[0]), float(r[1])) for r in conn.execute(
        f"{scored} ORDER BY score LIMIT ?", [match, *lowest, *params, depth])]
    return _Ranking(ranked, min(counted, cap), counted > cap, min(counted, size))


def _hits(conn: sqlite3.Connection, match: str, ranked: list[tuple[int, float]],
          highlight: tuple[str, str]) -> list[SearchHit]:
    """Titles and snippets of the ranked ids only: the snippet cost (FTS5 tokenizes each
    text it cuts a snippet from) is bounded by the page, not by the number of matches."""
    if not ranked:
        return []
    ids = [i for i, _ in ranked]
    marks = ",".join("?" * len(ids))
    rows = {int(r[0]): r for r in conn.execute(
        "SELECT a.id, a.title, a.site, a.published, "
        "snippet(articles_fts, -1, ?, ?, '…', 24) FROM articles_fts "
        "JOIN articles a ON a.id = articles_fts.rowid "
        f"WHERE articles_fts MATCH ? AND articles_fts.rowid IN ({marks})",
        (highlight[0], highlight[1], match, *ids))}
    return [SearchHit(i, rows[i][1], rows[i][2], rows[i][3], rows[i][4] or "", round(score, 4))
            for i, score in ranked if i in rows]


def search(conn: sqlite3.Connection, query: str, *, limit: int = 20, offset: int = 0,
           highlight: tuple[str, str] = ("«", "»"), time_limit_s: float = 5.0) -> list[SearchHit]:
    """bm25-ranked full-text search over titles (weighted 5×) and bodies, with snippets.

    The hits are ranked first and only the ``limit`` kept get a snippet; a query
    matching more than :data:`RANK_WINDOW` articles is ranked over its newest matches
    (see :func:`_rank`). ``highlight`` wraps matched words in the snippet; the snippet is raw article
    text, so a web page must escape it (pass sentinel characters, escape, then
    replace them with markup). Raises :class:`QueryTimeout` past ``time_limit_s``
    (enforced inside SQLite) or for a query too broad to run.
    """
    match = fts_query(query)
    if match is None:
        return []
    with time_limit(conn, time_limit_s):
        ranked = _rank(conn, match, SearchFilters(), offset + limit).ranked
        return _hits(conn, match, ranked[offset:], highlight)


def search_page(conn: sqlite3.Connection, query: str, *, limit: int = 20, offset: int = 0,
                filters: SearchFilters | None = None, highlight: tuple[str, str] = ("«", "»"),
                facet_hits: int = 1000, time_limit_s: float = 5.0) -> SearchPage:
    """A page of hits (as :func:`search`) within ``filters``, the number of matching articles
    (up to :data:`COUNT_CAP`), and facets (site, agency, month, entity) counted over the
    ``facet_hits`` best-ranked hits; the whole under one time limit. A query matching more
    than :data:`RANK_WINDOW` articles is ranked over its newest matches (see :func:`_rank`)."""
    filters = filters or SearchFilters()
    match = fts_query(query)
    if match is None:
        return SearchPage([], 0, {}, 0)
    with time_limit(conn, time_limit_s):
        # One ranking serves the page shown and the facets (the best ``facet_hits``).
        ranking = _rank(conn, match, filters, max(offset + limit, facet_hits))
        ranked = ranking.ranked
        hits = _hits(conn, match, ranked[offset:offset + limit], highlight)
        facets: dict[str, list[dict[str, Any]]] = {}
        best = [i for i, _ in ranked[:facet_hits]]
        if best:
            ids = json.dumps(best)  # the best hits, joined as a table through json_each
            # Counted in SQL, each facet's top 12 (ties by value), from one read of the rows.
            facets = {"site": [], "agency": [], "month": []}
            for name, value, n in conn.execute(
                    "WITH r AS MATERIALIZED (SELECT a.site, a.agency, "
                    "substr(COALESCE(a.published, a.first_seen), 1, 7) AS month FROM json_each(?) t "
                    "JOIN articles a INDEXED BY articles_facets ON a.id = t.value), "
                    "c AS (SELECT 'site' AS f, site AS v, COUNT(*) AS n FROM r WHERE site != '' "
                    "GROUP BY site UNION ALL SELECT 'agency', agency, COUNT(*) FROM r "
                    "WHERE agency != '' GROUP BY agency UNION ALL SELECT 'month', month, COUNT(*) "
                    "FROM r WHERE month != '' GROUP BY month) "
                    "SELECT f, v, n FROM (SELECT f, v, n, row_number() OVER "
                    "(PARTITION BY f ORDER BY n DESC, v) AS k FROM c) WHERE k <= 12 "
                    "ORDER BY f, k", (ids,)):
                facets[name].append({"value": value, "count": n})
            facets["entity"] = [{"value": v, "type": t, "count": n} for v, t, n in conn.execute(
                "SELECT e.name, e.type, COUNT(DISTINCT m.article_id) AS n FROM json_each(?) t "
                "JOIN mentions m ON m.article_id = t.value JOIN entities e ON e.id = m.entity_id "
                "WHERE m.demonym = 0 GROUP BY e.id ORDER BY n DESC, e.name LIMIT 12", (ids,))]
    return SearchPage(hits, ranking.total, facets, len(best), ranking.capped, ranking.window)


def optimize_search_index(conn: sqlite3.Connection) -> None:
    """Merge the full-text index into one b-tree (FTS5 ``optimize``); a write.

    An index built by many small ingest transactions is a stack of segments, and
    every lookup of a search (each hit's snippet, a rowid range) searches each of
    them: on a 27,000-article store, merged, the snippets of a page of hits cost
    a third and the per-rowid lookups a sixth. Worth running after a large ingest;
    it rewrites the whole index (seconds per 10,000 articles).
    """
    conn.execute("INSERT INTO articles_fts(articles_fts) VALUES ('optimize')")


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
