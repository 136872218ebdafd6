"""Web UI and JSON API over a store: server-rendered pages (Jinja2) and ``/api/...`` JSON.

Every page has its API twin (``/events?type=ASSAULT`` and
``/api/events?type=ASSAULT``) returning exactly the data the page shows, and
a CSV of its rows (``&format=csv``). The store is read through read-only
connections, one per server thread; nothing here writes (opening a store made
by an older version brings its schema up to date once, at start, as every
command does). All article text is untrusted: templates autoescape, the
highlighted article text is built by escaping each slice
(:mod:`newsgraph.web.text`), search snippets are escaped before their
matches are marked, and every response carries a Content-Security-Policy
that allows no script at all.

    from newsgraph.web import create_app
    app = create_app("newsgraph.db")   # serve with uvicorn, or ``newsgraph serve``
"""

from __future__ import annotations

import contextlib
import csv
import html
import io
import json
import os
import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

from newsgraph.errors import (
    ArticleNotFound,
    EntityNotFound,
    InvalidParameter,
    MissingDependency,
    NewsgraphError,
    QueryTimeout,
    StoreError,
)
from newsgraph.params import SQLITE_MAX_INT, date_range, entity_type, event_type
from newsgraph.settings import Settings
from newsgraph.store import Store

try:  # FastAPI resolves route annotations from this module's globals
    from fastapi import FastAPI, Query, Request
    from fastapi import Path as PathParam
    from fastapi.exceptions import RequestValidationError
    from fastapi.responses import HTMLResponse, JSONResponse, Response
    from fastapi.staticfiles import StaticFiles
    from fastapi.templating import Jinja2Templates
    from starlette.exceptions import HTTPException as StarletteHTTPException
except ImportError as exc:  # pragma: no cover - depends on the installed extras
    raise MissingDependency(exc.name or "fastapi", "web") from exc

from newsgraph.web import data, models
from newsgraph.web.data import PageNotFound
from newsgraph.web.render import register_filters

HERE = Path(__file__).resolve().parent
MARK_OPEN, MARK_CLOSE = "\x02", "\x03"
"""Sentinels wrapped around matches in search snippets, replaced by <mark> after escaping."""

STATUS: dict[type[Exception], int] = {
    ArticleNotFound: 404, EntityNotFound: 404, PageNotFound: 404, InvalidParameter: 422,
    QueryTimeout: 400, StoreError: 503,
}
"""HTTP status of each library error (the first that matches, in this order); others are 400."""

SECURITY_HEADERS = [
    (b"content-security-policy",
     b"default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
     b"frame-ancestors 'none'; base-uri 'none'"),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
]
"""Sent with every response, errors included: no script may run, no page may frame this one."""

THREADS = 2
"""Requests a server process runs at once (its thread pool; more wait). The views are
Python holding the GIL between short SQLite calls, so threads of one process mostly wait
for each other, and past two or three the switching costs more than they overlap: at 16
clients on 2 CPUs, 40 threads (Starlette's default) spent 6.4 ms of CPU per search, 2
threads 4.5 ms. Parallelism comes from the worker processes (``serve --workers``)."""
PAGE_SIZE = 50
SEARCH_PAGE = 10
"""Hits per search page: each costs a snippet (FTS5 tokenizes its article)."""
MAX_PAGE = 500
"""Largest page of a listing, for pages and API alike."""

ErrorResponses: dict[int | str, dict[str, Any]] = {
    code: {"model": models.ErrorBody, "description": text}
    for code, text in ((400, "Bad request (e.g. a search too broad)"), (404, "Not found"),
                       (422, "Invalid parameter"), (500, "Internal error"),
                       (503, "Store unavailable"))
}


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


