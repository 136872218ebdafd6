"""The knowledge tables of the store: saving what enrichment found, and asking about it.

:class:`KnowledgeStore` sits on a :class:`~newsgraph.store.Store` (its SQLite
connection and transactions). Saving canonicalises names corpus-wide with the
entity resolver of :mod:`newsgraph.enrich.canon`, seeded from the ``entities``
and ``aliases`` tables, so "Recep Tayyib Erdogan" in one article and "Recep
Tayyip Erdogan" in another are one entity. Events are merged across articles:
the same event (type, actor, target and negated/hypothetical/future flags
equal; date, place and mode compatible, an unknown one being compatible with
any) reported by several articles is one event with several sources, which
takes the most precise date and the highest confidence of its reports.

Every query returns plain dicts ready for JSON, with names beside ids.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from newsgraph.errors import AmbiguousEntity, EntityNotFound
from newsgraph.incidents import REPORTED, date_key, dates_compatible, same_incident  # noqa: F401
from newsgraph.model import ENTITY_TYPES, Event, Knowledge, Mention

if TYPE_CHECKING:
    from newsgraph.enrich.canon import EntityResolver
    from newsgraph.store import Store

#: Types tried, in order, when a name given without a type (an event's actor,
#: a quote's speaker) is not among the article's own mentions.
_FALLBACK_ORDER = ("PERSON", "ORG", "COUNTRY", "PLACE")


@dataclass(slots=True)
class _Synced:
    """What the store holds of one resolver entity: its row id, how many aliases, its country."""

    db_id: int
    aliases: int
    country: str | None


@dataclass(slots=True)
class ArticleKnowledge:
    """What enrichment found in one article: in its body, and in each caption (by caption id)."""

    article_id: int
    body: Knowledge | None
    """None when the body is empty (the article is recorded as enriched with nothing)."""
    captions: dict[int, Knowledge] = field(default_factory=dict)


@dataclass(slots=True)
class SaveCounts:
    """How many facts one save wrote."""

    mentions: int = 0
    roles: int = 0
    quotes: int = 0
    dates: int = 0
    events_new: int = 0
    events_merged: int = 0


_DATE_KEY_SQL = "(CASE WHEN v.date LIKE '____s' THEN substr(v.date, 1, 3) ELSE v.date END)"
"""``date_key`` of an event's date, in SQL."""


def date_range_sql(since: str | None, until: str | None) -> tuple[list[str], list[str]]:
    """SQL clauses (over events ``v``) and parameters keeping events within [since, until].

    Dates compare on date keys (see :func:`date_key`: "2010s" -> "201"), so a period
    overlapping the range is kept: it ends on or after ``since`` and starts on or before ``until``.
    """
    key = _DATE_KEY_SQL
    clauses: list[str] = []
    params: list[str] = []
    if since:
        clauses.append(f"({key} >= ? OR substr(?, 1, length({key})) = {key})")
        params.extend([since, since])
    if until:
        clauses.append(f"substr({key}, 1, length(?)) <= ?")
        params.extend([until, until])
    return clauses, params


_PRECISION_RANK = {REPORTED: -1, "decade": 0, "year": 1, "month": 2, "day": 3}


def _more_precise(a: tuple[str | None, str | None], b: tuple[str | None, str | None]
                  ) -> tuple[str | None, str | None]:
    """Of two (date, precision) pairs, the more precise one (``a`` on ties)."""
    if not b[0]:
        return a
    if not a[0]:
        return b
    rank_a = _PRECISION_RANK.get(a[1] or "", len(date_key(a[0])))
    rank_b = _PRECISION_RANK.get(b[1] or "", len(date_key(b[0])))
    return b if rank_b > rank_a else a




