"""Readers: text, JSON Lines, compression, directories, stdin, encodings, bad input."""

from __future__ import annotations

import bz2
import gzip
import io
import json
import lzma
import sys
from pathlib import Path

import pytest

from newsgraph.model import Page, ReadError
from newsgraph.read import ReadStats, read_pages
from newsgraph.read.decode import decode_bytes, detect_encoding
from newsgraph.read.sniff import sniff_format
from newsgraph.settings import Settings

STORY = (
    "Ferry Service Returns to the Northern Isles\n\n"
    "The first ferry in six weeks reached the northern isles on Tuesday after repairs to the pier.\n"
    "Islanders met the boat with flasks of tea and a brass band that had practised for days.\n"
)
ACCENTED = "Le café où l'élève a goûté une crème brûlée coûte très cher à Genève, dit-on."


def read_all(*paths: str | Path, settings: Settings | None = None,
             stats: ReadStats | None = None) -> list[Page | ReadError]:
    return list(read_pages([str(p) for p in paths], settings, stats=stats))


def pages_of(items: list[Page | ReadError]) -> list[Page]:
    return [i for i in items if isinstance(i, Page)]


def errors_of(items: list[Page | ReadError]) -> list[ReadError]:
    return [i for i in items if isinstance(i, ReadError)]


# -- flattened text ---------------------------------------------------------------------------


def test_seed_pages_read_as_text(seeds_dir: Path) -> None:
    items = read_all(seeds_dir)
    assert [type(i) for i in items] == [Page, Page]
    first = items[0]
    assert isinstance(first, Page)
    assert first.format == "text"
    assert first.source.endswith("000_c96ea79de0903c34.txt")
    assert first.text.startswith("Western Countries Continue to Resist Return of ISIS Children\n")
    assert first.raw == (seeds_dir / "000_c96ea79de0903c34.txt").read_bytes()
    assert first.site is None and first.url is None


def test_text_is_normalised(tmp_path: Path) -> None:
    path = tmp_path / "page.txt"
    path.write_bytes("Zero\u200bwidth and\u00a0non-breaking   spaces\r\nCafe\u0301 line  \n".encode())
    (page,) = read_all(path)
    assert isinstance(page, Page)
    assert page.text == "Zerowidth and non-breaking spaces\nCafé line\n"


@pytest.mark.parametrize("compress", [gzip.compress, bz2.compress, lzma.compress])
def test_compressed_text_by_magic_bytes(tmp_path: Path, compress) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "story.dat"  # no telling suffix: the magic bytes decide
    path.write_bytes(compress(STORY.encode()))
    (page,) = read_all(path)
    assert isinstance(page, Page)
    assert page.format == "text"
    assert page.text == STORY
    assert page.raw == STORY.encode()


