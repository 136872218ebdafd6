-- The article store: pages as read, articles once, every place each article occurred,
-- the persistent dedup index (body hashes, LSH bands, paragraph keys), site line counts,
-- and full-text search over titles and bodies (diacritics folded).

-- Facts about the store itself (e.g. the fingerprint scheme its dedup index was built with).
CREATE TABLE store_meta (
    key         TEXT PRIMARY KEY,
    value       TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE pages (
    id          INTEGER PRIMARY KEY,
    hash        TEXT NOT NULL UNIQUE,          -- content_hash of the normalised page text
    source      TEXT NOT NULL,
    record      TEXT,
    format      TEXT NOT NULL,
    url         TEXT,                          -- normalised; second identity of a page
    site        TEXT,
    fetched_at  TEXT,
    published   TEXT,
    title       TEXT,
    author      TEXT,
    language    TEXT,
    description TEXT,
    raw         BLOB,                          -- zlib-compressed bytes as read; NULL: none; empty: same as text
    text        BLOB NOT NULL,                 -- zlib-compressed UTF-8 page text (span coordinates)
    added_at    TEXT NOT NULL
);
CREATE INDEX pages_url ON pages(url);
CREATE INDEX pages_site ON pages(site);

CREATE TABLE articles (
    id          INTEGER PRIMARY KEY,
    title       TEXT,
    body        TEXT NOT NULL,                 -- paragraphs joined by blank lines
    agency      TEXT,
    author      TEXT,
    published   TEXT,
    language    TEXT,
    site        TEXT,                          -- site of the page it was first seen on
    body_hash   TEXT NOT NULL,
    signature   BLOB NOT NULL,                 -- MinHash values, uint32 little-endian
    shingles    INTEGER NOT NULL,              -- distinct shingles in the body
    first_seen  TEXT NOT NULL,                 -- fetch time of its first page, else ingest time
    updated_at  TEXT NOT NULL                  -- last time a copy (occurrence, caption) was added
);
CREATE INDEX articles_site ON articles(site);

CREATE TABLE captions (
    id          INTEGER PRIMARY KEY,
    article_id  INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    text        TEXT NOT NULL,
    credit      TEXT,
    UNIQUE (article_id, text)
);

CREATE TABLE subheadings (
    id          INTEGER PRIMARY KEY,
    article_id  INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    text        TEXT NOT NULL,
    before_paragraph INTEGER NOT NULL
);
CREATE INDEX subheadings_article ON subheadings(article_id);

CREATE TABLE occurrences (
    id          INTEGER PRIMARY KEY,
    article_id  INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    page_id     INTEGER NOT NULL REFERENCES pages(id) ON DELETE CASCADE,
    start       INTEGER NOT NULL,              -- article region on the page text
    "end"       INTEGER NOT NULL,
    spans       TEXT NOT NULL,                 -- JSON [[start, end], ...] of each paragraph on the page
    match       TEXT NOT NULL,                 -- first | exact | near | contained | contains
    similarity  REAL NOT NULL,
    UNIQUE (article_id, page_id, start)
);
CREATE INDEX occurrences_page ON occurrences(page_id);

-- Persistent dedup index.
CREATE TABLE body_hashes (
    hash        TEXT PRIMARY KEY,
    article_id  INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE
) WITHOUT ROWID;

CREATE TABLE lsh_bands (
    key         INTEGER NOT NULL,              -- band number mixed into the bucket key
    article_id  INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    PRIMARY KEY (key, article_id)
) WITHOUT ROWID;

CREATE TABLE paragraph_keys (
    key         INTEGER NOT NULL,
    article_id  INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    PRIMARY KEY (key, article_id)
) WITHOUT ROWID;

-- Site templates: how many pages of a site carried each line key. Written once per batch;
-- no foreign key on site_id (checked by the code) to keep these frequent writes cheap.
CREATE TABLE sites (
    id          INTEGER PRIMARY KEY,
    site        TEXT NOT NULL UNIQUE,
    pages       INTEGER NOT NULL
);

CREATE TABLE site_lines (
    site_id     INTEGER NOT NULL,
    key         NOT NULL,                      -- a 16-hex-digit key as a signed 64-bit integer, else text
    pages       INTEGER NOT NULL,
    PRIMARY KEY (site_id, key)
) WITHOUT ROWID;
-- Only lines seen on two pages or more are indexed by count: most lines are seen once.
CREATE INDEX site_lines_frequent ON site_lines(site_id, pages) WHERE pages >= 2;

-- Full-text search; diacritics folded so that "Turkiye" finds "Türkiye".
CREATE VIRTUAL TABLE articles_fts USING fts5(
    title, body,
    content = 'articles', content_rowid = 'id',
    tokenize = "unicode61 remove_diacritics 2"
);

CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts(rowid, title, body) VALUES (new.id, new.title, new.body);
END;

CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, body)
    VALUES ('delete', old.id, old.title, old.body);
END;

CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, body ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, body)
    VALUES ('delete', old.id, old.title, old.body);
    INSERT INTO articles_fts(rowid, title, body) VALUES (new.id, new.title, new.body);
END;
