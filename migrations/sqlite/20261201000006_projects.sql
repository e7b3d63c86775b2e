-- no-transaction
-- Projects and sharing (see migrations/postgres for why each column is there). SQLite cannot drop
-- tasks.user_id (it is a foreign key), so the table is rebuilt, with foreign keys off meanwhile so
-- that dropping the old table does not cascade into notifications, reminders and completions.
PRAGMA foreign_keys = OFF;
BEGIN;

CREATE TABLE projects (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    owner_id   INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name       TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    color      TEXT CHECK (color GLOB '#[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]'),
    inbox      INTEGER NOT NULL DEFAULT 0 CHECK (inbox IN (0, 1)),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX projects_one_inbox ON projects (owner_id) WHERE inbox;

CREATE TABLE memberships (
    project_id INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role       TEXT NOT NULL CHECK (role IN ('owner', 'admin', 'editor', 'viewer')),
    added_at   INTEGER NOT NULL,
    PRIMARY KEY (project_id, user_id)
);
CREATE INDEX memberships_user ON memberships (user_id, project_id);

INSERT INTO projects (owner_id, name, inbox, created_at, updated_at)
SELECT id, 'Inbox', 1, created_at, created_at FROM users;
INSERT INTO memberships (project_id, user_id, role, added_at)
SELECT id, owner_id, 'owner', created_at FROM projects;

CREATE TABLE tasks_rebuilt (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    project_id    INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    created_by    INTEGER REFERENCES users (id) ON DELETE SET NULL,
    assignee_id   INTEGER REFERENCES users (id) ON DELETE SET NULL,
    title         TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    description   TEXT CHECK (length(description) <= 10000),
    due_date      INTEGER,
    completed     INTEGER NOT NULL DEFAULT 0 CHECK (completed IN (0, 1)),
    completed_at  INTEGER,
    priority      INTEGER NOT NULL DEFAULT 1 CHECK (priority BETWEEN 0 AND 3),
    labels        TEXT NOT NULL DEFAULT '[]',
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL,
    version       INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
    time_zone     TEXT NOT NULL DEFAULT 'UTC',
    recurrence    TEXT,
    series_anchor INTEGER,
    CHECK (completed = (completed_at IS NOT NULL))
);
INSERT INTO tasks_rebuilt (id, project_id, created_by, title, description, due_date, completed, completed_at,
    priority, created_at, updated_at, version, time_zone, recurrence, series_anchor)
SELECT t.id, p.id, t.user_id, t.title, t.description, t.due_date, t.completed, t.completed_at,
    t.priority, t.created_at, t.updated_at, t.version, t.time_zone, t.recurrence, t.series_anchor
FROM tasks t JOIN projects p ON p.owner_id = t.user_id AND p.inbox;
DROP TABLE tasks;
ALTER TABLE tasks_rebuilt RENAME TO tasks;

CREATE INDEX tasks_project_created ON tasks (project_id, created_at, id);
CREATE INDEX tasks_project_priority ON tasks (project_id, priority, id);
CREATE INDEX tasks_project_due ON tasks (project_id, due_date, id);
CREATE INDEX tasks_assignee ON tasks (assignee_id) WHERE assignee_id IS NOT NULL;
CREATE INDEX tasks_created_by ON tasks (created_by);

CREATE TABLE task_labels (
    task_id INTEGER NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
    folded  TEXT NOT NULL,
    name    TEXT NOT NULL,
    PRIMARY KEY (task_id, folded)
);
CREATE INDEX task_labels_folded ON task_labels (folded, task_id);

COMMIT;
PRAGMA foreign_keys = ON;
