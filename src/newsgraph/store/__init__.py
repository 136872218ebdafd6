"""The SQLite article store (pages, articles, occurrences, dedup index, full-text search)."""

from newsgraph.store.queries import (
    ArticleDetail,
    ArticleSummary,
    DuplicateCluster,
    Occurrence,
    SearchHit,
    StoreStats,
    fts_query,
)
from newsgraph.store.store import PageOutcome, SqliteDedupIndex, Store, discover_migrations

__all__ = [
    "ArticleDetail",
    "ArticleSummary",
    "DuplicateCluster",
    "Occurrence",
    "PageOutcome",
    "SearchHit",
    "SqliteDedupIndex",
    "Store",
    "StoreStats",
    "discover_migrations",
    "fts_query",
]
