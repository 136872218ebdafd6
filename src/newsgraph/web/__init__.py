"""Web UI and JSON API over a store: server-rendered pages (Jinja2) and ``/api/...`` JSON.

Every page reads the store through the library (``Store``, ``KnowledgeStore``);
nothing here writes articles or facts (opening a store made by an older version
brings its schema up to date, as every command does). All article text is untrusted: templates autoescape, and
search snippets are highlighted by escaping first and marking up after.

    from newsgraph.web import create_app
    app = create_app("newsgraph.db")   # serve with uvicorn, or ``newsgraph serve``
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from newsgraph.errors import (
    ArticleNotFound,
    EntityNotFound,
    MissingDependency,
    NewsgraphError,
    QueryTimeout,
    StoreError,
)
from newsgraph.settings import Settings
from newsgraph.store import Store

try:  # FastAPI resolves route annotations from this module's globals
    from fastapi import FastAPI, Query, Request
    from fastapi.exceptions import RequestValidationError
    from fastapi.responses import HTMLResponse, JSONResponse
    from fastapi.staticfiles import StaticFiles
    from fastapi.templating import Jinja2Templates
except ImportError as exc:  # pragma: no cover - depends on the installed extras
    raise MissingDependency(exc.name or "fastapi", "web") from exc

HERE = Path(__file__).resolve().parent
MARK_OPEN, MARK_CLOSE = "\x02", "\x03"
"""Sentinels wrapped around matches in search snippets, replaced by <mark> after escaping."""

STATUS = {ArticleNotFound: 404, EntityNotFound: 404, QueryTimeout: 400, StoreError: 503}
"""HTTP status of each library error (the first that matches, in this order); others are 400."""


def error_body(kind: str, message: str, status: int) -> dict[str, Any]:
    """The one JSON error shape of the API: ``{"error": {"status", "type", "message"}}``."""
    return {"error": {"status": status, "type": kind, "message": message}}


def highlight(snippet: str) -> str:
    """Escape ``snippet`` and turn the match sentinels into ``<mark>`` elements."""
    return (html.escape(snippet)
            .replace(MARK_OPEN, "<mark>")
            .replace(MARK_CLOSE, "</mark>"))


def web_href(url: str | None) -> str | None:
    """``url`` when it is a web address (http, https), else ``None``: never a script link."""
    if not url:
        return None
    return url if urlsplit(url).scheme.lower() in ("http", "https") else None


def create_app(db_path: str, settings: Settings | None = None) -> Any:
    """A FastAPI app serving the store at ``db_path`` (which must exist)."""
    settings = settings or Settings.from_env()
    Store.open(db_path, settings, create=False).close()  # fail early, clearly, on a bad path

    # No Swagger/ReDoc pages: they load scripts from a CDN. The schema is at /openapi.json.
    app = FastAPI(title="newsgraph", version=_version(), docs_url=None, redoc_url=None,
                  description="Articles, entities, quotes and events of a newsgraph store.")
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    templates.env.filters["highlight"] = highlight
    templates.env.filters["web_href"] = web_href
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")

    @contextmanager
    def store() -> Iterator[Store]:
        with Store.open(db_path, settings, create=False, check_same_thread=False) as s:
            yield s

    def knowledge(s: Store) -> Any:
        from newsgraph.store.knowledge import KnowledgeStore

        return KnowledgeStore(s)

    @app.exception_handler(NewsgraphError)
    async def _error(request: Request, exc: NewsgraphError) -> Any:
        status = next((code for kind, code in STATUS.items() if isinstance(exc, kind)), 400)
        if request.url.path.startswith("/api/"):
            return JSONResponse(error_body(type(exc).__name__, str(exc), status),
                                status_code=status)
        return templates.TemplateResponse(request, "error.html",
                                          {"status": status, "message": str(exc)},
                                          status_code=status)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: Exception) -> Any:
        errors = getattr(exc, "errors", lambda: [])()
        message = "; ".join(f"{'.'.join(map(str, e.get('loc', [])))}: {e.get('msg')}" for e in errors)
        if request.url.path.startswith("/api/"):
            return JSONResponse(error_body("InvalidRequest", message, 422), status_code=422)
        return templates.TemplateResponse(request, "error.html",
                                          {"status": 422, "message": message}, status_code=422)

    def page(name: str) -> Callable[..., Any]:
        def render(request: Request, **context: Any) -> Any:
            return templates.TemplateResponse(request, name, context)
        return render

    # -- JSON API ------------------------------------------------------------------

    @app.get("/api/stats")
    def api_stats() -> dict[str, Any]:
        with store() as s:
            data = s.stats().to_dict()
            data["knowledge"] = knowledge(s).counts()
            return data

    @app.get("/api/articles")
    def api_articles(limit: int = Query(50, ge=1, le=1000), offset: int = Query(0, ge=0),
                     site: str | None = None) -> list[dict[str, Any]]:
        with store() as s:
            return [a.to_dict() for a in s.articles(limit=limit, offset=offset, site=site)]

    @app.get("/api/articles/{article_id}")
    def api_article(article_id: int) -> dict[str, Any]:
        with store() as s:
            return s.article(article_id).to_dict()

    @app.get("/api/search")
    def api_search(q: str = Query(..., max_length=500),
                   limit: int = Query(20, ge=1, le=200)) -> list[dict[str, Any]]:
        with store() as s:
            return [h.to_dict() for h in s.search(q, limit=limit)]

    @app.get("/api/duplicates")
    def api_duplicates(limit: int = Query(50, ge=1, le=1000)) -> list[dict[str, Any]]:
        with store() as s:
            return [c.to_dict() for c in s.duplicate_clusters(limit=limit)]

    @app.get("/api/entities")
    def api_entities(type: str | None = None,
                     limit: int = Query(50, ge=1, le=5000)) -> list[dict[str, Any]]:
        with store() as s:
            return knowledge(s).entities(type=type, limit=limit)  # type: ignore[no-any-return]

    @app.get("/api/entities/{name}")
    def api_entity(name: str) -> dict[str, Any]:
        with store() as s:
            return knowledge(s).entity(name)  # type: ignore[no-any-return]

    @app.get("/api/quotes")
    def api_quotes(speaker: str | None = None,
                   limit: int = Query(50, ge=1, le=5000)) -> list[dict[str, Any]]:
        with store() as s:
            return knowledge(s).quotes(speaker=speaker, limit=limit)  # type: ignore[no-any-return]

    @app.get("/api/events")
    def api_events(type: str | None = None, actor: str | None = None, target: str | None = None,
                   since: str | None = None, until: str | None = None,
                   limit: int = Query(50, ge=1, le=5000)) -> list[dict[str, Any]]:
        with store() as s:
            return knowledge(s).events(type=type, actor=actor, target=target,  # type: ignore[no-any-return]
                                       since=since, until=until, limit=limit)

    @app.get("/api/timeline/{name}")
    def api_timeline(name: str) -> dict[str, Any]:
        with store() as s:
            return knowledge(s).timeline(name)  # type: ignore[no-any-return]

    # -- pages -----------------------------------------------------------------------

    @app.get("/", response_class=HTMLResponse)
    def index(request: Request) -> Any:
        with store() as s:
            return page("index.html")(request, stats=s.stats(), knowledge=knowledge(s).counts(),
                                      articles=s.articles(limit=20))

    @app.get("/articles", response_class=HTMLResponse)
    def articles(request: Request, offset: int = Query(0, ge=0), site: str | None = None) -> Any:
        with store() as s:
            rows = s.articles(limit=50, offset=offset, site=site)
            return page("articles.html")(request, articles=rows, offset=offset, site=site)

    @app.get("/articles/{article_id}", response_class=HTMLResponse)
    def article(request: Request, article_id: int) -> Any:
        with store() as s:
            detail = s.article(article_id)
            heads = {h["before_paragraph"]: h["text"] for h in detail.subheadings}
            return page("article.html")(request, article=detail, heads=heads)

    @app.get("/search", response_class=HTMLResponse)
    def search(request: Request, q: str = Query("", max_length=500)) -> Any:
        with store() as s:
            hits = s.search(q, limit=50, highlight=(MARK_OPEN, MARK_CLOSE)) if q.strip() else []
            return page("search.html")(request, q=q, hits=hits)

    @app.get("/duplicates", response_class=HTMLResponse)
    def duplicates(request: Request) -> Any:
        with store() as s:
            return page("duplicates.html")(request, clusters=s.duplicate_clusters(limit=100))

    @app.get("/entities", response_class=HTMLResponse)
    def entities(request: Request, type: str | None = None) -> Any:
        with store() as s:
            rows = knowledge(s).entities(type=type or None, limit=500)
            return page("entities.html")(request, entities=rows, type=type)

    @app.get("/entities/{name}", response_class=HTMLResponse)
    def entity(request: Request, name: str) -> Any:
        with store() as s:
            return page("entity.html")(request, entity=knowledge(s).entity(name))

    @app.get("/events", response_class=HTMLResponse)
    def events(request: Request, type: str | None = None, actor: str | None = None,
               target: str | None = None) -> Any:
        with store() as s:
            rows = knowledge(s).events(type=type or None, actor=actor or None,
                                       target=target or None, limit=200)
            return page("events.html")(request, events=rows, type=type, actor=actor, target=target)

    @app.get("/quotes", response_class=HTMLResponse)
    def quotes(request: Request, speaker: str | None = None) -> Any:
        with store() as s:
            rows = knowledge(s).quotes(speaker=speaker or None, limit=200)
            return page("quotes.html")(request, quotes=rows, speaker=speaker)

    return app


def _version() -> str:
    from newsgraph import __version__

    return __version__
