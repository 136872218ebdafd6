"""Ingest throughput and memory on a generated corpus, at 1x and 10x its size.

The corpus is built from the eval pages' flattened text (../shared/eval): new
articles made of their paragraphs, exact re-publications on other pages,
truncated versions, small edits, two articles glued on one page (infinite
scroll), and the scraped pages themselves, each page with its site's furniture. Each size is ingested (no NLP) into a fresh store in a child process,
which reports pages/s and its peak RSS. Beside it, in the same run, the
reference: bare MinHash signatures (datasketch) of the same page texts, the
floor any near-duplicate detector pays.

    python bench/ingest_throughput.py [--pages 3000] [--scale 10]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EVAL_TEXT = ROOT.parent / "shared" / "eval" / "article-extraction-dev" / "text"

SITES = [f"site{i}.example" for i in range(12)]
NAV = ["Home", "World", "Politics", "Business", "Opinion", "Sport", "Subscribe", "Sign in",
       "Share this article", "Most read", "Newsletter", "© 2026 {site}. All rights reserved."]


def build_corpus(out: Path, pages: int, seed: int = 7) -> int:
    """Write ``pages`` pages as JSON Lines files (1,000 pages a file); return bytes written.

    Half the pages carry a new article (a title and 8-16 paragraphs made from the
    eval pages' sentences, so each article is unique though its sentences recur); the rest re-publish an earlier
    article (exactly, truncated, with small edits, or glued after another one)
    or are an eval page as it was scraped. Every page has its site's furniture.
    """
    texts = [p.read_text("utf-8") for p in sorted(EVAL_TEXT.glob("*.txt"))]
    if not texts:
        sys.exit(f"no eval texts at {EVAL_TEXT}: this benchmark needs ../shared beside the repo")
    prose = [ln for t in texts for ln in t.split("\n") if len(ln.split()) >= 25]
    sentences = [x for ln in prose for x in re.split(r"(?<=[.!?])\s+", ln) if len(x.split()) >= 6]
    rng = random.Random(seed)

    def paragraph() -> str:
        # Two or three sentences of the eval prose, rotated at a random word: a paragraph of
        # real text that no other article shares (as in a real corpus), though its words do.
        words = " ".join(rng.choice(sentences) for _ in range(rng.randint(2, 3))).split()
        cut = rng.randrange(len(words))
        return " ".join(words[cut:] + words[:cut])

    out.mkdir(parents=True, exist_ok=True)
    written = 0
    handle = None
    articles: list[list[str]] = []
    for n in range(pages):
        if n % 1000 == 0:
            if handle:
                handle.close()
            handle = (out / f"part-{n // 1000:05d}.jsonl").open("w", encoding="utf-8")
        site = rng.choice(SITES)
        kind = rng.random()
        if kind < 0.5 or not articles:  # a new article
            body = [f"Report {n}: " + " ".join(rng.choice(sentences).split()[:12]),
                    *(paragraph() for _ in range(rng.randint(8, 16)))]
            articles.append(body)
            lines = body
        elif kind < 0.7:  # re-published as it was
            lines = rng.choice(articles)
        elif kind < 0.75:  # a shorter version
            art = rng.choice(articles)
            lines = art[: max(3, int(len(art) * rng.uniform(0.5, 0.9)))]
        elif kind < 0.8:  # small edits
            lines = [ln.replace(" the ", " this ", 1) if rng.random() < 0.3 else ln
                     for ln in rng.choice(articles)]
        elif kind < 0.85:  # two articles on one page (infinite scroll)
            lines = [*rng.choice(articles), "", *rng.choice(articles)]
        else:  # a real scraped page (15%)
            lines = rng.choice(texts).split("\n")
        head = [x.format(site=site) for x in NAV[:6]]
        foot = [x.format(site=site) for x in NAV[6:]]
        text = "\n".join([*head, *lines, *foot, f"page {n}"])  # the page number keeps pages distinct
        record = {"id": f"p{n}", "url": f"https://{site}/a/{n}", "site": site, "text": text}
        line = json.dumps(record, ensure_ascii=False) + "\n"
        written += len(line.encode("utf-8"))
        assert handle is not None
        handle.write(line)
    if handle:
        handle.close()
    return written


def child_ingest(corpus: Path, db: Path) -> None:
    """Run inside a fresh process: ingest and print figures as JSON."""
    from newsgraph.pipeline import ingest
    from newsgraph.store import Store

    t0 = time.perf_counter()
    cpu0 = time.process_time()
    with Store.open(db) as store:
        stats = ingest([str(corpus)], store)
    wall = time.perf_counter() - t0
    cpu = time.process_time() - cpu0
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({
        "pages": stats.pages_read, "articles_new": stats.articles_new,
        "duplicates": stats.duplicates_merged, "errors": len(stats.errors),
        "wall_s": wall, "cpu_s": cpu, "peak_mib": peak_kib / 1024,
    }))


def child_minhash(corpus: Path) -> None:
    """Reference: datasketch MinHash signatures of the page texts, nothing else."""
    import numpy as np
    from datasketch import MinHash

    texts = []
    for part in sorted(corpus.glob("*.jsonl")):
        with part.open(encoding="utf-8") as fh:
            texts.extend(json.loads(line)["text"] for line in fh)
    t0 = time.process_time()
    for text in texts:
        words = text.split()
        shingles = {" ".join(words[i:i + 5]).encode() for i in range(max(1, len(words) - 4))}
        m = MinHash(num_perm=128)
        m.update_batch(list(shingles))
        np.asarray(m.hashvalues)
    cpu = time.process_time() - t0
    print(json.dumps({"pages": len(texts), "cpu_s": cpu}))


def run_child(*args: str) -> dict[str, float]:
    proc = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True,
                          check=False)
    if proc.returncode:
        sys.exit(f"child failed: {proc.stderr[-2000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=3000, help="pages in the 1x corpus")
    parser.add_argument("--scale", type=int, default=10, help="size of the large corpus, in multiples")
    parser.add_argument("--child", nargs=2, metavar=("KIND", "CORPUS"), help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, corpus = args.child
        if kind == "ingest":
            child_ingest(Path(corpus), Path(args.db))
        else:
            child_minhash(Path(corpus))
        return

    print(f"{'corpus':<8} {'pages':>7} {'KB/page':>8} {'articles':>9} {'dups':>6} {'pages/s/core':>13} "
          f"{'wall s':>8} {'peak MiB':>9} {'minhash-only pages/s/core':>26}")
    rows = []
    with tempfile.TemporaryDirectory(prefix="newsgraph-bench-") as tmp:
        for mult in (1, args.scale):
            corpus = Path(tmp) / f"corpus{mult}"
            size = build_corpus(corpus, args.pages * mult)
            res = run_child("--child", "ingest", str(corpus), "--db", str(Path(tmp) / f"s{mult}.db"))
            ref = run_child("--child", "minhash", str(corpus))
            rate = res["pages"] / res["cpu_s"]
            ref_rate = ref["pages"] / ref["cpu_s"]
            rows.append(res)
            print(f"{f'{mult}x':<8} {res['pages']:>7.0f} {size / 1e3 / res['pages']:>8.1f} {res['articles_new']:>9.0f} "
                  f"{res['duplicates']:>6.0f} {rate:>13.0f} {res['wall_s']:>8.1f} "
                  f"{res['peak_mib']:>9.0f} {ref_rate:>26.0f}")
    growth = rows[1]["peak_mib"] / rows[0]["peak_mib"] - 1
    print(f"peak memory growth {args.scale}x corpus: {growth:+.0%}")


if __name__ == "__main__":
    main()
