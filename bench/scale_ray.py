"""Ray Data runner vs single-machine ingest on the same pages: time and agreement.

Runs ``pipeline.ingest`` into an in-memory store and ``scale.run_ray`` (local,
``--num-cpus`` CPUs) over the same inputs, prints wall and CPU time of each, and
whether both found the same unique articles and the same duplicate clusters.

    .venv/bin/python bench/scale_ray.py                      # demo + ../shared seeds and eval pages
    .venv/bin/python bench/scale_ray.py crawl/ --num-cpus 2
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import pyarrow.parquet as pq

from newsgraph.pipeline import ingest
from newsgraph.scale import run_ray
from newsgraph.settings import Settings
from newsgraph.store import Store

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
DEFAULT = [ROOT / "demo" / "pages", SHARED / "seeds",
           SHARED / "eval" / "article-extraction-dev" / "html"]


def cpu() -> float:
    """CPU seconds of this process and its finished children."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def store_clusters(paths: list[str], settings: Settings) -> Counter[tuple[str, str, int]]:
    with Store.open(":memory:", settings) as store:
        ingest(paths, store, settings=settings)
        rows = store.conn.execute(
            "SELECT a.title, a.body_hash, COUNT(o.id) FROM articles a "
            "JOIN occurrences o ON o.article_id = a.id GROUP BY a.id").fetchall()
    return Counter((t or "", h, n) for t, h, n in rows)


def ray_clusters(out: Path) -> Counter[tuple[str, str, int]]:
    columns = ["title", "body_hash", "occurrences"]
    rows = pq.read_table(out / "articles", columns=columns).to_pylist()
    return Counter((r["title"] or "", r["body_hash"], r["occurrences"]) for r in rows)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", help="inputs (default: demo, seeds, eval pages)")
    parser.add_argument("--num-cpus", type=int, default=2)
    args = parser.parse_args()
    paths = [str(p) for p in (args.paths or [p for p in DEFAULT if p.exists()])]
    settings = Settings()

    t0, c0 = time.perf_counter(), cpu()
    expected = store_clusters(paths, settings)
    t1, c1 = time.perf_counter(), cpu()
    with tempfile.TemporaryDirectory() as tmp:
        stats = run_ray(paths, tmp, settings=settings, num_cpus=args.num_cpus)
        t2, c2 = time.perf_counter(), cpu()
        got = ray_clusters(Path(tmp))

    print(f"inputs: {', '.join(paths)}")
    print(f"pages: {stats.pages_read} read, {stats.pages_unique} unique; articles: "
          f"{stats.articles_found} found, {stats.articles_unique} unique, "
          f"{stats.duplicates_merged} merged; errors: {len(stats.errors)}")
    print(f"ingest (one process, in-memory store): {t1 - t0:6.1f} s wall, {c1 - c0:6.1f} s CPU")
    print(f"ray ({args.num_cpus} CPUs, local, incl. start-up): {t2 - t1:6.1f} s wall, "
          f"{c2 - c1:6.1f} s CPU (driver and the Ray processes it reaped; not the workers)")
    stages = ", ".join(f"{k} {v:.1f}" for k, v in stats.stage_seconds.items())
    print(f"ray steps (s wall): {stages}; candidate pairs judged: {stats.candidate_pairs}")
    same = got == expected
    print(f"same unique articles and cluster sizes: {same} "
          f"({sum(expected.values())} store articles, {sum(got.values())} ray articles)")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
