"""HTML reader: text and metadata, encodings, fallbacks, time limit, quality floor on real pages."""

from __future__ import annotations

import contextlib
import importlib.util
import json
import threading
import time
from pathlib import Path

import pytest

from newsgraph.errors import BadInput
from newsgraph.model import Page, ReadError
from newsgraph.pipeline import extract_page
from newsgraph.read import html as html_reader
from newsgraph.read import read_pages
from newsgraph.read.html import PageTimeout, html_page, run_with_time_limit
from newsgraph.read.maintext import main_text_articles
from newsgraph.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
BASELINE = Path(__file__).resolve().parent / "fixtures" / "html_baseline.json"
SETTINGS = Settings()

PARAS = (
    "The library on Mill Street will open on Sundays from next month, the first change to its "
    "hours since the building was extended, after a survey found that families wanted more time.",
    "Staff said the extra day would be covered by two new part-time posts and by volunteers from "
    "the reading club, who already run the children's storytelling mornings twice a week.",
    "The council expects the change to cost less than the heating of the old annexe, which was "
    "closed last winter and is now used to store the local history collection.",
)


def page_html(head: str = "", body_extra: str = "", charset_meta: str = "utf-8") -> str:
    paras = "".join(f"<p>{p}</p>" for p in PARAS)
    return (f'<html><head><meta charset="{charset_meta}"><title>Library Opens on Sundays</title>'
            f"{head}</head><body><nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
            f"<article><h1>Library Opens on Sundays</h1>{paras}{body_extra}</article>"
            "<footer>Contact us · Privacy policy</footer></body></html>")


def test_article_text_and_metadata(fixtures_dir: Path) -> None:
    (page,) = read_pages([str(fixtures_dir / "html" / "harbour_article.html")])
    assert isinstance(page, Page)
    assert page.format == "html" and page.extraction == "trafilatura"
    assert page.title == "Harbour Town Votes to Rebuild Its Old Sea Wall"
    assert page.author == "Mara Ellison"
    assert page.published == "2023-03-14"
    assert page.site_name == "The Coastal Ledger"
    assert page.canonical_url == "https://www.coastal-ledger.example/news/2023/03/14/sea-wall-vote"
    assert page.url == page.canonical_url and page.site == "coastal-ledger.example"
    assert page.language == "en"
    assert page.description == "Councillors approved a three-year plan to replace the crumbling stone barrier."
    lines = page.text.split("\n")
    assert "A wall that moved" in lines and "Who pays" in lines  # headings on their own lines
    assert lines[-1].startswith("Work on the first section")
    for furniture in ("Most read", "Ferry timetable", "All rights reserved", "Search", "window.analytics"):
        assert furniture not in page.text


def test_segmented_html_article(fixtures_dir: Path) -> None:
    (page,) = read_pages([str(fixtures_dir / "html" / "harbour_article.html")])
    assert isinstance(page, Page)
    articles = extract_page(page)
    assert len(articles) == 1
    (article,) = articles
    assert article.title == "Harbour Town Votes to Rebuild Its Old Sea Wall"
    assert article.paragraphs[0].startswith("Councillors in Harbour Town voted on Monday")
    assert article.paragraphs[-1].startswith("Work on the first section")
    assert article.published == "2023-03-14"
    for start, end in article.spans:
        assert page.text[start:end] in article.paragraphs


@pytest.mark.parametrize("head,expected", [
    ('<meta property="article:published_time" content="2021-06-02T07:00:00Z">', "2021-06-02"),
    ('<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle",'
     ' "headline": "Library Opens on Sundays", "datePublished": "2020-11-05T09:15:00+01:00"}</script>',
     "2020-11-05"),
])
def test_publication_date_from_metadata(head: str, expected: str) -> None:
    page = html_page(page_html(head).encode(), source="t.html", settings=SETTINGS)
    assert page.published == expected


def test_charset_http_then_meta_then_detection() -> None:
    text = "Grüße aus Köln: Straße, Bürger, Größe, Ärger — «fin»."
    body = f"<p>{text}</p>"
    # meta says windows-1252 and is right
    cp = page_html(body_extra=body, charset_meta="windows-1252").encode("cp1252")
    assert text in html_page(cp, source="a", settings=SETTINGS).text
    # the HTTP header wins over the meta tag
    utf = page_html(body_extra=body, charset_meta="windows-1252").encode("utf-8")
    assert text in html_page(utf, source="b", settings=SETTINGS, http_charset="utf-8").text
    # a meta tag that lies (utf-8 declared, cp1252 bytes) loses to detection
    lying = page_html(body_extra=body, charset_meta="utf-8").encode("cp1252")
    assert text in html_page(lying, source="c", settings=SETTINGS).text


