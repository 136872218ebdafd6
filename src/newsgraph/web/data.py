"""What each web view shows, read from a store: plain dicts and lists, paginated with totals.

Every function takes an open (read-only) :class:`~newsgraph.store.Store` and
returns JSON-ready data; the pages render it, the API returns it as it is and
the CSV links flatten its rows. Columns other helpers may add to the knowledge
tables (a quote's speaker mention, an event's sectors or quad class) are read
when present, by name, so older and newer stores both work.
"""

from __future__ import annotations

import contextlib
import json
import math
import sqlite3
from collections import Counter
from typing import Any

from newsgraph.errors import InvalidParameter, NewsgraphError, StoreError
from newsgraph.model import PARAGRAPH_SEP, PLOVER_TYPES
from newsgraph.store import Store
from newsgraph.store.knowledge import KnowledgeStore, date_range_sql
from newsgraph.web.text import sentence_at, sentences_in

QUAD_CLASSES = {
    **dict.fromkeys(("AGREE", "CONSULT", "SUPPORT", "CONCEDE"), "verbal cooperation"),
    **dict.fromkeys(("COOPERATE", "AID", "RETREAT"), "material cooperation"),
    **dict.fromkeys(("REQUEST", "ACCUSE", "REJECT", "THREATEN"), "verbal conflict"),
    **dict.fromkeys(("PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"), "material conflict"),
}
"""PLOVER's quad classes of its event types (used when the store does not record one)."""
assert set(QUAD_CLASSES) == set(PLOVER_TYPES)

FACET_HITS = 200
"""Search facets are counted over at most this many best-ranked hits."""


def quad_class(event: dict[str, Any]) -> str | None:
    """The quad class of an event: the stored one when the store has it, else by its type."""
    stored = event.get("quad_class") or event.get("quad")
    if isinstance(stored, str) and stored:
        return stored
    return QUAD_CLASSES.get(str(event.get("type", "")).upper())


def _columns(conn: sqlite3.Connection, table: str) -> set[str]:
    return {r[1] for r in conn.execute(f"PRAGMA table_info({table})")}


def _dicts(cursor: sqlite3.Cursor) -> list[dict[str, Any]]:
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor]


class PageNotFound(NewsgraphError):
    """No page with that id in the store."""


def page_of(items: list[Any], total: int, offset: int, limit: int) -> dict[str, Any]:
    """The common shape of a paginated list."""
    return {"total": total, "offset": offset, "limit": limit, "items": items}


# -- articles -----------------------------------------------------------------------------

def articles(s: Store, *, offset: int, limit: int, site: str | None,
             total: int | None = None) -> dict[str, Any]:
    """A page of the article listing, newest first, with the total (counted unless given)."""
    rows = [a.to_dict() for a in s.articles(limit=limit, offset=offset, site=site)]
    if total is None and site:
        total = s.conn.execute("SELECT COUNT(*) FROM articles WHERE site = ?", (site,)).fetchone()[0]
    elif total is None:
        total = s.conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    return page_of(rows, int(total), offset, limit)


def sentences_of(s: Store, article_id: int) -> tuple[tuple[int, int], ...]:
    """The sentences of an article's body (see :func:`newsgraph.web.text.body_sentences`)."""
    row = s.conn.execute("SELECT body FROM articles WHERE id = ?", (article_id,)).fetchone()
    return sentences_in(row[0] if row and row[0] else "", PARAGRAPH_SEP)


def add_sentence_links(s: Store, sources: list[dict[str, Any]]) -> None:
    """Give each fact source (article_id, caption_id, start) its ``sentence`` number and ``href``."""
    cache: dict[int, list[tuple[int, int]]] = {}
    for src in sources:
        aid = src.get("article_id")
        if aid is None:
            continue
        if src.get("caption_id") is not None:
            src["href"] = f"/articles/{aid}#c{src['caption_id']}"
            continue
        if aid not in cache:
            cache[aid] = sentences_of(s, aid)
        k = sentence_at(cache[aid], int(src.get("start") or 0))
        src["sentence_number"] = k
        src["href"] = f"/articles/{aid}#s{k}"


