"""The library's stages as batch functions over Arrow tables, for a distributed engine.

Every function here is plain: a :class:`pyarrow.Table` (or a list of rows) in,
a table out, no Ray import. They only adapt the library's own stages — reading
(:func:`newsgraph.read.read_pages`), segmentation (:func:`newsgraph.pipeline.extract_page`),
site lines (:func:`newsgraph.pipeline.furniture_candidates`), fingerprints and the
duplicate rule (:class:`newsgraph.dedup.Deduplicator`) — to rows that can be
shuffled between machines; :mod:`newsgraph.scale.ray_runner` wires them.

Input order is kept as integers so that a cluster picks the same representative
as the single-machine store (the first article seen in input order):
``page_order = file_index * 2**24 + record_index`` and
``order = page_order * 2**12 + article_index``.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass, fields
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from newsgraph.dedup import (
    Deduplicator,
    Fingerprint,
    Fingerprinter,
)
from newsgraph.model import (
    PARAGRAPH_SEP,
    Article,
    DateExpr,
    Event,
    Knowledge,
    Mention,
    Page,
    Quote,
    ReadError,
    Role,
)
from newsgraph.pipeline import extract_page, furniture_candidates, learns_from_hash
from newsgraph.read import read_pages
from newsgraph.settings import Settings
from newsgraph.store.store import normalize_url, spans_json

PAGE_BITS = 24
"""Records per input file that keep their order (16M; a WARC file holds tens of thousands)."""
ARTICLE_BITS = 12
"""Articles per page that keep their order."""

BUCKET_WINDOW = 1024
"""Earlier articles of one LSH / paragraph-key bucket each article is judged against.

The store looks at most at the newest 256 *representatives* sharing a key with an
article; which articles are representatives is only known after the replay, so a
bucket judges each article against its newest 1024 distinct bodies: the store's
choices unless one key is shared by more than 1024 distinct bodies (a stock
paragraph opening), where clusters may then differ from the store's."""

_PAGE_FIELDS = tuple(f.name for f in fields(Page) if f.name != "raw")

FILES = pa.schema([("path", pa.string()), ("file_index", pa.int64())])
PAGE = pa.struct([(name, pa.list_(pa.string()) if str(f.type).startswith("list") else pa.string())
                  for f in fields(Page) if (name := f.name) != "raw"])
"""A :class:`Page`'s fields (raw bytes left out) as an Arrow struct: its fields are strings
(or none) and lists of strings."""
PAGES = pa.schema([
    ("kind", pa.string()),          # "page" or "error"
    ("page_order", pa.int64()),
    ("page_hash", pa.string()),
    ("site", pa.string()),          # "" when unknown
    ("page", PAGE),                 # the Page's fields; null for an error
    ("data", pa.string()),          # JSON of the ReadError; null for a page
    ("raw", pa.binary()),           # the raw bytes as read; null: none, empty: the same as the text
])
SITE_LINES = pa.schema([("part", pa.int64()), ("site", pa.string()), ("key", pa.string())])
FURNITURE = pa.schema([("site", pa.string()), ("key", pa.string())])
ARTICLES_FOUND = pa.schema([
    ("order", pa.int64()),
    ("page_order", pa.int64()),
    ("body_hash", pa.string()),
    ("site", pa.string()),
    ("article", pa.string()),       # JSON: Article.to_dict() + spans + where it was found
    ("keys", pa.list_(pa.string())),  # LSH band keys ("b…") and paragraph keys ("p…")
    ("signature", pa.binary()),     # MinHash values, uint32 little-endian (as the store keeps them)
    ("shingle_count", pa.int64()),
    ("shingles", pa.binary()),      # the distinct shingle hashes, uint32 little-endian: the replay
])                                  # compares containment with them instead of tokenising again
BUCKETS = pa.schema([("part", pa.int64()), ("band", pa.bool_()), ("key", pa.int64()),
                     ("order", pa.int64())])
"""One row per key of each distinct body: the LSH / paragraph-key buckets, ids only, with
the shuffle partition of the key."""
CANDIDATES = pa.schema([
    ("order", pa.int64()),          # the later article
    ("other", pa.int64()),          # an earlier one sharing a key with it
    ("band", pa.bool_()),           # the key is an LSH band key
    ("paragraph", pa.bool_()),      # the key is a paragraph key
])
_NO_CANDIDATES = CANDIDATES.empty_table()
SIDES = pa.schema([
    ("part", pa.int64()),           # the shuffle partition of ``later``
    ("later", pa.int64()),          # the article whose candidates the group screens
    ("order", pa.int64()),          # this body: the later article itself, or one candidate
    ("band", pa.bool_()),
    ("paragraph", pa.bool_()),
    ("signature", pa.binary()),
    ("shingle_count", pa.int64()),
])
PAIRS = pa.schema([
    ("order", pa.int64()),          # the later article
    ("other", pa.int64()),          # an earlier one sharing a key with it
    ("band", pa.bool_()),           # they share an LSH band key
    ("paragraph", pa.bool_()),      # they share a paragraph key
    ("kind", pa.string()),          # the screen: near, or grey (only the text can tell)
    ("similarity", pa.float64()),   # their estimated Jaccard similarity
])
_NO_PAIRS = PAIRS.empty_table()
OCCURRENCES = pa.schema([
    ("article_id", pa.int64()),
    ("order", pa.int64()),          # the article found at this place (a page of two: twice)
    ("stored", pa.int64()),         # the article found whose turn in input order wrote it,
    ("seq", pa.int64()),            # and its rank among the occurrences written then
    ("source", pa.string()),
    ("record", pa.string()),
    ("url", pa.string()),
    ("site", pa.string()),
    ("page_hash", pa.string()),
    ("start", pa.int64()),
    ("end", pa.int64()),
    ("spans", pa.string()),
    ("match", pa.string()),
    ("similarity", pa.float64()),
    ("title", pa.string()),         # the article's title at this place
    ("body_hash", pa.string()),     # of the body found at this place
    ("container_keys", pa.list_(pa.int64())),  # indexed: it holds much more than its article
])
_CAPTION = pa.struct([("text", pa.string()), ("credit", pa.string()), ("position", pa.int64())])
_SUBHEADING = pa.struct([("text", pa.string()), ("before_paragraph", pa.int64())])
ARTICLES = pa.schema([
    ("id", pa.int64()),             # the input order of its first occurrence
    ("stored", pa.int64()),         # the article found whose turn wrote it (as ``ingest`` would:
    ("stored_seq", pa.int64()),     # the part of a divided article comes when it is divided)
    ("title", pa.string()),
    ("body", pa.string()),
    ("paragraphs", pa.list_(pa.string())),
    ("captions", pa.list_(_CAPTION)),
    ("agency", pa.string()),
    ("subheadings", pa.list_(_SUBHEADING)),
    ("published", pa.string()),
    ("author", pa.string()),
    ("language", pa.string()),
    ("site", pa.string()),
    ("body_hash", pa.string()),
    ("occurrences", pa.int64()),
    ("fetched_at", pa.string()),    # of its first page: the store's first_seen
    ("signature", pa.binary()),     # the dedup index, so a loaded store deduplicates further pages
    ("shingle_count", pa.int64()),
    ("band_keys", pa.list_(pa.int64())),
    ("paragraph_keys", pa.list_(pa.int64())),
    ("hashes", pa.list_(pa.string())),  # body hashes of its copies the index leads to it
])
CLUSTERS = ARTICLES.append(pa.field("occurrence_rows", pa.list_(pa.struct(list(OCCURRENCES)))))
"""Each unique article with its occurrences: split into ``articles`` and ``occurrences``."""
PAGES_OUT = pa.schema([
    ("page_order", pa.int64()), ("hash", pa.string()), ("source", pa.string()),
    ("record", pa.string()), ("format", pa.string()), ("url", pa.string()), ("site", pa.string()),
    ("fetched_at", pa.string()), ("published", pa.string()), ("title", pa.string()),
    ("author", pa.string()), ("language", pa.string()), ("description", pa.string()),
    ("text", pa.string()), ("raw", pa.binary()),
])
"""The ``pages`` dataset: every distinct page read (the coordinates of occurrences)."""
ERRORS = pa.schema([("source", pa.string()), ("record", pa.string()), ("reason", pa.string())])


