"""The pipeline on Ray Data: the same stages across a cluster, Parquet out.

Flow (each step calls the library; :mod:`newsgraph.scale.stages` adapts it to Arrow batches):

1. the driver lists the input files (``read.iter_files``); each file is read by a
   task with ``read.read_pages`` — a bad file or record is an error row, never a crash;
2. a page read twice (same page hash) is kept once, the first in input order (a
   shuffle of ids: the pages themselves do not move);
3. site furniture: the short line keys of the pages ``ingest`` learns from (every page
   of a site up to ``site_learn_all_pages`` in input order, then a sample by page
   hash: ``pipeline.learns_from``) are counted per site with a groupby, and a key on
   enough of them is furniture (``Settings.furniture_min_pages``). As ``ingest`` does
   (``pipeline.RunSites``), every page of a site is segmented with what the whole
   input teaches about the site;
4. ``pipeline.extract_page`` cuts the articles out and ``dedup.Fingerprinter``
   fingerprints their bodies;
5. exact copies are grouped by body hash (ids only); the other pairs that share an
   LSH band key or a paragraph key are found in their bucket (ids only), each pair
   once, and each later article is judged against its candidates with
   ``dedup.Deduplicator`` (same thresholds, same grey-zone verification; each body
   travels to the articles it is a candidate of);
6. the driver joins related articles (exact copies, pairs judged duplicates of any
   kind) into connected components, packed into groups (``stages.Groups``); each group
   is replayed, in input order, through ``Store.add_page`` of a scratch in-memory store
   (``stages.replay_groups``), so every clustering rule is the store's own: the
   representative, match kinds and similarities, a page holding several stored
   articles, a stored article divided into the parts its copies show, what copies
   add. Components do not touch each other, so the result is the store's for the
   whole input. An article related to none is new (``stages.single_articles``);
7. Parquet datasets in ``output_dir``: ``pages``, ``articles``, ``occurrences``, ``errors``,
   and with ``enrich`` ``knowledge`` (spaCy loaded once per worker process). ``pages`` is
   written by the segmenting tasks and ``articles`` and ``occurrences`` by the tasks that
   make the clusters (``stages.write_part``), so no pass or object-store copy is theirs alone.

Article ids are the input-order keys of their first occurrence (see
:mod:`newsgraph.scale.stages`): stable for the same input. Rows also say which
article's turn wrote them, so ``load`` writes them in the order ``ingest`` would.
Sources are absolute paths. On a cluster, every node needs newsgraph installed
and the input paths readable (a shared file system).
"""

from __future__ import annotations

import logging
import math
import os
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsgraph.dedup import PARAGRAPH_KEYS_MAX
from newsgraph.errors import BadInput, MissingDependency, NewsgraphError
from newsgraph.model import ReadError
from newsgraph.read import iter_files
from newsgraph.settings import Settings

if TYPE_CHECKING:
    import pyarrow as pa
    from ray.data import Dataset

OUTPUTS = ("pages", "articles", "occurrences", "errors")
"""Parquet datasets every run writes (``knowledge`` too with enrichment)."""

KNOWLEDGE = "knowledge"
READ_ERRORS = ".read-errors"
"""Scratch folder of the output where the reading tasks write their error rows."""
MANIFEST = "manifest.json"
"""Written last by a run that finished: what it wrote (rows per dataset) and with which settings."""
_DEFAULT_LOCAL_CPUS = 2
_MAX_BLOCK_BYTES = 8 * 2**20
"""Output blocks of a task are cut at this size: a reading task's pages come out in blocks
of a couple of thousand pages at most, whatever the corpus size. At 32 MB the blocks of a
ten times larger corpus were ten times larger (a task reads more files), and so was the
memory of every stage that holds a block. Measured on 30,000 generated pages, 2 workers:
largest worker 462 MiB at 32 MB, 343 at 16, 310 at 8, 320 at 4 (where the tasks' overhead
also cost 12 s more than at 8)."""
_WORKER_ENV = {"ARROW_DEFAULT_MEMORY_POOL": "system"}
"""Arrow's buffers from the C allocator in the workers: jemalloc, Arrow's default, kept
freed blocks' pages, so a worker's memory grew with the blocks it had handled."""
_LINES_PER_PAGE = 30
"""Short lines per page, roughly: rows of the site-lines shuffle (tens of bytes each)."""


