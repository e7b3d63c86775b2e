-- Bulk-inserts :per_user tasks for every user of the database (psql -v per_user=N).
-- Rows look like the ones the API creates (bench/src/seed.rs task_body): a third without a
-- description, a quarter without a due date, a fifth completed, the four priorities in turn.
-- created_at advances by one minute per task and a millisecond per user, so the list order is
-- the insertion order and every (created_at, id) is distinct. Each user's tasks go in their inbox
-- (made here for users seeded by SQL). No reminders: the worker is off.
\set ON_ERROR_STOP on
SET synchronous_commit = off;
INSERT INTO projects (owner_id, name, inbox, created_at, updated_at)
SELECT u.id, 'Inbox', TRUE, u.created_at, u.created_at FROM users u
WHERE NOT EXISTS (SELECT 1 FROM projects p WHERE p.owner_id = u.id AND p.inbox);
INSERT INTO memberships (project_id, user_id, role, added_at)
SELECT p.id, p.owner_id, 'owner', p.created_at FROM projects p
WHERE NOT EXISTS (SELECT 1 FROM memberships m WHERE m.project_id = p.id);
INSERT INTO tasks (project_id, created_by, title, description, due_date, completed, completed_at, priority,
                   created_at, updated_at)
SELECT p.id, u.id,
       'Task ' || g,
       CASE WHEN g % 3 = 0 THEN NULL
            ELSE 'Benchmark task description number ' || g || ', long enough to look like a real note about the work to be done.' END,
       CASE WHEN g % 4 = 0 THEN NULL ELSE t.ts + interval '3 days' END,
       g % 5 = 0,
       CASE WHEN g % 5 = 0 THEN t.ts + interval '1 day' END,
       (g % 4)::smallint,
       t.ts, t.ts
FROM users u
JOIN projects p ON p.owner_id = u.id AND p.inbox
CROSS JOIN generate_series(1, :per_user) AS g
CROSS JOIN LATERAL (SELECT timestamptz '2026-01-01 00:00:00+00' + g * interval '1 minute'
                                                                 + u.id * interval '1 millisecond' AS ts) AS t
ORDER BY u.id, g;
VACUUM ANALYZE tasks;
VACUUM ANALYZE users;
VACUUM ANALYZE projects;
VACUUM ANALYZE memberships;
SELECT count(*) AS tasks, count(DISTINCT created_by) AS users FROM tasks;
