"""HTML article extraction: newsgraph beside trafilatura, same pages, same run, same metric.

For each page of ``../shared/eval/article-extraction-dev/html/*.html.gz`` (91 pages):

- newsgraph: the page read by newsgraph's HTML reader (``newsgraph.read.html.html_page``:
  decoding, trafilatura main text + metadata, normalisation), then segmented
  (``newsgraph.pipeline.extract_page``); the body of the longest article is the prediction;
- trafilatura: ``trafilatura.extract(html, include_comments=False)``, as the benchmark runs it;
- (for diagnosis) the reader's page text before segmentation.

Scores use the benchmark's own scorer (``../shared/eval/score_extraction.py``); the times are
seconds per page of wall clock for each tool on the same pages, alternating page by page.

    .venv/bin/python bench/extract_html.py
    .venv/bin/python bench/extract_html.py --json bench/extract_html.json --predictions /tmp/preds
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

from newsgraph.model import Page
from newsgraph.read.html import html_page
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


def newsgraph_body(page: Page, settings: Settings) -> str:
    """The body of the longest article newsgraph finds on the page ('' when none)."""
    try:
        from newsgraph.pipeline import extract_page
    except ImportError:  # before the pipeline exists: segment directly
        from newsgraph.segment import segment

        articles = segment(page.text, title_hint=page.title, settings=settings)
    else:
        articles = extract_page(page, settings=settings)
    if not articles:
        return ""
    return max(articles, key=lambda a: len(a.body)).body


ALL_TOOLS = ("newsgraph", "trafilatura", "reader_text")


def run(eval_root: Path, limit: int | None = None,
        tools: tuple[str, ...] = ALL_TOOLS) -> dict[str, dict[str, object]]:
    """Predictions and per-page seconds per tool: {tool: {"output": {...}, "seconds": {...}}}."""
    data_dir = eval_root / "article-extraction-dev"
    settings = Settings()
    paths = sorted((data_dir / "html").glob("*.html.gz"))[:limit]
    results = {name: {"output": {}, "seconds": {}, "cpu_seconds": {}} for name in tools}
    if paths:  # warm both up (lazy imports, courlan's suffix list) outside the timings
        first = gzip.decompress(paths[0].read_bytes())
        html_page(first, source="warm-up", settings=settings)
        if "trafilatura" in tools:
            trafilatura.extract(first.decode("utf-8"), include_comments=False)
    for path in paths:
        pid = path.name.split(".")[0]
        raw = gzip.decompress(path.read_bytes())
        t0, c0 = time.perf_counter(), time.process_time()
        try:
            page = html_page(raw, source=path.name, settings=settings)
            body = newsgraph_body(page, settings)
            text = page.text
        except Exception as exc:  # counted as an empty extraction, like the benchmark does
            print(f"newsgraph failed on {pid}: {exc}", file=sys.stderr)
            body = text = ""
        t1, c1 = time.perf_counter(), time.process_time()
        traf, t2, t3, c2, c3 = "", 0.0, 0.0, 0.0, 0.0
        if "trafilatura" in tools:
            html = raw.decode("utf-8")
            t2, c2 = time.perf_counter(), time.process_time()
            traf = trafilatura.extract(html, include_comments=False) or ""
            t3, c3 = time.perf_counter(), time.process_time()
        for name, value, secs, cpu in (("newsgraph", body, t1 - t0, c1 - c0),
                                       ("trafilatura", traf, t3 - t2, c3 - c2),
                                       ("reader_text", text, t1 - t0, c1 - c0)):
            if name in results:
                results[name]["output"][pid] = {"articleBody": value}  # type: ignore[index]
                results[name]["seconds"][pid] = secs  # type: ignore[index]
                results[name]["cpu_seconds"][pid] = cpu  # type: ignore[index]
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
    ids = sorted(tools["newsgraph"]["output"])  # type: ignore[arg-type]
    gt = {k: gt[k] for k in ids}
    rows: dict[str, dict[str, float]] = {}
    print(f"{len(ids)} pages of {args.eval / 'article-extraction-dev' / 'html'}")
    print(f"{'tool':<14} {'F1':>6} {'prec':>6} {'recall':>6} {'s/page':>8} {'CPU s/page':>10}  empty")
    for name, result in tools.items():
        m = scorer.score(gt, result["output"], n_boot=200)
        secs = statistics.mean(result["seconds"].values())  # type: ignore[union-attr]
        cpu = statistics.mean(result["cpu_seconds"].values())  # type: ignore[union-attr]
        rows[name] = {"f1": m["f1"], "precision": m["precision"], "recall": m["recall"],
                      "f1_std": m["f1_std"], "sec_per_page": secs, "cpu_sec_per_page": cpu,
                      "empty": m["empty_pred"]}
        print(f"{name:<14} {m['f1']:6.3f} {m['precision']:6.3f} {m['recall']:6.3f} {secs:8.4f}"
              f" {cpu:10.4f}  {m['empty_pred']}/{m['n']}")
        if args.predictions:
            args.predictions.mkdir(parents=True, exist_ok=True)
            (args.predictions / f"{name}.json").write_text(json.dumps(
                {"version": trafilatura.__version__ if name == "trafilatura" else "newsgraph",
                 **result}, ensure_ascii=False, indent=1), "utf-8")
    ratio = rows["newsgraph"]["sec_per_page"] / rows["trafilatura"]["sec_per_page"]
    cpu_ratio = rows["newsgraph"]["cpu_sec_per_page"] / rows["trafilatura"]["cpu_sec_per_page"]
    print(f"newsgraph time / trafilatura time: {ratio:.2f}x wall, {cpu_ratio:.2f}x CPU; "
          f"F1 difference: {rows['newsgraph']['f1'] - rows['trafilatura']['f1']:+.3f}")
    if args.json:
        args.json.write_text(json.dumps({"pages": len(ids), "tools": rows, "time_ratio": ratio,
                                         "cpu_time_ratio": cpu_ratio},
                                        indent=1))


if __name__ == "__main__":
    main()
