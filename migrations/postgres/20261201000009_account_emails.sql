-- The outbox of emails about the account itself (password resets), beside the notifications'.
-- A row waits until the SMTP server accepts it, retried with back-off, and is then deleted: its
-- body holds a reset link, so it is kept no longer than it must be, and never sent (but dropped)
-- after `expires_at`, when the link no longer works.
CREATE TABLE account_emails (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id         BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    subject         TEXT NOT NULL,
    body            TEXT NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL,
    expires_at      TIMESTAMPTZ NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMPTZ NOT NULL,
    last_error      TEXT
);
CREATE INDEX account_emails_due ON account_emails (next_attempt_at);
CREATE INDEX account_emails_user ON account_emails (user_id);
