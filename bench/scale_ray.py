"""Ray Data runner vs single-machine ingest on the same pages: pages/s, workers, memory.

On a generated corpus (``--pages N``, built like ``bench/ingest_throughput.py``'s
from the eval pages: new articles, re-publications, truncations, edits, glued
pages, 12 sites with furniture) or on given inputs, in the same run, each in a
fresh process:

- ``ingest`` (one process, into a store file, no NLP): the reference;
- ``scale`` on a local Ray instance with 1 CPU, then with 2 CPUs (1 and 2 workers),
  wall time including Ray's start-up, and the peak memory of each Ray worker process
  (its resident anonymous memory: private, outside the shared object store; sampled
  every 0.5 s; ingest's figure is its peak RSS);
- with ``--memory-check``, ``scale`` with 2 CPUs on a tenth of the corpus too: peak
  memory per worker should not grow with the corpus.

It prints pages/s and CPU milliseconds per page for each (all of a run's processes, less
the memory sampler's own thread, printed apart: on a machine other jobs share, the CPU
cost per page is the figure that holds), the
load average before and after, the speed-ups against the targets (2 workers ≥ 1.7× 1
worker, ≥ 1.5× ingest), and whether ``scale`` found the same articles as ``ingest``
(cluster sizes by body hash; on a generated corpus ``ingest`` learns site furniture
while it reads, ``scale`` from the whole site, so the first pages of a site may differ).

    python bench/scale_ray.py --pages 30000
    python bench/scale_ray.py crawl/ --memory-check
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
DEFAULT = [ROOT / "demo" / "pages", SHARED / "seeds",
           SHARED / "eval" / "article-extraction-dev" / "html"]


def child_ingest(paths: list[str], db: str, enrich: bool) -> dict[str, Any]:
    """``ingest`` (then with ``enrich``, ``enrich`` in one process) into a fresh store file;
    pages/s and peak RSS."""
    from newsgraph.pipeline import ingest
    from newsgraph.store import Store

    t0 = time.perf_counter()
    stages: dict[str, float] = {}
    with Store.open(db) as store:
        stats = ingest(paths, store)
        stages["ingest"] = time.perf_counter() - t0
        if enrich:
            from newsgraph.enrich.run import enrich_pending

            enrich_pending(store, workers=1)
            stages["enrich"] = time.perf_counter() - t0 - stages["ingest"]
        rows = store.conn.execute(
            "SELECT a.body_hash, COUNT(o.id) FROM articles a "
            "JOIN occurrences o ON o.article_id = a.id GROUP BY a.id").fetchall()
    wall = time.perf_counter() - t0
    own = resource.getrusage(resource.RUSAGE_SELF)
    return {"pages": stats.pages_read, "articles": stats.articles_new, "wall_s": wall,
            "stages": stages, "cpu_s": own.ru_utime + own.ru_stime,
            "peak_mib": [resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024],
            "clusters": [[h, n] for h, n in rows]}


class WorkerMemory:
    """Samples the private memory of this process's Ray workers (``ray::...``) in a thread."""

    def __init__(self, every: float = 0.5) -> None:
        import importlib

        importlib.import_module("ray")  # Ray ships psutil (ray/thirdparty_files), on the path
        import psutil

        self.psutil = psutil
        self.every = every
        self.peak: dict[int, int] = {}
        self.cpu: dict[int, float] = {}
        """CPU seconds of every process under this one (Ray's workers and services), as last
        sampled: a lower bound (a process's last half second before it ends is missed)."""
        self.own_cpu = 0.0
        """CPU seconds of the sampling itself (this thread): measurement, not the run's work."""
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> WorkerMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        me = self.psutil.Process()
        while not self._stop.wait(self.every):
            for proc in me.children(recursive=True):
                try:
                    times = proc.cpu_times()
                    self.cpu[proc.pid] = max(self.cpu.get(proc.pid, 0.0), times.user + times.system)
                    name = proc.name()
                    if name.startswith("ray::") and not name.startswith(_RAY_SERVICES):
                        self.peak[proc.pid] = max(self.peak.get(proc.pid, 0), private_heap(proc))
                except (self.psutil.NoSuchProcess, self.psutil.AccessDenied, OSError):
                    continue
            self.own_cpu = time.thread_time()


_RAY_SERVICES = ("ray::DashboardAgent", "ray::RuntimeEnvAgent", "ray::_StatsActor",
                 "ray::_AutoscalingCoordinatorActor")
