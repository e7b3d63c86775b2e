//! PostgreSQL: every SQL statement the server runs against PostgreSQL lives here.

use std::time::Duration;

use async_trait::async_trait;
use sqlx::migrate::MigrateDatabase;
use sqlx::postgres::{PgConnectOptions, PgListener, PgPoolOptions};
use sqlx::{PgPool, Postgres, QueryBuilder};
use tokio::sync::Mutex;

use super::rows::{NotificationRow, PendingEmailRow, TaskRow, UserRow, order_by, task_columns};
use super::{Credentials, DeliveredReminder, PoolStatus, Store, StoreResult};
use crate::domain::time::Timestamp;
use crate::domain::{
    CursorKey, Email, NewTask, Notification, NotificationId, NotificationQuery, PendingEmail, Priority,
    REMINDER_PREFIX, Sort, Task, TaskId, TaskListQuery, TaskPatch, User, UserId,
};

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

pub struct PgStore {
    pool: PgPool,
    /// LISTENs for `REMINDER_CHANNEL` on a connection of its own, opened on first use.
    listener: Mutex<Option<PgListener>>,
    options: PgConnectOptions,
}

/// Notified by a trigger (see the migrations) whenever a reminder is armed or moved.
const REMINDER_CHANNEL: &str = "tasktracker_reminders";

impl PgStore {
    /// Connects lazily (the first query opens a connection), so a database that is down at start-up
    /// answers 503 instead of keeping the server from starting.
    pub fn connect_lazy(url: &str, max_connections: u32) -> anyhow::Result<Self> {
        let options: PgConnectOptions = url.parse()?;
        let pool = PgPoolOptions::new()
            .max_connections(max_connections)
            // A request waits this long for a connection before it is told 503.
            .acquire_timeout(Duration::from_secs(3))
            .connect_lazy_with(options.clone());
        Ok(Self { pool, listener: Mutex::new(None), options })
    }

    /// Creates the database when it does not exist yet, then applies pending migrations.
    pub async fn migrate(url: &str) -> anyhow::Result<()> {
        if !Postgres::database_exists(url).await? {
            Postgres::create_database(url).await?;
        }
        let pool = PgPoolOptions::new().max_connections(1).connect(url).await?;
        MIGRATOR.run(&pool).await?;
        pool.close().await;
        Ok(())
    }

    pub fn pool(&self) -> &PgPool {
        &self.pool
    }
}

#[async_trait]
impl Store for PgStore {
    async fn ping(&self) -> StoreResult<()> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    fn pool_status(&self) -> PoolStatus {
        PoolStatus { open: self.pool.size(), idle: self.pool.num_idle() }
    }

    async fn create_user(&self, email: &Email, password_hash: &str, now: Timestamp) -> StoreResult<User> {
        let row: UserRow<Timestamp> = sqlx::query_as(
            "INSERT INTO users (email, password_hash, created_at) VALUES ($1, $2, $3) \
             RETURNING id, email, created_at",
        )
        .bind(email.as_str())
        .bind(password_hash)
        .bind(now)
        .fetch_one(&self.pool)
        .await?;
        Ok(row.into())
    }

    async fn user(&self, id: UserId) -> StoreResult<Option<User>> {
        let row: Option<UserRow<Timestamp>> =
            sqlx::query_as("SELECT id, email, created_at FROM users WHERE id = $1")
                .bind(id)
                .fetch_optional(&self.pool)
                .await?;
        Ok(row.map(User::from))
    }

    async fn credentials_by_email(&self, email: &Email) -> StoreResult<Option<Credentials>> {
        let row: Option<(i64, String)> =
            sqlx::query_as("SELECT id, password_hash FROM users WHERE email = $1")
                .bind(email.as_str())
                .fetch_optional(&self.pool)
                .await?;
        Ok(row.map(|(user_id, password_hash)| Credentials { user_id, password_hash }))
    }

