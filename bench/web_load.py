"""The web server under load: requests/s and p50/p95/p99 per route at N concurrent clients.

Builds (once, kept at --store) a store from bench/ingest_throughput.py's generated
corpus (--pages pages, about half of them new articles; no NLP), adds the seed
pages enriched (so entity pages have facts) and merges its full-text index (FTS5
``optimize``, as after any large ingest; --optimize does it on a store built
before). Then starts ``newsgraph serve`` on 127.0.0.1 with --workers processes and
drives each route with --clients concurrent keep-alive connections for --seconds.
Beside it, in the same run, two references in-process on the same words: the bare
FTS5 query (rank every match, keep 10) and the search's own bounded plan.

    python bench/web_load.py [--pages 200000] [--clients 16] [--seconds 20] [--workers 4]

Figures on a busy machine are noisy; the client shares the machine with the server.
The load average is printed at the start and the end, and beside each route the CPU
time the server's processes spent per request (from /proc), which the load does not
change much.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
SHARED = Path(os.environ.get("NEWSGRAPH_SHARED") or ROOT.parent / "shared")


def newsgraph(*args: str) -> list[str]:
    return [sys.executable, "-c", "from newsgraph.cli import main; main()", *args]


def build_store(store: Path, pages: int) -> None:
    """Generate the corpus and ingest it (no NLP), then the seeds with NLP."""
    import ingest_throughput

    ingest_throughput.EVAL_TEXT = SHARED / "eval" / "article-extraction-dev" / "text"
    corpus = store.with_suffix(".corpus")
    t0 = time.perf_counter()
    if not corpus.exists():
        ingest_throughput.build_corpus(corpus, pages)
    print(f"corpus: {pages:,} pages at {corpus} ({time.perf_counter() - t0:.0f} s)", flush=True)
    t0 = time.perf_counter()
    subprocess.run(newsgraph("ingest", str(corpus), "--db", str(store), "--no-enrich",
                             "--silent"), check=False)
    print(f"ingest: {time.perf_counter() - t0:.0f} s", flush=True)
    seeds = SHARED / "seeds"
    if seeds.exists():  # real articles with facts, so entity pages have something to show
        subprocess.run(newsgraph("ingest", str(seeds), str(ROOT / "demo" / "pages"), "--db",
                                 str(store), "--no-enrich", "--silent"), check=False)
        enrich_newest(store, 12)
    optimize(store)


def optimize(store: Path) -> None:
    """Merge the store's full-text index into one segment, as after any large ingest."""
    sys.path.insert(0, str(ROOT / "src"))
    from newsgraph.store.queries import optimize_search_index

    t0 = time.perf_counter()
    conn = sqlite3.connect(store, isolation_level=None)
    optimize_search_index(conn)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    print(f"full-text index merged: {time.perf_counter() - t0:.0f} s", flush=True)


def enrich_newest(store: Path, n: int) -> None:
    """Enrich only the ``n`` newest articles (``newsgraph enrich`` would do all of them)."""
    sys.path.insert(0, str(ROOT / "src"))
    from newsgraph.enrich.run import extract_knowledge, pipeline, pipeline_name
    from newsgraph.store import Store
    from newsgraph.store.knowledge import KnowledgeStore

    nlp = pipeline()
    with Store.open(store) as s:
        rows = s.conn.execute("SELECT id, body, published FROM articles ORDER BY id DESC "
                              "LIMIT ?", (n,)).fetchall()
        knowledge = KnowledgeStore(s)
        for article_id, body, published in rows:
            knowledge.save(article_id, extract_knowledge(nlp(body), published),
                           model=pipeline_name(nlp), version="bench")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def fetch(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, path: str) -> int:
    """One GET on a keep-alive connection; returns the status."""
    writer.write(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
    await writer.drain()
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    length = next((int(h.split(":", 1)[1]) for h in lines[1:]
                   if h.lower().startswith("content-length:")), None)
    if length is None:
        raise RuntimeError(f"no content-length for {path}")
    await reader.readexactly(length)
    return status


async def drive(port: int, paths: list[str], clients: int, seconds: float
                ) -> tuple[list[float], int, float]:
    """``clients`` connections requesting ``paths`` (round robin) for ``seconds``."""
    latencies: list[float] = []
    errors = 0
    stop = time.perf_counter() + seconds
    rng = random.Random(1)

    async def client() -> None:
        nonlocal errors
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            while time.perf_counter() < stop:
                path = rng.choice(paths)
                t = time.perf_counter()
                status = await fetch(reader, writer, path)
                latencies.append(time.perf_counter() - t)
                if status >= 400:
                    errors += 1
        finally:
            writer.close()

    t0 = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(clients)))
    return latencies, errors, time.perf_counter() - t0


