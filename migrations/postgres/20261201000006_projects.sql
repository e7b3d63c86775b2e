-- Projects and sharing: every task belongs to a project; each user has one inbox; members have a
-- role. Existing users get an inbox holding their existing tasks.
CREATE TABLE projects (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    owner_id   BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name       TEXT NOT NULL CHECK (char_length(name) BETWEEN 1 AND 100),
    color      TEXT CHECK (color ~ '^#[0-9a-f]{6}$'),
    inbox      BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX projects_one_inbox ON projects (owner_id) WHERE inbox;

-- The owner is a member too (role 'owner'), so "may this user see this project" is one lookup.
CREATE TABLE memberships (
    project_id BIGINT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    user_id    BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role       TEXT NOT NULL CHECK (role IN ('owner', 'admin', 'editor', 'viewer')),
    added_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (project_id, user_id)
);
-- "Every project I am in": the caller's memberships by project.
CREATE INDEX memberships_user ON memberships (user_id, project_id);

INSERT INTO projects (owner_id, name, inbox, created_at, updated_at)
SELECT id, 'Inbox', TRUE, created_at, created_at FROM users;
INSERT INTO memberships (project_id, user_id, role, added_at)
SELECT id, owner_id, 'owner', created_at FROM projects;

-- Tasks: in a project; `created_by` survives as null when that account goes (its tasks in other
-- people's projects stay); an optional assignee; labels in the order written (`task_labels` holds
-- them folded, for filtering and counting).
ALTER TABLE tasks
    ADD COLUMN project_id  BIGINT REFERENCES projects (id) ON DELETE CASCADE,
    ADD COLUMN created_by  BIGINT REFERENCES users (id) ON DELETE SET NULL,
    ADD COLUMN assignee_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
    ADD COLUMN labels      TEXT NOT NULL DEFAULT '[]';
UPDATE tasks SET project_id = p.id, created_by = tasks.user_id
FROM projects p WHERE p.owner_id = tasks.user_id AND p.inbox;
ALTER TABLE tasks ALTER COLUMN project_id SET NOT NULL;

DROP INDEX tasks_owner_created;
DROP INDEX tasks_owner_priority;
DROP INDEX tasks_owner_due;
DROP INDEX tasks_owner_due_desc;
ALTER TABLE tasks DROP COLUMN user_id;
-- Each project's list orders are keyset scans of one index: (project, sort key, id).
CREATE INDEX tasks_project_created ON tasks (project_id, created_at, id);
CREATE INDEX tasks_project_priority ON tasks (project_id, priority, id);
CREATE INDEX tasks_project_due ON tasks (project_id, due_date ASC NULLS LAST, id);
CREATE INDEX tasks_project_due_desc ON tasks (project_id, due_date DESC NULLS LAST, id DESC);
CREATE INDEX tasks_assignee ON tasks (assignee_id) WHERE assignee_id IS NOT NULL;
CREATE INDEX tasks_created_by ON tasks (created_by);

CREATE TABLE task_labels (
    task_id BIGINT NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
    -- Lower-cased: labels compare case-insensitively everywhere.
    folded  TEXT NOT NULL,
    -- As this task spells it (`/labels` shows the spelling first used).
    name    TEXT NOT NULL,
    PRIMARY KEY (task_id, folded)
);
CREATE INDEX task_labels_folded ON task_labels (folded, task_id);
