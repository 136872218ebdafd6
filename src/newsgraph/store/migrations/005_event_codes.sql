-- Events carry the Phoenix country and sector of their actor and target, the CAMEO code
-- the verb dictionary gave, and the intention PLOVER codes (promise, threat, refusal).
ALTER TABLE events ADD COLUMN actor_country TEXT;
ALTER TABLE events ADD COLUMN target_country TEXT;
ALTER TABLE events ADD COLUMN actor_sector TEXT;
ALTER TABLE events ADD COLUMN target_sector TEXT;
ALTER TABLE events ADD COLUMN cameo TEXT;
ALTER TABLE events ADD COLUMN intent TEXT;