    async fn password_hash(&self, id: UserId) -> StoreResult<Option<String>> {
        let hash = sqlx::query_scalar("SELECT password_hash FROM users WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        Ok(hash)
    }

    async fn set_password_hash(&self, id: UserId, password_hash: &str) -> StoreResult<bool> {
        let result = sqlx::query("UPDATE users SET password_hash = $2 WHERE id = $1")
            .bind(id)
            .bind(password_hash)
            .execute(&self.pool)
            .await?;
        Ok(result.rows_affected() == 1)
    }

    async fn delete_user(&self, id: UserId) -> StoreResult<bool> {
        let result = sqlx::query("DELETE FROM users WHERE id = $1").bind(id).execute(&self.pool).await?;
        Ok(result.rows_affected() == 1)
    }

    async fn create_task(&self, owner: UserId, task: &NewTask, now: Timestamp) -> StoreResult<Task> {
        let sql = concat!(
            "INSERT INTO tasks (user_id, title, description, due_date, completed, completed_at, priority, \
             remind_at, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, CASE WHEN $5 THEN $8 END, $6, $7, $8, $8) RETURNING ",
            task_columns!()
        );
        let row: TaskRow<Timestamp> = sqlx::query_as(sql)
            .bind(owner)
            .bind(task.title.as_str())
            .bind(task.description.as_ref().map(|d| d.as_str()))
            .bind(task.due_date)
            .bind(task.completed)
            .bind(task.priority.rank())
            .bind(task.remind_at)
            .bind(now)
            .fetch_one(&self.pool)
            .await?;
        Ok(row.into())
    }

    async fn task(&self, owner: UserId, id: TaskId) -> StoreResult<Option<Task>> {
        let sql = concat!("SELECT ", task_columns!(), " FROM tasks WHERE id = $1 AND user_id = $2");
        let row: Option<TaskRow<Timestamp>> =
            sqlx::query_as(sql).bind(id).bind(owner).fetch_optional(&self.pool).await?;
        Ok(row.map(Task::from))
    }

    async fn update_task(
        &self,
        owner: UserId,
        id: TaskId,
        patch: &TaskPatch,
        now: Timestamp,
    ) -> StoreResult<Option<Task>> {
        // One statement, so the read of the old values and the write are atomic. On the right-hand
        // side of SET, column names are the values before the update.
        let sql = concat!(
            "UPDATE tasks SET \
               title = COALESCE($3, title), \
               description = CASE WHEN $4 THEN $5 ELSE description END, \
               due_date = CASE WHEN $6 THEN $7 ELSE due_date END, \
               completed = COALESCE($8, completed), \
               completed_at = CASE \
                 WHEN $8 IS NULL THEN completed_at \
                 WHEN $8 AND NOT completed THEN $12 \
                 WHEN $8 THEN completed_at \
                 ELSE NULL END, \
               priority = COALESCE($9, priority), \
               remind_at = CASE WHEN $10 THEN $11 ELSE remind_at END, \
               reminded_at = CASE WHEN $10 AND $11 IS DISTINCT FROM remind_at THEN NULL ELSE reminded_at END, \
               updated_at = $12 \
             WHERE id = $1 AND user_id = $2 \
             RETURNING ",
            task_columns!()
        );
        let row: Option<TaskRow<Timestamp>> = sqlx::query_as(sql)
            .bind(id)
            .bind(owner)
            .bind(patch.title.as_ref().map(|t| t.as_str()))
            .bind(patch.description.is_some())
            .bind(patch.description.as_ref().and_then(|d| d.as_ref().map(|d| d.as_str())))
            .bind(patch.due_date.is_some())
            .bind(patch.due_date.flatten())
            .bind(patch.completed)
            .bind(patch.priority.map(Priority::rank))
            .bind(patch.remind_at.is_some())
            .bind(patch.remind_at.flatten())
            .bind(now)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.map(Task::from))
    }

    async fn delete_task(&self, owner: UserId, id: TaskId) -> StoreResult<bool> {
        let result = sqlx::query("DELETE FROM tasks WHERE id = $1 AND user_id = $2")
            .bind(id)
            .bind(owner)
            .execute(&self.pool)
            .await?;
        Ok(result.rows_affected() == 1)
    }

    async fn list_tasks(
        &self,
        owner: UserId,
        query: &TaskListQuery,
        now: Timestamp,
    ) -> StoreResult<Vec<Task>> {
        let mut sql = QueryBuilder::<Postgres>::new(concat!(
            "SELECT ",
            task_columns!(),
            " FROM tasks WHERE user_id = "
        ));
        sql.push_bind(owner);
        push_filters(&mut sql, query, now);
        push_keyset(&mut sql, query);
        sql.push(" ORDER BY ").push(order_by(query.sort)).push(" LIMIT ").push_bind(query.fetch_limit());
        let rows: Vec<TaskRow<Timestamp>> = sql.build_query_as().fetch_all(&self.pool).await?;
        Ok(rows.into_iter().map(Task::from).collect())
    }

