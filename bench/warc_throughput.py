"""WARC reading throughput and memory: newsgraph's reader beside plain trafilatura, same WARC.

Builds a gzipped WARC of ``--pages`` HTML responses in a temporary folder from the eval pages
(``../shared/eval/article-extraction-dev/html``), each a variation of one of them (its own
paragraph, title and URL; every 10th an exact duplicate), with a request record before
each response and an image and a metadata record every 25 pages. Then, each in a fresh
process so peak memory is its own:

- ``scan``: fastwarc iterating the records, payloads read (the floor);
- ``trafilatura``: the same iteration, ``trafilatura.extract(html)`` on each HTML payload;
- ``newsgraph``: ``newsgraph.read.read_pages`` (decoding, extraction, metadata, normalisation).

It prints pages/s and peak RSS, and the RSS after the first third of the pages, so a
growth with the input would show.

    .venv/bin/python bench/warc_throughput.py                # 3000 pages
    .venv/bin/python bench/warc_throughput.py --pages 6000 --keep /tmp/bench.warc.gz
"""

from __future__ import annotations

import argparse
import gzip
import io
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
EVAL_HTML = ROOT.parent / "shared" / "eval" / "article-extraction-dev" / "html"
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8


def build(path: Path, pages: int, seed: int = 7) -> dict[str, int]:
    """Write the benchmark WARC; return record counts."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    sources = [gzip.decompress(p.read_bytes()) for p in sorted(EVAL_HTML.glob("*.html.gz"))]
    if not sources:
        sys.exit(f"no eval pages in {EVAL_HTML}")
    rng = random.Random(seed)
    counts = {"response_html": 0, "duplicates": 0, "other_records": 0}
    previous: list[bytes] = []
    with path.open("wb") as f:
        writer = WARCWriter(f, gzip=True)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "newsgraph bench"}))
        counts["other_records"] += 1
        for i in range(pages):
            if i % 10 == 9 and previous:
                html = rng.choice(previous)
                counts["duplicates"] += 1
            else:
                html = _vary(sources[i % len(sources)], i, rng)
                previous = [*previous, html][-50:]
            url = f"https://site{i % 37}.example/news/{i}"
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")],
                                    protocol="HTTP/1.1")
            req = StatusAndHeaders("GET /news HTTP/1.1", [("Host", f"site{i % 37}.example")],
                                   is_http_request=True)
            writer.write_record(writer.create_warc_record(url, "request", payload=io.BytesIO(b""),
                                                          http_headers=req))
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(html),
                                                          http_headers=http))
            counts["response_html"] += 1
            counts["other_records"] += 1
            if i % 25 == 0:
                img = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
                writer.write_record(writer.create_warc_record(
                    url + ".png", "response", payload=io.BytesIO(PNG), http_headers=img))
                writer.write_record(writer.create_warc_record(
                    url, "metadata", payload=io.BytesIO(b"fetchTimeMs: 87\r\n"),
                    warc_content_type="application/warc-fields"))
                counts["other_records"] += 2
    return counts


def _vary(html: bytes, i: int, rng: random.Random) -> bytes:
    """A variation of a page: its own title suffix and a paragraph of its own in the body."""
    words = rng.sample(["harbour", "council", "river", "market", "bridge", "school", "ferry",
                        "library", "station", "museum", "festival", "budget"], 6)
    extra = f"<p>Update {i}: the {' '.join(words)} story was revised on day {i % 365}.</p>"
    html = re.sub(rb"</title>", f" ({i})</title>".encode(), html, count=1, flags=re.I)
    body_end = html.rfind(b"</p>")
    if body_end > 0:
        html = html[: body_end + 4] + extra.encode() + html[body_end + 4:]
    return html


def measure(mode: str, path: Path) -> dict[str, float]:
    """Read the WARC one way; return pages, seconds, peak RSS (MB) and RSS after a third."""
    total_html = int(path.with_suffix(".count").read_text())
    third = max(total_html // 3, 1)
    rss_third = 0.0
    pages = 0
    extra: dict[str, float] = {}
    started = time.perf_counter()
    cpu_started = time.process_time()
    if mode == "newsgraph":
        from newsgraph.model import Page
        from newsgraph.read import ReadStats, read_pages

        stats = ReadStats()
        for item in read_pages([str(path)], stats=stats):
            if isinstance(item, Page):
                pages += 1
                if pages == third:
                    rss_third = _rss_mb()
        extra = {"records_skipped": stats.skipped, "errors": stats.errors}
    else:
        import trafilatura
        from fastwarc.warc import ArchiveIterator, WarcRecordType

        with path.open("rb") as f:
            for rec in ArchiveIterator(f, record_types=WarcRecordType.response, parse_http=True):
                payload = rec.reader.read()
                if (rec.http_content_type or "") != "text/html":
                    continue
                if mode == "trafilatura":
                    trafilatura.extract(payload.decode(rec.http_charset or "utf-8", "replace"),
                                        include_comments=False)
                pages += 1
                if pages == third:
                    rss_third = _rss_mb()
    seconds = time.perf_counter() - started
    cpu = time.process_time() - cpu_started
    return {"pages": pages, "seconds": seconds, "pages_per_s": pages / seconds, "cpu_seconds": cpu,
            "pages_per_cpu_s": pages / cpu, "peak_rss_mb": _rss_mb(), "rss_after_third_mb": rss_third,
            **extra}


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=3000, help="HTML responses in the WARC")
    parser.add_argument("--keep", type=Path, help="write the WARC here and keep it")
    parser.add_argument("--measure", choices=["scan", "trafilatura", "newsgraph"], help=argparse.SUPPRESS)
    parser.add_argument("--warc", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:  # child process: one measurement, printed as JSON
        print(json.dumps(measure(args.measure, args.warc)))
        return
    with tempfile.TemporaryDirectory(prefix="newsgraph-bench-") as tmp:
        path = args.keep or Path(tmp) / "bench.warc.gz"
        t0 = time.perf_counter()
        counts = build(path, args.pages)
        path.with_suffix(".count").write_text(str(counts["response_html"]))
        size = path.stat().st_size / 1e6
        print(f"built {path.name}: {counts['response_html']} HTML responses "
              f"({counts['duplicates']} exact duplicates) + {counts['other_records']} other records, "
              f"{size:.1f} MB gzipped, in {time.perf_counter() - t0:.1f} s")
        print(f"{'reader':<12} {'pages':>6} {'wall s':>8} {'pages/s':>8} {'CPU s':>8} "
              f"{'pages/CPU s':>11} {'peak RSS MB':>12} {'RSS at 1/3':>11}")
        results = {}
        for mode in ("scan", "trafilatura", "newsgraph"):
            out = subprocess.run([sys.executable, __file__, "--measure", mode, "--warc", str(path)],
                                 check=True, capture_output=True, text=True).stdout
            r = json.loads(out.strip().splitlines()[-1])
            results[mode] = r
            print(f"{mode:<12} {r['pages']:>6} {r['seconds']:>8.1f} {r['pages_per_s']:>8.1f} "
                  f"{r['cpu_seconds']:>8.1f} {r['pages_per_cpu_s']:>11.1f} "
                  f"{r['peak_rss_mb']:>12.0f} {r['rss_after_third_mb']:>11.0f}")
        ng = results["newsgraph"]
        print(f"newsgraph: records skipped {ng['records_skipped']:.0f}, errors {ng['errors']:.0f}")
        ratio = results["trafilatura"]["pages_per_cpu_s"] / results["newsgraph"]["pages_per_cpu_s"]
        print(f"newsgraph CPU time per page = {ratio:.2f}x trafilatura's (one process, one core); "
              "wall-clock figures depend on what else the machine runs")


if __name__ == "__main__":
    main()
