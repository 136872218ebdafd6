"""HTML article extraction: newsgraph beside trafilatura, same pages, same run, same metric.

For each page of ``../shared/eval/article-extraction-dev/html/*.html.gz`` (91 pages) the page
is read by newsgraph's HTML reader (``newsgraph.read.html.html_page``: decoding, trafilatura
main text + metadata, normalisation), its articles are found, and the longest one is the
prediction. Rows:

- ``newsgraph``: articles from ``newsgraph.pipeline.extract_page`` (what ``newsgraph extract``
  does), prediction = the article body;
- ``newsgraph+subheads``: the same article with its subheadings in place (the ground truth
  keeps subheadings; ``Article.body`` does not);
- ``maintext`` / ``maintext+subheads``: articles from ``newsgraph.read.maintext`` (body = every
  line of the extracted main text that segmentation does not set aside);
- ``trafilatura``: ``trafilatura.extract(html, include_comments=False)``, as the benchmark runs it;
- ``reader_text``: the reader's page text before segmentation (for diagnosis).

Scores use the benchmark's own scorer (``../shared/eval/score_extraction.py``). Times are wall
clock and CPU seconds per page, the tools alternating page by page; a newsgraph row's time
covers reading (decoding, extraction, metadata) and finding the articles.

    .venv/bin/python bench/extract_html.py
    .venv/bin/python bench/extract_html.py --json /tmp/extract_html.json --predictions /tmp/preds
"""

from __future__ import annotations

import argparse
import gzip
import importlib.util
import json
import statistics
import sys
import time
from pathlib import Path
from types import ModuleType

import trafilatura

from newsgraph.errors import BadInput
from newsgraph.model import Article, Page
from newsgraph.pipeline import extract_page
from newsgraph.read.html import html_page
from newsgraph.read.maintext import main_text_articles
from newsgraph.segment import article_text
from newsgraph.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT.parent / "shared" / "eval"


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


def _pipeline_articles(page: Page, settings: Settings) -> list[Article]:
    """What ``newsgraph extract`` does with a page today (the pipeline's extract_page)."""
    return extract_page(page, settings=settings)


def _main_text_articles(page: Page, settings: Settings) -> list[Article]:
    """The main-text mode proposed for HTML pages (newsgraph.read.maintext)."""
    return main_text_articles(page, settings=settings)


NEWSGRAPH = {
    # row name: (how the page's articles are found, how the longest one becomes a prediction)
    "newsgraph": (_pipeline_articles, lambda a: a.body),
    "newsgraph+subheads": (_pipeline_articles, article_text),
    "maintext": (_main_text_articles, lambda a: a.body),
    "maintext+subheads": (_main_text_articles, article_text),
}
ALL_TOOLS = (*NEWSGRAPH, "trafilatura", "reader_text")


