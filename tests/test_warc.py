"""WARC / WET reader: pages from responses, skipped records counted, damage reported with offsets."""

from __future__ import annotations

import bz2
import gzip
import io
import sys
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsgraph.model import Page, ReadError
from newsgraph.read import ReadStats, read_pages

WORDS = (
    "The river pilots of the lower valley have agreed a new schedule with the port, so that grain "
    "barges can pass the old swing bridge before the morning traffic builds up on the quay road."
)


def article(title: str, extra: str = "", charset: str = "utf-8") -> str:
    body = "".join(f"<p>{title}: {WORDS} Paragraph {i} adds its own detail here.</p>" for i in range(4))
    return (f'<html><head><meta charset="{charset}"><title>{title}</title>'
            f'<meta property="article:published_time" content="2022-09-0{len(title) % 9 + 1}"></head>'
            f"<body><nav>Home · Rivers · Ports</nav><article><h1>{title}</h1>{body}{extra}</article>"
            "</body></html>")


def record(kind: str, url: str, payload: bytes = b"", content_type: str | None = "text/html",
           status: str = "200 OK", headers: list[tuple[str, str]] | None = None,
           date: str = "2024-02-03T04:05:06Z") -> bytes:
    """One uncompressed WARC record, as warcio writes it."""
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=False)
    if kind == "warcinfo":
        rec = writer.create_warcinfo_record("test.warc.gz", {"software": "newsgraph tests"})
    elif kind == "response":
        http_headers = [("Content-Type", content_type)] if content_type else []
        http = StatusAndHeaders(status, http_headers + (headers or []), protocol="HTTP/1.1")
        rec = writer.create_warc_record(url, "response", payload=io.BytesIO(payload),
                                        http_headers=http, warc_headers_dict={"WARC-Date": date})
    elif kind == "request":
        http = StatusAndHeaders("GET / HTTP/1.1", [("Host", url.split("/")[2])], is_http_request=True)
        rec = writer.create_warc_record(url, "request", payload=io.BytesIO(b""), http_headers=http)
    else:  # metadata, conversion, resource: a block with a WARC Content-Type
        rec = writer.create_warc_record(url, kind, payload=io.BytesIO(payload),
                                        warc_content_type=content_type or "application/octet-stream",
                                        warc_headers_dict={"WARC-Date": date})
    writer.write_record(rec)
    return buf.getvalue()


def write_warc(path: Path, records: list[bytes], gz: bool = True) -> list[int]:
    """Write ``records`` (a gzip member each when ``gz``); return each record's offset."""
    offsets, pos = [], 0
    with path.open("wb") as f:
        for rec in records:
            data = gzip.compress(rec) if gz else rec
            offsets.append(pos)
            f.write(data)
            pos += len(data)
    return offsets


def chunked_gzip(data: bytes) -> bytes:
    packed = gzip.compress(data)
    half = len(packed) // 2
    chunks = [packed[:half], packed[half:]]
    return b"".join(b"%x\r\n%s\r\n" % (len(c), c) for c in chunks) + b"0\r\n\r\n"


@pytest.fixture
def crawl(tmp_path: Path) -> tuple[Path, list[int]]:
    """A crawl as a .warc.gz: pages, a duplicate, skippable records and one damaged record."""
    damaged = record("response", "https://rivers.example/damaged", article("Damaged Record").encode())
    damaged = damaged.replace(b"Content-Length: ", b"Content-Length: 1", 1)  # 10x too long
    records = [
        record("warcinfo", ""),
        record("request", "https://rivers.example/pilots"),
        record("response", "https://rivers.example/pilots?utm_source=x&b=1",
               article("Pilots Agree New Schedule").encode(), content_type="text/html; charset=utf-8"),
        record("metadata", "https://rivers.example/pilots", b"fetchTimeMs: 120\r\n",
               content_type="application/warc-fields"),
        record("response", "https://rivers.example/logo.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 64,
               content_type="image/png"),
        record("response", "https://mirror.example/pilots-copy",
               article("Pilots Agree New Schedule").encode()),
        record("request", "https://rivers.example/gone"),
        record("response", "https://rivers.example/gone", b"<html>not here</html>", status="404 Not Found"),
        damaged,
        record("response", "https://rivers.example/bridge",
               article("Bridge Reopens to Barges", "<p>Größe und Maß, à la carte.</p>",
                       charset="windows-1252").encode("cp1252"),
               content_type="text/html; charset=windows-1252"),
        record("response", "https://rivers.example/packed", chunked_gzip(article("Packed Page").encode()),
               headers=[("Transfer-Encoding", "chunked"), ("Content-Encoding", "gzip")]),
    ]
    path = tmp_path / "crawl.warc.gz"
    return path, write_warc(path, records)


def test_warc_pages_skips_and_damage(crawl: tuple[Path, list[int]]) -> None:
    path, offsets = crawl
    stats = ReadStats()
    items = list(read_pages([str(path)], stats=stats))
    pages = [i for i in items if isinstance(i, Page)]
    errors = [i for i in items if isinstance(i, ReadError)]

    assert [p.url for p in pages] == [
        "https://rivers.example/pilots?b=1",  # courlan drops tracking parameters
        "https://mirror.example/pilots-copy",
        "https://rivers.example/bridge",
        "https://rivers.example/packed",
    ]
    assert [p.record for p in pages] == [f"offset {offsets[i]}" for i in (2, 5, 9, 10)]
    first = pages[0]
    assert first.format == "warc" and first.source == str(path)
    assert first.site == "rivers.example"
    assert first.fetched_at == "2024-02-03T04:05:06Z"
    assert first.title == "Pilots Agree New Schedule"
    assert first.published == "2022-09-08"
    assert first.raw.startswith(b"<html>")
    assert pages[1].text == first.text  # the duplicate: same text, so dedup can merge it
    assert "Größe und Maß, à la carte." in pages[2].text  # HTTP charset windows-1252
    assert "Packed Page" in pages[3].text  # chunked + gzip HTTP body undone

    (damage,) = errors
    assert damage.record == f"offset {offsets[8]}"
    assert "damaged WARC record" in damage.reason and "Content-Length" in damage.reason
    assert str(damage).startswith(f"{path} (offset {offsets[8]}): ")

    assert stats.records_skipped == {
        "warcinfo record": 1, "request record": 2, "metadata record": 1,
        "non-HTML image/png": 1, "HTTP 404 response": 1,
    }
    assert stats.skipped == 6
    assert stats.pages == 4 and stats.errors == 1
    assert "records skipped: 6" in stats.summary()