def _table(rows: list[dict[str, Any]], schema: pa.Schema) -> pa.Table:
    return pa.Table.from_pylist(rows, schema=schema)


def _dumps(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


# -- reading -----------------------------------------------------------------------------


READ_ROWS = 256
"""Rows per block a reading task yields: a big WARC file streams out in blocks of this many."""


def read_files(batch: pa.Table, settings: Settings,
               errors_dir: str | None = None) -> Iterator[pa.Table]:
    """Pages and read errors of the files in ``batch`` (``path``, ``file_index``), in record order.

    Uses :func:`newsgraph.read.read_pages`: a bad file or record becomes an
    ``error`` row with its reason, never an exception. Yields blocks of at most
    ``READ_ROWS`` rows, so a large file is a stream, never a table in memory. With
    ``errors_dir`` the error rows are written there instead (:func:`write_part`) and the
    blocks hold pages only: the driver reads the few errors without a pass over the pages.
    """
    rows: list[dict[str, Any]] = []
    failed: list[dict[str, Any]] = []

    def error(row: dict[str, Any]) -> None:
        (rows if errors_dir is None else failed).append(row)

    for path, file_index in zip(batch["path"].to_pylist(), batch["file_index"].to_pylist(),
                                strict=True):
        base = file_index << PAGE_BITS
        n = 0
        try:
            for n, item in enumerate(read_pages([path], settings)):
                if n == 1 << PAGE_BITS:
                    error(error_row(ReadError(
                        path, f"more than {1 << PAGE_BITS:,} records in one file; the rest "
                        "was not read (split the file)"), base + n - 1))
                    break
                if isinstance(item, ReadError):
                    error(error_row(item, base + n))
                else:
                    rows.append({"kind": "page", "page_order": base + n, "page_hash": item.hash,
                                 "site": item.site or "", "page": page_to_dict(item),
                                 "raw": raw_column(item)})
                if len(rows) >= READ_ROWS:
                    yield _table(rows, PAGES)
                    rows = []
        except Exception as exc:  # a reader bug must not fail the whole job: report the file
            error(error_row(ReadError(path, f"reader failed: {exc!r}"), base + n))
    if rows:
        yield _table(rows, PAGES)
    if errors_dir is not None and failed:
        write_part(_table(failed, PAGES), errors_dir, min(r["page_order"] for r in failed))


def raw_column(page: Page) -> bytes | None:
    """The page's raw bytes as the pages table keeps them: ``None`` when the reader kept
    none, empty when they are the text itself (plain text pages), else the bytes."""
    if not page.raw:
        return None
    return b"" if page.raw == page.text.encode("utf-8") else page.raw


def raw_bytes(text: str, column: bytes | None) -> bytes:
    """Inverse of :func:`raw_column`: the page's raw bytes."""
    if column is None:
        return b""
    return column or text.encode("utf-8")


def error_row(error: ReadError, order: int = 0) -> dict[str, Any]:
    """A :class:`ReadError` as a row of the pages table."""
    data = {"source": error.source, "reason": error.reason, "record": error.record}
    return {"kind": "error", "page_order": order, "page_hash": "", "site": "", "page": None,
            "data": _dumps(data),
            "raw": None}


def page_to_dict(page: Page) -> dict[str, Any]:
    """The page's fields (the raw bytes left out): a value of :data:`PAGE`."""
    return {name: getattr(page, name) for name in _PAGE_FIELDS}


def page_from_dict(data: Mapping[str, Any]) -> Page:
    """Inverse of :func:`page_to_dict`."""
    return Page(**{name: data.get(name) for name in _PAGE_FIELDS})  # type: ignore[arg-type]


def pages_out(batch: pa.Table) -> pa.Table:
    """The ``pages`` dataset rows of distinct pages (columns of ``page``, no row by row)."""
    page = pa.Table.from_struct_array(batch["page"])
    columns = {"page_order": batch["page_order"], "hash": batch["page_hash"], "raw": batch["raw"]}
    return pa.table([columns[name] if name in columns else page[name] for name in PAGES_OUT.names],
                    schema=PAGES_OUT)


def write_part(table: pa.Table, folder: str, first: int) -> None:
    """Write ``table`` as one Parquet file of the dataset ``folder``, named by ``first`` (the
    least input order of its rows): a retried task writes the same file again, never a second."""
    import pyarrow.parquet as pq

    pq.write_table(table, f"{folder}/part-{first:020d}.parquet")


def page_of_row(row: Mapping[str, Any]) -> Page:
    """The :class:`Page` of a ``pages`` dataset row (raw bytes included)."""
    names = {f.name for f in fields(Page)} & set(row) - {"raw"}
    return Page(**{n: row[n] for n in names}, raw=raw_bytes(row["text"], row["raw"]))


def error_from_row(data: str) -> ReadError:
    """The :class:`ReadError` of an ``error`` row's ``data``."""
    d = json.loads(data)
    return ReadError(d["source"], d["reason"], d.get("record"))


@dataclass(slots=True, frozen=True)
class Copies:
    """Rows that repeat an earlier one's key (a page hash, a body hash): each later row's
    order, sorted, and the order of the first row with its key.

    Found by a shuffle of ids only (:func:`later_of_keys`): the rows themselves (page text
    and raw bytes, article records) never move for it, and this is as large as the copies.
    """

    orders: np.ndarray
    firsts: np.ndarray

    @classmethod
    def of(cls, tables: Iterable[pa.Table]) -> Copies:
        """From :func:`later_of_keys`' rows."""
        parts = [t for t in tables if t.num_rows]
        if not parts:
            return cls(np.empty(0, np.int64), np.empty(0, np.int64))
        table = pa.concat_tables(parts)
        orders, firsts = table["order"].to_numpy(), table["first"].to_numpy()
        sort = np.argsort(orders, kind="stable")
        return cls(orders[sort], firsts[sort])

    def __len__(self) -> int:
        return len(self.orders)

    def first_of(self, orders: np.ndarray) -> np.ndarray:
        """For each order, the first row with its key (itself when it is the first)."""
        at = np.searchsorted(self.orders, orders)
        found = at < len(self.orders)
        found[found] = self.orders[at[found]] == orders[found]
        out = orders.copy()
        out[found] = self.firsts[at[found]]
        return out


LATER = pa.schema([("order", pa.int64()), ("first", pa.int64())])


def key_parts(batch: pa.Table, key: str, parts: int = 1) -> pa.Table:
    """The ids of ``batch`` (its hex-digest ``key`` column and the rest) with the shuffle
    partition (``part``, of ``parts``) their key hashes to: :func:`later_of_keys` gets
    whole keys, a partition at a time."""
    part = np.fromiter((int(k[:8], 16) if k else 0 for k in batch[key].to_pylist()),
                       dtype=np.int64, count=batch.num_rows)
    return batch.append_column("part", pa.array(np.mod(part, max(parts, 1)), pa.int64()))


def later_of_keys(rows: pa.Table, key: str, order: str) -> pa.Table:
    """Of the rows of a shuffle partition (whole keys: :func:`key_parts`), the ones that repeat
    an earlier row's ``key``, each with the first row's order (the order column is ``order``).

    One call per partition, not per key: most keys are seen once, and a call per key (a
    group of one row) cost Ray more than the comparison (measured)."""
    if rows.num_rows < 2:
        return LATER.empty_table()
    sort = pc.sort_indices(rows, sort_keys=[(key, "ascending"), (order, "ascending")])
    keys = rows[key].take(sort).combine_chunks()
    orders = rows[order].take(sort).to_numpy()
    same_key = np.zeros(len(orders), dtype=bool)
    same_key[1:] = pc.equal(keys.slice(1), keys.slice(0, len(keys) - 1)).to_numpy(
        zero_copy_only=False)
    later = same_key.copy()
    later[1:] &= orders[1:] != orders[:-1]  # an order seen twice under one key counts once
    if not later.any():
        return LATER.empty_table()
    run = np.cumsum(~same_key) - 1  # the run of equal keys each row is in
    firsts = orders[np.flatnonzero(~same_key)]
    return pa.table({"order": orders[later], "first": firsts[run[later]]}, schema=LATER)


def drop_copies(batch: pa.Table, copies: Copies, order: str) -> pa.Table:
    """The rows that are not a later copy (the first page of each hash, in input order)."""
    if not len(copies):
        return batch
    return batch.filter(pa.array(~np.isin(batch[order].to_numpy(), copies.orders)))


def with_hash_first(batch: pa.Table, copies: Copies) -> pa.Table:
    """Articles with ``hash_first``: the order of the first article with their body hash."""
    first = copies.first_of(batch["order"].to_numpy())
    return batch.append_column("hash_first", pa.array(first, pa.int64()))


# -- site furniture -----------------------------------------------------------------------


SITE_LEARNING = pa.schema([("site", pa.string()), ("pages", pa.int64()), ("cutoff", pa.int64()),
                           ("learned", pa.int64())])


def site_learning(group: pa.Table, settings: Settings) -> pa.Table:
    """Which pages of one site (``site``, ``page_order``, ``page_hash`` rows) the store learns
    its furniture from, as ``ingest`` decides it (:func:`~newsgraph.pipeline.learns_from`
    over the site's pages in input order): every page up to the ``cutoff`` order, then a
    sample by page hash; how many pages that is (``learned``), and how many the site has
    (``pages``)."""
    orders = group["page_order"].to_numpy()
    sort = np.argsort(orders, kind="stable")
    hashes = group["page_hash"].take(pa.array(sort)).to_pylist()
    learned = 0
    for rank, page_hash in enumerate(hashes):
        learned += learns_from_hash(page_hash, min(rank, settings.site_learn_all_pages), settings)
    every = min(len(orders), settings.site_learn_all_pages)
    cutoff = int(orders[sort[every - 1]]) if every else -1
    return pa.table({"site": [group["site"][0].as_py()], "pages": [len(orders)], "cutoff": [cutoff],
                     "learned": [learned]}, schema=SITE_LEARNING)


def learned_pages(batch: pa.Table, cutoffs: Mapping[str, int], settings: Settings) -> pa.Table:
    """The pages of ``cutoffs``' sites the store learns furniture from (see
    :func:`site_learning`)."""
    keep = [site in cutoffs and (order <= cutoffs[site]
                                 or learns_from_hash(page_hash, settings.site_learn_all_pages,
                                                     settings))
            for site, order, page_hash in zip(batch["site"].to_pylist(),
                                              batch["page_order"].to_pylist(),
                                              batch["page_hash"].to_pylist(), strict=True)]
    return batch.filter(pa.array(keep, pa.bool_()))


def site_lines(batch: pa.Table, settings: Settings, parts: int = 1) -> pa.Table:
    """One ``(site, key)`` row per distinct short line of each page that has a site, with the
    shuffle partition (``part``, of ``parts``) the pair hashes to (see :func:`furniture_of`)."""
    rows: list[dict[str, Any]] = []
    for site, fields_ in zip(batch["site"].to_pylist(), batch["page"].to_pylist(), strict=True):
        if site:
            page = page_from_dict(fields_)
            rows.extend({"part": zlib.crc32(f"{site}\n{k}".encode()) % max(parts, 1),
                         "site": site, "key": k}
                        for k in sorted(furniture_candidates(page, settings)))
    return _table(rows, SITE_LINES)


def furniture_of(rows: pa.Table, need: Mapping[str, int]) -> pa.Table:
    """The furniture among the site lines of a shuffle partition (whole ``(site, key)`` pairs:
    :func:`site_lines`): the keys on at least ``need[site]`` of the pages learned from.

    One call per partition, counted by Arrow: Ray's own ``groupby().count()`` counts row by
    row in Python, and every distinct line (most are on one page) came back to the driver."""
    if not rows.num_rows:
        return FURNITURE.empty_table()
    counts = rows.group_by(["site", "key"]).aggregate([("part", "count")])
    sites = counts["site"].to_pylist()
    floor = np.fromiter((need.get(site, 1 << 62) for site in sites), dtype=np.int64,
                        count=len(sites))
    keep = counts["part_count"].to_numpy() >= floor
    return counts.filter(pa.array(keep)).select(["site", "key"]).cast(FURNITURE)


# -- segmentation and fingerprints ------------------------------------------------------------


_FINGERPRINTERS: dict[Settings, Fingerprinter] = {}


def _fingerprinter(settings: Settings) -> Fingerprinter:
    """One fingerprinter per worker process and settings (its permutations cost to build)."""
    if settings not in _FINGERPRINTERS:
        _FINGERPRINTERS[settings] = Fingerprinter(settings)
    return _FINGERPRINTERS[settings]


def segment_pages(batch: pa.Table, settings: Settings,
                  furniture: Mapping[str, Collection[str]], pages_dir: str | None = None) -> pa.Table:
    """The articles of each page (``extract_page`` with the site's furniture), fingerprinted.

    With ``pages_dir``, the batch's pages are also written there as a part of the ``pages``
    dataset (:func:`write_part`): no pass over the pages of its own.
    """
    fingerprinter = _fingerprinter(settings)
    rows: list[dict[str, Any]] = []
    for page_order, page_hash, fields_ in zip(batch["page_order"].to_pylist(),
                                              batch["page_hash"].to_pylist(),
                                              batch["page"].to_pylist(), strict=True):
        page = page_from_dict(fields_)
        found = frozenset(furniture.get(page.site or "", ()))
        articles = extract_page(page, furniture=found, settings=settings)
        for n, article in enumerate(articles[: 1 << ARTICLE_BITS]):
            fp = fingerprinter.fingerprint(article.paragraphs)
            rows.append({
                "order": (page_order << ARTICLE_BITS) + n,
                "page_order": page_order,
                "body_hash": fp.body_hash,
                "site": page.site or "",
                "article": _dumps({**article_record(article, page, page_hash),
                                   "body_hash": fp.body_hash}),
                "keys": fingerprint_keys(fp),
                "signature": fp.signature.astype("<u4").tobytes(),
                "shingle_count": fp.shingle_count,
                "shingles": fp.shingles.astype("<u4").tobytes(),
            })
    if pages_dir is not None and batch.num_rows:
        write_part(pages_out(batch), pages_dir, pc.min(batch["page_order"]).as_py())
    return _table(rows, ARTICLES_FOUND)


def article_record(article: Article, page: Page, page_hash: str) -> dict[str, Any]:
    """``Article.to_dict()`` plus its paragraph spans and the page it came from.

    ``cuts`` holds the page's text under each span where it differs from the paragraph
    (lines joined, spaces folded): what the store reads back from the page when it
    compares an occurrence (see :func:`replay_groups`), without the whole page travelling.
    """
    record = article.to_dict()
    cuts = {str(i): page.text[a:b] for i, ((a, b), paragraph)
            in enumerate(zip(article.spans, article.paragraphs, strict=False))
            if page.text[a:b] != paragraph}
    record.update(spans=[list(s) for s in article.spans], source=page.source, record=page.record,
                  url=normalize_url(page.url), site=page.site, page_hash=page_hash,
                  author=article.author or page.author, published=article.published or page.published,
                  language=article.language or page.language, fetched_at=page.fetched_at,
                  page={"published": page.published, "author": page.author,
                        "language": page.language}, cuts=cuts)
    return record


def fingerprint_keys(fp: Fingerprint) -> list[str]:
    """The LSH band keys and paragraph keys of ``fp``, tagged so the two kinds never mix."""
    keys = [f"b{k}" for k in fp.band_keys] + [f"p{k}" for k in fp.paragraph_keys]
    return list(dict.fromkeys(keys))


def split_keys(keys: Iterable[str]) -> tuple[list[int], list[int]]:
    """The band keys and the paragraph keys of :func:`fingerprint_keys`' tagged keys."""
    return ([int(k[1:]) for k in keys if k[0] == "b"], [int(k[1:]) for k in keys if k[0] == "p"])


def travelled_fingerprint(body_hash: str, signature: bytes, shingle_count: int,
                          band_keys: list[int], paragraph_keys: list[int],
                          shingles: bytes | None = None) -> Fingerprint:
    """A fingerprint made while segmenting, as it travels between stages: with its shingles
    when they travelled too, else without (:meth:`~newsgraph.dedup.Fingerprinter.with_shingles`
    makes them where they are needed)."""
    return Fingerprint(body_hash=body_hash, signature=np.frombuffer(signature, dtype="<u4"),
                       shingle_count=shingle_count, band_keys=band_keys,
                       paragraph_keys=paragraph_keys,
                       shingles=np.frombuffer(shingles or b"", dtype="<u4").astype(np.uint32))


# -- deduplication -------------------------------------------------------------------------------


def bucket_rows(batch: pa.Table, parts: int = 1) -> pa.Table:
    """One ``(band, key, order)`` row per key of each article: the buckets, ids only, with the
    shuffle partition (``part``, of ``parts``) its key hashes to.

    Ids only: a body travels once more, to the articles it is a candidate of
    (:func:`candidate_sides`), and only when its bucket holds another body. The key is the
    fingerprint's integer (``b``/``p`` tag dropped: ``band`` says which kind, so a band key
    and a paragraph key never share a bucket).
    """
    keys = batch["keys"].combine_chunks()
    orders = batch["order"].to_numpy()
    lengths = pc.list_value_length(keys).fill_null(0).to_numpy()
    flat = pc.list_flatten(keys)
    band = pc.equal(pc.utf8_slice_codeunits(flat, 0, 1), "b")
    key = pc.cast(pc.utf8_slice_codeunits(flat, 1), pa.int64()).to_numpy()
    return pa.table({"part": pa.array(np.mod(key, max(parts, 1)), pa.int64()),
                     "band": band, "key": pa.array(key, pa.int64()),
                     "order": pa.array(np.repeat(orders, lengths), pa.int64())}, schema=BUCKETS)


def bucket_candidates(rows: pa.Table) -> pa.Table:
    """The pairs of every bucket in ``rows`` (a shuffle partition: whole buckets): each article
    with its newest ``BUCKET_WINDOW`` earlier ones in the bucket. One call per partition, not
    per bucket: the buckets are runs of the rows sorted by key, and each offset back within a
    run is one vectorised step."""
    if rows.num_rows < 2:
        return _NO_CANDIDATES
    band = rows["band"].to_numpy(zero_copy_only=False)
    key = rows["key"].to_numpy()
    order = rows["order"].to_numpy()
    sort = np.lexsort((order, key, band))
    band, key, order = band[sort], key[sort], order[sort]
    start = np.ones(len(key), dtype=bool)
    start[1:] = (key[1:] != key[:-1]) | (band[1:] != band[:-1])
    run = np.cumsum(start) - 1
    keep = np.bincount(run)[run] >= 2  # most buckets: one article
    if not keep.any():
        return _NO_CANDIDATES
    band, order, run, start = band[keep], order[keep], run[keep], start[keep]
    firsts = np.flatnonzero(start)
    position = np.arange(len(run)) - np.repeat(firsts, np.diff(np.append(firsts, len(run))))
    later: list[np.ndarray] = []
    other: list[np.ndarray] = []
    kind: list[np.ndarray] = []
    for back in range(1, min(int(position.max()), BUCKET_WINDOW) + 1):
        at = np.flatnonzero(position >= back)
        later.append(order[at])
        other.append(order[at - back])
        kind.append(band[at])
    bands = np.concatenate(kind)
    return pa.table({"order": np.concatenate(later), "other": np.concatenate(other),
                     "band": bands, "paragraph": ~bands}, schema=CANDIDATES)


@dataclass(slots=True, frozen=True)
class Candidates:
    """Every candidate pair once (later, earlier), with the kinds of key they share.

    ``earlier`` is sorted: the pairs where an article is the earlier one are a slice.
    """

    later: np.ndarray
    earlier: np.ndarray
    band: np.ndarray
    paragraph: np.ndarray

    @classmethod
    def of(cls, tables: Iterable[pa.Table]) -> Candidates:
        """The distinct pairs of :func:`bucket_candidates`' rows (a pair from several buckets
        once, its key kinds or-ed)."""
        parts = [t for t in tables if t.num_rows]
        if not parts:
            empty = np.empty(0, np.int64)
            return cls(empty, empty, np.empty(0, bool), np.empty(0, bool))
        table = pa.concat_tables(parts)
        later, earlier = table["order"].to_numpy(), table["other"].to_numpy()
        band, paragraph = (table[c].to_numpy(zero_copy_only=False) for c in ("band", "paragraph"))
        sort = np.lexsort((later, earlier))
        later, earlier, band, paragraph = later[sort], earlier[sort], band[sort], paragraph[sort]
        start = np.ones(len(later), dtype=bool)
        start[1:] = (later[1:] != later[:-1]) | (earlier[1:] != earlier[:-1])
        at = np.flatnonzero(start)
        return cls(later[at], earlier[at], np.logical_or.reduceat(band, at),
                   np.logical_or.reduceat(paragraph, at))

    def __len__(self) -> int:
        return len(self.later)


def candidate_sides(batch: pa.Table, candidates: Candidates, parts: int = 1) -> pa.Table:
    """Each distinct body's signature once for its own candidates and once per later article
    it is a candidate of (``later``), with the shuffle partition (``part``, of ``parts``) that
    later article hashes to: its pairs are screened there (:func:`screen_candidates`).

    Signatures only (about 0.5 KB a row): the bodies stay where they are, and the store's
    replay of each group (:func:`replay_groups`) compares their text.
    """
    orders = batch["order"].to_numpy()
    laters = np.unique(candidates.later)
    mine = np.flatnonzero(np.isin(orders, laters))
    lo = np.searchsorted(candidates.earlier, orders, side="left")
    hi = np.searchsorted(candidates.earlier, orders, side="right")
    counts = hi - lo
    if not len(mine) and not counts.any():
        return SIDES.empty_table()
    theirs = np.repeat(np.arange(len(orders)), counts)
    pair = np.concatenate([np.arange(a, b) for a, b in zip(lo, hi, strict=True)] or [[]]
                          ).astype(np.int64)
    take = np.concatenate([mine, theirs]).astype(np.int64)
    later = np.concatenate([orders[mine], candidates.later[pair]])
    rows = batch.take(pa.array(take))
    return pa.table({
        "part": pa.array(np.mod(later, max(parts, 1)), pa.int64()),
        "later": pa.array(later, pa.int64()), "order": rows["order"],
        "band": pa.array(np.concatenate([np.zeros(len(mine), bool), candidates.band[pair]])),
        "paragraph": pa.array(np.concatenate([np.zeros(len(mine), bool),
                                              candidates.paragraph[pair]])),
        "signature": rows["signature"], "shingle_count": rows["shingle_count"]}, schema=SIDES)


def screen_candidates(rows: pa.Table, settings: Settings) -> pa.Table:
    """The candidate pairs of a shuffle partition of :func:`candidate_sides` rows (whole
    groups of one later article) that may be duplicates: the store's own screen of a pair
    by its signatures (:meth:`~newsgraph.dedup.Deduplicator.screen`), ``near`` or ``grey``.

    A pair the screen lets through is related, and the two articles are replayed together
    through the store, which compares their text with every rule it has; a pair it rejects
    the store would reject too, without reading the text.
    """
    if rows.num_rows < 2:
        return _NO_PAIRS
    later, order = rows["later"].to_numpy(), rows["order"].to_numpy()
    own = later == order
    sort = np.argsort(later[own], kind="stable")
    own_rows = np.flatnonzero(own)[sort]
    own_later = later[own_rows]
    others = np.flatnonzero(~own)
    at = np.searchsorted(own_later, later[others])
    if np.any(at >= len(own_later)) or np.any(own_later[np.minimum(at, len(own_later) - 1)]
                                               != later[others]):
        raise ValueError("candidates of an article without its own signature")
    width = settings.num_perm
    signatures = np.frombuffer(b"".join(rows["signature"].to_pylist()), dtype="<u4"
                               ).reshape(rows.num_rows, width)
    counts = rows["shingle_count"].to_numpy()
    mine = own_rows[at]
    similar = (signatures[others] == signatures[mine]).sum(axis=1) / width
    out: dict[str, list[Any]] = {"order": [], "other": [], "band": [], "paragraph": [],
                                 "kind": [], "similarity": []}
    band, paragraph = rows["band"].to_numpy(zero_copy_only=False), rows["paragraph"].to_numpy(
        zero_copy_only=False)
    for n, (me, other) in enumerate(zip(mine.tolist(), others.tolist(), strict=True)):
        j = float(similar[n])
        screen = Deduplicator.screen(j, int(counts[me]), int(counts[other]), settings)
        if screen is None:
            continue
        out["order"].append(int(later[other]))
        out["other"].append(int(order[other]))
        out["band"].append(bool(band[other]))
        out["paragraph"].append(bool(paragraph[other]))
        out["kind"].append(screen)
        out["similarity"].append(j)
    return pa.table(out, schema=PAIRS)


@dataclass(slots=True, frozen=True)
class Groups:
    """Which group each article found in a cluster of two or more belongs to.

    Articles are related when one is an exact copy of the other's body or when their
    bodies were judged duplicates (any kind), and each set of related articles — a
    connected component — is replayed whole through the store (:func:`replay_groups`).
    Components are packed into groups of about ``GROUP_ARTICLES`` articles (a component is
    never split: nothing in one touches another). An article in no component is a
    cluster of its own (:func:`single_articles`).
    """

    orders: np.ndarray
    """The articles in groups, sorted."""
    groups: np.ndarray
    """The group of each."""

    @classmethod
    def of(cls, pairs: Iterable[tuple[int, int]], copies: Copies) -> Groups:
        """From the judged duplicate pairs of distinct bodies and the exact copies."""
        parent: dict[int, int] = {}

        def root(x: int) -> int:
            parent.setdefault(x, x)
            while parent[x] != x:
                parent[x] = parent[parent[x]]
                x = parent[x]
            return x

        for a, b in pairs:
            ra, rb = root(a), root(b)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)
        for first in np.unique(copies.firsts).tolist():
            root(first)
        if not parent:
            return cls(np.empty(0, np.int64), np.empty(0, np.int64))
        bodies = np.array(sorted(parent), dtype=np.int64)
        roots = np.array([root(x) for x in bodies.tolist()], dtype=np.int64)
        # each copy goes with its first body's component
        copy_roots = roots[np.searchsorted(bodies, copies.firsts)] if len(copies) else roots[:0]
        orders = np.concatenate([bodies, copies.orders])
        members = np.concatenate([roots, copy_roots])
        # pack components, in order of their first article, into groups of ~GROUP_ARTICLES
        unique_roots, sizes = np.unique(members, return_counts=True)
        group_of_root = np.cumsum(sizes) // GROUP_ARTICLES
        group_of_root = np.concatenate([[0], group_of_root[:-1]])  # a group closes after it fills
        groups = group_of_root[np.searchsorted(unique_roots, members)]
        sort = np.argsort(orders, kind="stable")
        return cls(orders[sort], groups[sort].astype(np.int64))

    def __len__(self) -> int:
        return len(self.orders)

    def group_of(self, orders: np.ndarray) -> np.ndarray:
        """The group of each article, ``-1`` for one in no group."""
        out = np.full(len(orders), -1, np.int64)
        if not len(self.orders):
            return out
        at = np.searchsorted(self.orders, orders)
        found = at < len(self.orders)
        found[found] = self.orders[at[found]] == orders[found]
        out[found] = self.groups[at[found]]
        return out


