-- In-app notifications, and the email outbox that rides on them (see migrations/postgres).

CREATE TABLE notifications (
    id                    INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id               INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    task_id               INTEGER NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
    kind                  TEXT NOT NULL CHECK (kind IN ('task_reminder')),
    message               TEXT NOT NULL,
    created_at            INTEGER NOT NULL,
    read_at               INTEGER,
    email_pending         INTEGER NOT NULL DEFAULT 0 CHECK (email_pending IN (0, 1)),
    email_attempts        INTEGER NOT NULL DEFAULT 0,
    email_next_attempt_at INTEGER,
    emailed_at            INTEGER,
    email_last_error      TEXT,
    CHECK (NOT email_pending OR email_next_attempt_at IS NOT NULL)
);

CREATE INDEX notifications_owner_created ON notifications (user_id, created_at, id);
CREATE INDEX notifications_owner_unread ON notifications (user_id, created_at, id) WHERE read_at IS NULL;
CREATE INDEX notifications_task ON notifications (task_id);
CREATE INDEX notifications_email_outbox ON notifications (email_next_attempt_at) WHERE email_pending;
