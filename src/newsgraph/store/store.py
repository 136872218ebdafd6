"""The SQLite article store: pages, articles once, their occurrences, and the dedup index.

One file, WAL mode, foreign keys on, numbered migrations
(``store/migrations/NNN_name.sql``, applied in order and recorded in
``schema_migrations``). A batch is one transaction (:meth:`Store.transaction`):
a crash or Ctrl-C leaves the store as it was before the batch. Ingesting a
page again changes nothing (pages are identified by the hash of their text).
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import time
import zlib
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext, suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from types import TracebackType
from typing import IO, Any
from urllib.parse import urlsplit

import numpy as np

try:
    import fcntl
except ImportError:  # not on Windows: no writer lock there
    fcntl = None  # type: ignore[assignment]

from newsgraph.dedup import (
    PARTS_MIN_COVER,
    Candidate,
    Deduplicator,
    Fingerprint,
    Match,
    better_match,
    body_hash,
    compare_shingles,
    split_parts,
)
from newsgraph.errors import BadInput, NewsgraphError, StoreError
from newsgraph.model import PARAGRAPH_SEP, Article, Page
from newsgraph.settings import Settings
from newsgraph.store import queries
from newsgraph.store.queries import (
    ArticleDetail,
    ArticleSummary,
    DuplicateCluster,
    SearchHit,
    StoreStats,
)

_MIGRATION_NAME = re.compile(r"^(\d{3})_(\w+)\.sql$")
_COMPRESSION_LEVEL = 1  # zlib: ~3x smaller text for ~0.07 ms per 10 KB page
_SCHEME_SETTINGS = ("shingle_size", "num_perm", "lsh_bands")
"""The settings a store's fingerprints were made with; the store keeps them."""
CANDIDATE_LIMIT = 256  # newest articles read per LSH band or paragraph key when judging a body
_MAX_PARTS_CHECKED = 64  # shorter copies of one article looked at when judging if it is several
_MAX_PENDING_PAGES = 4096  # site lines of at most this many pages wait in memory for the commit
_SCRATCH_TEMPLATES: dict[tuple[Settings, bool], sqlite3.Connection] = {}
"""Migrated empty in-memory stores that :meth:`Store.scratch` copies (by settings, and whether
they keep the full-text index)."""
_WRITE_FAILURES = (
    ("disk is full", "the disk is full (nothing of the batch in flight was kept; free space and "
                     "run again)"),
    ("readonly", "it is read-only (check the file's and its folder's permissions)"),
    ("read-only", "it is read-only (check the file's and its folder's permissions)"),
    ("database is locked", "another program holds its write lock (busy for longer than the "
                           "busy timeout)"),
    ("disk i/o error", "disk I/O error"),
    ("unable to open database", "the file cannot be opened for writing"),
)


@dataclass(slots=True, frozen=True)
class Migration:
    """One numbered schema change."""

    version: int
    name: str
    sql: str


def discover_migrations() -> list[Migration]:
    """The migrations shipped in ``newsgraph/store/migrations``, in version order."""
    found: list[Migration] = []
    for entry in resources.files("newsgraph.store").joinpath("migrations").iterdir():
        m = _MIGRATION_NAME.match(entry.name)
        if m:
            found.append(Migration(int(m.group(1)), m.group(2), entry.read_text(encoding="utf-8")))
    found.sort(key=lambda mig: mig.version)
    versions = [mig.version for mig in found]
    if len(set(versions)) != len(versions):
        raise StoreError(f"two migrations share a version number: {versions}")
    return found


def split_sql(script: str) -> list[str]:
    """Split a SQL script into complete statements (triggers with inner ``;`` stay whole)."""
    statements: list[str] = []
    buf = ""
    for line in script.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            statements.append(buf.strip())
            buf = ""
    rest = "\n".join(x for x in buf.splitlines() if not x.strip().startswith("--")).strip()
    if rest:
        raise StoreError(f"incomplete SQL statement at the end of a migration: {rest[:60]!r}")
    return statements


@dataclass(slots=True)
class PageOutcome:
    """What :meth:`Store.add_page` did with one page."""

    page_id: int
    new_page: bool
    """False when the page was already stored (nothing was changed)."""
    new_articles: int
    duplicates: int
    """Articles on the page that were already in the store (or earlier on the page)."""
    article_ids: list[int] = field(default_factory=list)
    """The stored article of each article on the page, in page order."""


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def normalize_url(url: str | None) -> str | None:
    """The URL as stored (courlan-normalised; tracking parameters dropped), or ``None``.

    Only web addresses are kept (http, https): a ``javascript:`` or ``data:`` "URL"
    from a page is not an address and would be a hazard wherever it is shown.
    """
    if not url or urlsplit(url.strip()).scheme.lower() not in ("http", "https"):
        return None
    import courlan

    try:
        return courlan.normalize_url(url.strip()) or url.strip()
    except Exception:  # courlan raises assorted errors on malformed URLs
        return url.strip()


def compress(data: bytes) -> bytes:
    """Compress a page blob."""
    return zlib.compress(data, _COMPRESSION_LEVEL)


def decompress(blob: bytes | None) -> bytes:
    """Inverse of :func:`compress` (``b""`` for NULL)."""
    return zlib.decompress(blob) if blob else b""


