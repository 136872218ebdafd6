-- The title an article had on each page it occurred on. When a stored article turns out to be
-- two articles run together (a page the segmentation did not split) and is divided into the
-- articles its later copies show, each part takes the title of the copy it is made from.
ALTER TABLE occurrences ADD COLUMN title TEXT;

-- Occurrences of a page that holds much more than the article it was merged into (a page
-- of two articles whose first is already stored): their fingerprint keys, so that the other
-- article, stored later, is recognised on that page too.
CREATE TABLE container_keys (
    key            INTEGER NOT NULL,
    occurrence_id  INTEGER NOT NULL REFERENCES occurrences(id) ON DELETE CASCADE,
    PRIMARY KEY (key, occurrence_id)
) WITHOUT ROWID;
CREATE INDEX container_keys_occurrence ON container_keys(occurrence_id);
