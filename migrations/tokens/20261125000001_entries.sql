-- The embedded token store: one table of expiring entries, the same model as the Redis keys.
-- `expires_at` is Unix milliseconds; an entry past it is treated as absent and swept later.
CREATE TABLE entries (
    key        TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    expires_at INTEGER NOT NULL
) WITHOUT ROWID;

CREATE INDEX entries_expiry ON entries (expires_at);