@dataclass(slots=True)
class ScaleStats:
    """Counters of one Ray run."""

    output_dir: str
    files: int = 0
    pages_read: int = 0
    pages_unique: int = 0
    """Pages left once a page read twice is kept once."""
    sites_with_furniture: int = 0
    articles_found: int = 0
    candidate_pairs: int = 0
    """Pairs of distinct bodies sharing an LSH band or paragraph key, each screened once."""
    related_pairs: int = 0
    """Candidate pairs whose signatures the screen let through (replayed together)."""
    articles_unique: int = 0
    duplicates_merged: int = 0
    errors: list[ReadError] = field(default_factory=list)
    articles_enriched: int = 0
    """Rows of ``knowledge`` (one per unique article) when enriched."""
    seconds: float = 0.0
    stage_seconds: dict[str, float] = field(default_factory=dict)
    """Wall time per step (read, pages_once, furniture, segment, exact, near, clusters, enrich);
    the datasets are written within segment (pages) and clusters (articles, occurrences)."""

    def to_dict(self) -> dict[str, object]:
        """Plain dict for ``--json``."""
        return {
            "output_dir": self.output_dir,
            "files": self.files,
            "pages_read": self.pages_read,
            "pages_unique": self.pages_unique,
            "sites_with_furniture": self.sites_with_furniture,
            "articles_found": self.articles_found,
            "candidate_pairs": self.candidate_pairs,
            "related_pairs": self.related_pairs,
            "articles_unique": self.articles_unique,
            "duplicates_merged": self.duplicates_merged,
            "errors": [str(e) for e in self.errors],
            "articles_enriched": self.articles_enriched,
            "seconds": round(self.seconds, 2),
            "stage_seconds": {k: round(v, 2) for k, v in self.stage_seconds.items()},
        }


def import_ray() -> Any:
    """The ``ray`` module with usage statistics off, or :class:`MissingDependency`."""
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    try:
        import ray
        import ray.data
    except ImportError as exc:
        raise MissingDependency("ray", "scale") from exc
    return ray


@contextmanager
def ray_session(address: str | None = None, num_cpus: int | None = None, *,
                quiet: bool = True) -> Iterator[Any]:
    """Ray, initialised for this run (and shut down after) unless the caller already did.

    Without ``address`` a private local instance is started: no dashboard, worker
    logs kept out of the terminal (Ray's own warnings too when ``quiet``),
    ``num_cpus`` (default 2) CPUs. With ``address``
    (``ray://host:10001`` or ``auto``) the run joins that cluster.
    """
    ray = import_ray()
    if ray.is_initialized():
        yield ray
        return
    if address:
        try:
            ray.init(address=address, log_to_driver=False,
                     logging_level=logging.ERROR if quiet else logging.INFO,
                     runtime_env={"env_vars": _WORKER_ENV})
        except (ConnectionError, RuntimeError, ValueError) as exc:
            raise NewsgraphError(
                f"cannot join the Ray cluster at {address}: {exc} (is the head up, and "
                "RAY_AUTH_TOKEN set to the cluster's token when it uses one?)") from exc
    else:
        cpus = num_cpus or min(_DEFAULT_LOCAL_CPUS, os.cpu_count() or 1)
        # A local instance's workers inherit the environment of the raylet this starts: the
        # variables go there, not in a runtime_env, whose workers Ray starts apart (through
        # its runtime-env agent, not from the pool it starts with): seconds before the first
        # task, on every run.
        saved = {k: os.environ.get(k) for k in _WORKER_ENV}
        os.environ.update(_WORKER_ENV)
        try:
            ray.init(address="local", num_cpus=cpus, include_dashboard=False,
                     log_to_driver=False, logging_level=logging.ERROR if quiet else logging.INFO)
        finally:
            for k, v in saved.items():
                if v is None:
                    os.environ.pop(k, None)
                else:
                    os.environ[k] = v
    try:
        yield ray
    finally:
        ray.shutdown()