GROUP_ARTICLES = 256
"""Articles per group replayed in one scratch store (whole components, so about this many)."""


def with_group(batch: pa.Table, groups: Groups) -> pa.Table:
    """Articles found with ``group``: the group they are replayed in, ``-1`` for none."""
    return batch.append_column("group", pa.array(groups.group_of(batch["order"].to_numpy()),
                                                 pa.int64()))


def single_articles(batch: pa.Table) -> pa.Table:
    """The cluster rows of articles related to no other: each is new, with one occurrence.

    What the store does with such an article (:meth:`Store.add_page`): stored with its
    page's metadata, its place recorded as its ``first`` occurrence.
    """
    rows: list[dict[str, Any]] = []
    batch = batch.filter(pc.equal(batch["group"], -1))
    for order, data, keys, signature, shingle_count in zip(
            batch["order"].to_pylist(), batch["article"].to_pylist(), batch["keys"].to_pylist(),
            batch["signature"].to_pylist(), batch["shingle_count"].to_pylist(), strict=True):
        a = json.loads(data)
        band_keys, paragraph_keys = split_keys(keys)
        occurrence = {**_place(order, a), "article_id": order, "stored": order, "seq": 0,
                      "start": a["start"], "end": a["end"], "spans": spans_json(a["spans"]),
                      "match": "first", "similarity": 1.0, "title": a["title"],
                      "container_keys": []}
        rows.append({
            "id": order, "stored": order, "stored_seq": 0, "title": a["title"],
            "body": a["body"], "paragraphs": a["paragraphs"],
            "captions": [{**c, "position": i} for i, c in enumerate(a["captions"])],
            "agency": a["agency"], "subheadings": a["subheadings"],
            "published": a["published"], "author": a["author"], "language": a["language"],
            "site": a["site"], "body_hash": a["body_hash"], "occurrences": 1,
            "fetched_at": a["fetched_at"], "signature": signature, "shingle_count": shingle_count,
            "band_keys": band_keys, "paragraph_keys": paragraph_keys, "hashes": [],
            "occurrence_rows": [occurrence]})
    return _table(rows, CLUSTERS)


