-- The list request's two statements, as src/store/sql.rs builds them for
-- GET /tasks?limit=50 (first page) and GET /tasks?limit=50&cursor=… (keyset page), prepared and
-- explained with the generic plan, the one a long-lived prepared statement ends up using.
-- psql -v uid=… -v ts=… -v id=… (the deep page's boundary row).
\set ON_ERROR_STOP on
SET plan_cache_mode = force_generic_plan;
PREPARE first_page(bigint, bigint) AS
  SELECT tasks.*, (SELECT TRUE FROM reminders r WHERE r.task_id = tasks.id AND r.snoozed_from IS NULL LIMIT 1) IS NOT NULL
  FROM memberships m CROSS JOIN LATERAL (
    SELECT id, title, description, due_date, completed, completed_at, priority, created_at, updated_at, version, time_zone, recurrence, series_anchor, project_id, created_by, assignee_id, labels
    FROM tasks WHERE project_id = m.project_id ORDER BY created_at DESC, id DESC LIMIT $2) tasks
  WHERE m.user_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2;
PREPARE deep_page(bigint, timestamptz, bigint, bigint) AS
  SELECT tasks.*, (SELECT TRUE FROM reminders r WHERE r.task_id = tasks.id AND r.snoozed_from IS NULL LIMIT 1) IS NOT NULL
  FROM memberships m CROSS JOIN LATERAL (
    SELECT id, title, description, due_date, completed, completed_at, priority, created_at, updated_at, version, time_zone, recurrence, series_anchor, project_id, created_by, assignee_id, labels
    FROM tasks WHERE project_id = m.project_id AND (created_at, id) < ($2, $3)
    ORDER BY created_at DESC, id DESC LIMIT $4) tasks
  WHERE m.user_id = $1 ORDER BY created_at DESC, id DESC LIMIT $4;
\echo '--- first page: EXPLAIN (ANALYZE, BUFFERS) EXECUTE first_page(user, 51)'
EXPLAIN (ANALYZE, BUFFERS) EXECUTE first_page(:uid, 51);
\echo '--- deep page: EXPLAIN (ANALYZE, BUFFERS) EXECUTE deep_page(user, cursor created_at, cursor id, 51)'
EXPLAIN (ANALYZE, BUFFERS) EXECUTE deep_page(:uid, :'ts', :id, 51);
