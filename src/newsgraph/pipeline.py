"""Composes the stages: read → segment → dedup/store (→ enrich). Streaming and batched.

The stages know nothing of each other; this module wires them and keeps the
per-stage counters a run reports.
"""

from __future__ import annotations

import os
import pickle
import sqlite3
import tempfile
import zlib
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from newsgraph.clean import line_keys
from newsgraph.enrich.language import guess_language
from newsgraph.errors import StoreError
from newsgraph.model import Article, Page, ReadError
from newsgraph.read import ReadStats, read_pages
from newsgraph.read.maintext import main_text_articles
from newsgraph.segment import is_boilerplate, segment, split_caption
from newsgraph.settings import Settings

if TYPE_CHECKING:
    from newsgraph.store import Store

Progress = Callable[[int], None]


def extract_page(
    page: Page, *, furniture: Collection[str] = frozenset(), settings: Settings | None = None
) -> list[Article]:
    """The articles on ``page``, with the page's metadata carried onto each article.

    Text that a DOM extractor already cut down to the main content (HTML pages)
    keeps every line segmentation does not set aside; other pages are segmented.
    """
    if page.extraction == "trafilatura":
        articles = main_text_articles(page, furniture=furniture, settings=settings)
    else:
        articles = segment(page.text, furniture=furniture, title_hint=page.title, settings=settings)
    for article in articles:
        article.published = article.published or page.published
        article.author = article.author or page.author
        article.agency = article.agency or page.agency
        article.language = guess_language(article.body) or article.language or page.language
    if page.captions and len(articles) == 1:  # figure captions from the markup (HTML)
        article = articles[0]
        known = {c.text for c in article.captions}
        for caption in map(split_caption, page.captions):
            if caption.text in known or caption.text in article.paragraphs:
                continue
            if not is_boilerplate(caption.text):  # "Subscribe to our magazine" under an ad
                article.captions.append(caption)
                known.add(caption.text)
    return articles


def furniture_candidates(page: Page, settings: Settings) -> set[str]:
    """Keys of the page's short lines: the only lines that may become site furniture."""
    return line_keys(page.text, settings.site_furniture_max_words)


def learns_from(page: Page, site_pages: int, settings: Settings) -> bool:
    """Whether the store learns site furniture from ``page``, its site having ``site_pages``.

    Every page until the site is well known, then a sample of one page in
    ``site_learn_every`` picked by page hash: line shares stay unbiased and the
    choice does not depend on input order, while a large site costs a fraction
    of the writes.
    """
    return learns_from_hash(page.hash, site_pages, settings)


def learns_from_hash(page_hash: str, site_pages: int, settings: Settings) -> bool:
    """:func:`learns_from` for the page with hash ``page_hash``."""
    if site_pages < settings.site_learn_all_pages:
        return True
    return int(page_hash[:8], 16) % settings.site_learn_every == 0


class SiteLines:
    """Site furniture learned in memory, for runs without a store (``newsgraph extract``).

    Same rule as the store's: a short line seen on at least ``site_furniture_min_pages``
    pages of a site, and on at least ``site_furniture_min_share`` of them; large sites
    are learned from the same sample (:func:`learns_from`). Memory stays bounded on
    long runs: every ``PRUNE_EVERY`` pages of a site, lines seen on under a tenth of
    the furniture share are forgotten (furniture is on most pages, not a few).
    """

    PRUNE_EVERY = 1024

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._pages: Counter[str] = Counter()
        self._lines: dict[str, Counter[str]] = {}

    def learn(self, site: str, keys: Collection[str], page: Page | None = None) -> None:
        """Count one page of ``site`` holding the lines ``keys`` (a sample once the site is large)."""
        if page is not None and not learns_from(page, self._pages[site], self.settings):
            return
        self._pages[site] += 1
        lines = self._lines.setdefault(site, Counter())
        lines.update(keys)
        pages = self._pages[site]
        if pages % self.PRUNE_EVERY == 0:
            floor = self.settings.site_furniture_min_share * pages / 10
            self._lines[site] = Counter({k: n for k, n in lines.items() if n >= floor})

    def furniture(self, site: str) -> frozenset[str]:
        """The keys that are furniture for ``site`` so far."""
        pages = self._pages[site]
        need = self.settings.furniture_min_pages(pages)
        return frozenset(k for k, n in self._lines.get(site, Counter()).items() if n >= need)


@dataclass(slots=True)
class PageResult:
    """One page and the articles cut from it."""

    page: Page
    articles: list[Article]

    def to_dict(self) -> dict[str, object]:
        """The JSON shape of ``newsgraph extract``."""
        return {
            "source": self.page.source,
            "record": self.page.record,
            "url": self.page.url,
            "site": self.page.site,
            "format": self.page.format,
            "articles": [a.to_dict() for a in self.articles],
        }