class KnowledgeStore:
    """Entities, mentions, roles, quotes, dates and events of the articles in ``store``."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._resolver: EntityResolver | None = None
        self._synced: dict[int, _Synced] = {}

    @property
    def listing_floor(self) -> float:
        """The confidence an event needs to be listed by default (event listings, entity
        pages, timelines, exports): the store's ``Settings.event_min_confidence``."""
        return self.store.settings.event_min_confidence

    @property
    def conn(self) -> sqlite3.Connection:
        """The store's SQLite connection."""
        return self.store.conn

    # -- canonicalisation ------------------------------------------------------------

    @property
    def resolver(self) -> EntityResolver:
        """The corpus-wide resolver, rebuilt from the ``entities`` and ``aliases`` tables on first use."""
        if self._resolver is None:
            from newsgraph.enrich.canon import EntityResolver

            aliases: dict[int, list[str]] = {}
            for entity_id, alias in self.conn.execute(
                    "SELECT entity_id, alias FROM aliases ORDER BY rowid"):
                aliases.setdefault(int(entity_id), []).append(alias)
            rows = [
                {"id": r[0], "type": r[1], "name": r[2], "country": r[3],
                 "aliases": aliases.get(int(r[0]), [])}
                for r in self.conn.execute("SELECT id, type, name, country FROM entities ORDER BY id")
            ]
            self._resolver = EntityResolver.from_rows(rows)
            # The resolver numbers its entities 1, 2, ... in the order given.
            self._synced = {
                number: _Synced(int(row["id"]), len(row["aliases"]), row["country"])
                for number, row in enumerate(rows, start=1)
            }
        return self._resolver

    def reset_resolver(self) -> None:
        """Forget the in-memory resolver (after a rollback); it is rebuilt from the tables."""
        self._resolver = None
        self._synced = {}

    def _entity_id(self, name: str, type_: str, country: str | None = None,
                   aliases: Iterable[str] = ()) -> int:
        """The store id of the entity ``name`` of ``type_`` resolves to (created when new).

        ``aliases`` (other names the text used) are attached to it; the store's
        ``entities`` and ``aliases`` tables follow the resolver.
        """
        entity = self.resolver.add(name, type_, aliases, country)
        synced = self._synced.get(entity.id)
        if synced is None:
            row = self.conn.execute(
                "SELECT id, country FROM entities WHERE type = ? AND name = ?", (type_, entity.name)
            ).fetchone()
            if row is None:
                cursor = self.conn.execute(
                    "INSERT INTO entities (type, name, country) VALUES (?, ?, ?)",
                    (type_, entity.name, entity.country),
                )
                row = (int(cursor.lastrowid or 0), entity.country)
            synced = self._synced[entity.id] = _Synced(int(row[0]), 0, row[1])
        if entity.country and entity.country != synced.country:
            self.conn.execute("UPDATE entities SET country = ? WHERE id = ?",
                              (entity.country, synced.db_id))
            synced.country = entity.country
        if len(entity.aliases) > synced.aliases:
            self.conn.executemany(
                "INSERT OR IGNORE INTO aliases (entity_id, alias) VALUES (?, ?)",
                [(synced.db_id, alias) for alias in entity.aliases[synced.aliases:]],
            )
            synced.aliases = len(entity.aliases)
        return synced.db_id

    def _named(
        self,
        name: str | None,
        local: dict[str, tuple[str, str | None]],
        default_type: str,
        country: str | None = None,
    ) -> int | None:
        """The entity for a name used by a role, quote or event (typed from the article's mentions)."""
        if not name:
            return None
        if name in local:
            type_, mention_country = local[name]
            return self._entity_id(name, type_, mention_country or country)
        order = (default_type, *(t for t in _FALLBACK_ORDER if t != default_type))
        type_ = next((t for t in order if self.resolver.lookup(name, t) is not None), default_type)
        return self._entity_id(name, type_, country)

    # -- saving ----------------------------------------------------------------------------

    def save(
        self,
        article_id: int,
        knowledge: Knowledge | None,
        *,
        captions: dict[int, Knowledge] | None = None,
        model: str,
        version: str,
    ) -> SaveCounts:
        """Replace the facts of one article (body and captions) with these, in one transaction."""
        item = ArticleKnowledge(article_id, knowledge, captions or {})
        return self.save_many([item], model=model, version=version)

    def save_many(self, items: Iterable[ArticleKnowledge], *, model: str, version: str) -> SaveCounts:
        """Replace the facts of several articles in one transaction.

        An article whose ``body`` is None is recorded as enriched with nothing in
        it (an empty body). On any error nothing of the batch is kept.
        """
        total = SaveCounts()
        try:
            with self.store.transaction():
                for item in items:
                    self.forget(item.article_id)
                    parts: list[tuple[int | None, Knowledge]] = []
                    if item.body is not None:
                        parts = [(None, item.body), *sorted(item.captions.items())]
                    local: dict[str, tuple[str, str | None]] = {}
                    for caption_id, knowledge in parts:
                        counts = self._save_one(item.article_id, knowledge, caption_id, local)
                        for name in SaveCounts.__slots__:
                            setattr(total, name, getattr(total, name) + getattr(counts, name))
                    self.conn.execute(
                        "INSERT INTO enrichments (article_id, model, version, enriched_at, status) "
                        "VALUES (?, ?, ?, ?, ?)",
                        (item.article_id, model, version,
                         datetime.now(UTC).isoformat(timespec="seconds"),
                         "ok" if item.body is not None else "empty"),
                    )
        except BaseException:
            self.reset_resolver()
            raise
        return total

    def forget(self, article_id: int) -> None:
        """Delete what enrichment stored for one article (events left without a source go too)."""
        conn = self.conn
        for table in ("mentions", "roles", "quotes", "dates", "enrichments"):
            conn.execute(f"DELETE FROM {table} WHERE article_id = ?", (article_id,))
        event_ids = [r[0] for r in conn.execute(
            "SELECT DISTINCT event_id FROM event_sources WHERE article_id = ?", (article_id,))]
        if event_ids:
            conn.execute("DELETE FROM event_sources WHERE article_id = ?", (article_id,))
            conn.executemany(
                "DELETE FROM events WHERE id = ? AND NOT EXISTS "
                "(SELECT 1 FROM event_sources s WHERE s.event_id = events.id)",
                [(i,) for i in event_ids],
            )

    def prune_entities(self) -> int:
        """Delete entities nothing refers to any more (after re-enrichment); returns how many."""
        cursor = self.conn.execute(
            "DELETE FROM entities WHERE "
            "NOT EXISTS (SELECT 1 FROM mentions m WHERE m.entity_id = entities.id) AND "
            "NOT EXISTS (SELECT 1 FROM roles r WHERE r.person_id = entities.id) AND "
            "NOT EXISTS (SELECT 1 FROM roles r WHERE r.organisation_id = entities.id) AND "
            "NOT EXISTS (SELECT 1 FROM quotes q WHERE q.speaker_id = entities.id) AND "
            "NOT EXISTS (SELECT 1 FROM events v WHERE v.actor_id = entities.id) AND "
            "NOT EXISTS (SELECT 1 FROM events v WHERE v.target_id = entities.id) AND "
            "NOT EXISTS (SELECT 1 FROM events v WHERE v.place_id = entities.id)"
        )
        self.reset_resolver()
        return cursor.rowcount

    def _save_one(self, article_id: int, knowledge: Knowledge, caption_id: int | None,
                  local: dict[str, tuple[str, str | None]]) -> SaveCounts:
        """Save the facts of the body (``caption_id`` None) or of one caption.

        ``local`` maps the names used in the article to their type and country;
        captions, saved after the body, also see the body's names.
        """
        conn = self.conn
        counts = SaveCounts()
        for m in knowledge.mentions:
            if m.type in ENTITY_TYPES and m.canonical and not m.demonym:
                local.setdefault(m.canonical, (m.type, m.country))
        for m in knowledge.mentions:
            if m.type not in ENTITY_TYPES or not m.canonical:
                continue
            name, type_, country = _entity_key(m)
            if type_ in ("ORG", "PLACE") and " " not in name and not country:
                # A bare name the article typed as a thing: the person it names in the corpus,
                # when one full-named person has it ("Trump" -> Donald Trump).
                person = self.resolver.lookup(name, "PERSON")
                if person is not None and " " in person.name \
                        and self.resolver.lookup(name, type_) is None:
                    name, type_ = person.name, "PERSON"
            entity_id = self._entity_id(name, type_, country, () if m.demonym else (m.text,))
            conn.execute(
                'INSERT INTO mentions (article_id, caption_id, entity_id, start, "end", text, '
                "demonym) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (article_id, caption_id, entity_id, m.start, m.end, m.text, int(m.demonym)),
            )
            counts.mentions += 1
        for r in knowledge.roles:
            person = self._named(r.person, local, "PERSON")
            if person is None or not r.role:
                continue
            organisation = self._named(r.organisation, local, "ORG")
            conn.execute(
                "INSERT INTO roles (person_id, role, organisation_id, article_id, caption_id, "
                'start, "end") VALUES (?, ?, ?, ?, ?, ?, ?)',
                (person, r.role, organisation, article_id, caption_id, r.start, r.end),
            )
            counts.roles += 1
        for q in knowledge.quotes:
            speaker = self._named(q.speaker, local, q.speaker_type or "PERSON")
            link = self._named(q.speaker_link, local, "ORG")
            conn.execute(
                "INSERT INTO quotes (article_id, caption_id, speaker_id, text, cue, direct, start, "
                '"end", speaker_start, speaker_end, speaker_text, speaker_kind, speaker_link_id, '
                "parts) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (article_id, caption_id, speaker, q.text, q.cue, int(q.direct), q.start, q.end,
                 q.speaker_start, q.speaker_end, q.speaker_text, q.speaker_kind, link,
                 json.dumps([list(p) for p in q.parts]) if q.parts else None),
            )
            counts.quotes += 1
        for d in knowledge.dates:
            conn.execute(
                'INSERT INTO dates (article_id, caption_id, start, "end", text, value, precision, '
                "relative, resolved) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (article_id, caption_id, d.start, d.end, d.text, d.value, d.precision,
                 int(d.relative),
                 int(d.resolved)),
            )
            counts.dates += 1
        text = self._text(article_id, caption_id) if knowledge.events else ""
        for e in knowledge.events:
            merged = self._save_event(article_id, caption_id, e, local, text)
            if merged:
                counts.events_merged += 1
            else:
                counts.events_new += 1
        return counts

    def _text(self, article_id: int, caption_id: int | None) -> str:
        """The text spans point into: the article body, or the caption."""
        if caption_id is None:
            row = self.conn.execute("SELECT body FROM articles WHERE id = ?",
                                    (article_id,)).fetchone()
        else:
            row = self.conn.execute("SELECT text FROM captions WHERE id = ?",
                                    (caption_id,)).fetchone()
        return str(row[0]) if row and row[0] is not None else ""

    def _save_event(
        self,
        article_id: int,
        caption_id: int | None,
        e: Event,
        local: dict[str, tuple[str, str | None]],
        text: str,
    ) -> bool:
        """Store one event report; returns True when it joined an event already known."""
        conn = self.conn
        actor = self._named(e.actor, local, "COUNTRY" if e.actor_country else "ORG", e.actor_country)
        target = self._named(e.target, local, "COUNTRY" if e.target_country else "ORG",
                             e.target_country)
        place = self._named(e.place, local, "PLACE")
        flags = (int(e.negated), int(e.hypothetical), int(e.future))
        event_id: int | None = None
        report = {"type": e.type, "actor": actor, "target": target, "date": e.date,
                  "precision": e.date_precision, "place": place, "mode": e.mode,
                  "negated": e.negated, "hypothetical": e.hypothetical, "future": e.future}
        if actor is not None or target is not None:
            candidates = conn.execute(
                "SELECT id, date, precision, place_id, mode FROM events WHERE type = ? "
                "AND actor_id IS ? AND target_id IS ? AND negated = ? AND hypothetical = ? "
                "AND future = ? ORDER BY id",
                (e.type, actor, target, *flags),
            ).fetchall()
            matches = [
                c for c in candidates
                if same_incident(report, {**report, "date": c[1], "precision": c[2],
                                          "place": c[3], "mode": c[4]})
            ]
            # Prefer a candidate whose date agrees at a known precision over an undated one.
            matches.sort(key=lambda c: (not (c[1] and e.date), c[0]))
            if matches:
                event_id, old_date, old_precision, old_place, old_mode = matches[0]
                date, precision = _more_precise((old_date, old_precision), (e.date, e.date_precision))
                conn.execute(
                    "UPDATE events SET date = ?, precision = ?, place_id = ?, mode = ?, "
                    "confidence = MAX(confidence, ?), actor_country = COALESCE(actor_country, ?), "
                    "target_country = COALESCE(target_country, ?), "
                    "actor_sector = COALESCE(actor_sector, ?), "
                    "target_sector = COALESCE(target_sector, ?) WHERE id = ?",
                    (date, precision, old_place if old_place is not None else place,
                     old_mode or e.mode, e.confidence, e.actor_country, e.target_country,
                     e.actor_sector, e.target_sector, event_id),
                )
        merged = event_id is not None
        if event_id is None:
            cursor = conn.execute(
                "INSERT INTO events (type, mode, actor_id, target_id, place_id, date, precision, "
                "confidence, negated, hypothetical, future, actor_country, target_country, "
                "actor_sector, target_sector, cameo, intent) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (e.type, e.mode, actor, target, place, e.date, e.date_precision, e.confidence,
                 *flags, e.actor_country, e.target_country, e.actor_sector, e.target_sector,
                 e.cameo, e.intent),
            )
            event_id = int(cursor.lastrowid or 0)
        conn.execute(
            "INSERT OR IGNORE INTO event_sources (event_id, article_id, caption_id, start, "
            '"end", sentence, trigger, confidence) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
            (event_id, article_id, caption_id, e.start, e.end, text[e.start:e.end], e.trigger,
             e.confidence),
        )
        return merged

    # -- enrichment bookkeeping ------------------------------------------------------------

    def pending_articles(self, model: str, version: str, *, redo_all: bool = False) -> list[int]:
        """Ids of the articles not yet enriched with this model and version (or all)."""
        if redo_all:
            sql, params = "SELECT id FROM articles ORDER BY id", ()
        else:
            sql = ("SELECT a.id FROM articles a LEFT JOIN enrichments n ON n.article_id = a.id "
                   "WHERE n.article_id IS NULL OR n.model != ? OR n.version != ? ORDER BY a.id")
            params = (model, version)
        return [int(r[0]) for r in self.conn.execute(sql, params)]

    def counts(self) -> dict[str, int]:
        """Row counts of the knowledge tables."""
        tables = ("entities", "aliases", "mentions", "roles", "quotes", "dates", "events",
                  "event_sources", "enrichments")
        return {t: int(self.conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]) for t in tables}

    # -- queries --------------------------------------------------------------------------

    def entities(self, type: str | None = None, limit: int | None = 50) -> list[dict[str, Any]]:
        """Entities by number of mentions, with their aliases and article counts."""
        where, params = ("WHERE e.type = ?", [type.upper()]) if type else ("", [])
        sql = (
            "SELECT e.id, e.name, e.type, e.country, "
            "(SELECT COUNT(*) FROM mentions m WHERE m.entity_id = e.id) AS mentions, "
            "(SELECT COUNT(DISTINCT m.article_id) FROM mentions m WHERE m.entity_id = e.id) "
            "AS articles, "
            "(SELECT group_concat(alias, char(31)) FROM (SELECT alias FROM aliases a "
            " WHERE a.entity_id = e.id ORDER BY alias)) AS aliases "
            f"FROM entities e {where} ORDER BY mentions DESC, e.name"
        )
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        return [
            {"id": r[0], "name": r[1], "type": r[2], "country": r[3], "mentions": r[4],
             "articles": r[5], "aliases": r[6].split("\x1f") if r[6] else []}
            for r in self.conn.execute(sql, params)
        ]

    def find_entity(self, name: str) -> int:
        """The id of the entity named ``name`` (canonical name, alias, or ``#id``/id).

        Names match without regard to case; when several entities share a name,
        the most mentioned wins. Raises :class:`EntityNotFound`.
        """
        key = name.strip()
        if key.lstrip("#").isdigit():
            row = self.conn.execute("SELECT id FROM entities WHERE id = ?",
                                    (int(key.lstrip("#")),)).fetchone()
            if row:
                return int(row[0])
        try:
            return self._find_entity(key, name)
        except AmbiguousEntity:
            raise
        except EntityNotFound:
            bare = _strip_title(key)
            if bare == key:
                raise
            return self._find_entity(bare, name)  # "President Erdogan"

    def _find_entity(self, key: str, name: str) -> int:
        people = self._people_named(key)
        if len(people) > 1:
            cands = [self._entity_row(i) | {"mentions": self._mention_count(i)} for i in people]
            listed = ", ".join(f"{c['name']} ({c['mentions']} mentions)" for c in cands)
            raise AmbiguousEntity(f"{name!r} names several people: {listed}", cands)
        for sql in (
            "SELECT e.id FROM entities e WHERE e.name = ? COLLATE NOCASE",
            "SELECT e.id FROM aliases a JOIN entities e ON e.id = a.entity_id "
            "WHERE a.alias = ? COLLATE NOCASE",
        ):
            rows = self.conn.execute(
                f"SELECT id FROM ({sql}) x ORDER BY "
                "(SELECT COUNT(*) FROM mentions m WHERE m.entity_id = x.id) DESC, id LIMIT 1",
                (key,),
            ).fetchone()
            if rows:
                return int(rows[0])
        found = self._loose_matches(key)
        if found:
            return found[0]
        raise EntityNotFound(f"no entity named {name!r}")

    def _people_named(self, key: str) -> list[int]:
        """Distinct full-named people a lone name ("Biden") could be, most mentioned first.

        Empty when the name is itself one person's full name or names at most one person.
        """
        if len(key.split()) != 1:
            return []
        like = "% " + key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        ids = {int(r[0]) for r in self.conn.execute(
            "SELECT id FROM entities WHERE type = 'PERSON' AND name LIKE ? ESCAPE '\\' "
            "UNION SELECT e.id FROM aliases a JOIN entities e ON e.id = a.entity_id "
            "WHERE e.type = 'PERSON' AND a.alias = ? COLLATE NOCASE AND e.name LIKE '% %'",
            (like, key))}
        return sorted(ids, key=lambda i: (-self._mention_count(i), i)) if len(ids) > 1 else []

    def _loose_matches(self, key: str) -> list[int]:
        """Entities ``key`` names by the resolver's rules (accents folded, a lone surname,
        a spelling slip, an acronym), else by a last word; the most mentioned first."""
        resolver = self.resolver
        ids = set()
        for type_ in ENTITY_TYPES:
            entity = resolver.lookup(key, type_)
            if entity is not None and entity.id in self._synced:
                ids.add(self._synced[entity.id].db_id)
        if not ids:
            ids = {int(r[0]) for r in self.conn.execute(
                "SELECT id FROM entities WHERE name LIKE ? ESCAPE '\\'",
                ("% " + key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_"),),
            )}
        return sorted(ids, key=lambda i: (-self._mention_count(i), i))

    def _mention_count(self, entity_id: int) -> int:
        return int(self.conn.execute("SELECT COUNT(*) FROM mentions WHERE entity_id = ?",
                                     (entity_id,)).fetchone()[0])

    def _entity_ids(self, name: str) -> list[int]:
        """Every entity ``name`` names (canonical name or alias); EntityNotFound when none."""
        key = name.strip()
        rows = self.conn.execute(
            "SELECT id FROM entities WHERE name = ? COLLATE NOCASE UNION "
            "SELECT entity_id FROM aliases WHERE alias = ? COLLATE NOCASE",
            (key, key),
        ).fetchall()
        if rows:
            return sorted(int(r[0]) for r in rows)
        found = self._loose_matches(key) if key else []
        if not found:
            raise EntityNotFound(f"no entity named {name!r}")
        return found

    def _entity_row(self, entity_id: int) -> dict[str, Any]:
        row = self.conn.execute("SELECT id, name, type, country FROM entities WHERE id = ?",
                                (entity_id,)).fetchone()
        if row is None:
            raise EntityNotFound(f"no entity with id {entity_id}")
        return {"id": row[0], "name": row[1], "type": row[2], "country": row[3]}

    def entity(self, name: str, *, limit: int = 100) -> dict[str, Any]:
        """One entity with its aliases, roles, members, mentions, quotes and events."""
        entity_id = self.find_entity(name)
        info = self._entity_row(entity_id)
        conn = self.conn
        info["aliases"] = [r[0] for r in conn.execute(
            "SELECT alias FROM aliases WHERE entity_id = ? ORDER BY alias", (entity_id,))]
        info["roles"] = [
            {"role": r[0], "organisation": r[1], "organisation_id": r[2], "article_id": r[3],
             "article_title": r[4], "start": r[5], "end": r[6]}
            for r in conn.execute(
                'SELECT r.role, o.name, r.organisation_id, r.article_id, a.title, r.start, r."end" '
                "FROM roles r LEFT JOIN entities o ON o.id = r.organisation_id "
                "JOIN articles a ON a.id = r.article_id WHERE r.person_id = ? "
                "ORDER BY r.article_id, r.start",
                (entity_id,),
            )
        ]
        info["members"] = [
            {"person": r[0], "person_id": r[1], "role": r[2], "article_id": r[3],
             "article_title": r[4]}
            for r in conn.execute(
                "SELECT p.name, r.person_id, r.role, r.article_id, a.title FROM roles r "
                "JOIN entities p ON p.id = r.person_id JOIN articles a ON a.id = r.article_id "
                "WHERE r.organisation_id = ? ORDER BY p.name",
                (entity_id,),
            )
        ]
        info["mention_count"] = int(conn.execute(
            "SELECT COUNT(*) FROM mentions WHERE entity_id = ?", (entity_id,)).fetchone()[0])
        info["mentions"] = [
            {"article_id": r[0], "article_title": r[1], "caption_id": r[2], "start": r[3],
             "end": r[4], "text": r[5]}
            for r in conn.execute(
                'SELECT m.article_id, a.title, m.caption_id, m.start, m."end", m.text FROM mentions m '
                "JOIN articles a ON a.id = m.article_id WHERE m.entity_id = ? "
                "ORDER BY m.article_id, m.caption_id IS NOT NULL, m.caption_id, m.start LIMIT ?",
                (entity_id, limit),
            )
        ]
        info["quotes"] = self._quotes("WHERE q.speaker_id = ?", [entity_id], limit)
        info["events"] = self._events(
            "WHERE (v.actor_id = ? OR v.target_id = ? OR v.place_id = ?) AND v.confidence >= ?",
            [*[entity_id] * 3, self.listing_floor], limit)
        return info

    def quotes(self, speaker: str | None = None, limit: int | None = 50) -> list[dict[str, Any]]:
        """Quotes, optionally only those of ``speaker`` (a name or alias)."""
        if speaker:
            ids = self._entity_ids(speaker)
            marks = ",".join("?" * len(ids))
            return self._quotes(f"WHERE q.speaker_id IN ({marks})", list(ids), limit)
        return self._quotes("", [], limit)

    def _quotes(self, where: str, params: list[Any], limit: int | None) -> list[dict[str, Any]]:
        sql = (
            'SELECT q.id, q.text, s.name, q.speaker_id, q.cue, q.direct, q.article_id, a.title, '
            'a.published, q.caption_id, q.start, q."end", q.speaker_start, q.speaker_end, '
            "q.speaker_text, q.speaker_kind, l.name, q.parts, s.type FROM quotes q "
            "LEFT JOIN entities s ON s.id = q.speaker_id "
            "LEFT JOIN entities l ON l.id = q.speaker_link_id "
            f"JOIN articles a ON a.id = q.article_id {where} ORDER BY q.article_id, q.start"
        )
        if limit is not None:
            sql += " LIMIT ?"
            params = [*params, limit]
        return [
            {"id": r[0], "text": r[1], "speaker": r[2], "speaker_id": r[3], "cue": r[4],
             "direct": bool(r[5]), "article_id": r[6], "article_title": r[7], "published": r[8],
             "caption_id": r[9], "start": r[10], "end": r[11],
             "speaker_mention": ({"text": r[14], "start": r[12], "end": r[13]}
                                 if r[12] is not None else None),
             "speaker_kind": r[15], "speaker_type": r[18], "speaker_link": r[16],
             "parts": json.loads(r[17]) if r[17] else []}
            for r in self.conn.execute(sql, params)
        ]

    def events(
        self,
        type: str | None = None,
        actor: str | None = None,
        target: str | None = None,
        since: str | None = None,
        until: str | None = None,
        limit: int | None = 50,
        *,
        min_confidence: float | None = None,
        include_uncertain: bool = False,
    ) -> list[dict[str, Any]]:
        """Events, filtered by PLOVER type, actor, target (names or aliases) and date range.

        Negated and hypothetical events (reported as not having happened) are left out
        unless ``include_uncertain``; ``min_confidence`` (by default
        ``Settings.event_min_confidence``) drops less confident ones.

        ``since``/``until`` are ISO prefixes (``2015``, ``2015-11``, ``2015-11-24``);
        an event dated at a coarser precision is kept when it overlaps the range.
        Undated events are left out when a range is given.
        """
        clauses: list[str] = []
        params: list[Any] = []
        if not include_uncertain:
            clauses.append("v.negated = 0 AND v.hypothetical = 0")
        if min_confidence is None:
            min_confidence = self.listing_floor
        if min_confidence:
            clauses.append("v.confidence >= ?")
            params.append(min_confidence)
        if type:
            clauses.append("v.type = ?")
            params.append(type.upper())
        for column, name in (("actor_id", actor), ("target_id", target)):
            if name:
                ids = self._entity_ids(name)
                clauses.append(f"v.{column} IN ({','.join('?' * len(ids))})")
                params.extend(ids)
        dated, dated_params = date_range_sql(since, until)
        clauses.extend(dated)
        params.extend(dated_params)
        where = ("WHERE " + " AND ".join(clauses)) if clauses else ""
        return self._events(where, params, limit)

    def _events(self, where: str, params: list[Any], limit: int | None) -> list[dict[str, Any]]:
        sql = (
            "SELECT v.id, v.type, v.mode, v.actor_id, ac.name, ac.country, v.target_id, tg.name, "
            "tg.country, v.place_id, pl.name, v.date, v.precision, v.confidence, v.negated, "
            "v.hypothetical, v.future, v.actor_country, v.target_country, v.actor_sector, "
            "v.target_sector, v.cameo, v.intent FROM events v "
            "LEFT JOIN entities ac ON ac.id = v.actor_id "
            "LEFT JOIN entities tg ON tg.id = v.target_id "
            "LEFT JOIN entities pl ON pl.id = v.place_id "
            f"{where} ORDER BY v.date IS NULL, v.date, v.id"
        )
        if limit is not None:
            sql += " LIMIT ?"
            params = [*params, limit]
        events = [
            {"id": r[0], "type": r[1], "mode": r[2], "actor_id": r[3], "actor": r[4],
             "actor_country": r[17] or r[5], "actor_sector": r[19], "target_id": r[6],
             "target": r[7], "target_country": r[18] or r[8], "target_sector": r[20],
             "place_id": r[9], "place": r[10], "date": r[11], "precision": r[12],
             "confidence": r[13], "negated": bool(r[14]), "hypothetical": bool(r[15]),
             "future": bool(r[16]), "cameo": r[21], "intent": r[22],
             "flags": [f for f, on in (("negated", r[14]), ("hypothetical", r[15]),
                                       ("future", r[16]), (r[22], r[22])) if on],
             "sources": []}
            for r in self.conn.execute(sql, params)
        ]
        by_id = {e["id"]: e for e in events}
        if by_id:
            marks = ",".join("?" * len(by_id))
            for r in self.conn.execute(
                'SELECT s.event_id, s.article_id, a.title, s.caption_id, s.start, s."end", '
                "s.sentence, s.trigger, s.confidence FROM event_sources s "
                "JOIN articles a ON a.id = s.article_id "
                f"WHERE s.event_id IN ({marks}) ORDER BY s.article_id, s.start",
                list(by_id),
            ):
                by_id[r[0]]["sources"].append(
                    {"article_id": r[1], "article_title": r[2], "caption_id": r[3],
                     "start": r[4], "end": r[5], "sentence": r[6], "trigger": r[7],
                     "confidence": r[8]})
        for e in events:
            e["source_count"] = len({s["article_id"] for s in e["sources"]})
        return events

    def timeline(self, name: str, *, limit: int = 500) -> dict[str, Any]:
        """The events an entity took part in and the quotes it said, in date order.

        A quote is dated by its article's publication date; undated items come last.
        """
        entity_id = self.find_entity(name)
        items: list[dict[str, Any]] = []
        for e in self._events("WHERE (v.actor_id = ? OR v.target_id = ? OR v.place_id = ?) "
                              "AND v.confidence >= ?", [*[entity_id] * 3, self.listing_floor], limit):
            first = e["sources"][0] if e["sources"] else {}
            items.append({"kind": "event", "date": e["date"], "precision": e["precision"],
                          "summary": _event_summary(e), "article_id": first.get("article_id"),
                          "article_title": first.get("article_title"), **e})
        for q in self._quotes("WHERE q.speaker_id = ?", [entity_id], limit):
            published = q["published"]
            items.append({"kind": "quote", "date": published[:10] if published else None,
                          "precision": "day" if published else None,
                          "summary": f"{q['speaker']} {q['cue'] or 'said'}: {q['text']}", **q})
        items.sort(key=lambda i: (i["date"] is None, i["date"] or "", i["kind"], i["id"]))
        return {"entity": self._entity_row(entity_id), "items": items[:limit]}

    def graph_data(self, *, co_mentions: int | None = None, include_uncertain: bool = False
                   ) -> dict[str, list[dict[str, Any]]]:
        """Nodes (entities), role edges and event edges, as plain rows for :mod:`newsgraph.graph`.

        Negated and hypothetical events are no edges unless ``include_uncertain``.

        With ``co_mentions=N``, also the pairs of entities named together in at
        least N articles (``co_mentions`` rows: the two ids and the article count).
        """
        conn = self.conn
        nodes = [
            {"id": r[0], "name": r[1], "type": r[2], "country": r[3], "mentions": r[4]}
            for r in conn.execute(
                "SELECT e.id, e.name, e.type, e.country, "
                "(SELECT COUNT(*) FROM mentions m WHERE m.entity_id = e.id) FROM entities e "
                "ORDER BY e.id")
        ]
        roles = [
            {"person_id": r[0], "organisation_id": r[1], "role": r[2], "articles": r[3]}
            for r in conn.execute(
                "SELECT person_id, organisation_id, role, group_concat(DISTINCT article_id) "
                "FROM roles WHERE organisation_id IS NOT NULL "
                "GROUP BY person_id, organisation_id, role ORDER BY person_id")
        ]
        certain = "" if include_uncertain else " AND v.negated = 0 AND v.hypothetical = 0"
        events = self._events("WHERE v.actor_id IS NOT NULL AND v.target_id IS NOT NULL"
                              + certain, [], None)
        data = {"nodes": nodes, "roles": roles, "events": events}
        if co_mentions is not None:
            data["co_mentions"] = [
                {"a": r[0], "b": r[1], "articles": r[2]}
                for r in conn.execute(
                    "WITH pairs AS (SELECT DISTINCT article_id, entity_id FROM mentions "
                    "WHERE demonym = 0) "
                    "SELECT x.entity_id, y.entity_id, COUNT(*) AS n FROM pairs x "
                    "JOIN pairs y ON y.article_id = x.article_id AND y.entity_id > x.entity_id "
                    "GROUP BY x.entity_id, y.entity_id HAVING n >= ? ORDER BY n DESC, 1, 2",
                    (max(1, co_mentions),))
            ]
        return data


_TITLE_WORDS = frozenset({
    "president", "vice", "prime", "minister", "premier", "chancellor", "king", "queen", "prince",
    "princess", "pope", "sheikh", "emir", "sultan", "secretary", "general", "ambassador",
    "senator", "sen", "rep", "gov", "governor", "mayor", "judge", "justice", "gen", "chairman", "ceo", "dr", "mr", "mrs", "ms", "prof", "sir", "dame", "lord", "lady", "foreign",
    "defense", "defence", "deputy",
})


def _strip_title(name: str) -> str:
    """ "President Erdogan" -> "Erdogan"; a name without a leading title unchanged."""
    words = name.split()
    while len(words) > 1 and words[0].lower().rstrip(".") in _TITLE_WORDS:
        words = words[1:]
    return " ".join(words)


def _entity_key(m: Mention) -> tuple[str, str, str | None]:
    """(canonical name, type, country) of the entity a mention names.

    A nationality word is a NORP entity named by its adjective ("Turkish"), carrying
    its country's code; its mention's ``canonical`` stays the country's name, for events.
    """
    if m.demonym and m.country:
        from newsgraph.enrich.countries import demonym_name

        return demonym_name(m.country), "NORP", m.country
    return m.canonical, m.type, m.country


def _event_summary(e: dict[str, Any]) -> str:
    """``Türkiye ASSAULT Russia (2015-11)`` in words."""
    parts = [e["actor"] or "?", e["type"] + (f"/{e['mode']}" if e["mode"] else ""), e["target"] or "?"]
    if e.get("place"):
        parts.append(f"in {e['place']}")
    flags = [f for f in ("negated", "hypothetical", "future") if e.get(f)]
    if flags:
        parts.append(f"[{', '.join(flags)}]")
    return " ".join(parts)

