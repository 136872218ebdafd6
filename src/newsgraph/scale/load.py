"""``newsgraph load``: a ``scale`` output folder into a new SQLite store.

The Ray run did the per-article work (reading, segmentation, deduplication,
enrichment of bodies and captions); loading writes its records through the
store's own paths — pages and articles with :meth:`Store._insert_page` and
:meth:`Store._insert_article`, the dedup index with :class:`SqliteDedupIndex`,
the knowledge with :meth:`KnowledgeStore.save_many` — so the corpus-wide rules
(entity and alias merging, event merging) run here, once, in the one
implementation ``enrich`` uses. Articles are saved in input order, as ``ingest``
and ``enrich`` save them, so the result is the store ``ingest`` + ``enrich``
would have built from the same inputs.

Nothing is written half-done: every file of the folder is checked first (the
manifest a finished run writes last, each dataset, each Parquet file's footer
and row count), the store is built in a temporary file beside the target and
renamed over it only once complete.

Memory stays flat: the datasets are read in record batches and put in input
order by a scratch SQLite file (Parquet parts from a cluster come in no order).
"""

from __future__ import annotations

import dataclasses
import json
import os
import sqlite3
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsgraph.errors import BadInput, StoreError
from newsgraph.model import Page
from newsgraph.settings import Settings

REQUIRED = ("pages", "articles", "occurrences")
"""Datasets a store needs; ``knowledge`` too when the run was enriched."""
_BATCH = 512
"""Rows per transaction of the new store, and per Parquet record batch read."""
_BINARY = {"pages": ("raw",), "articles": ("signature",), "occurrences": (), "knowledge": ()}
_KEY = {"pages": ("page_order",), "articles": ("stored", "stored_seq"),
        "occurrences": ("stored", "seq"), "knowledge": ("article_id",)}
"""The columns that put each dataset in the order ``ingest`` writes it."""
_REF = {"pages": None, "articles": "id", "occurrences": "article_id", "knowledge": None}
"""The article id a row names, kept in a column for the joins."""


@dataclass(slots=True)
class LoadStats:
    """What one load wrote."""

    db: str
    pages: int = 0
    articles: int = 0
    occurrences: int = 0
    articles_enriched: int = 0
    mentions: int = 0
    quotes: int = 0
    events_new: int = 0
    events_merged: int = 0
    seconds: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        """Plain dict for ``--json``."""
        data = dataclasses.asdict(self)
        data["seconds"] = round(self.seconds, 2)
        return data


def check_output(output_dir: str | os.PathLike[str]) -> tuple[dict[str, Any], dict[str, list[Path]]]:
    """The manifest of a finished ``scale`` run in ``output_dir`` and the Parquet files of each
    dataset; :class:`BadInput` naming the first file missing, unreadable or short of rows."""
    import pyarrow.parquet as pq

    from newsgraph.scale.ray_runner import MANIFEST

    out = Path(output_dir)
    if not out.is_dir():
        raise BadInput(str(out), "not a folder (the -o folder of newsgraph scale)")
    path = out / MANIFEST
    if not path.is_file():
        raise BadInput(str(path), "missing: not the output of a finished newsgraph scale run")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
        datasets = dict(manifest["datasets"])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise BadInput(str(path), f"unreadable manifest ({exc})") from exc
    files: dict[str, list[Path]] = {}
    for name in [*REQUIRED, *(["knowledge"] if "knowledge" in datasets else [])]:
        folder = out / name
        if name not in datasets:
            raise BadInput(str(path), f"lists no {name} dataset")
        if not folder.is_dir():
            raise BadInput(str(folder), "missing dataset")
        parts = sorted(folder.glob("*.parquet"))
        rows = 0
        for part in parts:
            try:
                meta = pq.ParquetFile(part).metadata
            except Exception as exc:  # truncated or not Parquet: pyarrow raises assorted errors
                raise BadInput(str(part), f"not a readable Parquet file ({exc})") from exc
            rows += meta.num_rows
        if rows != int(datasets[name]):
            raise BadInput(str(folder), f"holds {rows} rows where the run wrote {datasets[name]} "
                           "(a part file is missing or extra)")
        files[name] = parts
    return manifest, files