def test_no_main_text_falls_back_to_flattened_body() -> None:
    html = ("<html><head><title>Site map</title></head><body><div class='footer'><a href='/a'>Home"
            "</a><br><a href='/b'>World news</a><br>Contact the desk</div>"
            "<script>var x = 1;</script></body></html>")
    page = html_page(html.encode(), source="map.html", settings=SETTINGS)
    assert page.extraction == "flatten"  # trafilatura finds no main text in a footer of links
    assert page.title == "Site map"
    assert page.text == "Home\nWorld news\nContact the desk"
    assert extract_page(page) == []  # ...and the segmentation finds no article in it


def test_html_without_any_text_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "shell.html"
    path.write_text("<!DOCTYPE html><html><head><title></title><script>app()</script></head>"
                    "<body><div id='root'></div></body></html>")
    (error,) = read_pages([str(path)])
    assert isinstance(error, ReadError)
    assert error.reason == "HTML has no text (no article and no body text)"


def test_malformed_html_still_read(tmp_path: Path) -> None:
    path = tmp_path / "broken.htm"
    paras = "".join(f"<p>{p}<div><b>" for p in PARAS)  # never closed, wrongly nested
    path.write_text(f"<html><body><article><h1>Library Opens on Sundays<p>{paras}</td></tr>&&&<")
    (page,) = read_pages([str(path)])
    assert isinstance(page, Page)
    assert all(p in page.text for p in PARAS)