def list_inputs(paths: Iterable[str]) -> tuple[list[str], list[ReadError]]:
    """The files under ``paths`` in the order ``read_pages`` reads them, and the paths missing."""
    files: list[str] = []
    errors: list[ReadError] = []
    for path in paths:
        if path == "-":
            raise BadInput("-", "stdin cannot be read by a cluster; save it to a file first")
        for item in iter_files(path):
            if isinstance(item, ReadError):
                errors.append(item)
            else:
                files.append(os.path.abspath(item))
    return files, errors


def run_ray(
    paths: Iterable[str],
    output_dir: str | os.PathLike[str],
    *,
    settings: Settings | None = None,
    enrich: bool = False,
    num_cpus: int | None = None,
    address: str | None = None,
    model: str | None = None,
    progress: bool = False,
) -> ScaleStats:
    """Read, segment, deduplicate (and with ``enrich`` analyse) ``paths`` on Ray; write Parquet.

    ``output_dir`` receives one Parquet dataset (a folder) per table, replaced
    if present. Unreadable inputs become rows of ``errors`` and the run goes on.
    Raises :class:`MissingDependency` when ray is not installed,
    :class:`BadInput` when ``output_dir`` is a file or holds a folder of that
    name that is not a Parquet dataset (nothing is replaced then), or for ``-``.
    """
    settings = settings or Settings()
    started = time.perf_counter()
    out = Path(output_dir)
    if out.exists() and not out.is_dir():
        raise BadInput(str(out), "the output must be a directory")
    names = [*OUTPUTS, KNOWLEDGE]
    for name in names:
        _check_replaceable(out / name)
    files, missing = list_inputs(paths)
    stats = ScaleStats(output_dir=str(out), files=len(files))
    import_ray()
    out.mkdir(parents=True, exist_ok=True)
    (out / MANIFEST).unlink(missing_ok=True)  # the folder is incomplete until the run ends
    for name in names:
        _clear(out / name)
    rows: dict[str, int] = {}
    with (ray_session(address, num_cpus, quiet=not progress) as ray,
          _data_context(ray, progress)):
        _run(ray, files, missing, out, settings, stats, rows, enrich=enrich, model=model)
    stats.seconds = time.perf_counter() - started
    _write_manifest(out, settings, rows, stats)
    return stats


def _write_manifest(out: Path, settings: Settings, rows: dict[str, int], stats: ScaleStats) -> None:
    import dataclasses
    import json

    from newsgraph import __version__

    manifest = {"newsgraph": __version__, "datasets": rows,
                "settings": dataclasses.asdict(settings), "stats": stats.to_dict()}
    tmp = out / f".{MANIFEST}.tmp"
    tmp.write_text(json.dumps(manifest, indent=1, ensure_ascii=False), encoding="utf-8")
    tmp.replace(out / MANIFEST)


