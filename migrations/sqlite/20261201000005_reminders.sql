-- Several reminders per task, and the completions of each task (see migrations/postgres for why
-- each column is there).
CREATE TABLE reminders (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    task_id            INTEGER NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
    at                 INTEGER,
    before_due_minutes INTEGER CHECK (before_due_minutes BETWEEN 0 AND 525600),
    snoozed_from       INTEGER UNIQUE,
    fires_at           INTEGER NOT NULL,
    sent_at            INTEGER,
    armed              INTEGER NOT NULL CHECK (armed IN (0, 1)),
    CHECK ((at IS NULL) <> (before_due_minutes IS NULL)),
    CHECK (snoozed_from IS NULL OR at IS NOT NULL)
);
-- The worker's claim repeats this predicate (`armed`), so SQLite uses the partial index.
CREATE INDEX reminders_due ON reminders (fires_at) WHERE armed;
CREATE INDEX reminders_task ON reminders (task_id, fires_at, id);

INSERT INTO reminders (task_id, at, fires_at, sent_at, armed)
SELECT id, remind_at, remind_at, reminded_at, reminded_at IS NULL AND NOT completed
FROM tasks WHERE remind_at IS NOT NULL;

ALTER TABLE notifications ADD COLUMN reminder_id INTEGER;
ALTER TABLE notifications ADD COLUMN fires_at INTEGER NOT NULL DEFAULT 0;
UPDATE notifications SET reminder_id = (SELECT id FROM reminders WHERE reminders.task_id = notifications.task_id),
    fires_at = created_at;

DROP INDEX tasks_due_reminders;
ALTER TABLE tasks DROP COLUMN remind_at;
ALTER TABLE tasks DROP COLUMN reminded_at;

CREATE TABLE completions (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    task_id      INTEGER NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
    due_date     INTEGER,
    completed_at INTEGER NOT NULL,
    completed_by INTEGER REFERENCES users (id) ON DELETE SET NULL
);
CREATE INDEX completions_task ON completions (task_id, completed_at, id);
