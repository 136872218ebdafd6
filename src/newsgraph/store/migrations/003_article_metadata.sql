-- An article seen again may bring what its first copy lacked (a publication date from
-- HTML metadata, an author). A newly learned publication date changes how relative
-- dates ("last July") resolve, so the article is enriched again.
CREATE TRIGGER knowledge_published_changed AFTER UPDATE OF published ON articles
WHEN old.published IS NOT new.published
BEGIN
    DELETE FROM enrichments WHERE article_id = new.id;
END;
