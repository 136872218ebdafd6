"""HTML article extraction: newsgraph beside trafilatura, both eval sets, same run, same metric.

Sets (under ``../shared/eval``): ``article-extraction-dev`` (91 news pages, many languages) and
``wcxb-dev`` (790 English article pages from WCXB, the Web Content eXtraction Benchmark by
Murrough Foley, CC-BY-4.0). For each page the HTML is read by newsgraph's reader
(``newsgraph.read.html.html_page``: decoding, trafilatura main text, metadata, normalisation),
its articles are found as ``newsgraph extract`` finds them (``newsgraph.pipeline.extract_page``),
and the longest article is the prediction. Rows:

- ``newsgraph``: the article as read, its subheadings in place among the body paragraphs
  (``newsgraph.segment.article_text``); both sets' truths keep the subheadings;
- ``newsgraph body``: ``Article.body`` alone (paragraphs, no subheadings);
- ``trafilatura``: ``trafilatura.extract(html, include_comments=False)``, as the benchmark runs it;
- ``reader text``: the reader's page text before the article is found (for diagnosis).

Scores use the benchmark's own scorer (``../shared/eval/score_extraction.py``). Times are CPU
and wall seconds per page, the two tools alternating page by page, each going first on every
other page (the second on a page runs warm: trafilatura's per-string caches, which newsgraph's
reader fills too); a newsgraph row's time is
reading the page (decoding, extraction, metadata) plus finding its article.

    .venv/bin/python bench/extract_html.py
    .venv/bin/python bench/extract_html.py --sets wcxb-dev --every 4 --json /tmp/html.json
"""

from __future__ import annotations

import argparse
import gzip
import importlib.util
import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import trafilatura
from htmldate import find_date

from newsgraph.errors import BadInput
from newsgraph.model import Article, Page
from newsgraph.pipeline import extract_page
from newsgraph.read.html import html_page
from newsgraph.segment import article_text
from newsgraph.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
EVAL = Path(os.environ.get("NEWSGRAPH_SHARED") or ROOT.parent / "shared") / "eval"
SETS = ("article-extraction-dev", "wcxb-dev")
TOOLS = ("newsgraph", "newsgraph body", "trafilatura", "reader text")


