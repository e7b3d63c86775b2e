-- The outbox of emails about the account itself (password resets): see migrations/postgres.
CREATE TABLE account_emails (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id         INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    subject         TEXT NOT NULL,
    body            TEXT NOT NULL,
    created_at      INTEGER NOT NULL,
    expires_at      INTEGER NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    last_error      TEXT
);
CREATE INDEX account_emails_due ON account_emails (next_attempt_at);
CREATE INDEX account_emails_user ON account_emails (user_id);
