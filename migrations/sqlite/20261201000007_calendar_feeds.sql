-- Calendar feeds (see migrations/postgres for why each column is there).
CREATE TABLE calendar_feeds (
    user_id    INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    secret     TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX calendar_feeds_secret ON calendar_feeds (secret);