def article(s: Store, article_id: int, *, min_confidence: float | None = None
            ) -> dict[str, Any]:
    """An article with its facts: mentions, quotes, events (with their source spans), roles.

    Events under ``min_confidence`` (by default the store's listing floor, as in every
    event listing) are left out and counted in ``events_hidden``."""
    detail = s.article(article_id).to_dict()
    conn = s.conn
    detail["mentions"] = _dicts(conn.execute(
        'SELECT m.id, m.caption_id, m.start, m."end", m.text, m.demonym, e.id AS entity_id, '
        "e.name AS entity, e.type, e.country FROM mentions m JOIN entities e ON e.id = m.entity_id "
        "WHERE m.article_id = ? ORDER BY m.caption_id IS NOT NULL, m.caption_id, m.start",
        (article_id,)))
    for m in detail["mentions"]:
        m["demonym"] = bool(m["demonym"])
    qcols = _columns(conn, "quotes")
    extra = [c for c in ("speaker_kind", "speaker_mention", "speaker_text", "parts")
             if c in qcols]
    link = "speaker_link_id" in qcols
    detail["quotes"] = _dicts(conn.execute(
        'SELECT q.id, q.caption_id, q.start, q."end", q.text, q.cue, q.direct, q.speaker_start, '
        "q.speaker_end, e.name AS speaker, e.type AS speaker_type, q.speaker_id"
        + "".join(f", q.{c}" for c in extra)
        + (", l.name AS speaker_link" if link else "")
        + " FROM quotes q LEFT JOIN entities e ON e.id = q.speaker_id "
        + ("LEFT JOIN entities l ON l.id = q.speaker_link_id " if link else "")
        + "WHERE q.article_id = ? ORDER BY q.caption_id IS NOT NULL, q.caption_id, q.start",
        (article_id,)))
    for q in detail["quotes"]:
        q["direct"] = bool(q["direct"])
        parts = q.get("parts")
        if isinstance(parts, str):
            try:
                parts = json.loads(parts)
            except ValueError:
                parts = None
        q["parts"] = [list(p) for p in parts] if isinstance(parts, list) else []
        _speaker_mention(q, detail["body"])
    floor = KnowledgeStore(s).listing_floor if min_confidence is None else min_confidence
    every = events_of_article(s, article_id)
    detail["events"] = [e for e in every if (e["confidence"] or 0.0) >= floor]
    detail["events_hidden"] = len(every) - len(detail["events"])
    detail["min_confidence"] = floor
    detail["roles"] = _dicts(conn.execute(
        'SELECT r.role, p.name AS person, o.name AS organisation, r.caption_id, r.start, r."end" '
        "FROM roles r JOIN entities p ON p.id = r.person_id "
        "LEFT JOIN entities o ON o.id = r.organisation_id WHERE r.article_id = ? ORDER BY r.start",
        (article_id,)))
    caption_ids = [r[0] for r in conn.execute(
        "SELECT id FROM captions WHERE article_id = ? ORDER BY position", (article_id,))]
    for c, cid in zip(detail["captions"], caption_ids, strict=False):
        c["id"] = cid
    detail["sentences"] = [list(span) for span in sentences_in(detail["body"], PARAGRAPH_SEP)]
    return detail


def _speaker_mention(q: dict[str, Any], body: str) -> None:
    """``speaker_mention`` {text, start, end}: as the store gives it, else from the speaker span."""
    raw = q.get("speaker_mention")
    if isinstance(raw, str):
        try:
            raw = json.loads(raw)
        except ValueError:
            raw = None
    if isinstance(raw, dict) and {"start", "end"} <= raw.keys():
        q["speaker_mention"] = {"text": raw.get("text"), "start": raw["start"], "end": raw["end"]}
        return
    start, end = q.get("speaker_start"), q.get("speaker_end")
    if start is not None and end is not None and q.get("caption_id") is None and end <= len(body):
        q["speaker_mention"] = {"text": q.get("speaker_text") or body[start:end], "start": start,
                                "end": end}
    else:
        q["speaker_mention"] = None


