-- Calendar feeds: one secret feed address per user, made on first request. The secret is the only
-- credential of GET /ical/{secret}.ics, so it is random (128 bits or more) and unique; rotating
-- replaces it, and the old address stops answering at once.
CREATE TABLE calendar_feeds (
    user_id    BIGINT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    secret     TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX calendar_feeds_secret ON calendar_feeds (secret);