@contextmanager
def _data_context(ray: Any, progress: bool) -> Iterator[None]:
    """Ray Data quiet unless ``progress``, and the pull-based sort shuffle for groupbys.

    Ray's default hash shuffle starts aggregator actors for every groupby, which
    wait for CPUs the map tasks hold: seconds of start-up per groupby on one
    machine, and 25 s for five pages on a two-node, two-CPU cluster (measured),
    where the sort shuffle takes under one. The caller's context is restored afterwards.
    """
    ctx = ray.data.DataContext.get_current()
    wanted: dict[str, Any] = {
        "enable_progress_bars": progress, "enable_operator_progress_bars": progress,
        "print_on_execution_start": progress, "enable_auto_log_stats": False,
        # Small blocks: a task's memory is a few blocks, whatever the corpus size.
        "target_max_block_size": _MAX_BLOCK_BYTES,
    }
    from ray.data.context import ShuffleStrategy

    wanted["shuffle_strategy"] = ShuffleStrategy.SORT_SHUFFLE_PULL_BASED
    wanted = {k: v for k, v in wanted.items() if hasattr(ctx, k)}  # older Ray lacks some
    saved = {k: getattr(ctx, k) for k in wanted}
    logger = logging.getLogger("ray.data")
    level = logger.level
    for k, v in wanted.items():
        setattr(ctx, k, v)
    if not progress:
        logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        for k, v in saved.items():
            setattr(ctx, k, v)
        logger.setLevel(level)


