"""Enrichment speed beside bare spaCy: articles/second and the overhead of our extractors.

For each worker count, in the same run and on the same texts (the ground-truth
article bodies of ../shared/eval/article-extraction-dev):

- bare: ``list(nlp.pipe(texts, batch_size, n_process=workers))`` of the same model;
- enrich: ``enrich_pending`` on a fresh store holding those bodies as articles
  (parse + entities, quotes, dates, events + saving, per batch in a transaction).

Overhead = enrich time / bare time - 1, in wall-clock time and in CPU time
(this process and its worker processes; CPU time is what other work on a
shared machine disturbs least). Targets: overhead <= 30 %, and ``--workers 2``
faster than 1 on a 2-core machine.

Usage: .venv/bin/python bench/enrich_speed.py [--workers 1,2] [--repeat 2] [--limit N]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EVAL = (Path(os.environ.get("NEWSGRAPH_SHARED") or ROOT.parent / "shared") / "eval"
        / "article-extraction-dev" / "ground-truth.json")


def load_bodies(limit: int | None, lang: str) -> tuple[list[str], int]:
    """The eval set's true article bodies in the model's language, in id order (blank-line
    paragraphs kept), and how many bodies the language gate of enrichment left out: both
    sides of the comparison parse the same texts."""
    from newsgraph.enrich.language import same_language

    data = json.loads(EVAL.read_text(encoding="utf-8"))
    bodies = [data[key]["articleBody"].strip() for key in sorted(data)]
    bodies = [b for b in bodies if b]
    kept = [b for b in bodies if same_language(b, lang)]
    kept = kept[:limit] if limit else kept
    return kept, len(bodies) - len([b for b in bodies if same_language(b, lang)])


def make_store(path: str, bodies: list[str]) -> None:
    """A store holding each body as one article."""
    from newsgraph.model import PARAGRAPH_SEP, Article, Page
    from newsgraph.store import Store

    with Store.open(path) as store, store.transaction():
        for number, body in enumerate(bodies):
            paragraphs = [p.strip() for p in body.split("\n") if p.strip()]
            text = PARAGRAPH_SEP.join(paragraphs)
            spans, pos = [], 0
            for para in paragraphs:
                spans.append((pos, pos + len(para)))
                pos += len(para) + len(PARAGRAPH_SEP)
            page = Page(source=f"eval-{number}.txt", text=text, format="text")
            store.add_page(page, [Article(title=f"eval {number}", paragraphs=paragraphs,
                                          spans=spans, start=0, end=len(text))])


def cpu_seconds() -> float:
    """CPU time of this process and of its finished children (worker processes)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def time_bare(nlp: object, texts: list[str], workers: int, batch_size: int) -> tuple[float, float]:
    """Wall and CPU seconds of bare ``nlp.pipe`` over ``texts``."""
    started, cpu = time.perf_counter(), cpu_seconds()
    for _doc in nlp.pipe(texts, batch_size=batch_size, n_process=workers):  # type: ignore[attr-defined]
        pass
    for process in multiprocessing.active_children():  # reap spaCy's workers: count their CPU
        process.join()
    return time.perf_counter() - started, cpu_seconds() - cpu


def time_enrich(template: str, workers: int, batch_size: int) -> tuple[float, float, int]:
    """Wall and CPU seconds to enrich a fresh copy of the template store, and how many articles."""
    import shutil

    from newsgraph.enrich.run import enrich_pending
    from newsgraph.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "bench.db")
        shutil.copy(template, path)
        with Store.open(path) as store:
            started, cpu = time.perf_counter(), cpu_seconds()
            stats = enrich_pending(store, workers=workers, batch_size=batch_size)
            return time.perf_counter() - started, cpu_seconds() - cpu, stats.articles_enriched


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--workers", default="1,2", help="Comma-separated worker counts.")
    parser.add_argument("--repeat", type=int, default=2, help="Runs per measure (best is kept).")
    parser.add_argument("--limit", type=int, default=None, help="Use only the first N bodies.")
    parser.add_argument("--batch-size", type=int, default=32)
    args = parser.parse_args(argv)
    if not EVAL.exists():
        print(f"eval set not found at {EVAL}", file=sys.stderr)
        return 1

    from newsgraph.enrich.run import pipeline
    nlp = pipeline()
    bodies, foreign = load_bodies(args.limit, nlp.lang)
    with tempfile.TemporaryDirectory() as tmp:
        template = os.path.join(tmp, "template.db")
        make_store(template, bodies)
        from newsgraph.store import Store

        with Store.open(template) as store:
            texts = [r[0] for r in store.conn.execute("SELECT body FROM articles ORDER BY id")]
        words = sum(len(t.split()) for t in texts)
        print(f"model {nlp.meta['lang']}_{nlp.meta['name']} {nlp.meta['version']} · "
              f"{len(texts)} articles ({foreign} in another language left out) · {words} words · "
              f"{sum(map(len, texts))} chars · "
              f"{os.cpu_count()} cpus · load average {os.getloadavg()[0]:.1f} at start")
        time_bare(nlp, texts[:5], 1, args.batch_size)  # warm-up
        results: dict[int, tuple[float, float]] = {}
        for workers in (int(w) for w in args.workers.split(",")):
            # Interleaved, so that load from elsewhere on the machine hits both alike.
            bares: list[tuple[float, float]] = []
            enriches: list[tuple[float, float]] = []
            for _ in range(args.repeat):
                bares.append(time_bare(nlp, texts, workers, args.batch_size))
                wall, cpu, done = time_enrich(template, workers, args.batch_size)
                if done != len(texts):
                    raise SystemExit(f"enriched {done} of {len(texts)} articles")
                enriches.append((wall, cpu))
            bare, enrich = min(bares), min(enriches)
            results[workers] = (bare[0], enrich[0])
            print(f"workers {workers}: bare nlp.pipe {len(texts) / bare[0]:6.1f} articles/s "
                  f"({words / bare[0]:6.0f} words/s, CPU {bare[1]:5.1f} s) · enrich "
                  f"{len(texts) / enrich[0]:6.1f} articles/s (CPU {enrich[1]:5.1f} s) · overhead "
                  f"{100 * (enrich[0] / bare[0] - 1):+.1f} % wall, "
                  f"{100 * (enrich[1] / bare[1] - 1):+.1f} % CPU")
        if 1 in results and 2 in results:
            speedup = results[1][1] / results[2][1]
            print(f"enrich speed-up with 2 workers: {speedup:.2f}x")
        print(f"load average {os.getloadavg()[0]:.1f} at the end (other work on the machine "
              "skews the worker comparison)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
