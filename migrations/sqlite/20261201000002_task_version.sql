-- Every change to a task makes a new version (its ETag), so that a client can ask for a change
-- to apply only to the version it saw (If-Match) and two tabs never overwrite each other unawares.
ALTER TABLE tasks ADD COLUMN version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1);
