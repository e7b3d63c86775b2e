-- The shared statements (src/store/sql.rs) say `NOT completed`, as PostgreSQL's do: SQLite uses a
-- partial index only when the query repeats its predicate, so the index says it the same way.
DROP INDEX tasks_due_reminders;
CREATE INDEX tasks_due_reminders ON tasks (remind_at) WHERE reminded_at IS NULL AND remind_at IS NOT NULL AND NOT completed;
