-- The same schema as migrations/postgres, in SQLite's terms. Instants are INTEGER microseconds
-- since the Unix epoch: they compare, sort and index as numbers, at the precision PostgreSQL keeps.

CREATE TABLE users (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    -- Stored trimmed and lower-cased by the application, so plain uniqueness is case-insensitive.
    email         TEXT NOT NULL UNIQUE CHECK (length(email) BETWEEN 3 AND 254),
    password_hash TEXT NOT NULL,
    created_at    INTEGER NOT NULL
);

CREATE TABLE tasks (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    title        TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    description  TEXT CHECK (length(description) <= 10000),
    due_date     INTEGER,
    completed    INTEGER NOT NULL DEFAULT 0 CHECK (completed IN (0, 1)),
    completed_at INTEGER,
    -- 0 low, 1 medium, 2 high, 3 urgent: the integer order is the priority order.
    priority     INTEGER NOT NULL DEFAULT 1 CHECK (priority BETWEEN 0 AND 3),
    remind_at    INTEGER,
    reminded_at  INTEGER,
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL,
    CHECK (completed = (completed_at IS NOT NULL))
);

-- Each list order is a keyset scan of one index: (owner, sort key, id).
CREATE INDEX tasks_owner_created ON tasks (user_id, created_at, id);
CREATE INDEX tasks_owner_priority ON tasks (user_id, priority, id);
CREATE INDEX tasks_owner_due ON tasks (user_id, due_date, id);
-- The reminder worker's scan: only armed, unsent reminders.
CREATE INDEX tasks_due_reminders ON tasks (remind_at) WHERE reminded_at IS NULL AND remind_at IS NOT NULL AND completed = 0;