class Guard:
    """ASGI middleware: security headers on every response, and any unhandled error answered
    in the error shape (JSON under /api/, a page elsewhere) instead of a bare text 500."""

    def __init__(self, app: Any, page: Callable[[int, str, str], tuple[str, bytes]]) -> None:
        self.app = app
        self.page = page

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def send_with_headers(message: Any) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                names = {name for name, _ in SECURITY_HEADERS}
                headers = [h for h in message.get("headers", []) if h[0].lower() not in names]
                message = {**message, "headers": [*headers, *SECURITY_HEADERS]}
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        except Exception as exc:
            if started:
                raise
            import logging

            logging.getLogger("newsgraph.web").exception("error answering %s", scope.get("path"))
            media, body = self.page(500, "InternalError",
                                    f"internal error ({type(exc).__name__}); see the server log")
            if scope.get("path", "").startswith("/api/"):
                media, body = "application/json", json.dumps(
                    error_body("InternalError", "internal error; see the server log", 500)).encode()
            await send_with_headers({"type": "http.response.start", "status": 500, "headers": [
                (b"content-type", f"{media}; charset=utf-8".encode()),
                (b"content-length", str(len(body)).encode())]})
            await send({"type": "http.response.body", "body": body})


class Connections:
    """Read-only connections to the store, one per thread, opened when first needed."""

    def __init__(self, db_path: str, settings: Settings) -> None:
        self.path = db_path
        self.settings = settings
        self.local = threading.local()
        self.uri = Path(db_path).resolve().as_uri() + "?mode=ro"

    def store(self) -> Store:
        s = getattr(self.local, "store", None)
        if s is None:
            try:
                conn = sqlite3.connect(self.uri, uri=True, isolation_level=None,
                                       check_same_thread=False)
                conn.execute("PRAGMA busy_timeout = 5000")
                conn.execute("PRAGMA query_only = 1")
                conn.execute("PRAGMA cache_size = -16000")
                conn.execute("PRAGMA mmap_size = 268435456")
            except sqlite3.Error as exc:
                raise StoreError(f"cannot open store {self.path}: {exc}") from exc
            s = self.local.store = Store(conn, self.path, self.settings)
        return s


class CountsCache:
    """Corpus-wide figures (counts, the entity ranking), computed again only when the store
    file or its write-ahead log changes."""

    def __init__(self, db_path: str) -> None:
        self.path = db_path
        self.key: tuple[int, ...] | None = None
        self.values: dict[str, Any] = {}
        self.lock = threading.Lock()

    def signature(self) -> tuple[int, ...]:
        sig: list[int] = []
        for f in (self.path, f"{self.path}-wal"):
            try:
                st = os.stat(f)
                sig.extend((st.st_mtime_ns, st.st_size))
            except OSError:
                sig.extend((0, 0))
        return tuple(sig)

    def get(self, compute: Callable[[], Any], name: str = "counts") -> Any:
        """The value ``name`` (computed by ``compute`` when the store changed since)."""
        key = self.signature()
        with self.lock:
            if self.key != key:
                self.key, self.values = key, {}
            if name in self.values:
                return self.values[name]
        value = compute()
        with self.lock:
            if self.key == key:
                self.values[name] = value
        return value


def json_response(payload: dict[str, Any]) -> Any:
    """``payload`` as JSON, written directly: the views build it in the shape of the route's
    response model (the tests check it against the model), so FastAPI's validation and
    re-serialisation of every field, a millisecond on a search, is skipped. A payload that
    plain JSON cannot carry (a NaN) goes the long way, through the model."""
    try:
        body = json.dumps(payload, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    except (TypeError, ValueError):
        return payload
    return Response(body, media_type="application/json")


def to_csv(rows: list[dict[str, Any]]) -> str:
    """Rows as CSV: one column per key (in first-seen order), lists and dicts as JSON."""
    columns: list[str] = []
    for r in rows:
        for key in r:
            if key not in columns:
                columns.append(key)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns)
    for r in rows:
        writer.writerow([
            json.dumps(v, ensure_ascii=False) if isinstance(v, list | dict) else
            "" if v is None else v for v in (r.get(c) for c in columns)])
    return out.getvalue()


