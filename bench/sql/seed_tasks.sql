-- Bulk-inserts :per_user tasks for every user of the database (psql -v per_user=N).
-- Rows look like the ones the API creates (bench/src/seed.rs task_body): a third without a
-- description, a quarter without a due date, a fifth completed, the four priorities in turn.
-- created_at advances by one minute per task and a millisecond per user, so the list order is
-- the insertion order and every (created_at, id) is distinct. No reminders: the worker is off.
\set ON_ERROR_STOP on
SET synchronous_commit = off;
INSERT INTO tasks (user_id, title, description, due_date, completed, completed_at, priority,
                   remind_at, reminded_at, created_at, updated_at)
SELECT u.id,
       'Task ' || g,
       CASE WHEN g % 3 = 0 THEN NULL
            ELSE 'Benchmark task description number ' || g || ', long enough to look like a real note about the work to be done.' END,
       CASE WHEN g % 4 = 0 THEN NULL ELSE t.ts + interval '3 days' END,
       g % 5 = 0,
       CASE WHEN g % 5 = 0 THEN t.ts + interval '1 day' END,
       (g % 4)::smallint,
       NULL, NULL,
       t.ts, t.ts
FROM users u
CROSS JOIN generate_series(1, :per_user) AS g
CROSS JOIN LATERAL (SELECT timestamptz '2026-01-01 00:00:00+00' + g * interval '1 minute'
                                                                 + u.id * interval '1 millisecond' AS ts) AS t
ORDER BY u.id, g;
VACUUM ANALYZE tasks;
VACUUM ANALYZE users;
SELECT count(*) AS tasks, count(DISTINCT user_id) AS users FROM tasks;