def test_directory_recursion_sorted_skips_hidden(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "deep").mkdir(parents=True)
    (tmp_path / ".hidden").mkdir()
    (tmp_path / "b" / "2.txt").write_text("Second page text that is here.\n")
    (tmp_path / "a" / "deep" / "1.txt").write_text("First page text that is here.\n")
    (tmp_path / "a" / "0.txt").write_text("Zeroth page text that is here.\n")
    (tmp_path / ".hidden" / "x.txt").write_text("never read\n")
    (tmp_path / ".dotfile.txt").write_text("never read\n")
    (tmp_path / "b" / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    stats = ReadStats()
    items = read_all(tmp_path, stats=stats)
    names = [Path(i.source).relative_to(tmp_path).as_posix() for i in items]
    assert names == ["a/0.txt", "a/deep/1.txt", "b/2.txt"]
    assert stats.files_skipped == {".png": 1}
    assert stats.pages == 3 and stats.errors == 0


def test_directory_files_and_folders_in_path_order(tmp_path: Path) -> None:
    (tmp_path / "2024-01").mkdir()
    (tmp_path / "2024-01" / "day.txt").write_text("January page text that is here.\n")
    (tmp_path / "2024-02.txt").write_text("February page text that is here.\n")
    (tmp_path / "2023.txt").write_text("Last year's page text that is here.\n")
    names = [Path(i.source).relative_to(tmp_path).as_posix() for i in read_all(tmp_path)]
    assert names == ["2023.txt", "2024-01/day.txt", "2024-02.txt"]


def test_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    fake = io.TextIOWrapper(io.BytesIO(gzip.compress(STORY.encode())))
    monkeypatch.setattr(sys, "stdin", fake)
    (page,) = read_all("-")
    assert isinstance(page, Page)
    assert page.source == "-"
    assert page.text == STORY


# -- JSON Lines -----------------------------------------------------------------------------------


def test_jsonl_pages_and_one_bad_line(tmp_path: Path) -> None:
    lines = [
        json.dumps({"text": STORY, "url": "https://WWW.Isles-News.example/ferry?b=2&a=1#top",
                    "fetched_at": "2024-05-01T10:00:00Z", "published": "2024-04-30",
                    "title": "Ferry Service Returns", "id": 7}),
        '{"text": "broken',
        "",
        json.dumps({"text": "A page from a named site with enough words in it.", "site": "isles"}),
        json.dumps(["not", "an", "object"]),
        json.dumps({"title": "no body"}),
        json.dumps({"text": 42}),
    ]
    path = tmp_path / "pages.jsonl.gz"
    path.write_bytes(gzip.compress("\n".join(lines).encode()))
    items = read_all(path)
    assert [(type(i).__name__, i.record) for i in items] == [
        ("Page", "line 1, id 7"), ("ReadError", "line 2"), ("Page", "line 4"), ("ReadError", "line 5"),
        ("ReadError", "line 6"), ("ReadError", "line 7"),
    ]
    first, bad, second = items[0], items[1], items[2]
    assert isinstance(first, Page) and isinstance(second, Page)
    assert first.format == "jsonl"
    assert first.text == STORY
    assert first.url == "https://www.isles-news.example/ferry?a=1&b=2"
    assert first.site == "isles-news.example"
    assert (first.fetched_at, first.published, first.title) == (
        "2024-05-01T10:00:00Z", "2024-04-30", "Ferry Service Returns")
    assert second.site == "isles"
    assert "invalid JSON" in str(bad) and str(bad).startswith(f"{path} (line 2): ")
    assert "expected a JSON object" in str(items[3])
    assert "no 'text' or 'html' field" in str(items[4])
    assert "'text' must be a string" in str(items[5])


def test_jsonl_html_line_uses_html_reader(tmp_path: Path, fixtures_dir: Path) -> None:
    html = (fixtures_dir / "html" / "harbour_article.html").read_text()
    path = tmp_path / "crawl.jsonl"
    path.write_text(json.dumps({"html": html, "url": "https://coastal-ledger.example/x"}) + "\n")
    (page,) = read_all(path)
    assert isinstance(page, Page)
    assert page.format == "jsonl" and page.extraction == "trafilatura"
    assert page.title == "Harbour Town Votes to Rebuild Its Old Sea Wall"
    assert page.published == "2023-03-14"
    assert page.raw == html.encode()
    assert "Councillors in Harbour Town voted" in page.text
    assert "Most read" not in page.text


def test_jsonl_recognised_from_content(tmp_path: Path) -> None:
    path = tmp_path / "export.txt"
    path.write_text(json.dumps({"text": "One page in a file named like text."}) + "\n")
    (page,) = read_all(path)
    assert isinstance(page, Page) and page.format == "jsonl" and page.record == "line 1"


def test_jsonl_oversized_line_fails_alone(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    big = json.dumps({"text": "word " * 400})
    path.write_text(big + "\n" + json.dumps({"text": "A short page after it."}) + "\n")
    items = read_all(path, settings=Settings(max_page_bytes=1000))
    assert isinstance(items[0], ReadError) and "over max_page_bytes" in items[0].reason
    assert isinstance(items[1], Page) and items[1].record == "line 2"


# -- encodings --------------------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1", "utf-16", "utf-8-sig"])
def test_encodings_detected(tmp_path: Path, encoding: str) -> None:
    text = f"{ACCENTED}\nÀ Genève, l'été dernier, le marché était plein de légumes frais.\n"
    if encoding == "cp1252":
        text += "Il a dit « c’est fini » — et il est parti.\n"
    path = tmp_path / "page.txt"
    path.write_bytes(text.encode(encoding))
    (page,) = read_all(path)
    assert isinstance(page, Page), page
    assert page.text == text


def test_mojibake_repaired(tmp_path: Path) -> None:
    broken = ACCENTED.encode("utf-8").decode("cp1252")  # UTF-8 read as cp1252, saved as UTF-8
    path = tmp_path / "page.txt"
    path.write_text(broken + "\n", encoding="utf-8")
    (page,) = read_all(path)
    assert isinstance(page, Page)
    assert page.text == ACCENTED + "\n"


def test_decode_order_declared_then_detection() -> None:
    data = "Grüße aus Köln, sagte die Bürgermeisterin über die Straße.".encode("cp1252")
    assert decode_bytes(data, ("utf-8",))[1] != "utf_8"  # a false declaration is not believed
    assert decode_bytes(data, ("windows-1252",)) == (data.decode("cp1252"), "cp1252")
    assert decode_bytes(data, ("iso-8859-1",))[1] == "cp1252"  # WHATWG: latin-1 means cp1252
    assert detect_encoding("Ça coûte très cher, élève… “quoted”".encode("cp1252")) == "cp1252"


# -- bad input ----------------------------------------------------------------------------------------


def test_bad_inputs_each_one_clear_line_and_the_run_goes_on(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(STORY)
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    blank = tmp_path / "blank.txt"
    blank.write_bytes(b" \n\n\t\n")
    png = tmp_path / "photo.txt"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    noise = tmp_path / "noise.bin"
    noise.write_bytes(bytes(range(256)) * 64)
    items = read_all(empty, blank, png, noise, tmp_path / "missing.txt", good)
    reasons = {Path(i.source).name: i.reason for i in errors_of(items)}
    assert reasons == {
        "empty.txt": "empty file",
        "blank.txt": "empty file",
        "photo.txt": "not a page: PNG image",
        "noise.bin": "not a page: binary data (control bytes)",
        "missing.txt": "no such file or directory",
    }
    assert [Path(p.source).name for p in pages_of(items)] == ["good.txt"]


@pytest.mark.parametrize("suffix,compress", [(".gz", gzip.compress), (".bz2", bz2.compress),
                                              (".xz", lzma.compress)])
def test_truncated_compressed_files(tmp_path: Path, suffix: str, compress) -> None:  # type: ignore[no-untyped-def]
    body = ("Paragraph of a long page about the harbour and its boats. " * 3000).encode()
    data = compress(body)
    path = tmp_path / f"page.txt{suffix}"
    path.write_bytes(data[: len(data) // 2])
    (error,) = read_all(path)
    assert isinstance(error, ReadError)
    assert error.source == str(path)
    assert "truncated" in error.reason or "damaged" in error.reason


@pytest.mark.parametrize("compress", [gzip.compress, bz2.compress, lzma.compress])
def test_small_truncated_compressed_page(tmp_path: Path, compress) -> None:  # type: ignore[no-untyped-def]
    words = [f"word{i * 7919 % 10007}" for i in range(5000)]  # varied: compresses to well over 200 bytes
    data = compress(("Some title\n" + " ".join(words)).encode())
    assert len(data) > 1000
    path = tmp_path / "short.txt.z"
    path.write_bytes(data[:200])
    (error,) = read_all(path)
    assert isinstance(error, ReadError), error
    assert "truncated" in error.reason or "damaged" in error.reason


def test_truncated_gzip_jsonl_keeps_lines_before_the_cut(tmp_path: Path) -> None:
    lines = "".join(json.dumps({"text": f"Page number {i} has some words in it."}) + "\n"
                    for i in range(2000))
    data = gzip.compress(lines.encode())
    path = tmp_path / "pages.jsonl.gz"
    path.write_bytes(data[: len(data) * 3 // 4])
    items = read_all(path)
    assert len(pages_of(items)) > 100
    (error,) = errors_of(items)
    assert error is items[-1]
    assert "truncated gzip" in error.reason and "after line" in error.reason


def test_over_size_limit_not_read_whole(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_bytes(b"A line of words in a very large page.\n" * 2000)
    packed = tmp_path / "big.txt.gz"
    packed.write_bytes(gzip.compress(big.read_bytes()))
    settings = Settings(max_page_bytes=10_000)
    items = read_all(big, packed, settings=settings)
    assert [i.reason for i in errors_of(items)] == [
        "file of 76,000 bytes is over max_page_bytes (10,000)",
        "page is over max_page_bytes (10,000 bytes once decompressed)",
    ]


def test_fifty_megabyte_page_rejected_quickly(tmp_path: Path) -> None:
    path = tmp_path / "huge.html"
    chunk = b"<p>A paragraph of a page that never ends, repeated over and over.</p>\n" * 1000
    with path.open("wb") as f:
        f.write(b"<html><body>")
        for _ in range(50 * 1024 * 1024 // len(chunk) + 1):
            f.write(chunk)
    (error,) = read_all(path)
    assert isinstance(error, ReadError)
    assert "over max_page_bytes" in error.reason


def test_sniffing() -> None:
    assert sniff_format(b"WARC/1.0\r\n", "x.bin") == ("warc", None)
    assert sniff_format(b'{"text": "x"}\n', "a.txt") == ("jsonl", None)
    assert sniff_format(b"<!-- saved -->\n<!DOCTYPE html><html>", "page") == ("html", None)
    assert sniff_format(b"Just words.\nMore words.", "page.html") == ("html", None)
    assert sniff_format(b"Just words.\nMore words.", "page") == ("text", None)
    assert sniff_format(b"   \n", "page") == ("empty", None)
    assert sniff_format("Hello text".encode("utf-16"), "page")[0] == "text"


@pytest.mark.parametrize("data,expected", [
    # UTF-8 with a stray windows-1252 byte: the UTF-8 stays UTF-8, the stray byte is read as cp1252
    ("Le café où l'élève a goûté la crème.\n".encode() * 3 + b"Prix: 5 \x80\n",
     "Le café où l'élève a goûté la crème.\n" * 3 + "Prix: 5 €\n"),
    # a file pasted together from UTF-8 and cp1252 parts
    ("Grüße aus Köln. ".encode() + "Straße und Größe.".encode("cp1252"), "Grüße aus Köln. Straße und Größe."),
    ("Москва — столица России. Это тестовый текст для проверки кодировки.".encode("cp1251"),
     "Москва — столица России. Это тестовый текст для проверки кодировки."),
    ("日本語のテキストです。これはテストの文章です。東京は晴れています。".encode("shift_jis"),
     "日本語のテキストです。これはテストの文章です。東京は晴れています。"),
])
def test_mis_encoded_bytes(tmp_path: Path, data: bytes, expected: str) -> None:
    path = tmp_path / "page.txt"
    path.write_bytes(data)
    (page,) = read_all(path)
    assert isinstance(page, Page)
    assert page.text == expected


def test_json_documents(tmp_path: Path) -> None:
    (tmp_path / "list.json").write_text(json.dumps(
        [{"text": "First page of a list, with words."}, {"title": "no body"}], indent=2))
    (tmp_path / "one.json").write_text(json.dumps({"text": "A single page object.", "site": "s"}, indent=2))
    (tmp_path / "settings.json").write_text(json.dumps({"threshold": 0.8}, indent=2))
    items = read_all(tmp_path)
    assert [str(i) if isinstance(i, ReadError) else (i.record, i.text) for i in items] == [
        ("item 1", "First page of a list, with words."),
        f"{tmp_path / 'list.json'} (item 2): no 'text' or 'html' field",
        (None, "A single page object."),
        f"{tmp_path / 'settings.json'}: not a page: a JSON object without 'text' or 'html'",
    ]


def test_jsonl_with_a_byte_order_mark_reads_its_first_line(tmp_path: Path) -> None:
    path = tmp_path / "bom.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps({"id": "a", "text": STORY}).encode() + b"\n")
    (item,) = read_all(path)
    assert isinstance(item, Page) and item.record == "line 1, id a"
