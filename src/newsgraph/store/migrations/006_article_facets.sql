-- Search facets (site, agency, month) read the metadata of the best hits. In the articles
-- table those columns come after the body, so reading them walks each body's overflow
-- pages; this covering index holds them without the body.
CREATE INDEX articles_facets ON articles (id, site, agency, published, first_seen);