class SqliteDedupIndex:
    """The persistent :class:`~newsgraph.dedup.DedupIndex`: hashes, LSH bands, paragraph keys in SQLite."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def lookup_hash(self, body_hash: str) -> int | None:
        row = self.conn.execute(
            "SELECT article_id FROM body_hashes WHERE hash = ?", (body_hash,)
        ).fetchone()
        return None if row is None else int(row[0])

    def _ids(self, table: str, keys: Sequence[int]) -> set[int]:
        if not keys:
            return set()
        marks = ",".join("?" * len(keys))
        sql = (f"SELECT DISTINCT article_id FROM {table} WHERE key IN ({marks}) "
               f"ORDER BY article_id DESC LIMIT {CANDIDATE_LIMIT}")
        return {r[0] for r in self.conn.execute(sql, list(keys))}

    def band_candidates(self, band_keys: Sequence[int]) -> set[int]:
        return self._ids("lsh_bands", band_keys)

    def paragraph_candidates(self, keys: Sequence[int]) -> set[int]:
        return self._ids("paragraph_keys", keys)

    def candidates(self, article_ids: Iterable[int]) -> list[Candidate]:
        ids = list(article_ids)
        if not ids:
            return []
        marks = ",".join("?" * len(ids))
        rows = self.conn.execute(
            f"SELECT id, signature, shingles FROM articles WHERE id IN ({marks})", ids
        )
        return [Candidate(i, np.frombuffer(sig, dtype="<u4"), n) for i, sig, n in rows]

    def body(self, article_id: int) -> str:
        row = self.conn.execute("SELECT body FROM articles WHERE id = ?", (article_id,)).fetchone()
        return "" if row is None else str(row[0])

    def add(self, article_id: int, fingerprint: Fingerprint, body: str) -> None:
        self.conn.executemany(
            "INSERT OR IGNORE INTO lsh_bands(key, article_id) VALUES (?, ?)",
            [(k, article_id) for k in fingerprint.band_keys],
        )
        if fingerprint.paragraph_keys:
            self.conn.executemany(
                "INSERT OR IGNORE INTO paragraph_keys(key, article_id) VALUES (?, ?)",
                [(k, article_id) for k in fingerprint.paragraph_keys],
            )
        self.add_hash(fingerprint.body_hash, article_id)

    def add_hash(self, body_hash: str, article_id: int) -> None:
        self.conn.execute(
            "INSERT OR IGNORE INTO body_hashes(hash, article_id) VALUES (?, ?)",
            (body_hash, article_id),
        )


class Store:
    """A newsgraph store in one SQLite file. Open with :meth:`Store.open`.

    ``conn`` is the open connection (autocommit mode; use :meth:`transaction`
    to group writes), for layers that add their own tables via migrations.
    """

    def __init__(self, conn: sqlite3.Connection, path: str, settings: Settings) -> None:
        self.conn = conn
        self.path = path
        self.settings = settings
        self.index = SqliteDedupIndex(conn)
        self.dedup = Deduplicator(self.index, settings)
        self._depth = 0
        self._owner = False  # a transaction begun by transaction() is open
        self._pending_lines: list[tuple[str, frozenset[str]]] = []

    # -- lifecycle -------------------------------------------------------------------

    @classmethod
    def open(
        cls,
        path: str | os.PathLike[str],
        settings: Settings | None = None,
        *,
        create: bool = True,
        check_same_thread: bool = True,
    ) -> Store:
        """Open (and migrate) the store at ``path``; ``":memory:"`` gives a private in-memory store.

        With ``create=False`` a missing file is an error instead of a new empty store.
        Raises :class:`StoreError` when the file is not a newsgraph store.
        """
        spath = os.fspath(path)
        if spath != ":memory:":
            file = Path(spath)
            if file.is_dir():
                raise StoreError(f"{spath} is a directory, not a store file")
            if not file.exists():
                if not create:
                    raise StoreError(f"no store at {spath} (run newsgraph ingest first)")
                if not file.parent.exists():
                    raise StoreError(f"cannot create a store at {spath}: {file.parent} does not exist")
        try:
            conn = sqlite3.connect(spath, isolation_level=None, check_same_thread=check_same_thread)
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open store {spath}: {exc}") from exc
        store = cls(conn, spath, settings or Settings())
        try:
            store._configure()
            store._migrate()
        except sqlite3.DatabaseError as exc:
            conn.close()
            if "not a database" in str(exc):
                raise StoreError(f"{spath} is not a newsgraph store (not an SQLite database)") from exc
            if "malformed" in str(exc):
                raise StoreError(f"{spath} is damaged (SQLite: {exc})") from exc
            raise StoreError(f"cannot open store {spath}: {exc}") from exc
        except BaseException:
            conn.close()
            raise
        return store

    @classmethod
    def scratch(cls, settings: Settings | None = None, *, search: bool = True) -> Store:
        """A private, empty in-memory store: a copy of one migrated once per process and
        settings, so that opening many (one per group of pages replayed) costs little.

        Without ``search`` it keeps no full-text index (:meth:`search` finds nothing): a
        store nothing will search, whose articles go elsewhere, need not tokenise every
        title and body it stores (a fifth of a ``scale`` replay's CPU, measured). Nothing
        else reads that index: deduplication and every clustering rule are unchanged.
        """
        settings = settings or Settings()
        template = _SCRATCH_TEMPLATES.get((settings, search))
        if template is None:
            template = cls.open(":memory:", settings).conn
            if not search:
                for (name,) in template.execute(
                        "SELECT name FROM sqlite_master WHERE type = 'trigger' "
                        "AND name LIKE 'articles_fts%'").fetchall():
                    template.execute(f"DROP TRIGGER {name}")
            _SCRATCH_TEMPLATES[(settings, search)] = template
        conn = sqlite3.connect(":memory:", isolation_level=None)
        template.backup(conn)
        store = cls(conn, ":memory:", settings)
        store._configure()
        return store

    def _configure(self) -> None:
        c = self.conn
        c.execute("PRAGMA journal_mode = WAL").fetchone()
        c.execute("PRAGMA foreign_keys = ON")
        c.execute("PRAGMA busy_timeout = 10000")
        c.execute("PRAGMA synchronous = NORMAL")  # durable at checkpoints; safe with WAL
        c.execute("PRAGMA cache_size = -16000")  # 16 MB page cache: bounded, so memory stays flat

    def _migrate(self) -> None:
        migrations = discover_migrations()
        if self._up_to_date(migrations):
            return  # no write lock taken: readers open freely while an ingest runs
        with self.transaction():
            tables = {r[0] for r in self.conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'")}
            if tables and "schema_migrations" not in tables:
                raise StoreError(
                    f"{self.path} is an SQLite database but not a newsgraph store "
                    f"(it has tables {', '.join(sorted(tables)[:5])})"
                )
            self.conn.execute(
                "CREATE TABLE IF NOT EXISTS schema_migrations ("
                "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
            )
            applied = {r[0] for r in self.conn.execute("SELECT version FROM schema_migrations")}
            known = {m.version for m in migrations}
            if applied - known:
                raise StoreError(
                    f"{self.path} was written by a newer newsgraph "
                    f"(schema version {max(applied)}); upgrade newsgraph to read it"
                )
            for mig in migrations:
                if mig.version in applied:
                    continue
                for statement in split_sql(mig.sql):
                    self.conn.execute(statement)
                self.conn.execute(
                    "INSERT INTO schema_migrations(version, name, applied_at) VALUES (?, ?, ?)",
                    (mig.version, mig.name, _now()),
                )
            self._check_fingerprint_scheme()

    def _up_to_date(self, migrations: list[Migration]) -> bool:
        """Whether every migration is applied and the fingerprint scheme recorded (read-only)."""
        if self.conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' "
                             "AND name = 'schema_migrations'").fetchone() is None:
            return False
        applied = {r[0] for r in self.conn.execute("SELECT version FROM schema_migrations")}
        if applied != {m.version for m in migrations}:
            return False
        row = self.conn.execute("SELECT value FROM store_meta WHERE key = 'fingerprint'").fetchone()
        if row is None:
            return False
        self._check_fingerprint_scheme()
        return True

    def _check_fingerprint_scheme(self) -> None:
        # The fingerprint scheme is the store's: a store built with other shingle or MinHash
        # parameters is opened with those. Signatures of a scheme that cannot be reproduced
        # never match: refuse rather than silently miss duplicates.
        identity = self.dedup.fingerprinter.identity()
        row = self.conn.execute("SELECT value FROM store_meta WHERE key = 'fingerprint'").fetchone()
        if row is None:
            self.conn.execute("INSERT INTO store_meta(key, value) VALUES ('fingerprint', ?)", (identity,))
            return
        if row[0] != identity:
            stored = dict(part.split("=", 1) for part in row[0].split() if "=" in part)
            try:
                adopted = self.settings.replace(**{k: int(stored[k]) for k in _SCHEME_SETTINGS})
            except (KeyError, ValueError, NewsgraphError):
                adopted = self.settings
            if adopted != self.settings:
                self.settings = adopted
                self.dedup = Deduplicator(self.index, adopted)
                identity = self.dedup.fingerprinter.identity()
        if row[0] != identity:
            raise StoreError(
                f"{self.path} was deduplicated with another fingerprint scheme ({row[0]}); "
                f"this run uses {identity}: open it with the settings it was built with"
            )

    def schema_version(self) -> int:
        """The highest migration applied."""
        row = self.conn.execute("SELECT MAX(version) FROM schema_migrations").fetchone()
        return int(row[0] or 0)

    def close(self) -> None:
        """Close the connection (an open transaction is rolled back)."""
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One batch = one transaction (``BEGIN IMMEDIATE`` … ``COMMIT``).

        Any exception, ``KeyboardInterrupt`` included, rolls the batch back and
        propagates. Nested use becomes a savepoint: an inner failure undoes only
        the inner block, so a caller may catch it and go on with the batch.
        """
        if self._depth or self.conn.in_transaction:  # inside a batch (ours or the caller's)
            name = f"sp{self._depth}"
            self.conn.execute(f"SAVEPOINT {name}")
            self._depth += 1
            mark = len(self._pending_lines)
            try:
                yield
            except BaseException:
                del self._pending_lines[mark:]
                if self.conn.in_transaction:  # SQLite ends the whole transaction on a full disk
                    self.conn.execute(f"ROLLBACK TO {name}")
                    self.conn.execute(f"RELEASE {name}")
                raise
            else:
                self.conn.execute(f"RELEASE {name}")
            finally:
                self._depth -= 1
            return
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise self.write_error(exc) from exc
        self._depth = 1
        self._owner = True
        try:
            yield
            self._flush_site_lines()
        except BaseException as exc:
            self._pending_lines.clear()
            if self.conn.in_transaction:
                with suppress(sqlite3.Error):
                    self.conn.execute("ROLLBACK")
            fatal = self.write_error(exc) if isinstance(exc, sqlite3.OperationalError) else None
            if fatal is not None and fatal.fatal:
                raise fatal from exc
            raise
        else:
            if not self.conn.in_transaction:
                raise StoreError(f"cannot write to the store {self.path}: the batch was rolled "
                                 "back by SQLite (a full disk or an I/O error)", fatal=True)
            try:
                self.conn.execute("COMMIT")
            except sqlite3.OperationalError as exc:
                with suppress(sqlite3.Error):
                    self.conn.execute("ROLLBACK")
                raise self.write_error(exc) from exc
        finally:
            self._depth = 0
            self._owner = False

    def write_error(self, exc: sqlite3.Error) -> StoreError:
        """A failed write in words: a full disk, a read-only store and a busy lock are the
        store's condition (``fatal``: no later page can be stored either), not one page's."""
        message = str(exc).lower()
        for needle, reason in _WRITE_FAILURES:
            if needle in message:
                return StoreError(f"cannot write to the store {self.path}: {reason}", fatal=True)
        return StoreError(f"cannot write to the store {self.path}: {exc}")

    def writer_lock(self, timeout_s: float | None = None,
                    on_wait: Callable[[str], None] | None = None) -> AbstractContextManager[None]:
        """Hold the store's writer lock for a whole run (see :func:`writer_lock`).

        ``timeout_s`` defaults to ``settings.store_lock_timeout_s``. In-memory stores need none.
        """
        timeout = self.settings.store_lock_timeout_s if timeout_s is None else timeout_s
        if self.path == ":memory:":
            return nullcontext()
        return writer_lock(self.path, timeout, on_wait)

    # -- pages and articles ------------------------------------------------------------

    def has_page(self, page_hash: str) -> bool:
        """Whether a page with this content hash is stored."""
        return self.conn.execute(
            "SELECT 1 FROM pages WHERE hash = ?", (page_hash,)
        ).fetchone() is not None

    def page_id_by_url(self, url: str) -> int | None:
        """The latest stored page fetched from ``url`` (normalised like stored URLs)."""
        row = self.conn.execute(
            "SELECT id FROM pages WHERE url = ? ORDER BY id DESC LIMIT 1", (normalize_url(url),)
        ).fetchone()
        return None if row is None else int(row[0])

    def page_text(self, page_id: int) -> str:
        """The stored text of a page: the coordinate system of every span and occurrence."""
        row = self.conn.execute("SELECT text FROM pages WHERE id = ?", (page_id,)).fetchone()
        if row is None:
            raise StoreError(f"no page {page_id}")
        return decompress(row[0]).decode("utf-8")

    def page_raw(self, page_id: int) -> bytes:
        """The stored raw bytes of a page, as read (``b""`` when the reader kept none)."""
        row = self.conn.execute("SELECT raw, text FROM pages WHERE id = ?", (page_id,)).fetchone()
        if row is None:
            raise StoreError(f"no page {page_id}")
        raw, text = row
        if raw is None:
            return b""
        return decompress(raw if len(raw) else text)

    def add_page(self, page: Page, articles: list[Article], *,
                 known: Sequence[Fingerprint] | None = None) -> PageOutcome:
        """Store ``page`` and its ``articles``, each article once.

        Each article is deduplicated against the store (exact, near, containment)
        and stored when new; either way an occurrence (page, start, end) records
        where it was. A page already stored (same text hash) changes nothing.
        Runs in its own transaction, or as a savepoint inside :meth:`transaction`.
        ``known``: the articles' fingerprints, when they were made already (by a
        distributed run, while segmenting), with or without their shingles: an exact
        copy then costs no tokenising, and another article only its shingles.
        """
        page_hash = page.hash
        with self.transaction():
            row = self.conn.execute("SELECT id FROM pages WHERE hash = ?", (page_hash,)).fetchone()
            if row is not None:
                ids = [r[0] for r in self.conn.execute(
                    "SELECT article_id FROM occurrences WHERE page_id = ? ORDER BY start, id",
                    (row[0],))]
                return PageOutcome(int(row[0]), False, 0, 0, ids)
            now = _now()
            page_id = self._insert_page(page, page_hash, now)
            outcome = PageOutcome(page_id, True, 0, 0)
            for n, article in enumerate(articles, 1):
                if len(article.spans) != len(article.paragraphs):
                    raise BadInput(page.source, f"article {n} has {len(article.paragraphs)} "
                                   f"paragraphs but {len(article.spans)} spans", page.record)
                # An exact copy is settled by the body hash alone: no MinHash to compute.
                fpr = self.dedup.fingerprinter
                prior = known[n - 1] if known is not None else None
                words = None if prior is not None else fpr.paragraph_words(article.paragraphs)
                body_hash = prior.body_hash if prior is not None else fpr.body_hash(words or [])
                exact = self.index.lookup_hash(body_hash)
                fp: Fingerprint | None = None
                found: list[Match] = []
                if exact is not None:
                    match: Match | None = Match(exact, "exact", 1.0)
                else:
                    fp = (fpr.fingerprint(article.paragraphs, words=words) if prior is None
                          else fpr.with_shingles(prior, article.paragraphs))
                    found = self.dedup.matches(fp)
                    parts = self._parts_of(fp, found)
                    if parts:  # several stored articles run together on this page
                        for part_id, similarity in parts:
                            occ = self._add_occurrence(part_id, page_id, article, "contains",
                                                       similarity)
                        self._remember_container(occ, fp)
                        outcome.duplicates += 1
                        outcome.article_ids.append(parts[0][0])
                        continue
                    match = None
                    for verdict in found:
                        if better_match(verdict, match):
                            match = verdict
                if match is None:
                    assert fp is not None
                    article_id = self._insert_article(article, page, fp, now)
                    self.index.add(article_id, fp, article.body)
                    kind, similarity = "first", 1.0
                    outcome.new_articles += 1
                else:
                    article_id = match.article_id
                    kind, similarity = match.kind, match.similarity
                    self.index.add_hash(body_hash, article_id)
                    self._merge_captions(article_id, article)
                    # A later copy fills in what the first one lacked (e.g. the publication
                    # date of an HTML copy of a text page); nothing known is overwritten.
                    self.conn.execute(
                        "UPDATE articles SET updated_at = ?, agency = COALESCE(agency, ?), "
                        "author = COALESCE(author, ?), published = COALESCE(published, ?), "
                        "language = COALESCE(language, ?) WHERE id = ?",
                        (now, article.agency, article.author or page.author,
                         article.published or page.published, article.language or page.language,
                         article_id))
                    if article.title:  # its own statement: naming title re-indexes FTS
                        self.conn.execute(
                            "UPDATE articles SET title = ? WHERE id = ? AND title IS NULL",
                            (article.title, article_id))
                    outcome.duplicates += 1
                occ = self._add_occurrence(article_id, page_id, article, kind, similarity)
                if fp is not None:
                    if kind == "contains" and self._longer_by_much(fp, article_id):
                        self._remember_container(occ, fp)
                        for other in found:  # the other stored articles this page holds too
                            if other.kind == "contains" and other.article_id != article_id:
                                self._add_occurrence(other.article_id, page_id, article,
                                                     "contains", other.similarity)
                    if kind == "contained":
                        article_id = self._divide_if_parts(article_id, page_id, article, now)
                    self._link_to_containers(article_id, fp)
                outcome.article_ids.append(article_id)
            return outcome

    def _add_occurrence(self, article_id: int, page_id: int, article: Article, kind: str,
                        similarity: float) -> int | None:
        """Record where an article occurred; returns the occurrence's id (None when known)."""
        cur = self.conn.execute(
            'INSERT OR IGNORE INTO occurrences(article_id, page_id, start, "end", spans, '
            "match, similarity, title) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (article_id, page_id, article.start, article.end, spans_json(article.spans), kind,
             round(similarity, 4), article.title),
        )
        return int(cur.lastrowid) if cur.rowcount else None

    # -- pages that carry several articles -----------------------------------------------------
    #
    # A page the segmentation did not split holds two articles (or more) as one. Whatever
    # order the pages come in, the store ends with each of those articles once and the
    # page as an occurrence of each: a page that contains two stored articles is recorded as
    # an occurrence of both (_parts_of); a stored article that later copies show to be two
    # articles is divided into them (_divide_if_parts); and a copy much longer than the
    # stored one becomes its text (_take_longer_body), so the third order is one of these.

    def _shingles_of(self, article_id: int) -> np.ndarray:
        return self.dedup.fingerprinter.shingles(self.index.body(article_id))

    def _parts_of(self, fp: Fingerprint, found: Sequence[Match]) -> list[tuple[int, float]]:
        """The stored articles this new one is made of, when it is two or more of them."""
        inside = {m.article_id: m.similarity for m in found if m.kind == "contains"}
        if len(inside) < 2:
            return []
        parts = split_parts(fp.shingles, [(i, self._shingles_of(i)) for i in sorted(inside)])
        return [(i, inside[i]) for i in sorted(parts)] if parts else []

    def _longer_by_much(self, fp: Fingerprint, article_id: int) -> bool:
        """Whether the new copy holds a whole article's worth more than the stored one."""
        rest = len(np.setdiff1d(fp.shingles, self._shingles_of(article_id), assume_unique=True))
        return rest >= max(self.settings.containment_min_shingles,
                           (1 - PARTS_MIN_COVER) * len(fp.shingles))

    def _remember_container(self, occurrence_id: int | None, fp: Fingerprint) -> None:
        """Index an occurrence that holds much more than its article (see container_keys)."""
        if occurrence_id is None:
            return
        keys = sorted(set(fp.band_keys) | set(fp.paragraph_keys))
        self.conn.executemany(
            "INSERT OR IGNORE INTO container_keys(key, occurrence_id) VALUES (?, ?)",
            [(k, occurrence_id) for k in keys])

    def _link_to_containers(self, article_id: int, fp: Fingerprint) -> None:
        """Record the article on the pages already stored that carry it beside another one."""
        s = self.settings
        if fp.shingle_count < s.containment_min_shingles:
            return
        keys = sorted(set(fp.band_keys) | set(fp.paragraph_keys))
        if not keys:
            return
        marks = ",".join("?" * len(keys))
        rows = self.conn.execute(
            f'SELECT DISTINCT o.id, o.article_id, o.page_id, o.start, o."end", o.spans, o.title '
            f"FROM container_keys k JOIN occurrences o ON o.id = k.occurrence_id "
            f"WHERE k.key IN ({marks}) ORDER BY o.id LIMIT {_MAX_PARTS_CHECKED}", keys).fetchall()
        for _occ, owner, page_id, start, end, spans_json, title in rows:
            if owner == article_id:
                continue
            spans = [(int(a), int(b)) for a, b in json.loads(spans_json)]
            text = self.page_text(page_id)
            there = self.dedup.fingerprinter.shingles(PARAGRAPH_SEP.join(text[a:b] for a, b in spans))
            inside = len(np.intersect1d(fp.shingles, there, assume_unique=True)) / len(fp.shingles)
            if inside >= s.containment_threshold:
                self.conn.execute(
                    'INSERT OR IGNORE INTO occurrences(article_id, page_id, start, "end", spans, '
                    "match, similarity, title) VALUES (?, ?, ?, ?, ?, 'contains', ?, ?)",
                    (article_id, page_id, start, end, spans_json, round(inside, 4), title))

    def _divide_if_parts(self, article_id: int, page_id: int, article: Article, now: str) -> int:
        """Divide the stored article into the articles its shorter copies show it is made of,
        when they are two or more (see :func:`~newsgraph.dedup.split_parts`); returns the
        article the copy just added now belongs to.

        Every copy then goes where it would have gone had the parts been stored first: a
        shorter copy (and an exact copy of one, matched by its body hash) to the part it
        shares most with, a copy of the whole article to every part.
        """
        rows = self.conn.execute(
            'SELECT id, page_id, spans, title FROM occurrences '
            "WHERE article_id = ? AND match = 'contained' ORDER BY id LIMIT ?",
            (article_id, _MAX_PARTS_CHECKED)).fetchall()
        if len(rows) < 2:
            return article_id
        copies = {occ_id: self._occurrence_copy(occ_page, spans_json, title)
                  for occ_id, occ_page, spans_json, title in rows}
        fpr = self.dedup.fingerprinter
        shingles = {i: fpr.shingles(PARAGRAPH_SEP.join(c[0])) for i, c in copies.items()}
        whole = self._shingles_of(article_id)
        parts = split_parts(whole, list(shingles.items()))
        if not parts:
            return article_id
        whole_body, whole_hash = self.conn.execute(
            "SELECT body, body_hash FROM articles WHERE id = ?", (article_id,)).fetchone()
        # Exact copies: of the whole article (its own body hash, or a near copy's), of a
        # longer version of it (both carry the whole), or of one of its shorter copies (the
        # hash such a copy left in the index): only those are a part's.
        for occ_id, occ_page, spans_json, title in self.conn.execute(
                "SELECT id, page_id, spans, title FROM occurrences "
                "WHERE article_id = ? AND match = 'exact' ORDER BY id", (article_id,)).fetchall():
            copy = self._occurrence_copy(occ_page, spans_json, title)
            if body_hash(PARAGRAPH_SEP.join(copy[0])) == whole_hash:
                continue
            sh = fpr.shingles(PARAGRAPH_SEP.join(copy[0]))
            verdict = compare_shingles(sh, whole, self.settings)
            if verdict is not None and verdict[0] == "contained":
                copies[occ_id], shingles[occ_id] = copy, sh
        new_ids: dict[int, int] = {}
        hashes: list[tuple[str, int]] = []
        for part in parts:
            paragraphs, spans, title, occ_page = copies[part]
            piece = Article(title=title, paragraphs=paragraphs, spans=spans, start=spans[0][0],
                            end=spans[-1][1])
            fp = fpr.fingerprint(paragraphs)
            page_row = self.conn.execute(
                "SELECT site, fetched_at, published, author, language FROM pages WHERE id = ?",
                (occ_page,)).fetchone()
            source = Page(source="", text="", format="", site=page_row[0], fetched_at=page_row[1],
                          published=page_row[2], author=page_row[3], language=page_row[4])
            new_ids[part] = self._insert_article(piece, source, fp, now)
            self.index.add(new_ids[part], fp, piece.body)
            # Its own hash led to the whole until now (the copy was merged into it): it is
            # indexed again below, once the whole and what led to it are gone.
            hashes.append((fp.body_hash, new_ids[part]))
        # Every other shorter copy goes with the part it shares most with.
        for occ_id, sh in shingles.items():
            if occ_id in new_ids:
                self.conn.execute("UPDATE occurrences SET article_id = ?, match = 'first' "
                                  "WHERE id = ?", (new_ids[occ_id], occ_id))
                continue
            best = max(parts, key=lambda p: (len(np.intersect1d(sh, shingles[p], assume_unique=True)),
                                             -p))
            self.conn.execute("UPDATE occurrences SET article_id = ? WHERE id = ?",
                              (new_ids[best], occ_id))
            hashes.append((body_hash(PARAGRAPH_SEP.join(copies[occ_id][0])), new_ids[best]))
        # The pages that carried the article whole carry each of its parts.
        carriers: list[int] = []
        for occ_page, start, end, spans_json, title in self.conn.execute(
                'SELECT page_id, start, "end", spans, title FROM occurrences WHERE article_id = ? '
                "ORDER BY id", (article_id,)).fetchall():
            for new_id in sorted(new_ids.values()):
                cur = self.conn.execute(
                    'INSERT OR IGNORE INTO occurrences(article_id, page_id, start, "end", spans, '
                    "match, similarity, title) VALUES (?, ?, ?, ?, ?, 'contains', 1.0, ?)",
                    (new_id, occ_page, start, end, spans_json, title))
                if cur.rowcount:
                    carriers.append(int(cur.lastrowid or 0))
        self.conn.execute("DELETE FROM articles WHERE id = ?", (article_id,))
        # What the index knew of the article now leads to its parts: the copies' hashes to
        # the part each joined, and the whole's keys to the pages that carry the parts (as
        # when the parts were stored first, see _parts_of), so later articles find them.
        for copy_hash, new_id in hashes:
            self.index.add_hash(copy_hash, new_id)
        whole_fp = fpr.fingerprint(whole_body)
        for occ in carriers:
            self._remember_container(occ, whole_fp)
        row = self.conn.execute(
            'SELECT article_id FROM occurrences WHERE page_id = ? AND start = ? AND "end" = ? '
            "ORDER BY id LIMIT 1", (page_id, article.start, article.end)).fetchone()
        return int(row[0]) if row else article_id

    def _occurrence_copy(self, page_id: int, spans_json: str, title: str | None
                         ) -> tuple[list[str], list[tuple[int, int]], str | None, int]:
        """An occurrence's paragraphs as cut from its page, its spans, title and page."""
        text = self.page_text(page_id)
        spans = [(int(a), int(b)) for a, b in json.loads(spans_json)]
        return [text[a:b] for a, b in spans], spans, title, page_id

    def _insert_page(self, page: Page, page_hash: str, now: str) -> int:
        text = page.text.encode("utf-8")
        # Raw bytes identical to the text (plain text pages) are kept once: an empty raw blob.
        raw = None if not page.raw else b"" if page.raw == text else compress(page.raw)
        cur = self.conn.execute(
            "INSERT INTO pages(hash, source, record, format, url, site, fetched_at, published, "
            "title, author, language, description, raw, text, added_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (page_hash, page.source, page.record, page.format, normalize_url(page.url), page.site,
             page.fetched_at, page.published, page.title, page.author, page.language,
             page.description, raw, compress(text), now),
        )
        return int(cur.lastrowid or 0)

    def _insert_article(self, article: Article, page: Page, fp: Fingerprint, now: str) -> int:
        cur = self.conn.execute(
            "INSERT INTO articles(title, body, agency, author, published, language, site, "
            "body_hash, signature, shingles, first_seen, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (article.title, article.body, article.agency, article.author or page.author,
             article.published or page.published, article.language or page.language, page.site,
             fp.body_hash, fp.signature.astype("<u4").tobytes(), fp.shingle_count,
             page.fetched_at or now, now),
        )
        article_id = int(cur.lastrowid or 0)
        if article.captions:
            self.conn.executemany(
                "INSERT OR IGNORE INTO captions(article_id, position, text, credit) VALUES (?, ?, ?, ?)",
                [(article_id, i, c.text, c.credit) for i, c in enumerate(article.captions)],
            )
        if article.subheadings:
            self.conn.executemany(
                "INSERT INTO subheadings(article_id, position, text, before_paragraph) "
                "VALUES (?, ?, ?, ?)",
                [(article_id, i, s.text, s.before) for i, s in enumerate(article.subheadings)],
            )
        return article_id

    def _merge_captions(self, article_id: int, article: Article) -> None:
        # A copy may carry a photo the first one lacked; captions already known are ignored.
        if not article.captions:
            return
        row = self.conn.execute(
            "SELECT COALESCE(MAX(position) + 1, 0) FROM captions WHERE article_id = ?", (article_id,)
        ).fetchone()
        self.conn.executemany(
            "INSERT OR IGNORE INTO captions(article_id, position, text, credit) VALUES (?, ?, ?, ?)",
            [(article_id, row[0] + i, c.text, c.credit) for i, c in enumerate(article.captions)],
        )

    # -- site templates -------------------------------------------------------------------

    def learn_site_lines(self, site: str, keys: Collection[str]) -> None:
        """Count one page of ``site`` holding the line ``keys`` (each counted once per page).

        Call it once per new page (check :meth:`has_page` first): re-learning a
        page counts it again. Inside a batch the counts are gathered in memory and
        written once per line at commit (furniture lines repeat on every page), or
        when :meth:`site_furniture` is asked.
        """
        entry = (site, frozenset(keys))
        if self._owner:
            self._pending_lines.append(entry)
            if self._depth == 1 and len(self._pending_lines) >= _MAX_PENDING_PAGES:
                self._flush_site_lines()
        elif self.conn.in_transaction:  # a transaction the caller began itself
            self._write_site_lines([entry])
        else:
            with self.transaction():
                self._pending_lines.append(entry)

    def _flush_site_lines(self) -> None:
        # Only at the top level of a batch: a savepoint rollback must not undo a flush.
        if self._pending_lines:
            pending, self._pending_lines = self._pending_lines, []
            self._write_site_lines(pending)

    def _write_site_lines(self, entries: Sequence[tuple[str, frozenset[str]]]) -> None:
        site_ids = {
            site: self.conn.execute(
                "INSERT INTO sites(site, pages) VALUES (?, ?) ON CONFLICT(site) "
                "DO UPDATE SET pages = pages + excluded.pages RETURNING id", (site, n)).fetchone()[0]
            for site, n in Counter(site for site, _ in entries).items()
        }
        lines = Counter((site, key) for site, keys in entries for key in keys)
        self.conn.executemany(
            "INSERT INTO site_lines(site_id, key, pages) VALUES (?, ?, ?) "
            "ON CONFLICT(site_id, key) DO UPDATE SET pages = pages + excluded.pages",
            [(site_ids[site], _encode_key(key), n) for (site, key), n in lines.items()],
        )

    def site_pages(self, site: str) -> int:
        """Pages of ``site`` learned from so far (written or pending in this batch)."""
        row = self.conn.execute("SELECT pages FROM sites WHERE site = ?", (site,)).fetchone()
        pending = sum(1 for name, _ in self._pending_lines if name == site)
        return (int(row[0]) if row else 0) + pending

    def site_line_counts(self, site: str, *, at_least: int | None = None,
                         keys: Collection[str] | None = None) -> dict[str, int]:
        """On how many learned pages of ``site`` each line was: the lines seen on at least
        ``at_least`` pages, or the lines ``keys`` (those seen at all)."""
        if self._owner and self._depth == 1:
            self._flush_site_lines()
        row = self.conn.execute("SELECT id FROM sites WHERE site = ?", (site,)).fetchone()
        if row is None:
            return {}
        if keys is not None:
            found: dict[str, int] = {}
            for key in keys:
                hit = self.conn.execute("SELECT pages FROM site_lines WHERE site_id = ? AND key = ?",
                                        (row[0], _encode_key(key))).fetchone()
                if hit:
                    found[key] = int(hit[0])
            return found
        least = max(1, at_least or 1)
        frequent = " AND pages >= 2" if least >= 2 else ""
        return {_decode_key(k): int(n) for k, n in self.conn.execute(
            f"SELECT key, pages FROM site_lines WHERE site_id = ? AND pages >= ?{frequent}",
            (row[0], least))}

    def site_furniture(self, site: str) -> frozenset[str]:
        """Line keys seen on at least ``site_furniture_min_pages`` pages of ``site``
        and on at least ``site_furniture_min_share`` of its pages.

        Inside a savepoint (a nested :meth:`transaction`), lines learned in the
        current batch but not yet written are not counted.
        """
        if self._owner and self._depth == 1:
            self._flush_site_lines()
        row = self.conn.execute("SELECT id, pages FROM sites WHERE site = ?", (site,)).fetchone()
        if row is None:
            return frozenset()
        site_id, pages = row
        need = self.settings.furniture_min_pages(pages)
        # The partial index holds only lines seen on two pages or more (most lines are seen once).
        frequent = " AND pages >= 2" if need >= 2 else ""
        return frozenset(_decode_key(r[0]) for r in self.conn.execute(
            f"SELECT key FROM site_lines WHERE site_id = ? AND pages >= ?{frequent}", (site_id, need)))

    # -- queries (see store.queries) ---------------------------------------------------------

    def articles(self, limit: int = 50, offset: int = 0, site: str | None = None) -> list[ArticleSummary]:
        """Articles, newest first, optionally of one site."""
        return queries.list_articles(self.conn, limit=limit, offset=offset, site=site)

    def article(self, article_id: int) -> ArticleDetail:
        """One article with captions, subheadings and occurrences; raises ArticleNotFound."""
        return queries.get_article(self.conn, article_id)

    def search(self, query: str, limit: int = 20, *, offset: int = 0,
               highlight: tuple[str, str] = ("«", "»")) -> list[SearchHit]:
        """Full-text search (bm25-ranked, with snippets); any user text is safe to pass.

        Raises StoreError when the query runs longer than ``settings.query_time_limit_s``.
        """
        return queries.search(self.conn, query, limit=limit, offset=offset, highlight=highlight,
                              time_limit_s=self.settings.query_time_limit_s)

    def duplicate_clusters(self, limit: int = 50) -> list[DuplicateCluster]:
        """Articles seen more than once, with every page that carried them."""
        return queries.duplicate_clusters(self.conn, limit=limit)

    def stats(self) -> StoreStats:
        """Counts of pages, articles, occurrences, duplicates merged, sites…"""
        return queries.stats(self.conn, self.path)

    def export(self, format: str, destination: str | os.PathLike[str] | IO[Any]) -> int:
        """Write every article (with captions, subheadings, occurrences) as ``jsonl``, ``csv``
        or ``parquet`` to a path or open file; returns the number of articles written."""
        from newsgraph.store.export import export

        return export(self.conn, format, destination)