def load_scorer(eval_root: Path) -> ModuleType:
    """The benchmark's scorer module (standard library only)."""
    spec = importlib.util.spec_from_file_location("score_extraction", eval_root / "score_extraction.py")
    if spec is None or spec.loader is None:
        sys.exit(f"cannot load {eval_root / 'score_extraction.py'}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _longest(articles: list[Article]) -> Article | None:
    return max(articles, key=lambda a: len(a.body)) if articles else None


def page_paths(set_dir: Path, every: int = 1, limit: int | None = None) -> list[Path]:
    """The set's pages in id order; every ``every``-th one, at most ``limit``."""
    return sorted((set_dir / "html").glob("*.html.gz"))[::every][:limit]


def run(set_dir: Path, *, every: int = 1, limit: int | None = None,
        tools: tuple[str, ...] = TOOLS) -> dict[str, dict[str, dict[str, object]]]:
    """Predictions and per-page times: ``{tool: {"output", "seconds", "cpu_seconds"}}``."""
    settings = Settings()
    paths = page_paths(set_dir, every, limit)
    results: dict[str, dict[str, dict[str, object]]] = {
        name: {"output": {}, "seconds": {}, "cpu_seconds": {}} for name in tools}

    def record(name: str, pid: str, value: str, secs: float, cpu: float) -> None:
        if name in results:
            results[name]["output"][pid] = {"articleBody": value}
            results[name]["seconds"][pid] = secs
            results[name]["cpu_seconds"][pid] = cpu

    if paths:  # warm up (lazy imports, courlan's suffix list, dateparser's locales) outside the timings
        find_date("<html><body><p>Posted 3 March 2021 by the desk</p></body></html>",
                  extensive_search=True)
        first = gzip.decompress(paths[0].read_bytes())
        extract_page(html_page(first, source="warm-up", settings=settings), settings=settings)
        trafilatura.extract(first.decode("utf-8"), include_comments=False)
    ours = any(name.startswith("newsgraph") or name == "reader text" for name in tools)
    for k, path in enumerate(paths):
        pid = path.name.split(".")[0]
        raw = gzip.decompress(path.read_bytes())
        # Who goes first alternates: the second tool on a page runs warm (trafilatura's
        # per-string caches, which newsgraph's reader fills too, and memory the first freed).
        if k % 2 and "trafilatura" in results:
            _time_trafilatura(raw, pid, record)
        if ours:
            t0, c0 = time.perf_counter(), time.process_time()
            try:
                page: Page | None = html_page(raw, source=path.name, settings=settings)
            except BadInput as exc:  # counted as an empty extraction, like the benchmark does
                print(f"newsgraph failed on {pid}: {exc}", file=sys.stderr)
                page = None
            read_s, read_cpu = time.perf_counter() - t0, time.process_time() - c0
            longest = _longest(extract_page(page, settings=settings)) if page else None
            secs, cpu = time.perf_counter() - t0, time.process_time() - c0
            record("reader text", pid, page.text if page else "", read_s, read_cpu)
            record("newsgraph", pid, article_text(longest) if longest else "", secs, cpu)
            record("newsgraph body", pid, longest.body if longest else "", secs, cpu)
        if not k % 2 and "trafilatura" in results:
            _time_trafilatura(raw, pid, record)
    return results


def _time_trafilatura(raw: bytes, pid: str, record: Callable[[str, str, str, float, float], None]) -> None:
    html = raw.decode("utf-8")
    t2, c2 = time.perf_counter(), time.process_time()
    traf = trafilatura.extract(html, include_comments=False) or ""
    record("trafilatura", pid, traf, time.perf_counter() - t2, time.process_time() - c2)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--eval", type=Path, default=EVAL, help="the shared eval folder")
    parser.add_argument("--sets", nargs="+", default=list(SETS), help="which sets (default: both)")
    parser.add_argument("--every", type=int, default=1, help="only every N-th page (quick runs)")
    parser.add_argument("--limit", type=int, default=None, help="only the first N pages of each set")
    parser.add_argument("--json", type=Path, help="write the figures here as JSON")
    parser.add_argument("--predictions", type=Path, help="write each tool's predictions here "
                        "(score_extraction.py format)")
    args = parser.parse_args()
    if not (args.eval / "score_extraction.py").exists():
        sys.exit(f"eval data not found at {args.eval}")
    scorer = load_scorer(args.eval)
    figures: dict[str, dict[str, dict[str, float]]] = {}
    print(f"trafilatura {trafilatura.__version__}; wcxb-dev: WCXB by Murrough Foley, CC-BY-4.0")
    for set_name in args.sets:
        set_dir = args.eval / set_name
        gt = json.loads((set_dir / "ground-truth.json").read_text("utf-8"))
        tools = run(set_dir, every=args.every, limit=args.limit)
        ids = sorted(tools["newsgraph"]["output"])
        gt = {k: gt[k] for k in ids}
        rows: dict[str, dict[str, float]] = {}
        print(f"\n{set_name}: {len(ids)} pages")
        print(f"{'tool':<15} {'F1':>6} {'prec':>6} {'recall':>6} {'±F1':>6} {'CPU ms':>7} "
              f"{'wall ms':>8}  empty")
        for name, result in tools.items():
            m = scorer.score(gt, result["output"], n_boot=200)
            wall = statistics.mean(result["seconds"].values()) * 1000  # type: ignore[arg-type]
            cpu = statistics.mean(result["cpu_seconds"].values()) * 1000  # type: ignore[arg-type]
            rows[name] = {"f1": m["f1"], "precision": m["precision"], "recall": m["recall"],
                          "f1_std": m["f1_std"], "cpu_ms_per_page": cpu, "ms_per_page": wall,
                          "empty": m["empty_pred"]}
            print(f"{name:<15} {m['f1']:6.3f} {m['precision']:6.3f} {m['recall']:6.3f} "
                  f"{m['f1_std']:6.3f} {cpu:7.1f} {wall:8.1f}  {m['empty_pred']}/{m['n']}")
            if args.predictions:
                args.predictions.mkdir(parents=True, exist_ok=True)
                version = trafilatura.__version__ if name == "trafilatura" else "newsgraph"
                (args.predictions / f"{set_name}.{name.replace(' ', '_')}.json").write_text(
                    json.dumps({"version": version, **result}, ensure_ascii=False, indent=1), "utf-8")
        traf = rows["trafilatura"]
        for name in ("newsgraph", "newsgraph body"):
            row = rows[name]
            row["cpu_time_ratio"] = row["cpu_ms_per_page"] / traf["cpu_ms_per_page"]
            row["time_ratio"] = row["ms_per_page"] / traf["ms_per_page"]
            print(f"{name:<15} vs trafilatura: F1 {row['f1'] - traf['f1']:+.3f}, time "
                  f"{row['cpu_time_ratio']:.2f}x CPU, {row['time_ratio']:.2f}x wall")
        figures[set_name] = rows
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1))


if __name__ == "__main__":
    main()