def run(eval_root: Path, limit: int | None = None,
        tools: tuple[str, ...] = ALL_TOOLS) -> dict[str, dict[str, dict[str, object]]]:
    """Predictions and per-page seconds per tool: {tool: {"output", "seconds", "cpu_seconds"}}.

    A newsgraph row's time is reading the page plus finding its articles; the
    ``reader_text`` row (the reader's page text, unsegmented) is timed as reading alone.
    """
    data_dir = eval_root / "article-extraction-dev"
    settings = Settings()
    paths = sorted((data_dir / "html").glob("*.html.gz"))[:limit]
    results: dict[str, dict[str, dict[str, object]]] = {
        name: {"output": {}, "seconds": {}, "cpu_seconds": {}} for name in tools}

    def record(name: str, pid: str, value: str, secs: float, cpu: float) -> None:
        if name in results:
            results[name]["output"][pid] = {"articleBody": value}
            results[name]["seconds"][pid] = secs
            results[name]["cpu_seconds"][pid] = cpu

    if paths:  # warm everything up (lazy imports, courlan's suffix list) outside the timings
        first = gzip.decompress(paths[0].read_bytes())
        warm = html_page(first, source="warm-up", settings=settings)
        _main_text_articles(warm, settings)
        trafilatura.extract(first.decode("utf-8"), include_comments=False)
    for path in paths:
        pid = path.name.split(".")[0]
        raw = gzip.decompress(path.read_bytes())
        t0, c0 = time.perf_counter(), time.process_time()
        try:
            page: Page | None = html_page(raw, source=path.name, settings=settings)
        except BadInput as exc:  # counted as an empty extraction, like the benchmark does
            print(f"newsgraph failed on {pid}: {exc}", file=sys.stderr)
            page = None
        read_s, read_cpu = time.perf_counter() - t0, time.process_time() - c0
        record("reader_text", pid, page.text if page else "", read_s, read_cpu)
        found: dict[object, tuple[list[Article], float, float]] = {}
        for name, (find, as_text) in NEWSGRAPH.items():
            if name not in results:
                continue
            if find not in found:
                t1, c1 = time.perf_counter(), time.process_time()
                articles = find(page, settings) if page else []
                found[find] = (articles, time.perf_counter() - t1, time.process_time() - c1)
            articles, secs, cpu = found[find]
            longest = _longest(articles)
            record(name, pid, as_text(longest) if longest else "", read_s + secs, read_cpu + cpu)
        if "trafilatura" in results:
            html = raw.decode("utf-8")
            t2, c2 = time.perf_counter(), time.process_time()
            traf = trafilatura.extract(html, include_comments=False) or ""
            record("trafilatura", pid, traf, time.perf_counter() - t2, time.process_time() - c2)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--eval", type=Path, default=EVAL, help="the shared eval folder")
    parser.add_argument("--limit", type=int, default=None, help="only the first N pages")
    parser.add_argument("--json", type=Path, help="write the figures here as JSON")
    parser.add_argument("--predictions", type=Path, help="write each tool's predictions here "
                        "(score_extraction.py format)")
    args = parser.parse_args()
    if not (args.eval / "score_extraction.py").exists():
        sys.exit(f"eval data not found at {args.eval}")
    scorer = load_scorer(args.eval)
    gt = json.loads((args.eval / "article-extraction-dev" / "ground-truth.json").read_text("utf-8"))
    tools = run(args.eval, args.limit)
    ids = sorted(tools["newsgraph"]["output"])
    gt = {k: gt[k] for k in ids}
    rows: dict[str, dict[str, float]] = {}
    print(f"{len(ids)} pages of {args.eval / 'article-extraction-dev' / 'html'}")
    print(f"{'tool':<19} {'F1':>6} {'prec':>6} {'recall':>6} {'s/page':>8} {'CPU s/page':>10}  empty")
    for name, result in tools.items():
        m = scorer.score(gt, result["output"], n_boot=200)
        secs = statistics.mean(result["seconds"].values())  # type: ignore[arg-type]
        cpu = statistics.mean(result["cpu_seconds"].values())  # type: ignore[arg-type]
        rows[name] = {"f1": m["f1"], "precision": m["precision"], "recall": m["recall"],
                      "f1_std": m["f1_std"], "sec_per_page": secs, "cpu_sec_per_page": cpu,
                      "empty": m["empty_pred"]}
        print(f"{name:<19} {m['f1']:6.3f} {m['precision']:6.3f} {m['recall']:6.3f} {secs:8.4f}"
              f" {cpu:10.4f}  {m['empty_pred']}/{m['n']}")
        if args.predictions:
            args.predictions.mkdir(parents=True, exist_ok=True)
            (args.predictions / f"{name}.json").write_text(json.dumps(
                {"version": trafilatura.__version__ if name == "trafilatura" else "newsgraph",
                 **result}, ensure_ascii=False, indent=1), "utf-8")
    traf = rows["trafilatura"]
    for name in NEWSGRAPH:
        row = rows[name]
        row["time_ratio"] = row["sec_per_page"] / traf["sec_per_page"]
        row["cpu_time_ratio"] = row["cpu_sec_per_page"] / traf["cpu_sec_per_page"]
        print(f"{name:<19} vs trafilatura: F1 {row['f1'] - traf['f1']:+.3f}, time "
              f"{row['time_ratio']:.2f}x wall, {row['cpu_time_ratio']:.2f}x CPU")
    if args.json:
        args.json.write_text(json.dumps({"pages": len(ids), "tools": rows}, indent=1))


if __name__ == "__main__":
    main()