_HEX_KEY = re.compile(r"[0-9a-f]{16}")


@contextmanager
def writer_lock(db_path: str | os.PathLike[str], timeout_s: float,
                on_wait: Callable[[str], None] | None = None) -> Iterator[None]:
    """Hold the writer lock of the store at ``db_path`` (a ``<store>.lock`` file beside it).

    One run at a time writes a store (``ingest``, ``enrich``, ``load``): a second one
    waits up to ``timeout_s``, saying so once through ``on_wait``, then raises
    :class:`StoreError`. The lock is the operating system's (``flock``): a run that is
    killed releases it at once. The store itself need not exist yet.
    """
    if fcntl is None:
        yield
        return
    path = os.fspath(db_path)
    lock_path = f"{path}.lock"
    try:
        handle = open(lock_path, "a+")  # noqa: SIM115 - closed below
    except OSError as exc:
        raise StoreError(f"cannot write to the store {path}: cannot create its lock "
                         f"file {lock_path}: {exc.strerror or exc}", fatal=True) from exc
    try:
        deadline = time.monotonic() + timeout_s
        told = False
        while True:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise StoreError(
                        f"the store {path} is being written by another newsgraph run "
                        f"(still after waiting {timeout_s:g} s); try again when it has "
                        "finished, or raise store_lock_timeout_s") from None
                if not told and on_wait is not None:
                    on_wait(f"waiting for another newsgraph run to finish writing to "
                            f"{path} (up to {timeout_s:g} s)")
                    told = True
                time.sleep(min(0.2, max(deadline - time.monotonic(), 0.01)))
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
    finally:
        handle.close()


def _encode_key(key: str) -> int | str:
    """A 16-hex-digit line key (what ``clean.line_key`` makes) as a signed 64-bit integer:
    half the size of the text, so the site line table stays small; other keys as they are."""
    return int(key, 16) - (1 << 63) if _HEX_KEY.fullmatch(key) else key


def _decode_key(value: int | str) -> str:
    return format(value + (1 << 63), "016x") if isinstance(value, int) else value


def spans_json(spans: Sequence[Sequence[int]]) -> str:
    """Paragraph spans as the JSON the occurrences table holds (``[[a,b],...]``)."""
    return "[" + ",".join(f"[{int(a)},{int(b)}]" for a, b in spans) + "]"