    async fn deliver_due_reminders(
        &self,
        now: Timestamp,
        batch: i64,
        email: bool,
    ) -> StoreResult<Vec<DeliveredReminder>> {
        // One statement is one transaction: claim the due tasks (SKIP LOCKED, so concurrent workers
        // take disjoint batches and never wait on each other), mark them, create their notifications.
        let delivered: Vec<DeliveredReminder> = sqlx::query_as(
            "WITH due AS ( \
               SELECT id FROM tasks \
               WHERE remind_at <= $1 AND reminded_at IS NULL AND NOT completed \
               ORDER BY remind_at LIMIT $2 FOR UPDATE SKIP LOCKED \
             ), claimed AS ( \
               UPDATE tasks SET reminded_at = $1 FROM due WHERE tasks.id = due.id \
               RETURNING tasks.id, tasks.user_id, tasks.title, tasks.remind_at \
             ), notified AS ( \
               INSERT INTO notifications (user_id, task_id, kind, message, created_at, email_pending, email_next_attempt_at) \
               SELECT user_id, id, 'task_reminder', $4 || title, $1, $3, CASE WHEN $3 THEN $1 END FROM claimed \
             ) \
             SELECT user_id, remind_at FROM claimed",
        )
        .bind(now)
        .bind(batch)
        .bind(email)
        .bind(REMINDER_PREFIX)
        .fetch_all(&self.pool)
        .await?;
        Ok(delivered)
    }

    async fn next_reminder_due(&self) -> StoreResult<Option<Timestamp>> {
        let due = sqlx::query_scalar(
            "SELECT min(remind_at) FROM tasks WHERE reminded_at IS NULL AND remind_at IS NOT NULL AND NOT completed",
        )
        .fetch_one(&self.pool)
        .await?;
        Ok(due)
    }

    async fn reminders_changed(&self) -> StoreResult<()> {
        let mut listener = self.listener.lock().await;
        if listener.is_none() {
            let connection = PgPoolOptions::new().max_connections(1).connect_lazy_with(self.options.clone());
            let mut fresh = PgListener::connect_with(&connection).await?;
            fresh.listen(REMINDER_CHANNEL).await?;
            *listener = Some(fresh);
        }
        let Some(active) = listener.as_mut() else { unreachable!("set just above") };
        // `recv` reconnects by itself after a lost connection.
        if let Err(err) = active.recv().await {
            *listener = None;
            return Err(err.into());
        }
        Ok(())
    }

    async fn notifications(
        &self,
        owner: UserId,
        query: &NotificationQuery,
    ) -> StoreResult<Vec<Notification>> {
        let mut sql = QueryBuilder::<Postgres>::new(
            "SELECT id, task_id, message, created_at, read_at FROM notifications WHERE user_id = ",
        );
        sql.push_bind(owner);
        if query.unread_only {
            sql.push(" AND read_at IS NULL");
        }
        if let Some((created_at, id)) = query.after {
            sql.push(" AND (created_at, id) < (").push_bind(created_at).push(", ").push_bind(id).push(")");
        }
        sql.push(" ORDER BY created_at DESC, id DESC LIMIT ").push_bind(query.fetch_limit());
        let rows: Vec<NotificationRow<Timestamp>> = sql.build_query_as().fetch_all(&self.pool).await?;
        Ok(rows.into_iter().map(Notification::from).collect())
    }

    async fn mark_notification_read(
        &self,
        owner: UserId,
        id: NotificationId,
        now: Timestamp,
    ) -> StoreResult<bool> {
        let result = sqlx::query(
            "UPDATE notifications SET read_at = COALESCE(read_at, $3) WHERE id = $1 AND user_id = $2",
        )
        .bind(id)
        .bind(owner)
        .bind(now)
        .execute(&self.pool)
        .await?;
        Ok(result.rows_affected() == 1)
    }

