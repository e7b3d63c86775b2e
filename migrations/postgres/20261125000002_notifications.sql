-- In-app notifications, and the email outbox that rides on them.

CREATE TABLE notifications (
    id                    BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id               BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- A reminder about a task that no longer exists is noise: it goes with its task.
    task_id               BIGINT NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
    kind                  TEXT NOT NULL CHECK (kind IN ('task_reminder')),
    message               TEXT NOT NULL,
    created_at            TIMESTAMPTZ NOT NULL,
    read_at               TIMESTAMPTZ,
    -- Outbox: pending until the SMTP server has accepted the email; retried with back-off.
    email_pending         BOOLEAN NOT NULL DEFAULT FALSE,
    email_attempts        INTEGER NOT NULL DEFAULT 0,
    email_next_attempt_at TIMESTAMPTZ,
    emailed_at            TIMESTAMPTZ,
    email_last_error      TEXT,
    CONSTRAINT notifications_pending_is_scheduled CHECK (NOT email_pending OR email_next_attempt_at IS NOT NULL)
);

-- Newest first, all or unread only: keyset scans of (owner, created_at, id).
CREATE INDEX notifications_owner_created ON notifications (user_id, created_at DESC, id DESC);
CREATE INDEX notifications_owner_unread ON notifications (user_id, created_at DESC, id DESC) WHERE read_at IS NULL;
CREATE INDEX notifications_task ON notifications (task_id);
CREATE INDEX notifications_email_outbox ON notifications (email_next_attempt_at) WHERE email_pending;
