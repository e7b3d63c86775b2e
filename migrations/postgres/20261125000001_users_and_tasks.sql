-- Users and their tasks. The database owns the invariants it can check; the application's domain
-- types check the same rules first, so a violation here is a bug, not user input.

CREATE TABLE users (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- Stored trimmed and lower-cased by the application, so plain uniqueness is case-insensitive.
    email         TEXT NOT NULL CHECK (char_length(email) BETWEEN 3 AND 254),
    password_hash TEXT NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX users_email_key ON users (email);

CREATE TABLE tasks (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id      BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    title        TEXT NOT NULL CHECK (char_length(title) BETWEEN 1 AND 200),
    description  TEXT CHECK (char_length(description) <= 10000),
    due_date     TIMESTAMPTZ,
    completed    BOOLEAN NOT NULL DEFAULT FALSE,
    completed_at TIMESTAMPTZ,
    -- 0 low, 1 medium, 2 high, 3 urgent: the integer order is the priority order.
    priority     SMALLINT NOT NULL DEFAULT 1 CHECK (priority BETWEEN 0 AND 3),
    remind_at    TIMESTAMPTZ,
    reminded_at  TIMESTAMPTZ,
    created_at   TIMESTAMPTZ NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL,
    CONSTRAINT tasks_completed_at_matches CHECK (completed = (completed_at IS NOT NULL))
);

-- Each list order is a keyset scan of one index: (owner, sort key, id). PostgreSQL reads them
-- backwards for the descending orders.
CREATE INDEX tasks_owner_created ON tasks (user_id, created_at, id);
CREATE INDEX tasks_owner_priority ON tasks (user_id, priority, id);
-- ASC NULLS LAST for `due_date`, and a second index for `-due_date`, which also puts nulls last.
CREATE INDEX tasks_owner_due ON tasks (user_id, due_date ASC NULLS LAST, id);
CREATE INDEX tasks_owner_due_desc ON tasks (user_id, due_date DESC NULLS LAST, id DESC);
-- The reminder worker's scan: only armed, unsent reminders.
CREATE INDEX tasks_due_reminders ON tasks (remind_at) WHERE reminded_at IS NULL AND remind_at IS NOT NULL AND NOT completed;
