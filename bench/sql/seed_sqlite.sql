-- The SQLite twin of seed_users.sql + seed_tasks.sql, for the embedded default's database file
-- (sqlite3 CLI; the server keeps it open in WAL mode meanwhile). Instants are INTEGER
-- microseconds since the Unix epoch (migrations/sqlite). The placeholders @N@, @PER_USER@,
-- @PREFIX@ and @HASH@ are filled in by scripts/bench.sh.
.bail on
PRAGMA busy_timeout = 5000;
BEGIN;
WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < @N@)
INSERT INTO users (email, password_hash, created_at)
SELECT '@PREFIX@-' || n || '@bench.example.com', '@HASH@', CAST(strftime('%s', 'now') AS INTEGER) * 1000000 FROM g;
INSERT INTO projects (owner_id, name, inbox, created_at, updated_at)
SELECT u.id, 'Inbox', 1, u.created_at, u.created_at FROM users u
WHERE NOT EXISTS (SELECT 1 FROM projects p WHERE p.owner_id = u.id AND p.inbox);
INSERT INTO memberships (project_id, user_id, role, added_at)
SELECT p.id, p.owner_id, 'owner', p.created_at FROM projects p
WHERE NOT EXISTS (SELECT 1 FROM memberships m WHERE m.project_id = p.id);
WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < @PER_USER@),
     t AS (SELECT u.id AS user_id, p.id AS project_id, g.n AS n,
                  1767225600000000 + g.n * 60000000 + u.id * 1000 AS ts
           FROM users u JOIN projects p ON p.owner_id = u.id AND p.inbox CROSS JOIN g)
INSERT INTO tasks (project_id, created_by, title, description, due_date, completed, completed_at, priority,
                   created_at, updated_at)
SELECT project_id, user_id,
       'Task ' || n,
       CASE WHEN n % 3 = 0 THEN NULL
            ELSE 'Benchmark task description number ' || n || ', long enough to look like a real note about the work to be done.' END,
       CASE WHEN n % 4 = 0 THEN NULL ELSE ts + 3 * 86400000000 END,
       CASE WHEN n % 5 = 0 THEN 1 ELSE 0 END,
       CASE WHEN n % 5 = 0 THEN ts + 86400000000 END,
       n % 4,
       ts, ts
FROM t ORDER BY user_id, n;
COMMIT;
ANALYZE;
SELECT count(*) || ' tasks, ' || count(DISTINCT created_by) || ' users' FROM tasks;