def tree_cpu(pid: int) -> float:
    """CPU seconds (user + system) used so far by process ``pid`` and all its descendants
    (the server's worker processes), from /proc; 0.0 where there is no /proc."""
    parents: dict[int, int] = {}
    cpu: dict[int, float] = {}
    tick = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()
        parents[int(entry.name)] = int(fields[1])
        cpu[int(entry.name)] = (int(fields[11]) + int(fields[12])) / tick
    tree, grew = {pid}, True
    while grew:
        more = {p for p, parent in parents.items() if parent in tree} - tree
        tree |= more
        grew = bool(more)
    return sum(cpu.get(p, 0.0) for p in tree)


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


_FUNCTION_WORDS = """about after again also been before being between both could does down during
each from further have having here into just like more most much must only other over same
should some such than that their them then there these they this those through under until
very were what when where which while will with would your"""
FUNCTION_WORDS = frozenset(_FUNCTION_WORDS.split())
"""Words nobody searches a news archive for (the queries keep every other title word,
common ones such as "government" or "said" included)."""


def workload(store: Path, rng: random.Random) -> dict[str, list[str]]:
    """Paths per route: searches of one to three words drawn from the titles (names and
    content words, from the rare to the very common), random articles, top entities."""
    conn = sqlite3.connect(f"file:{store}?mode=ro", uri=True)
    (n,) = conn.execute("SELECT MAX(id) FROM articles").fetchone()
    titles = [t for (t,) in conn.execute(
        "SELECT title FROM articles WHERE title IS NOT NULL ORDER BY random() LIMIT 400")]
    # A reader searches for words of a headline they remember: a run of one to three of one
    # title's words (after its "Report N:"), so every search finds at least that article.
    heads = [[w for w in (x.strip(".,:;’'\"()") for x in t.split()[2:])
              if len(w) > 3 and w.isalpha() and w.lower() not in FUNCTION_WORDS] for t in titles]
    heads = [h for h in heads if h]
    queries = []
    for _ in range(300):
        head = rng.choice(heads)
        k = min(len(head), rng.choice((1, 1, 1, 2, 2, 3)))
        at = rng.randrange(len(head) - k + 1)
        queries.append(" ".join(head[at:at + k]))
    entities = [name for (name,) in conn.execute(
        "SELECT e.name FROM entities e JOIN mentions m ON m.entity_id = e.id "
        "GROUP BY e.id ORDER BY COUNT(*) DESC LIMIT 30")]
    conn.close()
    routes = {
        "search (page)": [f"/search?q={quote(q)}" for q in queries],
        "search (API)": [f"/api/search?q={quote(q)}" for q in queries],
        "article": [f"/articles/{rng.randint(1, n)}" for _ in range(300)],
        "articles list": [f"/articles?offset={rng.randint(0, n // 2)}" for _ in range(50)],
        "home": ["/"],
    }
    if entities:
        routes["entity"] = [f"/entities/{quote(e, safe='')}" for e in entities]
        routes["events"] = ["/events", "/events?type=ASSAULT", "/api/events?limit=20"]
    return routes | {"_queries": queries}