def _place(order: int, a: Mapping[str, Any]) -> dict[str, Any]:
    """Where an article was found, as occurrence fields."""
    return {"order": order, "source": a["source"], "record": a["record"], "url": a["url"],
            "site": a["site"], "page_hash": a["page_hash"], "body_hash": a["body_hash"]}


def _replay_input(order: int, a: Mapping[str, Any]) -> tuple[Page, Article]:
    """The page and article the store is given for one article found.

    The page holds only the article: its text is the original page's text under each
    span (everything the store reads back from a page), at the same offsets, and a last
    line naming the article found keeps each such page distinct.
    """
    from newsgraph.model import Caption, Subheading

    spans = [(int(s), int(e)) for s, e in a["spans"]]
    cuts = a.get("cuts", {})
    text: list[str] = []
    pos = 0
    for i, ((start, end), paragraph) in enumerate(zip(spans, a["paragraphs"], strict=False)):
        if start < pos:  # overlapping spans cannot be laid out; the store refuses them too
            raise ValueError(f"article {order}: spans overlap")
        text.append(" " * (start - pos))
        text.append(cuts.get(str(i), paragraph))
        pos = end
    text.append(f"\n{order}")
    page_fields = a["page"]
    page = Page(source=a["source"], text="".join(text), format="text", record=a["record"],
                site=a["site"], fetched_at=a["fetched_at"], published=page_fields["published"],
                author=page_fields["author"], language=page_fields["language"])
    article = Article(
        title=a["title"], paragraphs=list(a["paragraphs"]), spans=spans, start=a["start"],
        end=a["end"], captions=[Caption(c["text"], c["credit"]) for c in a["captions"]],
        subheadings=[Subheading(s["text"], s["before_paragraph"]) for s in a["subheadings"]],
        agency=a["agency"], published=a["published"], author=a["author"],
        language=a["language"])
    return page, article