def load_output(
    output_dir: str | os.PathLike[str],
    db_path: str | os.PathLike[str],
    *,
    replace: bool = False,
    lock_timeout_s: float | None = None,
    on_wait: Callable[[str], None] | None = None,
) -> LoadStats:
    """Build the store at ``db_path`` from the ``scale`` output in ``output_dir``.

    The store uses the settings the run used (its fingerprint scheme above all).
    ``db_path`` must not exist unless ``replace``; it is replaced only by a
    complete store. Raises :class:`BadInput` for a damaged or partial folder
    (naming the file), :class:`StoreError` for the target.

    The target's writer lock is held throughout, as ``ingest`` and ``enrich`` hold it:
    a run writing that store is waited for (up to ``lock_timeout_s``, by default the
    run's ``store_lock_timeout_s``, said once through ``on_wait``), never replaced
    under it.
    """
    from newsgraph.store.store import writer_lock

    started = time.perf_counter()
    manifest, files = check_output(output_dir)
    settings = _settings(manifest.get("settings", {}))
    target = Path(db_path)
    if target.is_dir():
        raise StoreError(f"{target} is a directory, not a store file")
    if not target.parent.exists():
        raise StoreError(f"cannot create a store at {target}: {target.parent} does not exist")
    timeout = settings.store_lock_timeout_s if lock_timeout_s is None else lock_timeout_s
    with writer_lock(target, timeout, on_wait):
        return _load_locked(files, target, settings, replace, started)


def _load_locked(files: dict[str, list[Path]], target: Path, settings: Settings, replace: bool,
                 started: float) -> LoadStats:
    if target.exists() and not replace:
        raise StoreError(f"{target} exists; load builds a new store (remove it, choose another "
                         "--db, or pass --replace)")
    stats = LoadStats(db=str(target))
    building = target.with_name(f".{target.name}.loading-{os.getpid()}")
    try:
        with tempfile.TemporaryDirectory(prefix=".newsgraph-load-", dir=target.parent) as scratch:
            staged = _stage(files, Path(scratch) / "staged.db")
            try:
                _build(staged, building, settings, stats)
            finally:
                staged.close()
        building.replace(target)
    finally:
        for leftover in (building, *(building.with_name(building.name + s)
                                     for s in ("-wal", "-shm", "-journal"))):
            leftover.unlink(missing_ok=True)
    stats.seconds = time.perf_counter() - started
    return stats


def _settings(values: dict[str, Any]) -> Settings:
    known = {f.name for f in dataclasses.fields(Settings)}
    return Settings().replace(**{k: v for k, v in values.items() if k in known})


def _stage(files: dict[str, list[Path]], path: Path) -> sqlite3.Connection:
    """Every row into a scratch SQLite file keyed by input order (read in batches)."""
    import pyarrow.parquet as pq

    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = OFF")
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("BEGIN")
    for name, parts in files.items():
        binary, key, ref = _BINARY[name], _KEY[name], _REF[name]
        extra = ", store_id INTEGER" if name == "articles" else ""  # set while building
        conn.execute(f"CREATE TABLE {name} (k1 INTEGER NOT NULL, k2 INTEGER NOT NULL, "
                     "ref INTEGER, data TEXT NOT NULL" + "".join(f", {b} BLOB" for b in binary)
                     + extra + ", PRIMARY KEY (k1, k2))")
        if name == "articles":
            conn.execute("CREATE UNIQUE INDEX articles_ref ON articles(ref)")
        elif ref:
            conn.execute(f"CREATE INDEX {name}_ref ON {name}(ref)")
        columns = ", ".join(["k1", "k2", "ref", "data", *binary])
        marks = ",".join("?" * (4 + len(binary)))
        for part in parts:
            try:
                for batch in pq.ParquetFile(part).iter_batches(batch_size=_BATCH):
                    rows = []
                    for row in batch.to_pylist():
                        blobs = [row.pop(b) for b in binary]
                        rows.append((row[key[0]], row[key[1]] if len(key) > 1 else 0,
                                     row[ref] if ref else None,
                                     json.dumps(row, ensure_ascii=False), *blobs))
                    conn.executemany(f"INSERT INTO {name} ({columns}) VALUES ({marks})", rows)
            except sqlite3.IntegrityError as exc:
                raise BadInput(str(part), f"a row repeats another's {' and '.join(key)} "
                               f"({exc})") from exc
            except (KeyError, TypeError) as exc:
                raise BadInput(str(part), f"not a newsgraph {name} dataset ({exc!r})") from exc
            except Exception as exc:  # a damaged page inside the file
                raise BadInput(str(part), f"not a readable Parquet file ({exc})") from exc
    conn.execute("COMMIT")
    return conn


def _rows(staged: sqlite3.Connection, name: str) -> Iterator[dict[str, Any]]:
    binary = _BINARY[name]
    columns = ", ".join(["data", *binary])
    for data, *blobs in staged.execute(f"SELECT {columns} FROM {name} ORDER BY k1, k2"):
        row = json.loads(data)
        row.update(zip(binary, blobs, strict=True))
        yield row