def _run(ray: Any, files: list[str], missing: list[ReadError], out: Path, settings: Settings,
         stats: ScaleStats, written: dict[str, int], *, enrich: bool, model: str | None) -> None:

    from newsgraph.scale import stages as st

    arrow: dict[str, Any] = {"batch_format": "pyarrow"}  # map_groups
    rows: dict[str, Any] = {**arrow, "batch_size": BATCH_ROWS}  # map_batches
    ids_batches: dict[str, Any] = {**arrow, "batch_size": ID_BATCH_ROWS}  # map_batches of ids
    parts = _partitions(ray)  # the least; each groupby adds partitions as its rows grow
    timed = _Timer(stats)
    errors = [st.error_row(e) for e in missing]
    pages: Dataset | None = None
    if files:
        with timed("read"):
            # A few tasks per CPU, each reading its files one at a time: many small files do
            # not pay a task each, a big WARC file still gets a task (and a worker) of its own.
            # One task per block of files (batch_size None): a batch size would bundle the
            # blocks into batches of that many files, and a few big files would be one task.
            tasks = min(len(files), max(2 * parts, math.ceil(len(files) / READ_FILES)))
            inputs = ray.data.from_items([{"path": p, "file_index": i} for i, p in enumerate(files)],
                                         override_num_blocks=tasks)
            # The error rows (few) are written apart by the reading tasks and read back here:
            # the blocks read are the pages, with no pass over them to find the errors.
            failed = out / READ_ERRORS
            _remove(failed)
            failed.mkdir()
            page_rows = inputs.map_batches(st.read_files, batch_size=None,
                                           fn_kwargs={"settings": settings,
                                                      "errors_dir": str(failed)},
                                           **arrow).materialize()
            errors += _read_errors(failed)
            _remove(failed)
            stats.pages_read = page_rows.count()
        if stats.pages_read:
            with timed("pages_once"):
                # A shuffle of ids: the pages (text and raw bytes) stay where they were read.
                # A page read twice is dropped by a filter fused into each stage that reads the
                # pages, not by a copy of every other page into new blocks.
                ids = page_rows.select_columns(["page_hash", "page_order"])
                again = _copies(ray, ids, "page_hash", "page_order", stats.pages_read)
                pages = page_rows if not len(again) else page_rows.map_batches(
                    st.drop_copies, fn_kwargs={"copies": again, "order": "page_order"}, **rows)
                stats.pages_unique = stats.pages_read - len(again)
    stats.errors = [st.error_from_row(r["data"]) for r in errors]
    written["errors"] = len(errors)
    _write_rows([_error_output(r) for r in errors], out / "errors", st.ERRORS)
    written["pages"] = stats.pages_unique
    _clear(out / "pages")
    (out / "pages").mkdir(parents=True)
    articles: Dataset | None = None
    if pages is not None:
        with timed("furniture"):
            furniture = _site_furniture(ray, pages, settings, parts, stats.pages_unique)
            stats.sites_with_furniture = len(furniture)
        with timed("segment"):
            # The pages are written by the segmenting tasks (each decodes a page's record once
            # for both): no pass of its own over every page.
            articles = pages.map_batches(
                st.segment_pages, fn_kwargs={"settings": settings, "furniture": furniture,
                                             "pages_dir": str(out / "pages")},
                **rows).materialize()
            stats.articles_found = articles.count()
    if not any((out / "pages").iterdir()):  # an empty dataset with the schema, so readers find one
        _write_rows([], out / "pages", st.PAGES_OUT)
    if not stats.articles_found or articles is None:
        for name, schema in (("articles", st.ARTICLES), ("occurrences", st.OCCURRENCES),
                             *((KNOWLEDGE, st.KNOWLEDGE),) * enrich):
            _write_rows([], out / name, schema)
            written[name] = 0
        return

    found_articles = articles
    with timed("exact"):
        ids = found_articles.select_columns(["body_hash", "order"])
        copies = _copies(ray, ids, "body_hash", "order", stats.articles_found)
        # Not materialised: the column is a lookup in ``copies``, fused into each stage that
        # reads the articles, where a materialised copy wrote every article's record (~10 KB)
        # to the object store once more.
        articles = found_articles.map_batches(st.with_hash_first, fn_kwargs={"copies": copies},
                                              **rows)
    with timed("near"):
        # Buckets of ids only (one row per LSH band and paragraph key of each distinct body);
        # the pairs of buckets with two bodies or more, each pair once, on the driver; then
        # each body goes to the articles it is a candidate of, to be judged there.
        keys = settings.lsh_bands + PARAGRAPH_KEYS_MAX
        # Grouped by the key's partition, not by key: one call per partition of whole buckets
        # (most buckets hold one body, and a call per bucket cost more than the pairing).
        bucket_rows = stats.articles_found * keys
        bucket_parts = _partitions(ray, bucket_rows, ID_ROWS_PER_PARTITION)
        buckets = _firsts(found_articles, copies, ["keys"]).map_batches(
            st.bucket_rows, fn_kwargs={"parts": bucket_parts}, **ids_batches)
        found = (_groupby(ray, buckets, "part", bucket_rows, ID_ROWS_PER_PARTITION)
                 .map_groups(st.bucket_candidates, **arrow))
        candidates = st.Candidates.of(found.iter_batches(batch_format="pyarrow",
                                                         batch_size=None))
        # Each pair is screened by its signatures where its later article's partition is
        # (signatures only, ~0.5 KB a row); the pairs that may be duplicates relate their
        # articles, whose text the store's replay compares.
        related: list[tuple[int, int]] = []
        stats.candidate_pairs = len(candidates)
        if len(candidates):
            side_rows = stats.articles_found + 2 * len(candidates)
            side_parts = _partitions(ray, side_rows, SIGNATURE_ROWS_PER_PARTITION)
            sides = _firsts(found_articles, copies, ["signature", "shingle_count"]).map_batches(
                st.candidate_sides, fn_kwargs={"candidates": candidates, "parts": side_parts},
                **ids_batches)
            pairs = (_groupby(ray, sides, "part", side_rows, SIGNATURE_ROWS_PER_PARTITION)
                     .map_groups(st.screen_candidates, fn_kwargs={"settings": settings},
                                 **arrow))
            for table in pairs.iter_batches(batch_format="pyarrow", batch_size=None):
                related += zip(table["order"].to_pylist(), table["other"].to_pylist(),
                               strict=True)
        stats.related_pairs = len(related)
        groups = st.Groups.of(related, copies)
    with timed("clusters"):
        # Articles related to others (copies, duplicates) are replayed through the store's
        # own rules, a group of whole components at a time; the others are new articles.
        # Each cluster row is written where it is made (``stages.write_clusters``, fused into
        # the task that makes it): only the rows written of each part come back.
        dirs = {"articles_dir": str(out / "articles"), "occurrences_dir": str(out / "occurrences")}
        for name in ("articles", "occurrences"):
            _clear(out / name)
            (out / name).mkdir(parents=True)
        tagged = articles.map_batches(st.with_group, fn_kwargs={"groups": groups}, **rows)
        parts_written = (tagged.map_batches(st.single_articles, **rows)
                         .map_batches(st.write_clusters, fn_kwargs=dirs, **arrow, batch_size=None))
        if len(groups):
            # Partitions of a few groups each: a task holds a few groups' articles, not a
            # fixed share of every corpus's (4,000 rows at 30,000 pages, 400 at 3,000).
            replayed = (_groupby(ray, tagged.map_batches(st.in_groups, **rows), "group",
                                 len(groups), 2 * st.GROUP_ARTICLES)
                        .map_groups(st.replay_groups, fn_kwargs={"settings": settings}, **arrow)
                        .map_batches(st.write_clusters, fn_kwargs=dirs, **arrow, batch_size=None))
            parts_written = parts_written.union(replayed)
        counts = {"articles": 0, "occurrences": 0}
        for table in parts_written.iter_batches(batch_format="pyarrow", batch_size=None):
            for name in counts:
                counts[name] += sum(table[name].to_pylist())
        for name, schema in (("articles", st.ARTICLES), ("occurrences", st.OCCURRENCES)):
            if not any((out / name).iterdir()):
                _write_rows([], out / name, schema)
        written["occurrences"] = counts["occurrences"]
        stats.articles_unique = written["articles"] = counts["articles"]
        stats.duplicates_merged = stats.articles_found - stats.articles_unique

    if enrich:
        with timed("enrich"):
            # A task per batch, not an actor pool: each worker process loads the model on its
            # first batch and keeps it (``stages.enrich_articles``), tasks are retried on a lost
            # node, and Ray logs no ERROR line about actors restarted from stored arguments.
            # Blocks of ~ENRICH_ROWS articles, a few per CPU at the least: a map stage runs a
            # task per block. The unique articles are read back from their Parquet parts (the
            # columns enrichment reads only), not made again.
            blocks = _partitions(ray, stats.articles_unique, ENRICH_ROWS)
            unique = ray.data.read_parquet(str(out / "articles")).select_columns(
                st.ENRICH_COLUMNS)
            knowledge = unique.repartition(blocks).map_batches(
                st.enrich_articles, batch_size=16,
                fn_kwargs={"model": model, "max_chars": settings.enrich_max_chars,
                           "max_article_chars": settings.enrich_max_article_chars}, **arrow)
            stats.articles_enriched = written[KNOWLEDGE] = _write(
                knowledge, out / KNOWLEDGE, st.KNOWLEDGE)