def replay_groups(group: pa.Table, settings: Settings) -> pa.Table:
    """The unique articles and occurrences of one group, as the store makes them.

    The group's articles go through :meth:`Store.add_page` of a scratch store, in input
    order: every rule is the store's own (exact, near and containment matches, a page
    that holds several stored articles, a stored article its shorter copies show to be
    two, a copy much longer than the stored one, metadata and captions a copy adds).
    Articles of other groups are never related to these, so the result is what the
    store makes of the whole input. Each row written is tagged with the article found
    whose turn wrote it, so ``load`` writes them in the order ``ingest`` would.
    """
    from newsgraph.store import Store

    group = group.sort_by("order")
    store = Store.scratch(settings, search=False)  # its articles are rows out, never searched
    conn = store.conn
    places: dict[int, tuple[int, dict[str, Any]]] = {}  # scratch page id -> article found
    stored_article: dict[int, tuple[int, int]] = {}
    stored_occurrence: dict[int, tuple[int, int]] = {}
    last_article = last_occurrence = 0
    try:
        with store.transaction():
            for order, data, keys, signature, shingle_count, shingles in zip(
                    group["order"].to_pylist(), group["article"].to_pylist(),
                    group["keys"].to_pylist(), group["signature"].to_pylist(),
                    group["shingle_count"].to_pylist(), group["shingles"].to_pylist(),
                    strict=True):
                a = json.loads(data)
                page, article = _replay_input(order, a)
                # the fingerprint made while segmenting, shingles and all: the store
                # tokenises nothing again
                known = travelled_fingerprint(a["body_hash"], signature, shingle_count,
                                              *split_keys(keys), shingles)
                outcome = store.add_page(page, [article], known=[known])
                places[outcome.page_id] = (order, a)
                for seq, (i,) in enumerate(conn.execute(
                        "SELECT id FROM articles WHERE id > ? ORDER BY id", (last_article,))):
                    stored_article[i] = (order, seq)
                    last_article = i
                for seq, (i,) in enumerate(conn.execute(
                        "SELECT id FROM occurrences WHERE id > ? ORDER BY id", (last_occurrence,))):
                    stored_occurrence[i] = (order, seq)
                    last_occurrence = i
        return _table(_stored_clusters(conn, places, stored_article, stored_occurrence), CLUSTERS)
    finally:
        store.close()