def extract(
    paths: Iterable[str], *, settings: Settings | None = None, learn_sites: bool = True
) -> Iterator[PageResult | ReadError]:
    """Read and segment pages without any store; site furniture is learned in memory."""
    settings = settings or Settings()
    sites = SiteLines(settings)
    for item in read_pages(paths, settings):
        if isinstance(item, ReadError):
            yield item
            continue
        furniture: frozenset[str] = frozenset()
        if learn_sites and item.site:
            keys = furniture_candidates(item, settings)
            sites.learn(item.site, keys, item)
            furniture = sites.furniture(item.site) & keys
        yield PageResult(item, extract_page(item, furniture=furniture, settings=settings))


@dataclass(slots=True)
class IngestStats:
    """Counters of one ingest run."""

    pages_read: int = 0
    pages_new: int = 0
    pages_known: int = 0
    articles_found: int = 0
    articles_new: int = 0
    duplicates_merged: int = 0
    errors: list[ReadError] = field(default_factory=list)
    read: ReadStats = field(default_factory=ReadStats)
    """The readers' counters: formats, records and files skipped on purpose."""

    @property
    def records_skipped(self) -> int:
        """WARC records passed over on purpose (requests, metadata, non-HTML)."""
        return self.read.skipped

    def to_dict(self) -> dict[str, object]:
        """Plain dict for ``--json``."""
        return {
            "pages_read": self.pages_read,
            "records_skipped": self.read.skipped,
            "records_skipped_by_reason": dict(self.read.records_skipped),
            "files_skipped": sum(self.read.files_skipped.values()),
            "pages_new": self.pages_new,
            "pages_already_stored": self.pages_known,
            "articles_found": self.articles_found,
            "articles_new": self.articles_new,
            "duplicates_merged": self.duplicates_merged,
            "errors": [str(e) for e in self.errors],
        }


def ingest(
    paths: Iterable[str],
    store: Store,
    *,
    settings: Settings | None = None,
    progress: Progress | None = None,
    on_error: Callable[[ReadError], None] | None = None,
) -> IngestStats:
    """Read, segment and store pages; each batch of pages is one transaction.

    Two passes: the pages are read once, each new page kept in a scratch file (a
    temporary folder) while its site's lines are counted; then each site's furniture
    is what the store knew plus what the whole run shows (:class:`RunSites`), and the
    pages are segmented and stored with it. So the result does not depend on the
    order pages come in within a run (a site's first pages are cut with the same
    furniture as its last), and ``scale`` learns the same furniture from the same
    pages.

    A page already in the store is skipped, so ingesting the same input twice
    changes nothing. An interrupted run loses at most the batch in flight.
    """
    settings = settings or store.settings
    stats = IngestStats()
    batch: list[tuple[Page, bool, set[str]]] = []

    def flush(sites: RunSites) -> None:
        if not batch:
            return
        with store.transaction():
            for page, learn, keys in batch:
                try:  # add_page is a savepoint in the batch: a page that fails is undone alone
                    _ingest_one(page, learn, keys, store, settings, stats, sites)
                except sqlite3.OperationalError as exc:
                    if store.write_error(exc).fatal:
                        raise  # the store itself cannot be written: one error for the run
                    error = ReadError(page.source, f"page not stored: {exc}", page.record)
                    stats.errors.append(error)
                    if on_error:
                        on_error(error)
                except StoreError as exc:
                    if exc.fatal:
                        raise
                    error = ReadError(page.source, f"page not stored: {exc}", page.record)
                    stats.errors.append(error)
                    if on_error:
                        on_error(error)
                except Exception as exc:  # one bad page is reported; the batch and run go on
                    error = ReadError(page.source, f"page not stored: {_plain(exc)}", page.record)
                    stats.errors.append(error)
                    if on_error:
                        on_error(error)
        if progress:
            progress(len(batch))
        batch.clear()

    with RunSites(store, settings) as sites:
        for item in read_pages(paths, settings, stats=stats.read):
            if isinstance(item, ReadError):
                stats.errors.append(item)
                if on_error:
                    on_error(item)
                continue
            stats.pages_read += 1
            if not sites.add(item):
                stats.pages_known += 1  # stored before, or read earlier in this run
        sites.settle()
        for kept in sites.pages():
            batch.append(kept)
            if len(batch) >= settings.batch_size:
                flush(sites)
        flush(sites)
    return stats


def _plain(exc: BaseException) -> str:
    """An unexpected failure in words, without the internal exception's name."""
    if isinstance(exc, RecursionError):
        return "its structure is nested too deeply"
    if isinstance(exc, MemoryError):
        return "out of memory on this page"
    message = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return message[:300] or "an internal error (please report it with this page)"