def _firsts(articles: Dataset, copies: Any, columns: list[str]) -> Dataset:
    """The first article found of each body hash (``stages.first_of_hash``), its order and
    ``columns`` only: projected before the batches are made, so a task takes many blocks
    (``ID_BATCH_ROWS`` rows) without copying their records."""
    from newsgraph.scale import stages as st

    ids = {"batch_format": "pyarrow", "batch_size": ID_BATCH_ROWS}
    return (articles.select_columns(["order", *columns])
            .map_batches(st.with_hash_first, fn_kwargs={"copies": copies}, **ids)
            .map_batches(st.first_of_hash, **ids))


class _Timer:
    """``with timer("stage"):`` adds the block's wall time to ``stats.stage_seconds``."""

    def __init__(self, stats: ScaleStats) -> None:
        self.stats = stats

    @contextmanager
    def __call__(self, stage: str) -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
        finally:
            seconds = time.perf_counter() - started
            self.stats.stage_seconds[stage] = self.stats.stage_seconds.get(stage, 0.0) + seconds


BATCH_ROWS = 256
"""Rows per call of a map stage (a batch is a slice of a block, not a copy)."""
READ_FILES = 64
"""Files per reading task at the most, when there are more files than a few per CPU: its
pages come out in blocks of up to ``stages.READ_ROWS`` rows (a big file streams block by
block), not one block per file."""
ID_BATCH_ROWS = 4096
"""Rows per call of a map over ids only (hashes, keys, orders, signatures; a column projection
of the pages or articles): the maps before each shuffle took a task per block of 256 rows,
hundreds of tasks for milliseconds of work each."""
ENRICH_ROWS = 64
"""Articles per enrichment task: ~10 s of spaCy, so tasks balance across workers and a lost
task costs little."""
ROWS_PER_PARTITION = 4000
"""Rows of pages or articles (a few KB each) per shuffle partition: a task reducing a
partition holds ~20 MB, whatever the corpus size, so worker memory stays flat."""
ID_ROWS_PER_PARTITION = 250_000
"""Rows of ids (a hash or key and an order, 30–80 B) per shuffle partition: ~10 MB. Sized
like the others' bytes, not their rows: at 4,000 rows a partition, the buckets of 30,000
pages (1.3 M rows) made 316 partitions, and the shuffle's tasks cost 40 s for 0.3 s of
work (measured, one worker)."""