def bare_fts(store: Path, queries: list[str], bounded: bool = False
             ) -> tuple[float, float, float]:
    """p50/p95/p99 ms of the FTS5 query alone, in-process, warm: every match ranked and
    10 kept, or (``bounded``) the search's own plan (count to the cap, rank the window)."""
    sys.path.insert(0, str(ROOT / "src"))
    from newsgraph.store.queries import SearchFilters, _rank, fts_query
    from newsgraph.web.data import FACET_HITS  # a search page ranks this deep for its facets

    conn = sqlite3.connect(f"file:{store}?mode=ro", uri=True)
    times = []
    for q in queries * 2:
        match = fts_query(q)
        t = time.perf_counter()
        if bounded:
            _rank(conn, match, SearchFilters(), FACET_HITS)
        else:
            conn.execute("SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? "
                         "ORDER BY rank LIMIT 10", (match,)).fetchall()
        times.append(time.perf_counter() - t)
    times = times[len(queries):]  # the second pass: warm
    return pct(times, 0.5), pct(times, 0.95), pct(times, 0.99)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=200_000,
                        help="generated pages (about half become articles)")
    parser.add_argument("--store", type=Path, default=Path("/tmp/newsgraph-web-load.db"))
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=20.0, help="per route")
    parser.add_argument("--workers", type=int, default=None, help="server processes")
    parser.add_argument("--routes", default="", help="comma-separated route names (default all)")
    parser.add_argument("--build-only", action="store_true")
    parser.add_argument("--optimize", action="store_true",
                        help="merge the full-text index of an existing store first")
    args = parser.parse_args()

    if not args.store.exists() or args.build_only:  # a build cut short resumes where it was
        build_store(args.store, args.pages)
    elif args.optimize:
        optimize(args.store)
    if args.build_only:
        return
    conn = sqlite3.connect(f"file:{args.store}?mode=ro", uri=True)
    (articles,) = conn.execute("SELECT COUNT(*) FROM articles").fetchone()
    conn.close()
    rng = random.Random(7)
    routes = workload(args.store, rng)
    queries = routes.pop("_queries")
    wanted = [r for r in args.routes.split(",") if r]
    port = free_port()
    cmd = newsgraph("serve", "--db", str(args.store), "--port", str(port))
    if args.workers:
        cmd += ["--workers", str(args.workers)]
    server = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    sys.exit("the server did not start: "
                             + (server.stderr.read().decode()[-2000:] if server.stderr else ""))
                time.sleep(0.2)
        asyncio.run(drive(port, ["/", *routes["search (API)"][:50]], 4, 3.0))  # warm up
        fts = bare_fts(args.store, queries)
        plan = bare_fts(args.store, queries, bounded=True)
        load = os.getloadavg()
        print(f"\nstore: {articles:,} articles ({args.store}); server: newsgraph {' '.join(cmd[3:])}; "
              f"{args.clients} clients, {args.seconds:g} s per route on 127.0.0.1; "
              f"{os.cpu_count()} CPUs, load average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}\n")
        print(f"{'route':<16} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} "
              f"{'errors':>7}  {'1 client p50/p95 ms':>20} {'server CPU ms/req':>18}")
        results = {}
        for name, paths in routes.items():
            if wanted and name not in wanted:
                continue
            one, _, _ = asyncio.run(drive(port, paths, 1, min(5.0, args.seconds / 4)))
            cpu0 = tree_cpu(server.pid)
            lat, errors, wall = asyncio.run(drive(port, paths, args.clients, args.seconds))
            cpu = (tree_cpu(server.pid) - cpu0) / max(1, len(lat)) * 1000
            results[name] = {"rps": len(lat) / wall, "p50": pct(lat, .5), "p95": pct(lat, .95),
                             "p99": pct(lat, .99), "errors": errors,
                             "one_p50": pct(one, .5), "one_p95": pct(one, .95),
                             "server_cpu_ms": cpu}
            r = results[name]
            print(f"{name:<16} {r['rps']:>8.1f} {r['p50']:>8.1f} {r['p95']:>8.1f} "
                  f"{r['p99']:>8.1f} {errors:>7}  {r['one_p50']:>9.1f} / {r['one_p95']:<8.1f}"
                  f" {cpu:>9.2f}", flush=True)
        print(f"{'bare FTS5 query':<16} {'':>8} {fts[0]:>8.2f} {fts[1]:>8.2f} {fts[2]:>8.2f}"
              "           (in-process, same words, rank every match + keep 10)")
        print(f"{'search plan':<16} {'':>8} {plan[0]:>8.2f} {plan[1]:>8.2f} {plan[2]:>8.2f}"
              "           (in-process, same words, count to the cap + rank the window, keep 200)")
        end = os.getloadavg()
        print(f"load average at the end: {end[0]:.1f} {end[1]:.1f} {end[2]:.1f}")
        print(json.dumps({"articles": articles, "clients": args.clients, "routes": results,
                          "bare_fts_ms": {"p50": fts[0], "p95": fts[1], "p99": fts[2]},
                          "search_plan_ms": {"p50": plan[0], "p95": plan[1], "p99": plan[2]},
                          "load_average": {"start": load, "end": end}}))
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()


if __name__ == "__main__":
    main()
