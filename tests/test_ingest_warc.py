"""Issue 4, must show 2: a crawl in a WARC is ingested end to end.

Pages found, the same page at a mirror URL merged into one article with two
occurrences, the records that are not pages counted, and the damaged record
reported with its offset.
"""

from __future__ import annotations

from pathlib import Path

from newsgraph.pipeline import ingest
from newsgraph.store import Store
from test_warc import record, write_warc

PILOTS = [
    "River pilots on the lower valley agreed on Monday to a new schedule with the port authority, "
    "allowing grain barges to pass the old swing bridge before the morning traffic builds up.",
    "The agreement ends a dispute that began in the spring, when delays at the bridge left barges "
    "waiting for hours and farmers complained that their harvest was losing value on the water.",
    "Under the schedule, the bridge will open twice each morning, at half past five and at seven, "
    "and pilots will radio the bridge keeper an hour before they arrive at the quay.",
]
BRIDGE = [
    "The swing bridge over the canal reopened to barges on Friday after six weeks of repairs to its "
    "turning gear, which had jammed during a storm at the end of the summer.",
    "Engineers replaced the main bearing and two of the four motors, and the council said the work "
    "had cost less than expected because spare parts were found in a depot upriver.",
    "Residents of the east bank, who had faced a long detour by road, welcomed the reopening, though "
    "some said the bridge now opens more often and holds up buses at the busiest hours.",
]


def page(title: str, paragraphs: list[str]) -> bytes:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f"<html><head><meta charset='utf-8'><title>{title}</title></head><body>"
            f"<nav>Home · Rivers · Ports</nav><article><h1>{title}</h1>{body}</article>"
            "<footer>© Valley Post</footer></body></html>").encode()


def test_warc_crawl_is_ingested_with_duplicates_merged(tmp_path: Path) -> None:
    damaged = record("response", "https://rivers.example/damaged", page("Damaged", BRIDGE))
    damaged = damaged.replace(b"Content-Length: ", b"Content-Length: 1", 1)  # far too long
    records = [
        record("warcinfo", ""),
        record("request", "https://rivers.example/pilots"),
        record("response", "https://rivers.example/pilots", page("Pilots Agree New Schedule", PILOTS)),
        record("metadata", "https://rivers.example/pilots", b"fetchTimeMs: 120\r\n",
               content_type="application/warc-fields"),
        record("response", "https://rivers.example/logo.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 64,
               content_type="image/png"),
        record("response", "https://mirror.example/pilots-copy", page("Pilots Agree New Schedule", PILOTS)),
        damaged,
        record("response", "https://rivers.example/bridge", page("Bridge Reopens to Barges", BRIDGE)),
    ]
    path = tmp_path / "crawl.warc.gz"
    offsets = write_warc(path, records)

    with Store.open(tmp_path / "w.db") as store:
        stats = ingest([str(path)], store)
        titles = sorted(a.title for a in store.articles(limit=10))
        (cluster,) = store.duplicate_clusters()
        again = ingest([str(path)], store)

    assert stats.pages_read == 3 and stats.pages_new == 3
    assert titles == ["Bridge Reopens to Barges", "Pilots Agree New Schedule"]
    assert stats.articles_new == 2 and stats.duplicates_merged == 1
    assert cluster.title == "Pilots Agree New Schedule"
    assert stats.records_skipped == 4  # warcinfo, request, metadata, image/png
    (error,) = stats.errors
    assert str(error).startswith(f"{path} (offset {offsets[6]}): ")
    assert again.pages_known == 3 and again.articles_new == 0 and again.duplicates_merged == 0