"""Ray's own per-node services and Ray Data's bookkeeping actors, not workers."""


def private_heap(proc: Any) -> int:
    """Bytes only ``proc`` uses, outside Ray's shared-memory object store: its resident
    anonymous memory (``RssAnon`` of ``/proc/PID/status``).

    Neither RSS nor USS will do: a worker maps the object store's pages it wrote or read,
    and those pages, resident in no other process, count as its own; they are shared
    memory (``RssShmem``), not anonymous. The kernel keeps the figure as a counter, so
    reading it costs little on the cores the workers use (2.6-5.0 CPU s in a run of 30,000
    pages): a walk of ``/proc/PID/smaps`` every 0.5 s (this bench's figure until
    2026-12-07, within 2 % of this one on live workers) took 34 CPU s of a 174 s run with
    two workers on two cores (a run with no sampler at all took 153 s).
    """
    with open(f"/proc/{proc.pid}/status", "rb") as status:
        for line in status:
            if line.startswith(b"RssAnon:"):
                return int(line.split()[1]) * 1024
    return 0


def child_scale(paths: list[str], out: str, cpus: int, enrich: bool) -> dict[str, Any]:
    """``scale`` (with ``enrich``, ``scale --enrich``) on a local instance of ``cpus`` CPUs;
    pages/s and peak RSS per worker."""
    import pyarrow.parquet as pq

    from newsgraph.scale import run_ray

    t0 = time.perf_counter()
    with WorkerMemory() as memory:
        stats = run_ray(paths, out, num_cpus=cpus, enrich=enrich)
    wall = time.perf_counter() - t0
    own = resource.getrusage(resource.RUSAGE_SELF)
    rows = pq.read_table(Path(out) / "articles", columns=["body_hash", "occurrences"]).to_pylist()
    return {"pages": stats.pages_read, "articles": stats.articles_unique, "wall_s": wall,
            "stages": stats.stage_seconds,
            "cpu_s": own.ru_utime + own.ru_stime + sum(memory.cpu.values()) - memory.own_cpu,
            "sampler_cpu_s": memory.own_cpu,
            "peak_mib": sorted((v / 2**20 for v in memory.peak.values()), reverse=True),
            "clusters": [[r["body_hash"], r["occurrences"]] for r in rows]}


KNOWLEDGE_TABLES = ("articles", "occurrences", "entities", "aliases", "mentions", "roles", "quotes",
                    "dates", "events", "event_sources")
"""Store tables whose row counts ``--enrich`` compares (ingest + enrich against load)."""


def store_counts(db: str) -> dict[str, int]:
    """Rows of each knowledge table of the store file ``db``."""
    import sqlite3

    conn = sqlite3.connect(db)
    try:
        return {t: conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
                for t in KNOWLEDGE_TABLES}
    finally:
        conn.close()


def child_load(out: str, db: str) -> dict[str, Any]:
    """``load`` a scale output into a fresh store file; its wall time and table counts."""
    from newsgraph.scale.load import load_output

    t0 = time.perf_counter()
    load_output(out, db)
    return {"wall_s": time.perf_counter() - t0, "counts": store_counts(db)}