def _stored_clusters(conn: Any, places: Mapping[int, tuple[int, dict[str, Any]]],
                     stored_article: Mapping[int, tuple[int, int]],
                     stored_occurrence: Mapping[int, tuple[int, int]]) -> list[dict[str, Any]]:
    """The scratch store's articles, each with its occurrences, as cluster rows."""
    def by_article(sql: str) -> dict[int, list[tuple[Any, ...]]]:
        out: dict[int, list[tuple[Any, ...]]] = {}
        for article_id, *rest in conn.execute(sql):
            out.setdefault(article_id, []).append(tuple(rest))
        return out

    captions = by_article("SELECT article_id, text, credit, position FROM captions "
                          "ORDER BY article_id, position, id")
    subheadings = by_article("SELECT article_id, text, before_paragraph FROM subheadings "
                             "ORDER BY article_id, position, id")
    bands = by_article("SELECT article_id, key FROM lsh_bands ORDER BY article_id, key")
    paragraph_keys = by_article("SELECT article_id, key FROM paragraph_keys "
                                "ORDER BY article_id, key")
    hashes = by_article("SELECT b.article_id, b.hash FROM body_hashes b JOIN articles a "
                        "ON a.id = b.article_id WHERE b.hash != a.body_hash ORDER BY b.hash")
    containers = by_article("SELECT occurrence_id, key FROM container_keys "
                            "ORDER BY occurrence_id, key")
    occurrences = by_article(
        'SELECT article_id, id, page_id, start, "end", spans, match, similarity, title '
        "FROM occurrences ORDER BY id")
    fetched = {order: a["fetched_at"] for order, a in places.values()}
    rows: list[dict[str, Any]] = []
    for (article_id, title, body, agency, published, author, language, site, body_hash_,
         signature, shingles) in conn.execute(
            "SELECT id, title, body, agency, published, author, language, site, body_hash, "
            "signature, shingles FROM articles ORDER BY id").fetchall():
        found = occurrences.get(article_id, [])
        first = [places[occurrence[1]][0] for occurrence in found if occurrence[5] == "first"]
        if len(first) != 1:
            raise ValueError(f"a replayed article has {len(first)} first occurrences")
        own = first[0]
        occurrence_rows = []
        for occurrence_id, page_id, start, end, spans, match, similarity, occ_title in found:
            order, a = places[page_id]
            stored, seq = stored_occurrence[occurrence_id]
            occurrence_rows.append({
                **_place(order, a), "article_id": own, "stored": stored, "seq": seq,
                "start": start, "end": end, "spans": spans, "match": match,
                "similarity": similarity, "title": occ_title,
                "container_keys": [k for (k,) in containers.get(occurrence_id, [])]})
        stored, stored_seq = stored_article[article_id]
        rows.append({
            "id": own, "stored": stored, "stored_seq": stored_seq, "title": title, "body": body,
            "paragraphs": body.split(PARAGRAPH_SEP),
            "captions": [{"text": t, "credit": c, "position": p}
                         for t, c, p in captions.get(article_id, [])],
            "agency": agency,
            "subheadings": [{"text": t, "before_paragraph": b}
                            for t, b in subheadings.get(article_id, [])],
            "published": published, "author": author, "language": language, "site": site,
            "body_hash": body_hash_, "occurrences": len(found),
            "fetched_at": fetched[own],
            "signature": signature, "shingle_count": shingles,
            "band_keys": [k for (k,) in bands.get(article_id, [])],
            "paragraph_keys": [k for (k,) in paragraph_keys.get(article_id, [])],
            "hashes": [h for (h,) in hashes.get(article_id, [])],
            "occurrence_rows": occurrence_rows})
    return rows