    async fn claim_emails(
        &self,
        now: Timestamp,
        lease_until: Timestamp,
        batch: i64,
    ) -> StoreResult<Vec<PendingEmail>> {
        let rows: Vec<PendingEmailRow> = sqlx::query_as(
            "UPDATE notifications SET email_next_attempt_at = $2 \
             WHERE id IN ( \
               SELECT id FROM notifications WHERE email_pending AND email_next_attempt_at <= $1 \
               ORDER BY email_next_attempt_at LIMIT $3 FOR UPDATE SKIP LOCKED \
             ) \
             RETURNING id, user_id, message, email_attempts, \
               (SELECT email FROM users WHERE users.id = notifications.user_id) AS email",
        )
        .bind(now)
        .bind(lease_until)
        .bind(batch)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().map(PendingEmail::from).collect())
    }

    async fn email_sent(&self, id: NotificationId, now: Timestamp) -> StoreResult<()> {
        sqlx::query(
            "UPDATE notifications SET email_pending = FALSE, emailed_at = $2, email_attempts = email_attempts + 1, \
             email_next_attempt_at = NULL, email_last_error = NULL WHERE id = $1",
        )
        .bind(id)
        .bind(now)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn email_failed(&self, id: NotificationId, retry_at: Timestamp, error: &str) -> StoreResult<()> {
        sqlx::query(
            "UPDATE notifications SET email_attempts = email_attempts + 1, email_next_attempt_at = $2, \
             email_last_error = $3 WHERE id = $1 AND email_pending",
        )
        .bind(id)
        .bind(retry_at)
        .bind(error)
        .execute(&self.pool)
        .await?;
        Ok(())
    }
}

fn push_filters(sql: &mut QueryBuilder<Postgres>, query: &TaskListQuery, now: Timestamp) {
    let filter = &query.filter;
    if let Some(completed) = filter.completed {
        sql.push(" AND completed = ").push_bind(completed);
    }
    if !filter.priorities.is_empty() {
        let ranks: Vec<i16> = filter.priorities.iter().map(|p| p.rank()).collect();
        sql.push(" AND priority = ANY(").push_bind(ranks).push(")");
    }
    if let Some(before) = filter.due_before {
        sql.push(" AND due_date < ").push_bind(before);
    }
    if let Some(after) = filter.due_after {
        sql.push(" AND due_date >= ").push_bind(after);
    }
    match filter.overdue {
        Some(true) => {
            sql.push(" AND NOT completed AND due_date < ").push_bind(now);
        }
        Some(false) => {
            sql.push(" AND (completed OR due_date IS NULL OR due_date >= ").push_bind(now).push(")");
        }
        None => {}
    }
    if let Some(search) = &filter.search {
        let pattern = format!("%{}%", escape_like(search));
        sql.push(" AND (title ILIKE ")
            .push_bind(pattern.clone())
            .push(" ESCAPE '\\' OR description ILIKE ")
            .push_bind(pattern)
            .push(" ESCAPE '\\')");
    }
}

/// Rows strictly after the cursor in the list order; row comparisons let PostgreSQL seek the index.
fn push_keyset(sql: &mut QueryBuilder<Postgres>, query: &TaskListQuery) {
    let Some(cursor) = query.after else { return };
    let op = if query.sort.descending() { "<" } else { ">" };
    match (query.sort, cursor.key) {
        (Sort::CreatedAsc | Sort::CreatedDesc, CursorKey::Time(Some(created))) => {
            sql.push(format!(" AND (created_at, id) {op} (")).push_bind(created).push(", ");
            sql.push_bind(cursor.id).push(")");
        }
        (Sort::PriorityAsc | Sort::PriorityDesc, CursorKey::Priority(rank)) => {
            sql.push(format!(" AND (priority, id) {op} (")).push_bind(rank).push(", ");
            sql.push_bind(cursor.id).push(")");
        }
        // Undated tasks come last in both directions: after a dated row come later dated rows, then
        // every undated one; after an undated row come only undated rows with a later id.
        (Sort::DueAsc | Sort::DueDesc, CursorKey::Time(Some(due))) => {
            sql.push(format!(" AND (due_date IS NULL OR (due_date, id) {op} (")).push_bind(due).push(", ");
            sql.push_bind(cursor.id).push("))");
        }
        (Sort::DueAsc | Sort::DueDesc, CursorKey::Time(None)) => {
            sql.push(format!(" AND due_date IS NULL AND id {op} ")).push_bind(cursor.id);
        }
        // `Cursor::decode` only lets through keys that fit their sort.
        _ => unreachable!("cursor key does not fit its sort"),
    }
}

/// Makes `%`, `_` and `\` in user input match themselves in a LIKE pattern.
fn escape_like(input: &str) -> String {
    let mut escaped = String::with_capacity(input.len());
    for c in input.chars() {
        if matches!(c, '%' | '_' | '\\') {
            escaped.push('\\');
        }
        escaped.push(c);
    }
    escaped
}