SIGNATURE_ROWS_PER_PARTITION = 20_000
"""Rows of signatures (~0.55 KB each) per shuffle partition: ~10 MB, like the id shuffles."""


def _partitions(ray: Any, rows: int = 0, per: int = ROWS_PER_PARTITION) -> int:
    """Shuffle partitions for ``rows`` rows: at least two per CPU of the cluster, and one
    per ``per`` rows."""
    cpus = int(ray.cluster_resources().get("CPU", 1))
    return max(2, 2 * cpus, math.ceil(rows / per))


def _groupby(ray: Any, ds: Dataset, key: str, rows: int, per: int = ROWS_PER_PARTITION) -> Any:
    """``ds.groupby(key)`` over enough blocks that each group task holds ~``per`` of its
    ``rows`` rows: the sort shuffle behind ``map_groups`` keeps the number of blocks it is given."""
    parts = _partitions(ray, rows, per)
    return ds.repartition(parts).groupby(key, num_partitions=parts)


def _copies(ray: Any, ids: Dataset, key: str, order: str, rows: int) -> Any:
    """The rows of ``ids`` that repeat an earlier row's ``key`` (``stages.Copies``): a shuffle
    of ids by the key's partition, whole keys compared in one call per partition (as the
    buckets are, see ``_run``)."""
    from newsgraph.scale import stages as st

    parts = _partitions(ray, rows, ID_ROWS_PER_PARTITION)
    tagged = ids.map_batches(st.key_parts, fn_kwargs={"key": key, "parts": parts},
                             batch_format="pyarrow", batch_size=ID_BATCH_ROWS)
    return st.Copies.of(
        _groupby(ray, tagged, "part", rows, ID_ROWS_PER_PARTITION)
        .map_groups(st.later_of_keys, fn_kwargs={"key": key, "order": order},
                    batch_format="pyarrow")
        .iter_batches(batch_format="pyarrow", batch_size=None))