class RunSites:
    """The pages of one ingest run, kept aside while each site's lines are counted.

    :meth:`add` keeps a new page (once, however often it is read) in a scratch
    SQLite file in a temporary folder and counts its short lines when the store
    would learn from it (:func:`learns_from`, with the store's page count plus the
    run's so far). :meth:`settle` then fixes each site's furniture for the run: the
    store's rule (:meth:`Settings.furniture_min_pages`) over the pages the store
    had learned from and the run's together. Memory stays flat: pages and line
    counts are on disk, a few thousand pages' lines wait in memory at a time.
    """

    FLUSH_PAGES = 4096

    def __init__(self, store: Store, settings: Settings) -> None:
        self.store = store
        self.settings = settings
        self._folder: tempfile.TemporaryDirectory[str] | None = None
        self._conn: sqlite3.Connection | None = None
        self._learned: Counter[str] = Counter()  # this run's pages learned from, per site
        self._prior: dict[str, int] = {}  # the store's, per site
        self._pending: Counter[tuple[str, str]] = Counter()
        self._pending_pages = 0
        self.furniture: dict[str, frozenset[str]] = {}

    def __enter__(self) -> RunSites:
        self._folder = tempfile.TemporaryDirectory(prefix="newsgraph-ingest-")
        self._conn = sqlite3.connect(os.path.join(self._folder.name, "run.db"),
                                     isolation_level=None)
        self._conn.execute("PRAGMA journal_mode = OFF")
        self._conn.execute("PRAGMA synchronous = OFF")
        self._conn.execute("CREATE TABLE pages (seq INTEGER PRIMARY KEY, hash TEXT UNIQUE, "
                           "learn INTEGER NOT NULL, data BLOB NOT NULL)")
        self._conn.execute("CREATE TABLE lines (site TEXT, key TEXT, pages INTEGER, "
                           "PRIMARY KEY (site, key)) WITHOUT ROWID")
        self._conn.execute("BEGIN")
        return self

    def __exit__(self, *exc: object) -> None:
        if self._conn is not None:
            self._conn.close()
        if self._folder is not None:
            self._folder.cleanup()

    @property
    def conn(self) -> sqlite3.Connection:
        assert self._conn is not None, "use RunSites as a context manager"
        return self._conn

    def add(self, page: Page) -> bool:
        """Keep ``page`` for the second pass; False when stored before or already kept."""
        page_hash = page.hash
        if self.store.has_page(page_hash):
            return False
        learn = False
        keys: set[str] = set()
        site = page.site
        if site:
            if site not in self._prior:
                self._prior[site] = self.store.site_pages(site)
            learn = learns_from(page, self._prior[site] + self._learned[site], self.settings)
            keys = furniture_candidates(page, self.settings)
        cur = self.conn.execute("INSERT OR IGNORE INTO pages(hash, learn, data) VALUES (?, ?, ?)",
                                (page_hash, learn, zlib.compress(pickle.dumps((page, keys)), 1)))
        if not cur.rowcount:
            return False
        if learn and site:
            self._learned[site] += 1
            self._pending.update((site, k) for k in keys)
            self._pending_pages += 1
            if self._pending_pages >= self.FLUSH_PAGES:
                self._flush()
        return True

    def _flush(self) -> None:
        self.conn.executemany(
            "INSERT INTO lines(site, key, pages) VALUES (?, ?, ?) ON CONFLICT(site, key) "
            "DO UPDATE SET pages = pages + excluded.pages",
            [(site, key, n) for (site, key), n in self._pending.items()])
        self._pending.clear()
        self._pending_pages = 0

    def settle(self) -> None:
        """Fix each site's furniture for the run (after every page was added)."""
        self._flush()
        self.conn.execute("COMMIT")
        for site, learned in self._learned.items():
            prior = self._prior[site]
            need = self.settings.furniture_min_pages(prior + learned)
            # A line's count is the store's plus the run's; each is at most its page count.
            run = dict(self.conn.execute("SELECT key, pages FROM lines WHERE site = ? AND "
                                         "pages >= ?", (site, max(1, need - prior))))
            known = self.store.site_line_counts(site, at_least=max(1, need - learned))
            known.update(self.store.site_line_counts(site, keys=set(run) - set(known)))
            self.furniture[site] = frozenset(
                k for k in set(run) | set(known) if run.get(k, 0) + known.get(k, 0) >= need)

    def pages(self) -> Iterator[tuple[Page, bool, set[str]]]:
        """The kept pages in the order read, each with whether the store learns from it and
        its furniture candidates (:func:`furniture_candidates`, read once in :meth:`add`)."""
        last = 0
        while True:
            rows = self.conn.execute("SELECT seq, learn, data FROM pages WHERE seq > ? "
                                     "ORDER BY seq LIMIT 256", (last,)).fetchall()
            if not rows:
                return
            for seq, learn, data in rows:
                last = seq
                page, keys = pickle.loads(zlib.decompress(data))
                yield page, bool(learn), keys

    def of(self, page: Page, keys: set[str]) -> frozenset[str]:
        """The furniture of ``page``'s site that is on the page (often none)."""
        return self.furniture.get(page.site or "", frozenset()) & keys


def _ingest_one(page: Page, learn: bool, keys: set[str], store: Store, settings: Settings,
                stats: IngestStats, sites: RunSites) -> None:
    if store.has_page(page.hash):
        stats.pages_known += 1
        return
    furniture: frozenset[str] = frozenset()
    if page.site:
        if learn:
            store.learn_site_lines(page.site, keys)
        furniture = sites.of(page, keys)
    articles = extract_page(page, furniture=furniture, settings=settings)
    outcome = store.add_page(page, articles)
    stats.pages_new += int(outcome.new_page)
    stats.articles_found += len(articles)
    stats.articles_new += outcome.new_articles
    stats.duplicates_merged += outcome.duplicates