def _load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def run_child(*args: str) -> dict[str, Any]:
    """One run in a fresh process. Its ``cpu_s`` (that process's CPU time, and for ``scale``
    its Ray processes' too) says, on a machine other jobs share, what wall time cannot."""
    proc = subprocess.run([sys.executable, __file__, "--child", *args], capture_output=True,
                          text=True, check=False)
    if proc.returncode:
        sys.exit(f"child {args[0]} failed: {proc.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def corpus_paths(tmp: Path, pages: int, name: str) -> list[str]:
    sys.path.insert(0, str(ROOT / "bench"))
    from ingest_throughput import build_corpus

    folder = tmp / name
    build_corpus(folder, pages)
    return [str(folder)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("paths", nargs="*", help="inputs (default: a generated corpus)")
    parser.add_argument("--pages", type=int, default=3000, help="pages of the generated corpus")
    parser.add_argument("--memory-check", action="store_true",
                        help="also run scale (2 CPUs) on a tenth of the corpus")
    parser.add_argument("--enrich", action="store_true",
                        help="the whole job: ingest + enrich in one process against scale --enrich "
                             "(then load its output and compare the knowledge)")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, *rest = args.child
        if kind == "load":
            result = child_load(rest[0], rest[1])
        elif kind == "ingest":
            result = child_ingest(json.loads(rest[0]), rest[1], rest[2] == "1")
        else:
            result = child_scale(json.loads(rest[0]), rest[1], int(rest[2]), rest[3] == "1")
        print(json.dumps(result))
        return 0

    nlp = "1" if args.enrich else "0"
    ref = "ingest + enrich" if args.enrich else "ingest"
    job = " --enrich" if args.enrich else ""
    with tempfile.TemporaryDirectory(prefix="newsgraph-scale-bench-") as tmp_name:
        tmp = Path(tmp_name)
        paths = args.paths or corpus_paths(tmp, args.pages, "corpus")
        where = ", ".join(args.paths) if args.paths else f"generated corpus of {args.pages} pages"
        print(f"inputs: {where}; load average {_load()} on {os.cpu_count()} CPUs")
        runs: dict[str, dict[str, Any]] = {}
        runs[ref] = run_child("ingest", json.dumps(paths), str(tmp / "ingest.db"), nlp)
        one, two = f"scale{job} 1 worker", f"scale{job} 2 workers"
        runs[one] = run_child("scale", json.dumps(paths), str(tmp / "out1"), "1", nlp)
        runs[two] = run_child("scale", json.dumps(paths), str(tmp / "out2"), "2", nlp)
        if args.memory_check and not args.paths:
            small = corpus_paths(tmp, max(1, args.pages // 10), "tenth")
            runs[f"{two}, 1/10 corpus"] = run_child("scale", json.dumps(small),
                                                    str(tmp / "out3"), "2", nlp)
        loaded = (run_child("load", str(tmp / "out2"), str(tmp / "loaded.db"))
                  if args.enrich else None)
        counts = store_counts(str(tmp / "ingest.db")) if args.enrich else None

    print(f"{'run':<30} {'pages':>7} {'articles':>9} {'wall s':>8} {'pages/s':>8} "
          f"{'CPU s':>7} {'CPU ms/page':>11} {'peak MiB per worker (max, mean)':>33}")
    for name, r in runs.items():
        peaks = r["peak_mib"] or [0.0]
        print(f"{name:<30} {r['pages']:>7} {r['articles']:>9} {r['wall_s']:>8.1f} "
              f"{r['pages'] / r['wall_s']:>8.1f} {r['cpu_s']:>7.1f} "
              f"{1000 * r['cpu_s'] / max(r['pages'], 1):>11.1f} "
              f"{max(peaks):>20.0f} {sum(peaks) / len(peaks):>12.0f}"
              f"  ({len(r['peak_mib'])} processes)")
    sampled = ", ".join(f"{k} {r['sampler_cpu_s']:.1f}" for k, r in runs.items() if "sampler_cpu_s" in r)
    print(f"memory sampler's own CPU s (left out of the figures above): {sampled}")
    rate = {k: r["pages"] / r["wall_s"] for k, r in runs.items()}
    r2, r1, ing = rate[two], rate[one], rate[ref]
    print(f"load average at the end: {_load()}")
    print(f"2 workers / 1 worker: {r2 / r1:.2f}x (target >= 1.7x); "
          f"2 workers / {ref}: {r2 / ing:.2f}x (target >= 1.5x)")
    for name in (ref, one, two):
        steps = ", ".join(f"{k} {v:.1f}" for k, v in runs[name]["stages"].items())
        print(f"{name} steps (s wall): {steps}")
    if f"{two}, 1/10 corpus" in runs:
        small = max(runs[f"{two}, 1/10 corpus"]["peak_mib"] or [1.0])
        big = max(runs[two]["peak_mib"] or [1.0])
        print(f"peak worker memory, 10x corpus: {big:.0f} MiB against {small:.0f} MiB "
              f"({big / small - 1:+.0%})")
    expected = Counter(map(tuple, runs[ref]["clusters"]))
    got = Counter(map(tuple, runs[two]["clusters"]))
    same = sum((expected & got).values())
    print(f"articles with the same body and cluster size as ingest's: {same} of "
          f"{sum(expected.values())} (scale: {sum(got.values())}); 1 and 2 workers agree: "
          f"{Counter(map(tuple, runs[one]['clusters'])) == got}")
    if loaded is not None and counts is not None:
        print(f"load of the 2-worker output into a store: {loaded['wall_s']:.1f} s (not in the "
              f"figures above); rows, ingest + enrich / loaded:")
        for table, n in counts.items():
            mark = "" if n == loaded["counts"][table] else "  DIFFERENT"
            print(f"  {table:<18} {n:>8} {loaded['counts'][table]:>8}{mark}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