def create_app(db_path: str, settings: Settings | None = None, threads: int = THREADS) -> Any:
    """A FastAPI app serving the store at ``db_path`` (which must exist), running at most
    ``threads`` requests at once."""
    settings = settings or Settings.from_env()
    Store.open(db_path, settings, create=False).close()  # fail early, clearly; migrate once
    connections = Connections(db_path, settings)
    counts = CountsCache(db_path)

    @contextlib.asynccontextmanager
    async def lifespan(_app: Any) -> Any:
        import anyio.to_thread

        anyio.to_thread.current_default_thread_limiter().total_tokens = threads
        yield

    # No Swagger/ReDoc pages: they load scripts from a CDN. The schema is at /openapi.json.
    app = FastAPI(title="newsgraph", version=_version(), docs_url=None, redoc_url=None,
                  lifespan=lifespan,
                  description="Articles, entities, quotes and events of a newsgraph store. "
                              "Every error has the shape {\"error\": {status, type, message}}.",
                  responses=ErrorResponses)
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    templates.env.auto_reload = False  # templates are package data: no stat() per render
    templates.env.filters["highlight"] = highlight
    templates.env.filters["web_href"] = web_href
    register_filters(templates.env)
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")

    def error_page(status: int, kind: str, message: str) -> tuple[str, bytes]:
        body = templates.get_template("error.html").render(
            status=status, kind=kind, message=message, request=None)
        return "text/html", body.encode()

    app.add_middleware(Guard, page=error_page)

    def wants_json(request: Request) -> bool:
        return (request.url.path.startswith("/api/")
                or request.url.path == "/openapi.json"
                or "application/json" in request.headers.get("accept", "").split(",")[0])

    def fail(request: Request, status: int, kind: str, message: str) -> Any:
        if wants_json(request):
            return JSONResponse(error_body(kind, message, status), status_code=status)
        return templates.TemplateResponse(request, "error.html",
                                          {"status": status, "kind": kind, "message": message},
                                          status_code=status)

    @app.exception_handler(NewsgraphError)
    async def _error(request: Request, exc: NewsgraphError) -> Any:
        status = next((code for kind, code in STATUS.items() if isinstance(exc, kind)), 400)
        return fail(request, status, type(exc).__name__, str(exc))

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: Exception) -> Any:
        errors = getattr(exc, "errors", list)()
        message = "; ".join(
            f"{'.'.join(str(p) for p in e.get('loc', []) if p not in ('query', 'path'))}: "
            f"{e.get('msg')}" for e in errors)
        return fail(request, 422, "InvalidRequest", message or "invalid request")

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Any:
        kind = {404: "NotFound", 405: "MethodNotAllowed"}.get(exc.status_code, "HTTPError")
        message = {404: f"no such page: {request.url.path}",
                   405: f"{request.method} is not allowed on {request.url.path}"}.get(
            exc.status_code, str(exc.detail))
        response = fail(request, exc.status_code, kind, message)
        for name, value in (exc.headers or {}).items():
            response.headers[name] = value
        return response

    def stats() -> dict[str, Any]:
        def compute() -> dict[str, Any]:
            s = connections.store()
            from newsgraph.store.knowledge import KnowledgeStore

            out = s.stats().to_dict()
            k = KnowledgeStore(s)
            out["knowledge"] = k.counts()
            out["listing_floor"] = k.listing_floor
            out["events_listed"] = int(s.conn.execute(
                "SELECT COUNT(*) FROM events WHERE confidence >= ?",
                (k.listing_floor,)).fetchone()[0])
            return out

        return counts.get(compute)

    def respond(request: Request, template: str, payload: dict[str, Any], fmt: str | None,
                rows: Callable[[dict[str, Any]], list[dict[str, Any]]] | None = None,
                **context: Any) -> Any:
        """The page, or (``fmt``) its data as JSON or its rows as CSV."""
        if fmt == "csv":
            name = request.url.path.strip("/").replace("/", "-") or "newsgraph"
            table = rows(payload) if rows else payload.get("items", [payload])
            return Response(to_csv(table), media_type="text/csv; charset=utf-8", headers={
                "content-disposition": f'attachment; filename="{name}.csv"'})
        if fmt == "json":
            return json_response(payload)
        return templates.TemplateResponse(request, template, {
            "data": payload, "links": links(request), **context})

    def links(request: Request) -> dict[str, str]:
        """The JSON and CSV twins of the page being shown (same parameters)."""
        params = [(k, v) for k, v in request.query_params.multi_items() if k != "format"]
        base = "/api" + request.url.path if request.url.path != "/" else "/api/stats"
        query = urlencode(params)
        sep = "&" if query else ""
        return {"json": f"{base}?{query}" if query else base,
                "csv": f"{base}?{query}{sep}format=csv"}

    def pager(request: Request, payload: dict[str, Any]) -> dict[str, Any]:
        params = [(k, v) for k, v in request.query_params.multi_items() if k != "offset"]
        total, offset, limit = payload["total"], payload["offset"], payload["limit"]

        def href(o: int) -> str:
            return "?" + urlencode([*params, ("offset", str(o))])

        return {"total": total, "first": offset + 1 if total else 0,
                "last": min(offset + limit, total),
                "prev": href(max(0, offset - limit)) if offset > 0 else None,
                "next": href(offset + limit) if offset + limit < total else None}

    # Each parameter gets its own FieldInfo (FastAPI binds one to the first route using it).
    def Offset() -> Any:
        return Query(0, ge=0, le=SQLITE_MAX_INT, description="Rows to skip.")

    def Limit() -> Any:
        return Query(PAGE_SIZE, ge=1, le=MAX_PAGE, description="Rows per page.")

    def Format() -> Any:
        return Query(None, pattern="^(json|csv)$", description="csv: the rows as CSV.")

    def Conf() -> Any:
        return Query(None, ge=0.0, le=1.0, description="Only events at least this confident.")

    def Id() -> Any:
        return PathParam(..., ge=1, le=SQLITE_MAX_INT)

    def api(fmt: str | None) -> str:
        return "csv" if fmt == "csv" else "json"

    # -- views: each is a page and (under /api) its data -----------------------------------

    def view_articles(request: Request, fmt: str | None, offset: int, limit: int,
                      site: str | None) -> Any:
        payload = data.articles(connections.store(), offset=offset, limit=limit, site=site or None,
                                total=None if site else stats()["articles"])
        return respond(request, "articles.html", payload, fmt, pager=pager(request, payload),
                       site=site)

    @app.get("/api/articles", response_model=models.ArticlePage)
    def api_articles(request: Request, offset: int = Offset(), limit: int = Limit(),
                     site: str | None = None, format: str | None = Format()) -> Any:
        """The articles, newest first."""
        return view_articles(request, api(format), offset, limit, site)

    @app.get("/articles", response_class=HTMLResponse, include_in_schema=False)
    def page_articles(request: Request, offset: int = Offset(), limit: int = Limit(),
                      site: str | None = None) -> Any:
        return view_articles(request, None, offset, limit, site)

    def view_article(request: Request, fmt: str | None, article_id: int,
                     min_confidence: float | None) -> Any:
        payload = data.article(connections.store(), article_id, min_confidence=min_confidence)
        return respond(request, "article.html", payload, fmt, rows=_article_rows)

    @app.get("/api/articles/{article_id}", response_model=models.ArticleDetail)
    def api_article(request: Request, article_id: int = Id(),
                    min_confidence: float | None = Conf(), format: str | None = Format()) -> Any:
        """One article with its captions, occurrences and facts (CSV: its facts); events
        below the listing floor are counted in ``events_hidden`` (``min_confidence=0``
        lists them)."""
        return view_article(request, api(format), article_id, min_confidence)

    @app.get("/articles/{article_id}", response_class=HTMLResponse, include_in_schema=False)
    def page_article(request: Request, article_id: int = Id(),
                     min_confidence: float | None = Conf()) -> Any:
        return view_article(request, None, article_id, min_confidence)

    def view_page(request: Request, fmt: str | None, page_id: int, markup: bool) -> Any:
        payload = data.page(connections.store(), page_id, markup=markup)
        return respond(request, "page.html", payload, fmt, rows=lambda p: p["facts"],
                       markup=markup)

    @app.get("/api/pages/{page_id}", response_model=models.PageView)
    def api_page(request: Request, page_id: int = Id(), markup: bool = False,
                 format: str | None = Format()) -> Any:
        """A stored page as text, its article regions and facts (CSV: the facts on the page)."""
        return view_page(request, api(format), page_id, markup)

    @app.get("/pages/{page_id}", response_class=HTMLResponse, include_in_schema=False)
    def page_page(request: Request, page_id: int = Id(), markup: bool = False) -> Any:
        return view_page(request, None, page_id, markup)

    def view_search(request: Request, fmt: str | None, q: str, offset: int, limit: int,
                    site: str | None, agency: str | None, since: str | None, until: str | None,
                    entity: str | None) -> Any:
        since, until = date_range(since, until)
        s = connections.store()
        if q.strip():
            payload = data.search(s, q, offset=offset, limit=limit, site=site or None,
                                  agency=agency or None, since=since, until=until,
                                  entity=entity or None,
                                  highlight=("«", "»") if fmt else (MARK_OPEN, MARK_CLOSE))
        else:
            payload = {**data.page_of([], 0, offset, limit), "query": q, "facets": {},
                       "facets_over": 0, "total_capped": False, "ranked_over": 0}
        filters = {"site": site, "agency": agency, "since": since, "until": until,
                   "entity": entity}
        return respond(request, "search.html", payload, fmt, pager=pager(request, payload),
                       q=q, filters=filters)

    def Q() -> Any:
        return Query("", max_length=500,
                     description="Words to find (all required; word* for a prefix).")

    @app.get("/api/search", response_model=models.SearchResults)
    def api_search(request: Request, q: str = Q(), offset: int = Offset(),
                   limit: int = Query(SEARCH_PAGE, ge=1, le=200), site: str | None = None,
                   agency: str | None = None, since: str | None = None,
                   until: str | None = None, entity: str | None = None,
                   format: str | None = Format()) -> Any:
        """Full-text search (bm25): hits with snippets, the total, facets of the best hits."""
        return view_search(request, api(format), q, offset, limit, site, agency, since, until,
                           entity)

    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    def page_search(request: Request, q: str = Q(), offset: int = Offset(),
                    limit: int = Query(SEARCH_PAGE, ge=1, le=200), site: str | None = None,
                    agency: str | None = None, since: str | None = None,
                    until: str | None = None, entity: str | None = None) -> Any:
        return view_search(request, None, q, offset, limit, site, agency, since, until, entity)

    def view_duplicates(request: Request, fmt: str | None, offset: int, limit: int) -> Any:
        payload = data.duplicates(connections.store(), offset=offset, limit=limit)
        return respond(request, "duplicates.html", payload, fmt, pager=pager(request, payload))

    @app.get("/api/duplicates", response_model=models.DuplicatePage)
    def api_duplicates(request: Request, offset: int = Offset(), limit: int = Limit(),
                       format: str | None = Format()) -> Any:
        """Articles seen on more than one page, most copies first."""
        return view_duplicates(request, api(format), offset, limit)

    @app.get("/duplicates", response_class=HTMLResponse, include_in_schema=False)
    def page_duplicates(request: Request, offset: int = Offset(), limit: int = Limit()) -> Any:
        return view_duplicates(request, None, offset, limit)

    def view_entities(request: Request, fmt: str | None, offset: int, limit: int,
                      type: str | None, q: str | None) -> Any:
        type_ = entity_type(type)
        s = connections.store()
        ranking = counts.get(lambda: data.entity_ranking(s), "entity_ranking")
        payload = data.entities(s, offset=offset, limit=limit, type=type_, q=q or None,
                                ranking=ranking)
        return respond(request, "entities.html", payload, fmt, pager=pager(request, payload),
                       type=type_, q=q)

    @app.get("/api/entities", response_model=models.EntityPage)
    def api_entities(request: Request, offset: int = Offset(), limit: int = Limit(),
                     type: str | None = None, q: str | None = None,
                     format: str | None = Format()) -> Any:
        """Entities by number of mentions (``type``: PERSON, ORG, COUNTRY, PLACE…)."""
        return view_entities(request, api(format), offset, limit, type, q)

    @app.get("/entities", response_class=HTMLResponse, include_in_schema=False)
    def page_entities(request: Request, offset: int = Offset(), limit: int = Limit(),
                      type: str | None = None, q: str | None = None) -> Any:
        return view_entities(request, None, offset, limit, type, q)

    def view_entity(request: Request, fmt: str | None, name: str) -> Any:
        payload = data.entity(connections.store(), name)
        return respond(request, "entity.html", payload, fmt, rows=lambda p: p["timeline"])

    @app.get("/api/entities/{name:path}", response_model=models.EntityDetail)
    def api_entity(request: Request, name: str, format: str | None = Format()) -> Any:
        """One entity by name, alias or ``#id`` (CSV: its timeline)."""
        return view_entity(request, api(format), name)

    @app.get("/entities/{name:path}", response_class=HTMLResponse, include_in_schema=False)
    def page_entity(request: Request, name: str) -> Any:
        return view_entity(request, None, name)

    def view_quotes(request: Request, fmt: str | None, offset: int, limit: int,
                    speaker: str | None) -> Any:
        payload = data.quotes(connections.store(), offset=offset, limit=limit,
                              speaker=speaker or None)
        return respond(request, "quotes.html", payload, fmt, pager=pager(request, payload),
                       speaker=speaker)

    @app.get("/api/quotes", response_model=models.QuotePage)
    def api_quotes(request: Request, offset: int = Offset(), limit: int = Limit(),
                   speaker: str | None = None, format: str | None = Format()) -> Any:
        """Quotes, newest articles first, optionally of one speaker (name or alias)."""
        return view_quotes(request, api(format), offset, limit, speaker)

    @app.get("/quotes", response_class=HTMLResponse, include_in_schema=False)
    def page_quotes(request: Request, offset: int = Offset(), limit: int = Limit(),
                    speaker: str | None = None) -> Any:
        return view_quotes(request, None, offset, limit, speaker)

    def view_events(request: Request, fmt: str | None, offset: int, limit: int,
                    f: dict[str, Any]) -> Any:
        since, until = date_range(f.pop("since"), f.pop("until"))
        filters = {**f, "type": event_type(f["type"]), "since": since, "until": until}
        clean = {k: (v or None) if isinstance(v, str) else v for k, v in filters.items()}
        payload = data.events(connections.store(), offset=offset, limit=limit, **clean)
        return respond(request, "events.html", payload, fmt, pager=pager(request, payload),
                       filters=filters, types=_plover_types())

    def Uncertain() -> Any:
        return Query(True, description="Include negated, hypothetical and future events.")

    @app.get("/api/events", response_model=models.EventPage)
    def api_events(request: Request, offset: int = Offset(), limit: int = Limit(),
                   type: str | None = None, mode: str | None = None, actor: str | None = None,
                   target: str | None = None, place: str | None = None,
                   since: str | None = None, until: str | None = None,
                   min_confidence: float | None = Conf(), uncertain: bool = Uncertain(),
                   format: str | None = Format()) -> Any:
        """Events (PLOVER ``type``; ``since``/``until`` as YYYY, YYYY-MM or YYYY-MM-DD)."""
        return view_events(request, api(format), offset, limit, dict(
            type=type, mode=mode, actor=actor, target=target, place=place, since=since,
            until=until, min_confidence=min_confidence, uncertain=uncertain))

    @app.get("/events", response_class=HTMLResponse, include_in_schema=False)
    def page_events(request: Request, offset: int = Offset(), limit: int = Limit(),
                    type: str | None = None, mode: str | None = None, actor: str | None = None,
                    target: str | None = None, place: str | None = None,
                    since: str | None = None, until: str | None = None,
                    min_confidence: str | None = None, uncertain: str | None = None) -> Any:
        # A form sends empty fields and an absent checkbox; the page reads them as a form does.
        try:
            conf = float(min_confidence) if min_confidence else None
        except ValueError as exc:
            raise InvalidParameter("min_confidence", f"not a number: {min_confidence!r}") from exc
        if conf is not None and not 0.0 <= conf <= 1.0:
            raise InvalidParameter("min_confidence", f"{conf} is outside 0..1")
        # The form's checkbox is absent when unticked; its hidden "filtered" field tells.
        include = uncertain is not None if "filtered" in request.query_params else (
            uncertain not in ("0", "false", "no"))
        return view_events(request, None, offset, limit, dict(
            type=type, mode=mode, actor=actor, target=target, place=place, since=since,
            until=until, min_confidence=conf, uncertain=include))

    def view_graph(request: Request, fmt: str | None, since: str | None, until: str | None,
                   type: str | None, entity: str | None, isolated: bool) -> Any:
        since, until = date_range(since, until)
        type_ = event_type(type)
        payload = data.graph(connections.store(), since=since, until=until, type=type_,
                             entity=entity or None, isolated=isolated)
        return respond(request, "graph.html", payload, fmt, rows=lambda p: p["edges"],
                       filters={"since": since, "until": until, "type": type_,
                                "entity": entity, "isolated": isolated},
                       types=_plover_types())

    @app.get("/api/graph", response_model=models.Graph)
    def api_graph(request: Request, since: str | None = None, until: str | None = None,
                  type: str | None = None, entity: str | None = None, isolated: bool = False,
                  format: str | None = Format()) -> Any:
        """The actor network of the events, laid out (x, y) by networkx (CSV: its edges)."""
        return view_graph(request, api(format), since, until, type, entity, isolated)

    @app.get("/graph", response_class=HTMLResponse, include_in_schema=False)
    def page_graph(request: Request, since: str | None = None, until: str | None = None,
                   type: str | None = None, entity: str | None = None,
                   isolated: bool = False) -> Any:
        return view_graph(request, None, since, until, type, entity, isolated)

    @app.get("/api/timeline/{name:path}", response_model=models.Timeline)
    def api_timeline(name: str) -> Any:
        """The events and quotes of one entity in date order."""
        from newsgraph.store.knowledge import KnowledgeStore

        return KnowledgeStore(connections.store()).timeline(name)

    @app.get("/api/stats", response_model=models.Stats)
    def api_stats(format: str | None = Format()) -> Any:
        """Counts of everything in the store (cached until the store changes)."""
        payload = stats()
        if format == "csv":
            flat = [{"what": k, "count": v} for k, v in payload.items()
                    if isinstance(v, int)] + [
                {"what": k, "count": v} for k, v in payload["knowledge"].items()]
            return Response(to_csv(flat), media_type="text/csv; charset=utf-8")
        return payload

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def index(request: Request) -> Any:
        s = connections.store()
        latest = data.articles(s, offset=0, limit=15, site=None, total=stats()["articles"])
        return templates.TemplateResponse(request, "index.html", {
            "stats": stats(), "data": latest, "links": links(request)})

    return app