def test_uncompressed_warc_with_short_content_length(tmp_path: Path) -> None:
    short = record("response", "https://rivers.example/short", article("Short Length").encode())
    length = int(short.split(b"Content-Length: ")[1].split(b"\r\n")[0])
    short = short.replace(b"Content-Length: %d" % length, b"Content-Length: %d" % (length - 40))
    records = [record("response", "https://rivers.example/a", article("First Page").encode()), short,
               record("response", "https://rivers.example/b", article("Last Page").encode())]
    path = tmp_path / "short.warc"
    offsets = write_warc(path, records, gz=False)
    items = list(read_pages([str(path)]))
    assert [type(i) for i in items] == [Page, ReadError, Page]
    assert items[1].record == f"offset {offsets[1]}"
    assert [i.title for i in items if isinstance(i, Page)] == ["First Page", "Last Page"]


def test_truncated_warc_gz(tmp_path: Path) -> None:
    records = [record("response", f"https://rivers.example/{i}", article(f"Page Number {i}").encode())
               for i in range(4)]
    path = tmp_path / "cut.warc.gz"
    offsets = write_warc(path, records)
    data = path.read_bytes()
    path.write_bytes(data[: offsets[3] + (len(data) - offsets[3]) // 2])
    items = list(read_pages([str(path)]))
    assert [type(i) for i in items] == [Page, Page, Page, ReadError]
    assert items[3].record == f"offset {offsets[3]}"
    assert "truncated WARC record" in items[3].reason


def test_record_over_size_limit(tmp_path: Path) -> None:
    from newsgraph.settings import Settings

    big = article("Big Page", "<p>" + "many words " * 2000 + "</p>").encode()
    path = tmp_path / "big.warc.gz"
    offsets = write_warc(path, [record("response", "https://rivers.example/big", big),
                                record("response", "https://rivers.example/ok", article("Small").encode())])
    items = list(read_pages([str(path)], Settings(max_page_bytes=8000)))
    assert isinstance(items[0], ReadError) and items[0].record == f"offset {offsets[0]}"
    assert "over max_page_bytes" in items[0].reason
    assert isinstance(items[1], Page)


def test_wet_conversion_records(tmp_path: Path) -> None:
    text = "Barges Return to the River\n\n" + WORDS + "\n" + WORDS.upper() + "\n"
    records = [record("warcinfo", ""),
               record("conversion", "https://rivers.example/wet", text.encode(), content_type="text/plain"),
               record("conversion", "https://rivers.example/empty", b"", content_type="text/plain")]
    path = tmp_path / "crawl.warc.wet.gz"
    offsets = write_warc(path, records)
    stats = ReadStats()
    (page,) = read_pages([str(path)], stats=stats)
    assert isinstance(page, Page)
    assert page.format == "wet" and page.text == text and page.record == f"offset {offsets[1]}"
    assert page.url == "https://rivers.example/wet" and page.site == "rivers.example"
    assert stats.records_skipped == {"warcinfo record": 1, "empty conversion record": 1}


def test_warc_from_stdin_and_bz2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    records = [record("response", f"https://rivers.example/{i}", article(f"Streamed {i}").encode())
               for i in range(3)]
    path = tmp_path / "plain.warc"
    write_warc(path, records, gz=False)
    packed = tmp_path / "crawl.warc.bz2"
    packed.write_bytes(bz2.compress(path.read_bytes()))
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(gzip.compress(path.read_bytes()))))
    titles = [p.title for p in read_pages(["-", str(packed)]) if isinstance(p, Page)]
    assert titles == ["Streamed 0", "Streamed 1", "Streamed 2"] * 2


def test_damage_in_a_stream_ends_that_input(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    records = [record("response", "https://rivers.example/a", article("Before Damage").encode()),
               b"<p>stray bytes where a record header should be</p>\r\n\r\n",
               record("response", "https://rivers.example/b", article("After Damage").encode())]
    data = b"".join(records)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    items = list(read_pages(["-"]))
    assert isinstance(items[0], Page) and items[0].title == "Before Damage"  # its digest vouches for it
    damage, rest = items[1:]
    assert isinstance(damage, ReadError) and damage.reason.startswith(
        "damaged WARC data after the record at offset 0")
    assert isinstance(rest, ReadError)
    assert rest.reason == "the rest of the stream was skipped after the damage"


def test_gzip_bomb_in_an_http_body_is_refused(tmp_path: Path) -> None:
    from newsgraph.settings import Settings

    body = gzip.compress(b"<html><body><p>" + b"a" * 5_000_000 + b"</p></body></html>")
    assert len(body) < 20_000
    path = tmp_path / "bomb.warc.gz"
    write_warc(path, [record("response", "https://bomb.example/", body,
                             headers=[("Content-Encoding", "gzip")])])
    (item,) = read_pages([str(path)], Settings().replace(max_page_bytes=1_000_000))
    assert isinstance(item, ReadError)
    assert "over max_page_bytes" in item.reason and item.record == "offset 0"