def clusters_articles(batch: pa.Table) -> pa.Table:
    """The ``articles`` rows of cluster rows."""
    return batch.select(ARTICLES.names)


def clusters_occurrences(batch: pa.Table) -> pa.Table:
    """The ``occurrences`` rows of cluster rows."""
    nested = batch["occurrence_rows"].combine_chunks()
    return pa.Table.from_struct_array(pc.list_flatten(nested)).cast(OCCURRENCES)


WRITTEN = pa.schema([("articles", pa.int64()), ("occurrences", pa.int64())])


def write_clusters(batch: pa.Table, articles_dir: str, occurrences_dir: str) -> pa.Table:
    """Write cluster rows as one part of ``articles`` and one of ``occurrences``
    (:func:`write_part`, named by the least article id); the rows written of each.

    Written where the clusters are made, so they never travel through the object store."""
    if not batch.num_rows:
        return WRITTEN.empty_table()
    first = pc.min(batch["id"]).as_py()
    articles, occurrences = clusters_articles(batch), clusters_occurrences(batch)
    write_part(articles, articles_dir, first)
    write_part(occurrences, occurrences_dir, first)
    return pa.table({"articles": [articles.num_rows], "occurrences": [occurrences.num_rows]},
                    schema=WRITTEN)


def article_of_row(row: Mapping[str, Any]) -> tuple[Article, Fingerprint]:
    """The :class:`Article` and :class:`Fingerprint` of an ``articles`` dataset row, for the store.

    Spans and offsets are those of the first occurrence (they live in ``occurrences``);
    captions are left to the caller, which keeps their positions.
    """
    from newsgraph.model import Subheading

    article = Article(
        title=row["title"], paragraphs=list(row["paragraphs"]), spans=[], start=0, end=0,
        subheadings=[Subheading(s["text"], s["before_paragraph"]) for s in row["subheadings"]],
        agency=row["agency"], published=row["published"], author=row["author"],
        language=row["language"])
    fp = travelled_fingerprint(row["body_hash"], row["signature"], row["shingle_count"],
                               list(row["band_keys"]), list(row["paragraph_keys"]))
    return article, fp


