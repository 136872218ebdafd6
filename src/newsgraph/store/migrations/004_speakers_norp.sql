-- Quotes carry their speaker mention as written (text, and its kind: name, pronoun,
-- description or none), the organisation or country a description is linked to, and
-- the parts of a quote split by its cue or continued across paragraphs (JSON
-- [[start, end], ...]).
ALTER TABLE quotes ADD COLUMN speaker_text TEXT;
ALTER TABLE quotes ADD COLUMN speaker_kind TEXT NOT NULL DEFAULT 'none'
    CHECK (speaker_kind IN ('name', 'pronoun', 'description', 'none'));
ALTER TABLE quotes ADD COLUMN speaker_link_id INTEGER REFERENCES entities (id) ON DELETE SET NULL;
ALTER TABLE quotes ADD COLUMN parts TEXT;
UPDATE quotes SET speaker_kind = 'name' WHERE speaker_start IS NOT NULL;

-- Entities gain the type NORP (nationalities and groups: "Turkish", "Muslims").
-- The CHECK is widened in place: rebuilding the table would cascade deletes into
-- every table referencing it (foreign keys are on during migrations), and widening
-- a CHECK needs no change to stored rows. RESET reloads the schema at once.
PRAGMA writable_schema = ON;
UPDATE sqlite_master
SET sql = replace(sql, '''COUNTRY'', ''PLACE'')', '''COUNTRY'', ''PLACE'', ''NORP'')')
WHERE type = 'table' AND name = 'entities';
PRAGMA writable_schema = RESET;
