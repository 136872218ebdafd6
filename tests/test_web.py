"""Web UI and JSON API, in-process: pages render, text is escaped, errors have one shape."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsgraph.cli import cli
from newsgraph.model import Article, Caption, Page
from newsgraph.store import Store

testclient = pytest.importorskip("fastapi.testclient")

HOSTILE = '<script>alert("x")</script> & <img src=x onerror=alert(1)>'
PARAGRAPHS = [
    "The harbour board of Ostend approved a plan on Monday to dredge the outer channel, "
    "so that larger ferries can dock at low tide for the first time in a decade.",
    f"Critics said the plan ignored the dunes. {HOSTILE} The board said it would answer them "
    "in writing before the work begins in the spring, after a public hearing in Türkiye Street.",
]


def _article(text: str) -> Article:
    spans, pos = [], 0
    for para in PARAGRAPHS:
        start = text.index(para, pos)
        spans.append((start, start + len(para)))
        pos = start + len(para)
    return Article(title=f"Channel Plan {HOSTILE}", paragraphs=list(PARAGRAPHS), spans=spans,
                   start=spans[0][0], end=spans[-1][1],
                   captions=[Caption(f"The channel at dawn {HOSTILE}", "A. Photographer")])


@pytest.fixture
def client(tmp_path: Path) -> Iterator[object]:
    from newsgraph.web import create_app

    db = tmp_path / "web.db"
    text = "\n".join(["Channel Plan", *PARAGRAPHS])
    with Store.open(db) as store, store.transaction():
        store.add_page(Page(source="t.txt", text=text, format="text"), [_article(text)])
    with testclient.TestClient(create_app(str(db))) as c:
        yield c


@pytest.mark.parametrize("path", ["/", "/articles", "/articles/1", "/search?q=dredge", "/duplicates",
                                  "/entities", "/events", "/quotes", "/openapi.json"])
def test_pages_render(client, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200, response.text


def test_untrusted_text_is_escaped(client) -> None:
    for path in ("/", "/articles/1", "/search?q=Critics"):
        page = client.get(path).text
        assert "<script>alert" not in page and "<img src=x" not in page
        assert "&lt;script&gt;" in page


def test_search_highlights_after_escaping(client) -> None:
    page = client.get("/search?q=Turkiye").text
    assert "<mark>Türkiye</mark>" in page
    page = client.get("/search?q=script").text
    assert "<mark>script</mark>" in page and "<script>" not in page


def test_api_json_and_error_shape(client) -> None:
    article = client.get("/api/articles/1").json()
    assert article["title"].startswith("Channel Plan") and len(article["paragraphs"]) == 2
    assert client.get("/api/search", params={"q": '"NEAR( -* "'}).status_code == 200
    missing = client.get("/api/articles/999")
    assert missing.status_code == 404
    assert missing.json() == {"error": {"status": 404, "type": "ArticleNotFound",
                                        "message": "no article with id 999"}}
    invalid = client.get("/api/articles/abc")
    assert invalid.status_code == 422
    assert set(invalid.json()["error"]) == {"status", "type", "message"}
    assert client.get("/api/entities/Nobody").json()["error"]["type"] == "EntityNotFound"


def test_serve_binds_to_loopback_by_default_and_answers_one_request(tmp_path: Path) -> None:
    serve = cli.commands["serve"]
    host = next(p for p in serve.params if p.name == "host")
    assert host.default == "127.0.0.1"
    db = tmp_path / "s.db"
    Store.open(db).close()
    result = CliRunner().invoke(cli, ["serve", "--db", str(db), "--get", "/api/stats"])
    assert result.exit_code == 0, result.output
    assert '"articles":0' in result.stdout
    missing = CliRunner().invoke(cli, ["serve", "--db", str(tmp_path / "none.db"), "--get", "/"])
    assert missing.exit_code == 1 and "no store at" in missing.output


def test_script_urls_never_become_links(tmp_path: Path) -> None:
    from newsgraph.web import create_app, web_href

    assert web_href("javascript:alert(1)") is None and web_href("data:text/html,x") is None
    assert web_href("https://example.org/a") == "https://example.org/a"
    db = tmp_path / "js.db"
    text = "\n".join(["Channel Plan", *PARAGRAPHS])
    with Store.open(db) as store, store.transaction():
        store.add_page(Page(source="t.txt", text=text, format="text", url="javascript:alert(1)"),
                       [_article(text)])
    with testclient.TestClient(create_app(str(db))) as c:
        page = c.get("/articles/1").text
    assert "javascript:" not in page
