"""Speed of the dedup + store share of ingestion: Store.add_page pages/s as the store grows.

Pages are built from the eval ground-truth bodies: each page holds one article,
a fresh variant (a third of its words replaced by others of
the same article, so a new article with a natural vocabulary) or, one page
in five, a copy of an earlier article with furniture lines (a duplicate). Pages
are added in batches of ``batch_size`` in one transaction each, into a store
file in a temporary directory. Prints pages/s over each tenth of the run (it
must stay flat as the index grows), peak memory, and the store size.

    .venv/bin/python bench/store_speed.py --pages 2000
    .venv/bin/python bench/store_speed.py --pages 20000
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import resource
import sys
import tempfile
import time
from collections import deque
from collections.abc import Iterator
from pathlib import Path

from newsgraph.model import Article, Page
from newsgraph.settings import Settings
from newsgraph.store import Store

SHARED = Path(__file__).resolve().parents[2] / "shared"


def make_pages(bodies: list[list[str]], n: int, rng: random.Random) -> Iterator[tuple[Page, list[Article]]]:
    """Generated lazily (memory is the store's, not the corpus's); duplicates copy one of the
    last 500 new articles."""
    made: deque[list[str]] = deque(maxlen=500)
    for i in range(n):
        if made and rng.random() < 0.2:
            paras = ["Advertisement", *rng.choice(made), "Share this article"]
        else:
            base = bodies[i % len(bodies)]
            own = " ".join(base).split()  # replacements from the same article: natural vocabulary
            paras = [" ".join(w if rng.random() > 0.33 else rng.choice(own) for w in p.split())
                     for p in base]
            made.append(paras)
        title = f"Story {i}"
        text = "\n\n".join([title, *paras])
        spans, pos = [], len(title) + 2
        for p in paras:
            spans.append((pos, pos + len(p)))
            pos += len(p) + 2
        page = Page(source=f"gen/{i}.txt", text=text, format="text", raw=text.encode("utf-8"),
                    site=f"site{i % 17}.example", url=f"https://site{i % 17}.example/{i}")
        yield page, [Article(title=title, paragraphs=paras, spans=spans, start=0, end=len(text))]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=int, default=2000)
    ap.add_argument("--shared", type=Path, default=SHARED)
    ap.add_argument("--db", type=Path, default=None, help="keep the store here (default: a temporary file)")
    args = ap.parse_args(argv)
    gt_file = args.shared / "eval/article-extraction-dev/ground-truth.json"
    if not gt_file.exists():
        print(f"needs {gt_file}", file=sys.stderr)
        return 2
    gt = json.loads(gt_file.read_text("utf-8"))
    bodies = [[p for p in v["articleBody"].split("\n") if p.strip()] for v in gt.values()]
    bodies = [b for b in bodies if len(" ".join(b).split()) >= 100]
    settings = Settings()
    pages = make_pages(bodies, args.pages, random.Random(1))
    chars = 0
    cpu = 0.0  # CPU seconds inside add_page only (robust to other processes on the machine)
    tenth = max(1, args.pages // 10)
    marks: list[float] = []
    mark_cpu = 0.0
    mark_pages = 0
    with tempfile.TemporaryDirectory() as tmp, Store.open(args.db or Path(tmp) / "bench.db", settings) as store:
        t0 = time.perf_counter()
        done = 0
        while done < args.pages:
            batch = list(itertools.islice(pages, settings.batch_size))
            c = time.process_time()
            with store.transaction():
                for page, arts in batch:
                    store.add_page(page, arts)
            spent = time.process_time() - c
            cpu += spent
            mark_cpu += spent
            mark_pages += len(batch)
            done += len(batch)
            chars += sum(len(p.text) for p, _ in batch)
            if done >= tenth * (len(marks) + 1) or done >= args.pages:
                marks.append(mark_pages / mark_cpu if mark_cpu else 0.0)
                mark_cpu, mark_pages = 0.0, 0
        wall = time.perf_counter() - t0
        stats = store.stats()
        size = Path(store.path).stat().st_size
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{args.pages} pages (average {chars / args.pages:,.0f} chars), {stats.articles} articles, "
          f"{stats.duplicates_merged} duplicates merged")
    print(f"add_page: {args.pages / cpu:,.0f} pages/s per core of CPU time "
          f"({cpu / args.pages * 1000:.2f} ms/page: fingerprint + dedup + writes incl. FTS); "
          f"wall clock of the whole run incl. page generation {wall:,.1f} s")
    print("pages/s (CPU) per tenth of the run: " + " ".join(f"{m:,.0f}" for m in marks))
    print(f"peak RSS {peak:,.0f} MB; store {size / 1e6:,.1f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