def _article_rows(p: dict[str, Any]) -> list[dict[str, Any]]:
    """An article's facts as rows: kind, span, text and what it names."""
    body = p["body"]
    rows: list[dict[str, Any]] = []
    for m in p["mentions"]:
        rows.append({"kind": "mention", "caption_id": m["caption_id"], "start": m["start"],
                     "end": m["end"], "text": m["text"], "entity": m["entity"], "type": m["type"]})
    for q in p["quotes"]:
        rows.append({"kind": "quote", "caption_id": q["caption_id"], "start": q["start"],
                     "end": q["end"], "text": q["text"], "entity": q["speaker"], "type": q["cue"]})
    for e in p["events"]:
        for s in e["sources"]:
            if s["article_id"] == p["id"]:
                rows.append({"kind": "event", "caption_id": s["caption_id"], "start": s["start"],
                             "end": s["end"], "text": s["sentence"] if s["caption_id"] else
                             body[s["start"]:s["end"]],
                             "entity": f"{e['actor'] or '?'} → {e['target'] or '?'}",
                             "type": e["type"]})
    rows.sort(key=lambda r: (r["caption_id"] is not None, r["caption_id"] or 0, r["start"]))
    return rows


def _plover_types() -> tuple[str, ...]:
    from newsgraph.model import PLOVER_TYPES

    return PLOVER_TYPES


def _version() -> str:
    from newsgraph import __version__

    return __version__


def app_from_env() -> Any:
    """App factory for ``uvicorn --factory`` worker processes: the store is $NEWSGRAPH_WEB_DB,
    the settings $NEWSGRAPH_WEB_SETTINGS (JSON), the threads $NEWSGRAPH_WEB_THREADS, as
    ``newsgraph serve`` sets them."""
    db = os.environ.get("NEWSGRAPH_WEB_DB")
    if not db:
        raise StoreError("NEWSGRAPH_WEB_DB is not set")
    raw = os.environ.get("NEWSGRAPH_WEB_SETTINGS")
    settings = Settings().replace(**json.loads(raw)) if raw else None
    return create_app(db, settings, int(os.environ.get("NEWSGRAPH_WEB_THREADS") or THREADS))