def _batches(rows: Iterator[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= _BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def _build(staged: sqlite3.Connection, path: Path, settings: Settings, stats: LoadStats) -> None:
    from newsgraph.scale.stages import article_of_row, page_of_row
    from newsgraph.store import Store
    from newsgraph.store.store import _now

    with Store.open(path, settings) as store:
        conn = store.conn
        now = _now()
        for batch in _batches(_rows(staged, "pages")):
            with store.transaction():
                for row in batch:
                    store._insert_page(page_of_row(row), row["hash"], now)
            stats.pages += len(batch)
        ids: dict[int, int] = {}  # scale id -> store id, only while this batch's rows need it
        for batch in _batches(_rows(staged, "articles")):
            with store.transaction():
                for row in batch:
                    article, fp = article_of_row(row)
                    # Title, dates and site are the article's own (copies merged at scale).
                    page = Page(source="", text="", format="", site=row["site"],
                                fetched_at=row["fetched_at"])
                    article_id = store._insert_article(article, page, fp, now)
                    # Captions at their positions: a copy's are numbered after those known.
                    conn.executemany(
                        "INSERT INTO captions(article_id, position, text, credit) "
                        "VALUES (?, ?, ?, ?)",
                        [(article_id, c["position"], c["text"], c["credit"])
                         for c in row["captions"]])
                    store.index.add(article_id, fp, article.body)
                    for copy_hash in row["hashes"]:
                        store.index.add_hash(copy_hash, article_id)
                    ids[row["id"]] = article_id
            staged.executemany("UPDATE articles SET store_id = ? WHERE ref = ?",
                               [(v, k) for k, v in ids.items()])
            stats.articles += len(batch)
            ids.clear()
        occurrences = staged.execute(
            "SELECT o.data, a.store_id FROM occurrences o "
            "JOIN articles a ON a.ref = o.ref ORDER BY o.k1, o.k2")
        batch_rows: list[tuple[dict[str, Any], int]] = []
        for data, article_id in occurrences:
            batch_rows.append((json.loads(data), int(article_id)))
            if len(batch_rows) >= _BATCH:
                _insert_occurrences(store, batch_rows)
                stats.occurrences += len(batch_rows)
                batch_rows = []
        if batch_rows:
            _insert_occurrences(store, batch_rows)
            stats.occurrences += len(batch_rows)
        if _has(staged, "knowledge"):
            _load_knowledge(store, staged, stats)
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def _insert_occurrences(store: Any, rows: list[tuple[dict[str, Any], int]]) -> None:
    with store.transaction():
        for o, article_id in rows:
            page = store.conn.execute("SELECT id FROM pages WHERE hash = ?",
                                      (o["page_hash"],)).fetchone()
            if page is None:
                raise BadInput(o["source"], f"occurrence of article {o['article_id']} on a page "
                               "missing from the pages dataset")
            cur = store.conn.execute(
                'INSERT OR IGNORE INTO occurrences(article_id, page_id, start, "end", spans, '
                "match, similarity, title) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (article_id, page[0], o["start"], o["end"], o["spans"], o["match"],
                 o["similarity"], o["title"]))
            if o["container_keys"] and cur.rowcount:
                store.conn.executemany(
                    "INSERT OR IGNORE INTO container_keys(key, occurrence_id) VALUES (?, ?)",
                    [(k, cur.lastrowid) for k in o["container_keys"]])


def _has(staged: sqlite3.Connection, table: str) -> bool:
    return staged.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (table,)).fetchone() is not None


def _load_knowledge(store: Any, staged: sqlite3.Connection, stats: LoadStats) -> None:
    """Every article's knowledge, in article order, through ``KnowledgeStore.save_many``."""
    from newsgraph.scale.stages import knowledge_from_dict
    from newsgraph.store.knowledge import ArticleKnowledge, KnowledgeStore

    knowledge_store = KnowledgeStore(store)
    rows = staged.execute(
        "SELECT k.data, a.store_id FROM knowledge k "
        "JOIN articles a ON a.ref = k.k1 ORDER BY a.k1, a.k2")
    pending: list[ArticleKnowledge] = []
    run: tuple[str, str] | None = None

    def flush() -> None:
        if pending and run is not None:
            counts = knowledge_store.save_many(pending, model=run[0], version=run[1])
            stats.articles_enriched += len(pending)
            stats.mentions += counts.mentions
            stats.quotes += counts.quotes
            stats.events_new += counts.events_new
            stats.events_merged += counts.events_merged
        pending.clear()

    for data, article_id in rows:
        row = json.loads(data)
        if run != (row["model"], row["version"]):
            flush()
            run = (row["model"], row["version"])
        body = None if row["body"] is None else knowledge_from_dict(json.loads(row["body"]))
        captions = {}
        if body is not None:
            caption_ids = [r[0] for r in store.conn.execute(
                "SELECT id FROM captions WHERE article_id = ? ORDER BY position, id",
                (int(article_id),))]
            captions = {caption_ids[index]: knowledge_from_dict(found)
                        for index, found in json.loads(row["captions"])}
        pending.append(ArticleKnowledge(int(article_id), body, captions))
        if len(pending) >= _BATCH:
            flush()
    flush()