def test_time_limit_stops_a_slow_page_and_the_run_goes_on(tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    slow = tmp_path / "a_slow.html"
    slow.write_text(page_html("<!-- slow -->"))
    fast = tmp_path / "b_fast.html"
    fast.write_text(page_html())
    real = html_reader.extract_html

    def sometimes_slow(html: str, url: str | None = None) -> html_reader.Extraction:
        if "<!-- slow -->" in html:
            time.sleep(30)
        return real(html, url)

    monkeypatch.setattr(html_reader, "extract_html", sometimes_slow)
    started = time.monotonic()
    items = list(read_pages([str(tmp_path)], Settings(page_timeout_s=0.3)))
    assert time.monotonic() - started < 5
    error, page = items
    assert isinstance(error, ReadError) and error.reason == "page skipped: extraction took longer than 0.3 s"
    assert isinstance(page, Page) and page.source == str(fast)


def test_time_limit_outside_the_main_thread() -> None:
    outcome: dict[str, object] = {}

    def work() -> None:
        try:
            run_with_time_limit(lambda: time.sleep(30), 0.2)
        except PageTimeout as exc:
            outcome["error"] = exc
        outcome["value"] = run_with_time_limit(lambda: 42, 1.0)

    worker = threading.Thread(target=work)
    worker.start()
    worker.join(5)
    assert isinstance(outcome.get("error"), PageTimeout)
    assert outcome["value"] == 42


def test_timeout_is_reported_as_bad_input(monkeypatch: pytest.MonkeyPatch) -> None:
    def stuck(html: str, url: str | None = None) -> html_reader.Extraction:
        time.sleep(30)
        raise AssertionError("not reached")

    monkeypatch.setattr(html_reader, "extract_html", stuck)
    with pytest.raises(BadInput, match=r"took longer than 0\.1 s"):
        html_page(page_html().encode(), source="x.html", settings=Settings(page_timeout_s=0.1))


def _bench() -> object:
    spec = importlib.util.spec_from_file_location("extract_html_bench", ROOT / "bench" / "extract_html.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.eval
@pytest.mark.parametrize("set_name", ["article-extraction-dev", "wcxb-dev"])
def test_extraction_quality_floor_on_eval_pages(eval_dir: Path, set_name: str) -> None:
    """HTML extraction on the shared eval pages stays above the floors in html_baseline.json.

    The floors sit a little under the site-grouped cross-validated F1 of the HTML path
    (the README's benchmark notes); wcxb-dev is read one page in ``every`` to stay quick.
    """
    bench = _bench()
    pinned = json.loads(BASELINE.read_text())[set_name]
    set_dir = eval_dir.parent / set_name
    scorer = bench.load_scorer(eval_dir.parent)  # type: ignore[attr-defined]
    gt = json.loads((set_dir / "ground-truth.json").read_text("utf-8"))
    tools = bench.run(set_dir, every=pinned["every"], tools=tuple(pinned["f1_floor"]))  # type: ignore[attr-defined]
    for name, floor in pinned["f1_floor"].items():
        output = tools[name]["output"]
        f1 = scorer.score({k: gt[k] for k in output}, output, n_boot=2)["f1"]
        assert f1 >= floor, f"{set_name} {name} F1 {f1:.3f} fell below its floor {floor}"


def test_main_text_keeps_lists_and_short_lines() -> None:
    items = "".join(f"<li>Stop {i}: the {name} quay</li>" for i, name in
                    enumerate(["north", "south", "east", "west", "old", "new"], 1))
    html = page_html(body_extra=f"<h2>Where the boat stops</h2><ul>{items}</ul>"
                                "<p>Tickets are sold on board.</p>")
    page = html_page(html.encode(), source="list.html", settings=SETTINGS)
    (article,) = main_text_articles(page)
    assert article.title == "Library Opens on Sundays"
    assert article.paragraphs[: len(PARAS)] == list(PARAS)
    assert "- Stop 1: the north quay" in article.paragraphs  # list items keep their bullet
    assert "- Stop 6: the new quay" in article.paragraphs
    assert article.paragraphs[-1] == "Tickets are sold on board."
    for para, (start, end) in zip(article.paragraphs, article.spans, strict=True):
        assert page.text[start:end] == para
    assert "Library Opens on Sundays" not in article.paragraphs  # the title is not body


def test_main_text_leaves_other_pages_to_segmentation(seeds_dir: Path) -> None:
    pages = [p for p in read_pages([str(seeds_dir)]) if isinstance(p, Page)]
    for page in pages:
        assert page.extraction is None
        assert [a.body for a in main_text_articles(page)] == [a.body for a in extract_page(page)]


def test_timeout_cannot_be_swallowed_by_the_extractor(monkeypatch: pytest.MonkeyPatch) -> None:
    def careless(html: str, url: str | None = None) -> html_reader.Extraction:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            with contextlib.suppress(Exception):  # a catch-all must not eat the time limit
                time.sleep(0.01)
        raise AssertionError("not reached")

    monkeypatch.setattr(html_reader, "extract_html", careless)
    with pytest.raises(BadInput, match="took longer"):
        html_page(page_html().encode(), source="x.html", settings=Settings(page_timeout_s=0.2))


def test_an_extractor_bug_is_one_error_not_a_crash(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def buggy(html: str, url: str | None = None) -> html_reader.Extraction:
        raise IndexError("list index out of range")

    monkeypatch.setattr(html_reader, "extract_html", buggy)
    (tmp_path / "a.html").write_text(page_html())
    (tmp_path / "b.txt").write_text("A text page is still read after the failure.\n")
    error, page = read_pages([str(tmp_path)])
    assert isinstance(error, ReadError)
    assert error.reason == "HTML extraction failed: list index out of range"
    assert isinstance(page, Page)


@pytest.mark.parametrize(("byline", "agency"), [
    ("By STEVE PEOPLES, AP National Political Writer", "AP"),
    ("The Associated Press", "AP"),
    ("Reuters Staff", "Reuters"),
    ("By Jane Doe, Agence France-Presse", "AFP"),
    ("Press Trust of India", "PTI"),
    ("PTI", "PTI"),
    ("Mara Ellison", None),
    ("Thrive Agency", None),
    ("Apollo Jones", None),  # the short codes match only as whole capitalised words
    ("Ap Smith", None),
])
def test_agency_named_by_a_byline(byline: str, agency: str | None) -> None:
    assert html_reader.byline_agency(byline) == agency


def test_agency_from_byline_metadata_reaches_the_article() -> None:
    html = page_html(head='<meta name="author" content="The Associated Press">')
    (article,) = extract_page(html_page(html.encode(), source="wire.html", settings=SETTINGS))
    assert article.agency == "AP"
    element = page_html(body_extra='<div class="byline">By Jane Doe, Reuters</div>')
    (article,) = extract_page(html_page(element.encode(), source="w2.html", settings=SETTINGS))
    assert article.agency == "Reuters"
    (article,) = extract_page(html_page(page_html().encode(), source="own.html", settings=SETTINGS))
    assert article.agency is None


@pytest.mark.eval
def test_agency_from_html_metadata_on_real_pages(eval_dir: Path) -> None:
    """Wire stories among the eval pages name their agency in the byline markup; others name none."""
    import gzip

    from trafilatura.utils import load_html

    found: dict[str, str] = {}
    for path in sorted((eval_dir / "html").glob("*.html.gz")):
        meta = html_reader.page_metadata(load_html(gzip.decompress(path.read_bytes()).decode()))
        if meta.agency:
            found[path.name[:12]] = meta.agency
    # measured: six AP stories (meta author, sailthru byline, byline elements) and one PTI story
    assert sorted(found.values()) == ["AP"] * 6 + ["PTI"], found