# -- events ---------------------------------------------------------------------------------

_EVENT_EXTRA = ("actor_sector", "target_sector", "flags", "quad_class", "quad",
                "actor_country", "target_country", "cameo", "intent")


def _event_select(conn: sqlite3.Connection) -> str:
    cols = _columns(conn, "events")
    extra = "".join(f", v.{c} AS stored_{c}" for c in _EVENT_EXTRA if c in cols)
    return (
        "SELECT v.id, v.type, v.mode, v.actor_id, ac.name AS actor, ac.country AS actor_country, "
        "ac.type AS actor_type, v.target_id, tg.name AS target, tg.country AS target_country, "
        "tg.type AS target_type, v.place_id, pl.name AS place, v.date, v.precision, v.confidence, "
        f"v.negated, v.hypothetical, v.future{extra} FROM events v "
        "LEFT JOIN entities ac ON ac.id = v.actor_id LEFT JOIN entities tg ON tg.id = v.target_id "
        "LEFT JOIN entities pl ON pl.id = v.place_id "
    )


def _finish_events(s: Store, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    for e in rows:
        for c in _EVENT_EXTRA:
            if f"stored_{c}" in e:
                value = e.pop(f"stored_{c}")
                if value is not None or c not in e:
                    e[c] = value
        if isinstance(e.get("flags"), str):
            with contextlib.suppress(ValueError):
                e["flags"] = json.loads(e["flags"])
        for f in ("negated", "hypothetical", "future"):
            e[f] = bool(e[f])
        e["quad_class"] = quad_class(e)
        e["sources"] = []
    by_id = {e["id"]: e for e in rows}
    if by_id:
        marks = ",".join("?" * len(by_id))
        sources = _dicts(s.conn.execute(
            'SELECT s.event_id, s.article_id, a.title AS article_title, s.caption_id, s.start, '
            's."end", s.sentence, s.trigger, s.confidence FROM event_sources s '
            f"JOIN articles a ON a.id = s.article_id WHERE s.event_id IN ({marks}) "
            "ORDER BY s.article_id, s.start", list(by_id)))
        add_sentence_links(s, sources)
        for src in sources:
            by_id[src.pop("event_id")]["sources"].append(src)
    for e in rows:
        e["source_count"] = len(e["sources"])
    return rows


def events_of_article(s: Store, article_id: int) -> list[dict[str, Any]]:
    """The events reported in one article (each with all its sources)."""
    rows = _dicts(s.conn.execute(
        _event_select(s.conn) + "WHERE v.id IN (SELECT event_id FROM event_sources "
        "WHERE article_id = ?) ORDER BY v.id", (article_id,)))
    return _finish_events(s, rows)


def _ids(k: KnowledgeStore, name: str) -> list[int]:
    return k._entity_ids(name)


def event_filter(s: Store, *, type: str | None = None, mode: str | None = None,
                 actor: str | None = None, target: str | None = None,
                 place: str | None = None, entity: str | None = None,
                 since: str | None = None, until: str | None = None,
                 min_confidence: float | None = None, uncertain: bool = True
                 ) -> tuple[str, list[Any]]:
    """The WHERE clause (and its parameters) of an event query; names resolve to entities.
    Without ``min_confidence`` the listing floor of the CLI applies
    (``Settings.event_min_confidence``); 0 lists every event."""
    k = KnowledgeStore(s)
    if min_confidence is None:
        min_confidence = k.listing_floor
    clauses: list[str] = []
    params: list[Any] = []
    if type:
        clauses.append("v.type = ?")
        params.append(type)
    if mode:
        clauses.append("v.mode = ? COLLATE NOCASE")
        params.append(mode)
    for column, name in (("actor_id", actor), ("target_id", target), ("place_id", place)):
        if name:
            ids = _ids(k, name)
            clauses.append(f"v.{column} IN ({','.join('?' * len(ids))})")
            params.extend(ids)
    if entity:
        ids = _ids(k, entity)
        marks = ",".join("?" * len(ids))
        clauses.append(f"(v.actor_id IN ({marks}) OR v.target_id IN ({marks}))")
        params.extend(ids * 2)
    dated, dated_params = date_range_sql(since, until)
    clauses.extend(dated)
    params.extend(dated_params)
    if min_confidence:
        clauses.append("v.confidence >= ?")
        params.append(min_confidence)
    if not uncertain:
        clauses.append("v.negated = 0 AND v.hypothetical = 0 AND v.future = 0")
    return ("WHERE " + " AND ".join(clauses)) if clauses else "", params


def events(s: Store, *, offset: int, limit: int, **filters: Any) -> dict[str, Any]:
    """A page of events matching ``filters`` (see :func:`event_filter`), with the total and a
    timeline (event counts by month over every match)."""
    where, params = event_filter(s, **filters)
    conn = s.conn
    total = int(conn.execute(f"SELECT COUNT(*) FROM events v {where}", params).fetchone()[0])
    rows = _dicts(conn.execute(
        _event_select(conn) + f"{where} ORDER BY v.date IS NULL, v.date, v.id LIMIT ? OFFSET ?",
        [*params, limit, offset]))
    timeline = _dicts(conn.execute(
        f"SELECT substr(v.date, 1, 7) AS period, COUNT(*) AS count FROM events v {where}"
        + (" AND" if where else " WHERE") + " v.date IS NOT NULL AND v.date NOT LIKE '____s' "
        "GROUP BY period ORDER BY period", params))
    result = page_of(_finish_events(s, rows), total, offset, limit)
    result["timeline"] = timeline
    result["modes"] = [r[0] for r in conn.execute(
        "SELECT DISTINCT mode FROM events WHERE mode IS NOT NULL ORDER BY mode LIMIT 200")]
    return result


# -- entities -----------------------------------------------------------------------------

def entity_ranking(s: Store) -> list[tuple[int, str, int, int]]:
    """Every entity as (id, type, mentions, articles), most mentioned first (then by name):
    one pass over the mentions, which the web caches until the store changes."""
    return [(int(r[0]), r[1], int(r[2]), int(r[3])) for r in s.conn.execute(
        "SELECT e.id, e.type, COALESCE(c.mentions, 0) AS mentions, COALESCE(c.articles, 0) "
        "FROM entities e LEFT JOIN (SELECT entity_id, COUNT(*) AS mentions, "
        "COUNT(DISTINCT article_id) AS articles FROM mentions GROUP BY entity_id) c "
        "ON c.entity_id = e.id ORDER BY mentions DESC, e.name, e.id")]


def entities(s: Store, *, offset: int, limit: int, type: str | None, q: str | None = None,
             ranking: list[tuple[int, str, int, int]] | None = None) -> dict[str, Any]:
    """A page of entities by number of mentions, with the total and the count of each type.

    ``ranking`` is :func:`entity_ranking` when the caller keeps it (it is computed here
    otherwise); ``q`` keeps the entities whose name or an alias contains it.
    """
    ranking = entity_ranking(s) if ranking is None else ranking
    conn = s.conn
    rows = [r for r in ranking if not type or r[1] == type]
    if q:
        like = "%" + q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        named = {int(i) for (i,) in conn.execute(
            "SELECT id FROM entities WHERE name LIKE ? ESCAPE '\\' UNION "
            "SELECT entity_id FROM aliases WHERE alias LIKE ? ESCAPE '\\'", (like, like))}
        rows = [r for r in rows if r[0] in named]
    shown = rows[offset:offset + limit]
    items: list[dict[str, Any]] = []
    if shown:
        marks = ",".join("?" * len(shown))
        ids = [r[0] for r in shown]
        info = {int(r[0]): r for r in conn.execute(
            f"SELECT id, name, type, country FROM entities WHERE id IN ({marks})", ids)}
        aliases: dict[int, list[str]] = {}
        for eid, alias in conn.execute(
                f"SELECT entity_id, alias FROM aliases WHERE entity_id IN ({marks}) ORDER BY alias",
                ids):
            aliases.setdefault(eid, []).append(alias)
        for eid, type_, mentions, articles in shown:
            if eid in info:
                items.append({"id": eid, "name": info[eid][1], "type": type_,
                              "country": info[eid][3], "mentions": mentions,
                              "articles": articles, "aliases": aliases.get(eid, [])})
    result = page_of(items, len(rows), offset, limit)
    result["types"] = dict(sorted(Counter(r[1] for r in ranking).items()))
    return result


def entity(s: Store, name: str, *, limit: int = 100) -> dict[str, Any]:
    """One entity: aliases, roles, mentions (and their count by month), quotes by and about it,
    events as actor and as target, the entities most often named with it, and its timeline."""
    k = KnowledgeStore(s)
    info = k.entity(name, limit=limit)
    eid = info["id"]
    conn = s.conn
    info["mentions_by_month"] = _dicts(conn.execute(
        "SELECT substr(COALESCE(a.published, a.first_seen), 1, 7) AS period, COUNT(*) AS count "
        "FROM mentions m JOIN articles a ON a.id = m.article_id WHERE m.entity_id = ? "
        "GROUP BY period ORDER BY period", (eid,)))
    info["article_count"] = int(conn.execute(
        "SELECT COUNT(DISTINCT article_id) FROM mentions WHERE entity_id = ?", (eid,)).fetchone()[0])
    add_sentence_links(s, info["mentions"])
    quotes_by = info.pop("quotes")
    add_sentence_links(s, quotes_by)
    info["quotes_by"] = quotes_by
    info["quotes_about"] = _dicts(conn.execute(
        'SELECT DISTINCT q.id, q.text, sp.name AS speaker, q.cue, q.direct, q.article_id, '
        'a.title AS article_title, q.caption_id, q.start, q."end" FROM quotes q '
        "JOIN mentions m ON m.article_id = q.article_id AND m.caption_id IS q.caption_id "
        'AND m.start >= q.start AND m."end" <= q."end" '
        "JOIN articles a ON a.id = q.article_id LEFT JOIN entities sp ON sp.id = q.speaker_id "
        "WHERE m.entity_id = ? AND q.speaker_id IS NOT ? ORDER BY q.article_id, q.start LIMIT ?",
        (eid, eid, limit)))
    add_sentence_links(s, info["quotes_about"])
    every_event = info.pop("events", [])
    for role, column in (("events_as_actor", "actor_id"), ("events_as_target", "target_id")):
        info[role] = _finish_events(s, _dicts(conn.execute(
            _event_select(conn) + f"WHERE v.{column} = ? AND v.confidence >= ? "
            "ORDER BY v.date IS NULL, v.date, v.id LIMIT ?", (eid, k.listing_floor, limit))))
    # Named with it: over its most recent 500 articles, so a very common name stays fast.
    info["co_mentioned"] = _dicts(conn.execute(
        "WITH mine AS (SELECT DISTINCT article_id FROM mentions WHERE entity_id = ? "
        " ORDER BY article_id DESC LIMIT 500) "
        "SELECT e.id, e.name, e.type, COUNT(DISTINCT m.article_id) AS articles FROM mentions m "
        "JOIN mine ON mine.article_id = m.article_id JOIN entities e ON e.id = m.entity_id "
        "WHERE m.entity_id != ? AND m.demonym = 0 GROUP BY e.id "
        "ORDER BY articles DESC, e.name LIMIT 15", (eid, eid)))
    info["timeline"] = _timeline(every_event, quotes_by, limit)
    return info


def _timeline(events: list[dict[str, Any]], quotes: list[dict[str, Any]], limit: int
              ) -> list[dict[str, Any]]:
    """:meth:`KnowledgeStore.timeline` from the events (as actor, target or place) and the
    quotes the entity page has read already, instead of reading them all again."""
    from newsgraph.store.knowledge import _event_summary

    items: list[dict[str, Any]] = []
    for e in events:
        first = e["sources"][0] if e["sources"] else {}
        items.append({"kind": "event", "date": e["date"], "summary": _event_summary(e),
                      "article_id": first.get("article_id"),
                      "article_title": first.get("article_title"), "id": e["id"]})
    for q in quotes:
        published = q["published"]
        items.append({"kind": "quote", "date": published[:10] if published else None,
                      "summary": f"{q['speaker']} {q['cue'] or 'said'}: {q['text']}",
                      "article_id": q["article_id"], "article_title": q["article_title"],
                      "id": q["id"]})
    items.sort(key=lambda i: (i["date"] is None, i["date"] or "", i["kind"], i["id"]))
    return [{k: v for k, v in i.items() if k != "id"} for i in items[:limit]]


def quotes(s: Store, *, offset: int, limit: int, speaker: str | None) -> dict[str, Any]:
    """A page of quotes, optionally of one speaker, with the total."""
    clauses, params = "", []
    if speaker:
        ids = _ids(KnowledgeStore(s), speaker)
        clauses = f"WHERE q.speaker_id IN ({','.join('?' * len(ids))})"
        params = list(ids)
    conn = s.conn
    total = int(conn.execute(f"SELECT COUNT(*) FROM quotes q {clauses}", params).fetchone()[0])
    qcols = _columns(conn, "quotes")
    extra = "".join(f", q.{c}" for c in ("speaker_kind", "speaker_text") if c in qcols)
    rows = _dicts(conn.execute(
        'SELECT q.id, q.text, sp.name AS speaker, q.speaker_id, q.cue, q.direct, q.article_id, '
        'a.title AS article_title, a.published, q.caption_id, q.start, q."end"' + extra +
        " FROM quotes q LEFT JOIN entities sp ON sp.id = q.speaker_id "
        f"JOIN articles a ON a.id = q.article_id {clauses} ORDER BY q.article_id DESC, q.start "
        "LIMIT ? OFFSET ?", [*params, limit, offset]))
    for r in rows:
        r["direct"] = bool(r["direct"])
    add_sentence_links(s, rows)
    return page_of(rows, total, offset, limit)


def duplicates(s: Store, *, offset: int, limit: int) -> dict[str, Any]:
    """A page of the articles seen more than once, with the total."""
    total = int(s.conn.execute(
        "SELECT COUNT(*) FROM (SELECT article_id FROM occurrences GROUP BY article_id "
        "HAVING COUNT(*) > 1)").fetchone()[0])
    clusters = [c.to_dict() for c in s.duplicate_clusters(limit=offset + limit)][offset:]
    return page_of(clusters, total, offset, limit)


# -- raw pages ----------------------------------------------------------------------------

def page(s: Store, page_id: int, *, markup: bool) -> dict[str, Any]:
    """A stored page: its text, the articles found on it (their region and paragraph spans on
    the page), every fact of those articles mapped onto the page, and its raw markup on request."""
    row = s.conn.execute(
        "SELECT id, source, record, format, url, site, fetched_at, published, title, added_at "
        "FROM pages WHERE id = ?", (page_id,)).fetchone()
    if row is None:
        raise PageNotFound(f"no page with id {page_id}")
    info = dict(zip(("id", "source", "record", "format", "url", "site", "fetched_at", "published",
                     "title", "added_at"), row, strict=True))
    text = s.page_text(page_id)
    info["text"] = text
    occurrences = _dicts(s.conn.execute(
        'SELECT o.article_id, a.title AS article_title, o.start, o."end", o.spans, o.match, '
        "o.similarity FROM occurrences o JOIN articles a ON a.id = o.article_id "
        "WHERE o.page_id = ? ORDER BY o.start", (page_id,)))
    facts: list[dict[str, Any]] = []
    for o in occurrences:
        o["spans"] = json.loads(o["spans"])
        facts.extend(_facts_on_page(s, o, text))
    info["occurrences"] = occurrences
    info["facts"] = facts
    info["markup"] = None
    if markup:
        raw = s.page_raw(page_id)
        info["markup"] = raw.decode("utf-8", "replace") if raw else None
    return info


def _facts_on_page(s: Store, occ: dict[str, Any], page_text: str) -> list[dict[str, Any]]:
    """The article's body facts (mentions, quotes, event sentences) at their place on the page.

    A body offset in paragraph i maps to the page through the occurrence's span of
    paragraph i; a fact is kept only where the page holds exactly its text there.
    """
    aid = occ["article_id"]
    row = s.conn.execute("SELECT body FROM articles WHERE id = ?", (aid,)).fetchone()
    body = row[0] if row and row[0] else ""
    paragraphs = body.split(PARAGRAPH_SEP) if body else []
    if len(paragraphs) != len(occ["spans"]):
        return []
    from newsgraph.web.text import paragraph_spans

    para = paragraph_spans(paragraphs, PARAGRAPH_SEP)
    out: list[dict[str, Any]] = []

    def place(kind: str, start: int, end: int, label: str) -> None:
        for (ps, pe), (qs, _qe) in zip(para, occ["spans"], strict=True):
            if ps <= start and end <= pe:
                a, b = qs + start - ps, qs + end - ps
                if page_text[a:b] == body[start:end]:
                    out.append({"kind": kind, "start": a, "end": b, "label": label,
                                "article_id": aid})
                return

    conn = s.conn
    for start, end, name, type_ in conn.execute(
            'SELECT m.start, m."end", e.name, e.type FROM mentions m JOIN entities e '
            "ON e.id = m.entity_id WHERE m.article_id = ? AND m.caption_id IS NULL", (aid,)):
        place("mention", start, end, f"{name} ({type_})")
    for start, end, speaker in conn.execute(
            'SELECT q.start, q."end", e.name FROM quotes q LEFT JOIN entities e '
            "ON e.id = q.speaker_id WHERE q.article_id = ? AND q.caption_id IS NULL", (aid,)):
        place("quote", start, end, f"quote of {speaker or 'unknown speaker'}")
    for start, end, type_ in conn.execute(
            'SELECT s.start, s."end", v.type FROM event_sources s JOIN events v '
            "ON v.id = s.event_id WHERE s.article_id = ? AND s.caption_id IS NULL", (aid,)):
        place("event", start, end, f"event {type_}")
    out.sort(key=lambda f: (f["start"], -f["end"]))
    return out


# -- search -------------------------------------------------------------------------------

def search(s: Store, q: str, *, offset: int, limit: int, site: str | None = None,
           agency: str | None = None, since: str | None = None, until: str | None = None,
           entity: str | None = None, highlight: tuple[str, str] = ("\x02", "\x03"),
           facets: bool = True) -> dict[str, Any]:
    """Search hits with their total and facets (site, agency, month, entity)."""
    from newsgraph.store import queries

    entity_ids = _ids(KnowledgeStore(s), entity) if entity else None
    filters = queries.SearchFilters(site=site, agency=agency, since=since, until=until,
                                    entity_ids=entity_ids)
    result = queries.search_page(s.conn, q, limit=limit, offset=offset, filters=filters,
                                 highlight=highlight, facet_hits=FACET_HITS if facets else 0,
                                 time_limit_s=s.settings.query_time_limit_s)
    out = page_of([h.to_dict() for h in result.hits], result.total, offset, limit)
    out["query"] = q
    out["facets"] = result.facets
    out["facets_over"] = result.facets_over
    out["total_capped"] = result.total_capped
    out["ranked_over"] = result.ranked_over
    return out


# -- graph --------------------------------------------------------------------------------

def graph(s: Store, *, since: str | None, until: str | None, type: str | None,
          entity: str | None, isolated: bool, max_nodes: int = 120,
          width: float = 1000.0, height: float = 680.0) -> dict[str, Any]:
    """The actor network of the matching events laid out by networkx (spring layout, seeded).

    Nodes are sized by mentions and typed; an edge joins an actor to a target with
    its event count and its cooperation/conflict balance (PLOVER quad classes).
    With ``entity``, only its neighbourhood; ``isolated`` adds the most mentioned
    entities that took part in no matching event.
    """
    try:
        import networkx as nx
    except ImportError as exc:  # pragma: no cover - networkx comes with the nlp extra
        raise StoreError("the graph needs networkx: pip install 'newsgraph[nlp]'") from exc
    where, params = event_filter(s, type=type, since=since, until=until, entity=entity)
    conn = s.conn
    cond = (where + " AND") if where else "WHERE"
    pairs: dict[tuple[int, int], Counter[str]] = {}
    for a, b, t in conn.execute(
            f"SELECT v.actor_id, v.target_id, v.type FROM events v {cond} v.actor_id IS NOT NULL "
            "AND v.target_id IS NOT NULL AND v.actor_id != v.target_id", params):
        pairs.setdefault((a, b), Counter())[QUAD_CLASSES.get(t, "other")] += 1
    degree: Counter[int] = Counter()
    for (a, b), c in pairs.items():
        n = sum(c.values())
        degree[a] += n
        degree[b] += n
    keep = {i for i, _ in degree.most_common(max_nodes)}
    if isolated:
        room = max(0, max_nodes - len(keep))
        for (i,) in conn.execute(
                "SELECT entity_id FROM mentions GROUP BY entity_id ORDER BY COUNT(*) DESC LIMIT ?",
                (room + len(keep),)):
            if len(keep) >= max_nodes:
                break
            keep.add(i)
    nodes: dict[int, dict[str, Any]] = {}
    if keep:
        marks = ",".join("?" * len(keep))
        for i, name, type_, mentions in conn.execute(
                "SELECT e.id, e.name, e.type, (SELECT COUNT(*) FROM mentions m WHERE "
                f"m.entity_id = e.id) FROM entities e WHERE e.id IN ({marks})", list(keep)):
            nodes[i] = {"id": i, "name": name, "type": type_, "mentions": mentions,
                        "events": degree.get(i, 0)}
    edges = []
    for (a, b), c in sorted(pairs.items()):
        if a in nodes and b in nodes:
            coop = c["verbal cooperation"] + c["material cooperation"]
            conflict = c["verbal conflict"] + c["material conflict"]
            edges.append({"source": a, "target": b, "events": sum(c.values()),
                          "cooperation": coop, "conflict": conflict,
                          "kind": "conflict" if conflict > coop else
                          "cooperation" if coop > conflict else "mixed",
                          "by_quad_class": dict(c)})
    g = nx.Graph()
    g.add_nodes_from(nodes)
    g.add_weighted_edges_from((e["source"], e["target"], e["events"]) for e in edges)
    pos = nx.spring_layout(g, seed=7, weight="weight", k=1.6 / math.sqrt(max(1, len(g)))) \
        if len(g) else {}
    pad = 60.0
    for i, n in nodes.items():
        x, y = pos.get(i, (0.0, 0.0))
        n["x"] = round(pad + (x + 1) / 2 * (width - 2 * pad), 1)
        n["y"] = round(pad + (y + 1) / 2 * (height - 2 * pad), 1)
        n["r"] = round(5 + 3 * math.log1p(n["mentions"]), 1)
    for e in edges:  # lines end at the rim of the target's circle, so its arrowhead shows
        a, b = nodes[e["source"]], nodes[e["target"]]
        dx, dy = b["x"] - a["x"], b["y"] - a["y"]
        d = math.hypot(dx, dy) or 1.0
        e["x1"], e["y1"] = round(a["x"] + dx * a["r"] / d, 1), round(a["y"] + dy * a["r"] / d, 1)
        e["x2"] = round(b["x"] - dx * (b["r"] + 2) / d, 1)
        e["y2"] = round(b["y"] - dy * (b["r"] + 2) / d, 1)
    return {"nodes": sorted(nodes.values(), key=lambda n: -n["mentions"]), "edges": edges,
            "width": width, "height": height}


def check_limit(limit: int, maximum: int) -> int:
    """``limit`` within 1..maximum, else :class:`InvalidParameter`."""
    if not 1 <= limit <= maximum:
        raise InvalidParameter("limit", f"{limit} is outside 1..{maximum}")
    return limit