def _site_furniture(ray: Any, pages: Dataset, settings: Settings, parts: int,
                    page_count: int) -> dict[str, frozenset[str]]:
    """Furniture of each site, learned from the pages ``ingest`` learns from, all of them
    before any is segmented (see ``pipeline.RunSites``): a groupby over ids, then a shuffle
    of short line keys by partition, counted and judged where they land."""
    from newsgraph.scale import stages as st

    arrow = {"batch_format": "pyarrow", "batch_size": BATCH_ROWS}
    # One groupby of ids tells each site's page count and which pages the store learns
    # from: a site with too few pages for any furniture is dropped here, on the driver (a
    # groupby counting each site's pages first cost a shuffle of its own).
    learning = [r for r in (pages.select_columns(["site", "page_order", "page_hash"])
                            .map_batches(st.with_site, batch_format="pyarrow",
                                         batch_size=ID_BATCH_ROWS)
                            .groupby("site", num_partitions=parts)
                            .map_groups(st.site_learning, fn_kwargs={"settings": settings},
                                        batch_format="pyarrow").take_all())
                if r["pages"] >= settings.site_furniture_min_pages]
    if not learning:  # no site has pages enough for any furniture
        return {}
    need = {r["site"]: settings.furniture_min_pages(r["learned"]) for r in learning}
    cutoffs = {r["site"]: r["cutoff"] for r in learning}
    line_rows = page_count * _LINES_PER_PAGE
    line_parts = _partitions(ray, line_rows, 50 * ROWS_PER_PARTITION)
    lines = (pages.map_batches(st.learned_pages,
                               fn_kwargs={"cutoffs": cutoffs, "settings": settings}, **arrow)
             .map_batches(st.site_lines, fn_kwargs={"settings": settings, "parts": line_parts},
                          **arrow))
    found = (_groupby(ray, lines, "part", line_rows, 50 * ROWS_PER_PARTITION)
             .map_groups(st.furniture_of, fn_kwargs={"need": need}, batch_format="pyarrow"))
    furniture: dict[str, set[str]] = {}
    for table in found.iter_batches(batch_format="pyarrow", batch_size=None):
        for site, key in zip(table["site"].to_pylist(), table["key"].to_pylist(), strict=True):
            furniture.setdefault(site, set()).add(key)
    return {site: frozenset(keys) for site, keys in furniture.items()}


def _read_errors(folder: Path) -> list[dict[str, Any]]:
    """The error rows the reading tasks wrote in ``folder``, in input order."""
    import pyarrow.parquet as pq

    rows = [r for part in sorted(folder.glob("*.parquet")) for r in pq.read_table(part).to_pylist()]
    return sorted(rows, key=lambda r: r["page_order"])


def _remove(path: Path) -> None:
    """Remove a scratch folder of the run, if there."""
    import shutil

    shutil.rmtree(path, ignore_errors=True)


def _error_output(row: dict[str, Any]) -> dict[str, Any]:
    from newsgraph.scale.stages import error_from_row

    e = error_from_row(row["data"])
    return {"source": e.source, "record": e.record, "reason": e.reason}


def _write(ds: Dataset, path: Path, schema: pa.Schema) -> int:
    """Write ``ds`` as a Parquet dataset at ``path`` (streamed: each block as it is made);
    returns its rows."""
    import pyarrow.parquet as pq

    _clear(path)
    ds.write_parquet(str(path))
    parts = sorted(path.glob("*.parquet")) if path.exists() else []
    rows = sum(pq.ParquetFile(p).metadata.num_rows for p in parts)
    if not parts:  # nothing to write: an empty dataset with the schema, so readers find one
        _write_rows([], path, schema)
    return rows


def _write_rows(rows: list[dict[str, Any]], path: Path, schema: pa.Schema) -> None:
    """Write rows collected on the driver as a one-file Parquet dataset at ``path``."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    _clear(path)
    path.mkdir(parents=True)
    pq.write_table(pa.Table.from_pylist(rows, schema=schema), path / "part-0.parquet")


def _check_replaceable(path: Path) -> None:
    """BadInput unless ``path`` is absent or a folder of Parquet files (a previous run's)."""
    if path.exists() and (not path.is_dir()
                          or any(not p.name.endswith(".parquet") for p in path.iterdir())):
        raise BadInput(str(path), "exists and is not a Parquet dataset; not replacing it")


def _clear(path: Path) -> None:
    """Remove a previous run's Parquet dataset at ``path``."""
    import shutil

    _check_replaceable(path)
    if path.exists():
        shutil.rmtree(path)
