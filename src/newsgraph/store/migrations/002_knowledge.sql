-- The knowledge layer: entities and their aliases, and the facts found in each
-- article (mentions, roles, quotes, dates, event sources), every one with its
-- span (start, end) in the article body, or in one of its photo captions when
-- caption_id is set (captions name people the body does not, or spell them
-- differently). Events are corpus-wide: the same event
-- reported by several articles is one row in `events` with one row per report
-- in `event_sources`.

CREATE TABLE entities (
    id      INTEGER PRIMARY KEY,
    type    TEXT NOT NULL CHECK (type IN ('PERSON', 'ORG', 'COUNTRY', 'PLACE')),
    name    TEXT NOT NULL,              -- canonical name
    country TEXT,                       -- ISO 3166-1 alpha-3 where it applies
    UNIQUE (type, name)
);
CREATE INDEX entities_name ON entities (name COLLATE NOCASE);

CREATE TABLE aliases (
    entity_id INTEGER NOT NULL REFERENCES entities (id) ON DELETE CASCADE,
    alias     TEXT NOT NULL,
    UNIQUE (entity_id, alias)
);
CREATE INDEX aliases_alias ON aliases (alias COLLATE NOCASE);

CREATE TABLE mentions (
    id         INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    caption_id INTEGER REFERENCES captions (id) ON DELETE CASCADE,
    entity_id  INTEGER NOT NULL REFERENCES entities (id) ON DELETE CASCADE,
    start      INTEGER NOT NULL,
    "end"      INTEGER NOT NULL,
    text       TEXT NOT NULL,
    demonym    INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX mentions_article ON mentions (article_id);
CREATE INDEX mentions_entity ON mentions (entity_id);

CREATE TABLE roles (
    id              INTEGER PRIMARY KEY,
    person_id       INTEGER NOT NULL REFERENCES entities (id) ON DELETE CASCADE,
    role            TEXT NOT NULL,
    organisation_id INTEGER REFERENCES entities (id) ON DELETE CASCADE,
    article_id      INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    caption_id      INTEGER REFERENCES captions (id) ON DELETE CASCADE,
    start           INTEGER NOT NULL,
    "end"           INTEGER NOT NULL
);
CREATE INDEX roles_article ON roles (article_id);
CREATE INDEX roles_person ON roles (person_id);
CREATE INDEX roles_organisation ON roles (organisation_id);

CREATE TABLE quotes (
    id            INTEGER PRIMARY KEY,
    article_id    INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    caption_id    INTEGER REFERENCES captions (id) ON DELETE CASCADE,
    speaker_id    INTEGER REFERENCES entities (id) ON DELETE SET NULL,
    text          TEXT NOT NULL,
    cue           TEXT,
    direct        INTEGER NOT NULL,
    start         INTEGER NOT NULL,
    "end"         INTEGER NOT NULL,
    speaker_start INTEGER,
    speaker_end   INTEGER
);
CREATE INDEX quotes_article ON quotes (article_id);
CREATE INDEX quotes_speaker ON quotes (speaker_id);

CREATE TABLE dates (
    id         INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    caption_id INTEGER REFERENCES captions (id) ON DELETE CASCADE,
    start      INTEGER NOT NULL,
    "end"      INTEGER NOT NULL,
    text       TEXT NOT NULL,
    value      TEXT,                    -- ISO prefix at its precision: 2015-11, 2010s
    precision  TEXT,                    -- day, month, year, decade
    relative   INTEGER NOT NULL,
    resolved   INTEGER NOT NULL
);
CREATE INDEX dates_article ON dates (article_id);

CREATE TABLE events (
    id           INTEGER PRIMARY KEY,
    type         TEXT NOT NULL,         -- PLOVER type
    mode         TEXT,
    actor_id     INTEGER REFERENCES entities (id) ON DELETE SET NULL,
    target_id    INTEGER REFERENCES entities (id) ON DELETE SET NULL,
    place_id     INTEGER REFERENCES entities (id) ON DELETE SET NULL,
    date         TEXT,
    precision    TEXT,
    confidence   REAL NOT NULL,         -- the highest confidence among its sources
    negated      INTEGER NOT NULL DEFAULT 0,
    hypothetical INTEGER NOT NULL DEFAULT 0,
    future       INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX events_match ON events (type, actor_id, target_id);
CREATE INDEX events_actor ON events (actor_id);
CREATE INDEX events_target ON events (target_id);
CREATE INDEX events_place ON events (place_id);
CREATE INDEX events_date ON events (date);

CREATE TABLE event_sources (
    id         INTEGER PRIMARY KEY,
    event_id   INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    caption_id INTEGER REFERENCES captions (id) ON DELETE CASCADE,
    start      INTEGER NOT NULL,        -- the sentence span in the body (or caption)
    "end"      INTEGER NOT NULL,
    sentence   TEXT NOT NULL,
    trigger    TEXT,
    confidence REAL NOT NULL
);
CREATE UNIQUE INDEX event_sources_unique
    ON event_sources (event_id, article_id, IFNULL(caption_id, 0), start);
CREATE INDEX event_sources_article ON event_sources (article_id);

-- One row per enriched article: which pipeline (and version) produced its facts.
CREATE TABLE enrichments (
    article_id  INTEGER PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    model       TEXT NOT NULL,
    version     TEXT NOT NULL,
    enriched_at TEXT NOT NULL,
    status      TEXT NOT NULL DEFAULT 'ok'   -- ok, empty
);

-- An article whose body changes (a longer version of it arrived) loses the facts
-- found in the old body: their spans no longer point at the right characters.
-- It becomes pending again, so the next `enrich` redoes it.
CREATE TRIGGER knowledge_body_changed AFTER UPDATE OF body ON articles
WHEN old.body IS NOT new.body
BEGIN
    DELETE FROM enrichments WHERE article_id = new.id;
    DELETE FROM mentions WHERE article_id = new.id;
    DELETE FROM roles WHERE article_id = new.id;
    DELETE FROM quotes WHERE article_id = new.id;
    DELETE FROM dates WHERE article_id = new.id;
    DELETE FROM event_sources WHERE article_id = new.id;
    DELETE FROM events WHERE NOT EXISTS (SELECT 1 FROM event_sources s WHERE s.event_id = events.id);
END;

-- A caption added to an article already enriched (a copy of the article carried a
-- photo the first one lacked) makes the article pending again.
CREATE TRIGGER knowledge_caption_added AFTER INSERT ON captions
BEGIN
    DELETE FROM enrichments WHERE article_id = new.article_id;
END;
