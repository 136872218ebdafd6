"""Web UI and JSON API, in-process: every route renders, text is escaped, errors have one shape."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from newsgraph.cli import cli
from newsgraph.model import Article, Caption, Event, Knowledge, Mention, Page, Quote
from newsgraph.settings import Settings
from newsgraph.store import Store

testclient = pytest.importorskip("fastapi.testclient")

HOSTILE = '<script>alert("x")</script> & <img src=x onerror=alert(1)>'
EVIL_NAME = "<script>alert(2)</script> Board"
PARAGRAPHS = [
    "The harbour board of Ostend approved a plan on Monday to dredge the outer channel, "
    "so that larger ferries can dock at low tide for the first time in a decade.",
    f"Critics said the plan ignored the dunes. {HOSTILE} The board said it would answer them "
    "in writing before the work begins in the spring, after a public hearing in Türkiye Street.",
    "AC/DC played on the quay while Wagner/PMC denied sending boats. "
    "“We will not be moved,” said Mayor Ines Caldwell. Ostend accused Wagner/PMC of lying.",
]
BODY = "\n\n".join(PARAGRAPHS)


def _article(text: str, paragraphs: list[str], title: str) -> Article:
    spans, pos = [], 0
    for para in paragraphs:
        start = text.index(para, pos)
        spans.append((start, start + len(para)))
        pos = start + len(para)
    return Article(title=title, paragraphs=list(paragraphs), spans=spans,
                   start=spans[0][0], end=spans[-1][1],
                   captions=[Caption(f"The channel at dawn {HOSTILE}", "A. Photographer")])


def _span(word: str, nth: int = 0) -> tuple[int, int]:
    at = -1
    for _ in range(nth + 1):
        at = BODY.index(word, at + 1)
    return at, at + len(word)


def _knowledge() -> Knowledge:
    def mention(word: str, type_: str, canonical: str, nth: int = 0) -> Mention:
        s, e = _span(word, nth)
        return Mention(s, e, word, type_, canonical)

    quote_text = "We will not be moved,"
    qs, qe = _span(quote_text)
    ss, se = _span("Ines Caldwell")
    sentence = "Ostend accused Wagner/PMC of lying."
    es, ee = _span(sentence)
    return Knowledge(
        mentions=[mention("Ostend", "PLACE", "Ostend"), mention("board", "ORG", EVIL_NAME),
                  mention("AC/DC", "ORG", "AC/DC"), mention("Wagner/PMC", "ORG", "Wagner/PMC"),
                  mention("Ines Caldwell", "PERSON", "Ines Caldwell"),
                  mention("Ostend", "PLACE", "Ostend", 1),
                  mention("Wagner/PMC", "ORG", "Wagner/PMC", 1)],
        quotes=[Quote(qs, qe, quote_text, "Ines Caldwell", "said", True, ss, se)],
        events=[Event("ACCUSE", es, ee, "accused", actor="Ostend", target="Wagner/PMC",
                      date="2019-05", date_precision="month", confidence=0.8)],
    )


def build_store(db: Path, extra_articles: int = 0) -> None:
    """A store with one hostile article and its facts, plus ``extra_articles`` plain ones."""
    from newsgraph.store.knowledge import KnowledgeStore

    title = f"Channel Plan {HOSTILE}"
    text = "\n".join([title, *PARAGRAPHS])
    with Store.open(db) as store:
        with store.transaction():
            store.add_page(Page(source="t.txt", text=text, format="text",
                                url="https://news.example/channel", site="news.example"),
                           [_article(text, PARAGRAPHS, title)])
            for n in range(extra_articles):
                paras = [f"Filler report {n} on the ferry timetable of the island line, which "
                         f"changes every spring when the days grow longer and crews rotate {n}.",
                         f"Passengers number {n} said the new crossings suited them well."]
                t = "\n".join([f"Ferry note {n}", *paras])
                store.add_page(Page(source=f"f{n}.txt", text=t, format="text"),
                               [_article(t, paras, f"Ferry note {n}")])
        KnowledgeStore(store).save(1, _knowledge(), model="test", version="1")


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("web") / "web.db"
    build_store(path, extra_articles=3)
    return path


@pytest.fixture(scope="module")
def client(db: Path) -> Iterator[Any]:
    from newsgraph.web import create_app

    with testclient.TestClient(create_app(str(db)), raise_server_exceptions=False) as c:
        yield c


PAGES = ["/", "/articles", "/articles?site=news.example", "/articles/1", "/pages/1",
         "/pages/1?markup=1", "/search?q=dredge", "/search?q=ferry&site=news.example",
         "/duplicates", "/entities", "/entities?type=ORG", "/entities/Ostend",
         "/entities/AC%2FDC", "/entities/Wagner%2FPMC", "/quotes", "/quotes?speaker=Caldwell",
         "/events", "/events?type=ACCUSE&since=2019&until=2019-12-31&min_confidence=0.5",
         "/events?filtered=1&type=&mode=&actor=Ostend", "/graph", "/graph?entity=Ostend",
         "/graph?isolated=true&type=ACCUSE"]
API = ["/api/stats", "/api/articles", "/api/articles/1", "/api/pages/1", "/api/search?q=dredge",
       "/api/duplicates", "/api/entities", "/api/entities/Ostend", "/api/entities/AC%2FDC",
       "/api/quotes", "/api/events", "/api/events?actor=Ostend&uncertain=false", "/api/graph",
       "/api/timeline/Ines%20Caldwell", "/openapi.json"]


@pytest.mark.parametrize("path", PAGES)
def test_pages_render_with_their_json_and_csv_links(client: Any, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200, response.text
    links = re.findall(r'href="(/api/[^"]*)"', response.text)
    assert any("format=csv" in link for link in links), "no CSV link"
    json_link = next(link for link in links if ("format=csv" not in link and
                     not link.startswith("/api/entities/")) or path.startswith("/entities/"))
    data = client.get(json_link.replace("&amp;", "&"))
    assert data.status_code == 200 and data.headers["content-type"].startswith("application/json")
    csv_link = next(link for link in links if "format=csv" in link).replace("&amp;", "&")
    table = client.get(csv_link)
    assert table.status_code == 200 and table.headers["content-type"].startswith("text/csv")


@pytest.mark.parametrize("path", API)
def test_api_routes_answer_json(client: Any, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/json")
    # What the route writes is what its OpenAPI description promises.
    route = next(r for r in client.app.routes
                 if getattr(r, "path_regex", None) and r.path_regex.match(path.split("?")[0]))
    model = getattr(route, "response_model", None)
    if model is not None:
        model.model_validate(response.json())


def test_lists_carry_their_total_and_a_pager(client: Any) -> None:
    data = client.get("/api/articles?limit=2").json()
    assert data["total"] == 4 and len(data["items"]) == 2 and data["offset"] == 0
    page = client.get("/articles?limit=2").text
    assert "1–2 of <b>4</b> articles" in page and 'rel="next"' in page
    last = client.get("/articles?limit=2&offset=2").text
    assert "3–4 of <b>4</b>" in last and 'rel="prev"' in last and 'rel="next"' not in last
    assert client.get("/api/entities?limit=1").json()["total"] >= 4


def test_csv_is_exactly_the_rows_shown(client: Any) -> None:
    shown = client.get("/api/articles?limit=3").json()["items"]
    rows = list(csv.DictReader(io.StringIO(client.get("/api/articles?limit=3&format=csv").text)))
    assert [int(r["id"]) for r in rows] == [a["id"] for a in shown]
    facts = list(csv.DictReader(io.StringIO(client.get("/api/articles/1?format=csv").text)))
    assert {r["kind"] for r in facts} == {"mention", "quote", "event"}


def test_untrusted_text_is_escaped_everywhere(client: Any) -> None:
    for path in ("/", "/articles", "/articles/1", "/pages/1", "/pages/1?markup=1",
                 "/search?q=Critics", "/entities", "/quotes", "/events", "/graph?isolated=true",
                 "/entities/" + EVIL_NAME.replace("/", "%2F")):
        page = client.get(path).text
        assert "<script>" not in page and "<img src=x" not in page, path
        assert "&lt;script&gt;" in page, path


def test_article_shows_facts_in_place_with_sentence_anchors(client: Any) -> None:
    page = client.get("/articles/1").text
    assert 'id="s0"' in page and 'id="s4"' in page
    # The quote is drawn in the text with its speaker, linked to the speaker's page.
    quote = re.search(r'<span class="quote"[^>]*>(.*?)<a class="tag" href="([^"]+)">— ([^<]+)</a>',
                      page)
    assert quote and "We will not be moved" in quote.group(1)
    assert quote.group(2) == "/entities/Ines%20Caldwell" and quote.group(3) == "Ines Caldwell"
    # Names are links (a "/" in a name survives), labelled with their type for readers
    # who cannot tell the colours apart.
    assert 'href="/entities/AC%2FDC"' in page and '<span class="tag">ORG</span>' in page
    assert 'class="event q-verbal-conflict"' in page
    # The caption is there, with its credit.
    assert "The channel at dawn" in page and "A. Photographer" in page


def test_source_links_land_on_the_sentence(client: Any) -> None:
    event = client.get("/api/events").json()["items"][0]
    href = event["sources"][0]["href"]
    article_id, k = re.fullmatch(r"/articles/(\d+)#s(\d+)", href).groups()
    article = client.get(f"/api/articles/{article_id}").json()
    start, end = article["sentences"][int(k)]
    assert article["body"][start:end] == "Ostend accused Wagner/PMC of lying."
    page = client.get(f"/articles/{article_id}").text
    assert f'<span class="s" id="s{k}">' in page


def test_raw_page_marks_the_article_region_and_facts(client: Any) -> None:
    data = client.get("/api/pages/1").json()
    assert data["occurrences"][0]["article_id"] == 1
    kinds = {f["kind"] for f in data["facts"]}
    assert kinds == {"mention", "quote", "event"}
    for f in data["facts"]:
        assert data["text"][f["start"]:f["end"]]
    page = client.get("/pages/1").text
    assert 'class="region"' in page and 'class="f-quote"' in page
    assert client.get("/articles/1").text.count('href="/pages/1#a1"') == 1


def test_entity_page_has_chart_co_mentions_and_events(client: Any) -> None:
    data = client.get("/api/entities/Wagner%2FPMC").json()
    assert data["name"] == "Wagner/PMC" and data["events_as_target"]
    assert data["events_as_target"][0]["actor"] == "Ostend"
    assert {c["name"] for c in data["co_mentioned"]} >= {"Ostend", "AC/DC"}
    page = client.get("/entities/Ostend").text
    assert '<svg class="chart"' in page and "<rect" in page
    caldwell = client.get("/api/entities/Ines%20Caldwell").json()
    assert caldwell["quotes_by"][0]["text"].startswith("We will not be moved")


def test_events_filters(client: Any) -> None:
    assert client.get("/api/events?type=accuse").json()["total"] == 1
    assert client.get("/api/events?type=AGREE").json()["total"] == 0
    assert client.get("/api/events?since=2019-06").json()["total"] == 0
    assert client.get("/api/events?until=2019-05-31&since=2019").json()["total"] == 1
    assert client.get("/api/events?min_confidence=0.9").json()["total"] == 0
    # the web lists by default what the CLI lists: confidence at least the listing floor
    floor = Settings().event_min_confidence
    listed = client.get("/api/events").json()["items"]
    assert listed and all(e["confidence"] >= floor for e in listed)
    assert client.get("/api/events?min_confidence=0").json()["total"] >= len(listed)
    assert client.get("/api/events?place=Nowhere").status_code == 404
    page = client.get("/events").text
    assert '<option value="ASSAULT">' in page and '<svg class="chart"' in page


def test_article_lists_events_above_the_floor(client: Any) -> None:
    listed = client.get("/api/articles/1").json()
    assert [e["type"] for e in listed["events"]] == ["ACCUSE"] and listed["events_hidden"] == 0
    strict = client.get("/api/articles/1?min_confidence=0.9").json()
    assert strict["events"] == [] and strict["events_hidden"] == 1
    page = client.get("/articles/1?min_confidence=0.9").text
    assert "1 more under confidence 0.9" in page and 'href="?min_confidence=0"' in page
    stats = client.get("/api/stats").json()
    assert stats["events_listed"] == 1 and stats["knowledge"]["events"] == 1
    assert "with confidence ≥" in client.get("/").text


def test_graph_is_laid_out_on_the_server(client: Any) -> None:
    graph = client.get("/api/graph").json()
    names = {n["name"] for n in graph["nodes"]}
    assert names == {"Ostend", "Wagner/PMC"}
    assert graph["edges"][0]["kind"] == "conflict"
    assert all(0 <= n["x"] <= graph["width"] and 0 <= n["y"] <= graph["height"]
               for n in graph["nodes"])
    page = client.get("/graph").text
    assert '<a href="/entities/Wagner%2FPMC" class="node">' in page
    wider = client.get("/api/graph?isolated=true").json()
    assert len(wider["nodes"]) > len(graph["nodes"])


def test_search_counts_hits_and_gives_facets(client: Any) -> None:
    data = client.get("/api/search?q=ferry&limit=2").json()
    assert data["total"] == 3 and len(data["items"]) == 2
    assert data["facets"]["month"] and data["facets_over"] == 3
    assert client.get("/api/search?q=ferry&site=news.example").json()["total"] == 0
    entity = client.get("/api/search?q=dredge&entity=Ostend").json()
    assert entity["total"] == 1 and entity["facets"]["entity"]
    page = client.get("/search?q=ferry&limit=2").text
    assert "1–2 of <b>3</b> matching articles" in page


def test_search_ranks_a_bounded_window_and_caps_its_count(tmp_path: Path, monkeypatch: Any
                                                          ) -> None:
    """A search matching more than RANK_WINDOW articles ranks (exact bm25) only the newest
    that many; past COUNT_CAP the total is a floor, flagged; the page says both."""
    from newsgraph.store import queries
    from newsgraph.web import create_app

    db = tmp_path / "many.db"
    build_store(db, extra_articles=12)
    monkeypatch.setattr(queries, "RANK_WINDOW", 5)
    monkeypatch.setattr(queries, "COUNT_CAP", 8)
    with Store.open(db) as store:
        conn = store.conn
        newest = [r for (r,) in conn.execute(
            "SELECT rowid FROM articles_fts WHERE articles_fts MATCH 'ferry' ORDER BY rowid DESC")]
        assert len(newest) == 12
        exact = [r for (r,) in conn.execute(
            "SELECT rowid FROM articles_fts WHERE articles_fts MATCH 'ferry' "
            "ORDER BY bm25(articles_fts, 5.0, 1.0), rowid")]
        result = queries.search_page(conn, "ferry", limit=3, facet_hits=3)
        assert (result.total, result.total_capped, result.ranked_over) == (8, True, 5)
        window = [r for r in exact if r in newest[:5]]
        assert [h.id for h in result.hits] == window[:3]
        deeper = queries.search_page(conn, "ferry", offset=4, limit=3, facet_hits=3)
        assert deeper.ranked_over == 7  # the page's depth widens the window
        assert [h.id for h in deeper.hits] == [r for r in exact if r in newest[:7]][4:7]
        few = queries.search_page(conn, "dredge", limit=3, facet_hits=3)
        assert (few.total, few.total_capped, few.ranked_over) == (1, False, 1)
    from newsgraph.web import data as web_data

    monkeypatch.setattr(web_data, "FACET_HITS", 3)
    with testclient.TestClient(create_app(str(db))) as c:
        data = c.get("/api/search?q=ferry&limit=2").json()
        assert (data["total"], data["total_capped"], data["ranked_over"]) == (8, True, 5)
        page = c.get("/search?q=ferry&limit=2").text
        assert "of <b>8+</b> matching articles" in page
        assert "among the 5 most recently stored matches" in page


def test_search_highlights_after_escaping(client: Any) -> None:
    page = client.get("/search?q=Turkiye").text
    assert "<mark>Türkiye</mark>" in page
    page = client.get("/search?q=script").text
    assert "<mark>script</mark>" in page and "<script>" not in page


def _assert_error(response: Any, status: int, kind: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"status", "type", "message"}
    assert body["error"]["status"] == status and body["error"]["type"] == kind
    return body["error"]


def test_one_error_shape_for_every_error(client: Any) -> None:
    missing = _assert_error(client.get("/api/articles/999"), 404, "ArticleNotFound")
    assert missing["message"] == "no article with id 999"
    _assert_error(client.get("/api/articles/abc"), 422, "InvalidRequest")
    _assert_error(client.get(f"/api/articles/{2**63}"), 422, "InvalidRequest")
    _assert_error(client.get(f"/api/articles?offset={2**63}"), 422, "InvalidRequest")
    _assert_error(client.get(f"/api/pages/{2**64}"), 422, "InvalidRequest")
    _assert_error(client.get("/api/pages/77"), 404, "PageNotFound")
    _assert_error(client.get("/api/entities/Nobody"), 404, "EntityNotFound")
    _assert_error(client.get("/api/articles?limit=0"), 422, "InvalidRequest")
    _assert_error(client.get("/api/nope"), 404, "NotFound")
    not_allowed = client.post("/api/articles")
    _assert_error(not_allowed, 405, "MethodNotAllowed")
    assert not_allowed.headers["allow"] == "GET"
    # Pages answer an HTML error page with the same status and message.
    page = client.get("/articles/999")
    assert page.status_code == 404 and "no article with id 999" in page.text
    assert client.get("/nope").status_code == 404
    assert client.get(f"/articles/{2**63}").status_code == 422


@pytest.mark.parametrize("query", ["since=yesterday", "since=2019-02-30", "until=2019-13",
                                   "type=bogus", "since=2020&until=2019",
                                   "min_confidence=2"])
def test_bad_event_parameters_are_422(client: Any, query: str) -> None:
    error = _assert_error(client.get(f"/api/events?{query}"), 422,
                          "InvalidRequest" if "confidence" in query else "InvalidParameter")
    assert error["message"]
    assert client.get(f"/events?{query}").status_code == 422


def test_unexpected_errors_are_500_in_the_error_shape(db: Path, monkeypatch) -> None:
    from newsgraph.web import create_app, data

    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(data, "articles", broken)
    with testclient.TestClient(create_app(str(db)), raise_server_exceptions=False) as c:
        error = _assert_error(c.get("/api/articles"), 500, "InternalError")
        assert "boom" not in error["message"]
        page = c.get("/articles")
        assert page.status_code == 500 and page.headers["content-type"].startswith("text/html")
        assert "content-security-policy" in page.headers


def test_security_headers_on_every_response(client: Any) -> None:
    for path in ("/", "/api/stats", "/static/style.css", "/nope", "/api/articles/999",
                 "/api/events?since=x", "/openapi.json"):
        headers = client.get(path).headers
        assert "script-src" not in headers["content-security-policy"]
        assert "default-src 'none'" in headers["content-security-policy"]
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["x-frame-options"] == "DENY"
        assert headers["referrer-policy"] == "no-referrer"


def test_openapi_is_typed_and_documents_the_error_shape(client: Any) -> None:
    spec = client.get("/openapi.json").json()
    events = spec["paths"]["/api/events"]["get"]
    assert events["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].endswith(
        "EventPage")
    assert events["responses"]["422"]["content"]["application/json"]["schema"]["$ref"].endswith(
        "ErrorBody")
    assert "ErrorDetail" in spec["components"]["schemas"]
    assert not any(p.startswith("/articles") for p in spec["paths"])


def test_connections_are_read_only(db: Path) -> None:
    import sqlite3

    from newsgraph.settings import Settings
    from newsgraph.web import Connections

    store = Connections(str(db), Settings()).store()
    with pytest.raises(sqlite3.OperationalError):
        store.conn.execute("DELETE FROM articles")


def test_counts_are_cached_until_the_store_changes(tmp_path: Path) -> None:
    from newsgraph.web import CountsCache

    db = tmp_path / "c.db"
    Store.open(db).close()
    cache = CountsCache(str(db))
    calls = []
    assert cache.get(lambda: calls.append(1) or {"n": 1}) == {"n": 1}
    assert cache.get(lambda: calls.append(1) or {"n": 2}) == {"n": 1}
    with Store.open(db) as store, store.transaction():
        store.add_page(Page(source="x.txt", text="x " * 400, format="text"), [])
    assert cache.get(lambda: calls.append(1) or {"n": 3}) == {"n": 3} and len(calls) == 2


def test_search_time_limit_is_enforced_inside_sqlite_on_cli_and_web(db: Path, monkeypatch
                                                                     ) -> None:
    from newsgraph.settings import Settings
    from newsgraph.store import queries
    from newsgraph.web import create_app

    monkeypatch.setattr(queries, "PROGRESS_STEPS", 1)  # check the clock at every VM step
    result = CliRunner().invoke(cli, ["--set", "query_time_limit_s=0.000000001", "search",
                                      "ferry", "--db", str(db)])
    assert result.exit_code == 1 and "longer than" in result.output
    settings = Settings().replace(query_time_limit_s=1e-9)
    with testclient.TestClient(create_app(str(db), settings)) as c:
        _assert_error(c.get("/api/search?q=ferry"), 400, "QueryTimeout")


@pytest.mark.parametrize("query", ["a*", " ".join(f"w{i}" for i in range(17)),
                                   "ab* cd* ef* gh* ij*"])
def test_searches_too_broad_to_bound_are_refused(client: Any, query: str) -> None:
    error = _assert_error(client.get("/api/search", params={"q": query}), 400, "QueryTimeout")
    assert "at least" in error["message"] or "at most" in error["message"]


def test_hostile_search_syntax_is_literal(client: Any) -> None:
    assert client.get("/api/search", params={"q": '"NEAR( -* "'}).status_code == 200


def test_cli_and_api_share_date_validation(db: Path) -> None:
    from newsgraph.errors import InvalidParameter
    from newsgraph.params import date_range, iso_date

    assert iso_date("2016-02-29") == "2016-02-29" and iso_date(" ") is None
    for bad in ("2019-02-30", "2019-13", "2019-00", "yesterday", "2019-1-5", "20190101"):
        with pytest.raises(InvalidParameter):
            iso_date(bad)
        result = CliRunner().invoke(cli, ["events", "--since", bad, "--db", str(db)])
        assert result.exit_code == 2 and "--since" in result.output, bad
    with pytest.raises(InvalidParameter):
        date_range("2020", "2019-12")
    ok = CliRunner().invoke(cli, ["events", "--since", "2019-05", "--json", "--db", str(db)])
    assert ok.exit_code == 0 and "ACCUSE" in ok.output


def test_serve_binds_to_loopback_with_several_workers_and_answers_one_request(
        tmp_path: Path) -> None:
    serve = cli.commands["serve"]
    params = {p.name: p for p in serve.params}
    assert params["host"].default == "127.0.0.1"
    assert params["workers"].default >= 2
    db = tmp_path / "s.db"
    Store.open(db).close()
    result = CliRunner().invoke(cli, ["serve", "--db", str(db), "--get", "/api/stats"])
    assert result.exit_code == 0, result.output
    assert '"articles":0' in result.stdout
    missing = CliRunner().invoke(cli, ["serve", "--db", str(tmp_path / "none.db"), "--get", "/"])
    assert missing.exit_code == 1 and "no store at" in missing.output


def test_the_workers_shared_socket_sends_without_nagle_delay() -> None:
    """Several workers share one socket made by serve: its connections must not wait for
    the client's delayed ACK between a response's headers and its body (40 ms each)."""
    import socket

    from newsgraph.cli.serve import listening_socket

    with listening_socket("127.0.0.1", 0) as sock:
        assert sock.proto == socket.IPPROTO_TCP  # asyncio sets TCP_NODELAY on such sockets
        assert sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)
        sock.listen(1)
        with socket.create_connection(sock.getsockname()) as client:
            accepted, _ = sock.accept()
            with accepted:
                assert accepted.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)
            client.close()


def test_each_server_process_runs_a_few_requests_at_once(db: Path) -> None:
    import anyio.to_thread

    from newsgraph.web import THREADS, create_app

    def tokens() -> float:
        return anyio.to_thread.current_default_thread_limiter().total_tokens

    for threads, expected in ((None, THREADS), (3, 3)):
        app = create_app(str(db)) if threads is None else create_app(str(db), threads=threads)
        with testclient.TestClient(app) as c:
            assert c.portal.call(tokens) == expected
            assert c.get("/api/stats").status_code == 200


def test_script_urls_never_become_links(tmp_path: Path) -> None:
    from newsgraph.web import create_app, web_href

    assert web_href("javascript:alert(1)") is None and web_href("data:text/html,x") is None
    assert web_href("https://example.org/a") == "https://example.org/a"
    db = tmp_path / "js.db"
    text = "\n".join(["Channel Plan", *PARAGRAPHS])
    with Store.open(db) as store, store.transaction():
        store.add_page(Page(source="t.txt", text=text, format="text", url="javascript:alert(1)"),
                       [_article(text, PARAGRAPHS, "Channel Plan")])
    with testclient.TestClient(create_app(str(db))) as c:
        for path in ("/articles/1", "/pages/1"):
            assert "javascript:" not in c.get(path).text


def test_text_renderer_nests_crossing_spans_and_escapes_each_slice() -> None:
    from newsgraph.web.text import Span, render, sentence_spans

    text = 'One <b>two</b>. Three "four" five.'
    spans = [Span(0, 15, 0, "span", {"class": "s"}), Span(15, len(text), 0, "span", {"class": "s"}),
             Span(4, 21, 1, "span", {"class": "quote"}, label="— X")]
    html = str(render(text, spans))
    assert "<b>" not in html and "&lt;b&gt;two&lt;/b&gt;" in html
    assert html.count('<span class="quote') == 2 and 'class="quote cont"' in html
    assert html.count("— X") == 1
    assert sentence_spans("Mr. Smith came. He left! Then? no.") == [(0, 15), (16, 24), (25, 34)]