# -- enrichment -------------------------------------------------------------------------------

KNOWLEDGE = pa.schema([
    ("article_id", pa.int64()),
    ("model", pa.string()),         # the spaCy pipeline and its version, as ``enrich`` records them
    ("version", pa.string()),
    ("body", pa.string()),          # JSON of the body's Knowledge; null: empty or another language
    ("captions", pa.string()),      # JSON [[caption index, Knowledge], ...] of the non-empty captions
])
"""The ``knowledge`` dataset: what enrichment found in each unique article, before the
corpus-wide rules (entity merging, event merging) that ``load`` applies in the store."""


ENRICH_COLUMNS = ["id", "body", "captions", "published", "language"]
"""The columns of ``articles`` enrichment reads."""


class Enricher:
    """Runs the knowledge layer over batches of unique articles: body and captions.

    One per worker process (:func:`enrich_articles`): the spaCy model is loaded once, in
    ``__init__``.
    The same gate and parse as ``enrich`` (:func:`newsgraph.enrich.run.enrich_pending`):
    empty bodies and bodies clearly in another language are recorded with nothing;
    each caption is enriched after its article's body, with its publication date.
    """

    def __init__(self, model: str | None = None, max_chars: int | None = None,
                 max_article_chars: int | None = None) -> None:
        from newsgraph.enrich.nlp import DEFAULT_MAX_CHARS, model_version
        from newsgraph.enrich.run import pipeline, pipeline_name

        nlp = pipeline(model)  # load (and cache) the model before the first batch
        self.language = nlp.lang
        self.name, self.version = pipeline_name(nlp), model_version(nlp)
        self.model = model
        self.max_chars = max_chars or DEFAULT_MAX_CHARS
        self.max_article_chars = max_article_chars or Settings().enrich_max_article_chars

    def __call__(self, batch: pa.Table) -> pa.Table:
        from newsgraph.enrich.language import same_language
        from newsgraph.enrich.run import knowledge_stream

        texts: list[tuple[str, str | None]] = []
        parts: list[tuple[int, int | None]] = []  # (row, caption index or None for the body)
        rows: list[dict[str, Any]] = []
        for n, row in enumerate(batch.select(ENRICH_COLUMNS).to_pylist()):
            rows.append({"article_id": row["id"], "model": self.name, "version": self.version,
                         "body": None, "captions": "[]"})
            body = row["body"] or ""
            if (not body.strip() or len(body) > self.max_article_chars
                    or not same_language(body, self.language, row["language"])):
                continue  # as enrich does: empty, too long to parse whole, another language
            texts.append((body, row["published"]))
            parts.append((n, None))
            for i, caption in enumerate(row["captions"]):
                if caption["text"] and caption["text"].strip():
                    texts.append((caption["text"], row["published"]))
                    parts.append((n, i))
        captions: dict[int, list[Any]] = {}
        for (n, index), knowledge in zip(parts, knowledge_stream(
                texts, model=self.model, batch_size=16, max_chars=self.max_chars), strict=True):
            if index is None:
                rows[n]["body"] = _dumps(knowledge.to_dict())
            else:
                captions.setdefault(n, []).append([index, knowledge.to_dict()])
        for n, found in captions.items():
            rows[n]["captions"] = _dumps(found)
        return _table(rows, KNOWLEDGE)


_ENRICHERS: dict[tuple[str | None, int | None, int | None], Enricher] = {}


def enrich_articles(batch: pa.Table, model: str | None = None, max_chars: int | None = None,
                    max_article_chars: int | None = None) -> pa.Table:
    """:class:`Enricher` over ``batch``, with one enricher (one loaded model) per process."""
    key = (model, max_chars, max_article_chars)
    if key not in _ENRICHERS:
        _ENRICHERS[key] = Enricher(model, max_chars, max_article_chars)
    return _ENRICHERS[key](batch)


def knowledge_from_dict(data: Mapping[str, Any]) -> Knowledge:
    """Inverse of ``Knowledge.to_dict()``."""
    return Knowledge(
        mentions=[Mention(**m) for m in data.get("mentions", ())],
        roles=[Role(**r) for r in data.get("roles", ())],
        quotes=[Quote(**{**q, "parts": [tuple(p) for p in q.get("parts", ())]})
                for q in data.get("quotes", ())],
        dates=[DateExpr(**d) for d in data.get("dates", ())],
        events=[Event(**e) for e in data.get("events", ())],
        errors=list(data.get("errors", ())),
    )


# -- filters (plain Arrow, any Ray version) -------------------------------------------------------


def in_groups(batch: pa.Table) -> pa.Table:
    """The articles found that are replayed in a group (see :func:`with_group`)."""
    return batch.filter(pc.greater_equal(batch["group"], 0))


def first_of_hash(batch: pa.Table) -> pa.Table:
    """The articles that are the first with their body hash (the only possible representatives)."""
    return batch.filter(pc.equal(batch["order"], batch["hash_first"]))


def with_site(batch: pa.Table) -> pa.Table:
    """The pages whose site is known."""
    return batch.filter(pc.not_equal(batch["site"], ""))
