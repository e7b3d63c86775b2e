//! SQLite, the embedded default: every SQL statement the server runs against SQLite lives here.
//!
//! One file in the data folder, in WAL mode (readers never block the writer), foreign keys on (so the
//! cascade works), and a busy timeout so that concurrent writers queue instead of failing.

use std::str::FromStr;
use std::time::Duration;

use async_trait::async_trait;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{QueryBuilder, Sqlite, SqlitePool};

use super::rows::{
    NotificationRow, PendingEmailRow, StoredInstant, TaskRow, UserRow, order_by, task_columns,
};
use super::{Credentials, DeliveredReminder, PoolStatus, Store, StoreResult};
use crate::domain::time::Timestamp;
use crate::domain::{
    CursorKey, Email, NewTask, Notification, NotificationId, NotificationQuery, PendingEmail, Priority,
    REMINDER_PREFIX, Sort, Task, TaskId, TaskListQuery, TaskPatch, User, UserId,
};

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");

#[derive(Clone)]
pub struct SqliteStore {
    pool: SqlitePool,
}

/// Connection options shared by the store and the embedded token store.
pub fn connect_options(url: &str) -> anyhow::Result<SqliteConnectOptions> {
    let options = SqliteConnectOptions::from_str(url)?;
    if let Some(dir) = options.get_filename().parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    Ok(options
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        // FULL: a write that was acknowledged survives a power cut, not only a crash.
        .synchronous(SqliteSynchronous::Full)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(5))
        .with_regexp())
}

impl SqliteStore {
    /// Opens (creating if needed) the database file and applies pending migrations.
    pub async fn open(url: &str, max_connections: u32) -> anyhow::Result<Self> {
        let pool = SqlitePoolOptions::new()
            .max_connections(max_connections)
            .acquire_timeout(Duration::from_secs(5))
            .connect_with(connect_options(url)?)
            .await?;
        MIGRATOR.run(&pool).await?;
        Ok(Self { pool })
    }

    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }
}

fn micros(t: Timestamp) -> i64 {
    t.timestamp_micros()
}

#[async_trait]
impl Store for SqliteStore {
    async fn ping(&self) -> StoreResult<()> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    fn pool_status(&self) -> PoolStatus {
        PoolStatus { open: self.pool.size(), idle: self.pool.num_idle() }
    }

    async fn create_user(&self, email: &Email, password_hash: &str, now: Timestamp) -> StoreResult<User> {
        let row: UserRow<i64> = sqlx::query_as(
            "INSERT INTO users (email, password_hash, created_at) VALUES (?1, ?2, ?3) \
             RETURNING id, email, created_at",
        )
        .bind(email.as_str())
        .bind(password_hash)
        .bind(micros(now))
        .fetch_one(&self.pool)
        .await?;
        Ok(row.into())
    }

    async fn user(&self, id: UserId) -> StoreResult<Option<User>> {
        let row: Option<UserRow<i64>> =
            sqlx::query_as("SELECT id, email, created_at FROM users WHERE id = ?1")
                .bind(id)
                .fetch_optional(&self.pool)
                .await?;
        Ok(row.map(User::from))
    }

    async fn credentials_by_email(&self, email: &Email) -> StoreResult<Option<Credentials>> {
        let row: Option<(i64, String)> =
            sqlx::query_as("SELECT id, password_hash FROM users WHERE email = ?1")
                .bind(email.as_str())
                .fetch_optional(&self.pool)
                .await?;
        Ok(row.map(|(user_id, password_hash)| Credentials { user_id, password_hash }))
    }

    async fn password_hash(&self, id: UserId) -> StoreResult<Option<String>> {
        let hash = sqlx::query_scalar("SELECT password_hash FROM users WHERE id = ?1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        Ok(hash)
    }

    async fn set_password_hash(&self, id: UserId, password_hash: &str) -> StoreResult<bool> {
        let result = sqlx::query("UPDATE users SET password_hash = ?2 WHERE id = ?1")
            .bind(id)
            .bind(password_hash)
            .execute(&self.pool)
            .await?;
        Ok(result.rows_affected() == 1)
    }

    async fn delete_user(&self, id: UserId) -> StoreResult<bool> {
        let result = sqlx::query("DELETE FROM users WHERE id = ?1").bind(id).execute(&self.pool).await?;
        Ok(result.rows_affected() == 1)
    }

    async fn create_task(&self, owner: UserId, task: &NewTask, now: Timestamp) -> StoreResult<Task> {
        let sql = concat!(
            "INSERT INTO tasks (user_id, title, description, due_date, completed, completed_at, priority, \
             remind_at, created_at, updated_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, CASE WHEN ?5 THEN ?8 END, ?6, ?7, ?8, ?8) RETURNING ",
            task_columns!()
        );
        let row: TaskRow<i64> = sqlx::query_as(sql)
            .bind(owner)
            .bind(task.title.as_str())
            .bind(task.description.as_ref().map(|d| d.as_str()))
            .bind(task.due_date.map(micros))
            .bind(task.completed)
            .bind(task.priority.rank())
            .bind(task.remind_at.map(micros))
            .bind(micros(now))
            .fetch_one(&self.pool)
            .await?;
        Ok(row.into())
    }

    async fn task(&self, owner: UserId, id: TaskId) -> StoreResult<Option<Task>> {
        let sql = concat!("SELECT ", task_columns!(), " FROM tasks WHERE id = ?1 AND user_id = ?2");
        let row: Option<TaskRow<i64>> =
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
               title = COALESCE(?3, title), \
               description = CASE WHEN ?4 THEN ?5 ELSE description END, \
               due_date = CASE WHEN ?6 THEN ?7 ELSE due_date END, \
               completed = COALESCE(?8, completed), \
               completed_at = CASE \
                 WHEN ?8 IS NULL THEN completed_at \
                 WHEN ?8 AND NOT completed THEN ?12 \
                 WHEN ?8 THEN completed_at \
                 ELSE NULL END, \
               priority = COALESCE(?9, priority), \
               remind_at = CASE WHEN ?10 THEN ?11 ELSE remind_at END, \
               reminded_at = CASE WHEN ?10 AND ?11 IS NOT remind_at THEN NULL ELSE reminded_at END, \
               updated_at = ?12 \
             WHERE id = ?1 AND user_id = ?2 \
             RETURNING ",
            task_columns!()
        );
        let row: Option<TaskRow<i64>> = sqlx::query_as(sql)
            .bind(id)
            .bind(owner)
            .bind(patch.title.as_ref().map(|t| t.as_str()))
            .bind(patch.description.is_some())
            .bind(patch.description.as_ref().and_then(|d| d.as_ref().map(|d| d.as_str())))
            .bind(patch.due_date.is_some())
            .bind(patch.due_date.flatten().map(micros))
            .bind(patch.completed)
            .bind(patch.priority.map(Priority::rank))
            .bind(patch.remind_at.is_some())
            .bind(patch.remind_at.flatten().map(micros))
            .bind(micros(now))
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.map(Task::from))
    }

    async fn delete_task(&self, owner: UserId, id: TaskId) -> StoreResult<bool> {
        let result = sqlx::query("DELETE FROM tasks WHERE id = ?1 AND user_id = ?2")
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
        let mut sql =
            QueryBuilder::<Sqlite>::new(concat!("SELECT ", task_columns!(), " FROM tasks WHERE user_id = "));
        sql.push_bind(owner);
        push_filters(&mut sql, query, now);
        push_keyset(&mut sql, query);
        sql.push(" ORDER BY ").push(order_by(query.sort)).push(" LIMIT ").push_bind(query.fetch_limit());
        let rows: Vec<TaskRow<i64>> = sql.build_query_as().fetch_all(&self.pool).await?;
        Ok(rows.into_iter().map(Task::from).collect())
    }

    async fn deliver_due_reminders(
        &self,
        now: Timestamp,
        batch: i64,
        email: bool,
    ) -> StoreResult<Vec<DeliveredReminder>> {
        // SQLite has one writer at a time: the first statement is a write, so the transaction holds
        // the write lock from its start and no other worker can claim the same rows.
        let mut tx = self.pool.begin().await?;
        let claimed: Vec<(i64, i64, String, i64)> = sqlx::query_as(
            "UPDATE tasks SET reminded_at = ?1 WHERE id IN ( \
               SELECT id FROM tasks WHERE remind_at <= ?1 AND reminded_at IS NULL AND completed = 0 \
               ORDER BY remind_at LIMIT ?2 \
             ) RETURNING id, user_id, title, remind_at",
        )
        .bind(micros(now))
        .bind(batch)
        .fetch_all(&mut *tx)
        .await?;
        for (task_id, user_id, title, _) in &claimed {
            sqlx::query(
                "INSERT INTO notifications (user_id, task_id, kind, message, created_at, email_pending, \
                 email_next_attempt_at) VALUES (?1, ?2, 'task_reminder', ?3, ?4, ?5, CASE WHEN ?5 THEN ?4 END)",
            )
            .bind(user_id)
            .bind(task_id)
            .bind(format!("{REMINDER_PREFIX}{title}"))
            .bind(micros(now))
            .bind(email)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(claimed
            .into_iter()
            .map(|(_, user_id, _, remind_at)| DeliveredReminder { user_id, remind_at: remind_at.instant() })
            .collect())
    }

    async fn next_reminder_due(&self) -> StoreResult<Option<Timestamp>> {
        let due: Option<i64> = sqlx::query_scalar(
            "SELECT min(remind_at) FROM tasks WHERE reminded_at IS NULL AND remind_at IS NOT NULL AND completed = 0",
        )
        .fetch_one(&self.pool)
        .await?;
        Ok(due.map(StoredInstant::instant))
    }

    async fn notifications(
        &self,
        owner: UserId,
        query: &NotificationQuery,
    ) -> StoreResult<Vec<Notification>> {
        let mut sql = QueryBuilder::<Sqlite>::new(
            "SELECT id, task_id, message, created_at, read_at FROM notifications WHERE user_id = ",
        );
        sql.push_bind(owner);
        if query.unread_only {
            sql.push(" AND read_at IS NULL");
        }
        if let Some((created_at, id)) = query.after {
            sql.push(" AND (created_at, id) < (")
                .push_bind(micros(created_at))
                .push(", ")
                .push_bind(id)
                .push(")");
        }
        sql.push(" ORDER BY created_at DESC, id DESC LIMIT ").push_bind(query.fetch_limit());
        let rows: Vec<NotificationRow<i64>> = sql.build_query_as().fetch_all(&self.pool).await?;
        Ok(rows.into_iter().map(Notification::from).collect())
    }

    async fn mark_notification_read(
        &self,
        owner: UserId,
        id: NotificationId,
        now: Timestamp,
    ) -> StoreResult<bool> {
        let result = sqlx::query(
            "UPDATE notifications SET read_at = COALESCE(read_at, ?3) WHERE id = ?1 AND user_id = ?2",
        )
        .bind(id)
        .bind(owner)
        .bind(micros(now))
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
            "UPDATE notifications SET email_next_attempt_at = ?2 \
             WHERE id IN ( \
               SELECT id FROM notifications WHERE email_pending AND email_next_attempt_at <= ?1 \
               ORDER BY email_next_attempt_at LIMIT ?3 \
             ) \
             RETURNING id, user_id, message, email_attempts, \
               (SELECT email FROM users WHERE users.id = notifications.user_id) AS email",
        )
        .bind(micros(now))
        .bind(micros(lease_until))
        .bind(batch)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().map(PendingEmail::from).collect())
    }

    async fn email_sent(&self, id: NotificationId, now: Timestamp) -> StoreResult<()> {
        sqlx::query(
            "UPDATE notifications SET email_pending = 0, emailed_at = ?2, email_attempts = email_attempts + 1, \
             email_next_attempt_at = NULL, email_last_error = NULL WHERE id = ?1",
        )
        .bind(id)
        .bind(micros(now))
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn email_failed(&self, id: NotificationId, retry_at: Timestamp, error: &str) -> StoreResult<()> {
        sqlx::query(
            "UPDATE notifications SET email_attempts = email_attempts + 1, email_next_attempt_at = ?2, \
             email_last_error = ?3 WHERE id = ?1 AND email_pending",
        )
        .bind(id)
        .bind(micros(retry_at))
        .bind(error)
        .execute(&self.pool)
        .await?;
        Ok(())
    }
}

fn push_filters(sql: &mut QueryBuilder<Sqlite>, query: &TaskListQuery, now: Timestamp) {
    let filter = &query.filter;
    if let Some(completed) = filter.completed {
        sql.push(" AND completed = ").push_bind(completed);
    }
    if !filter.priorities.is_empty() {
        sql.push(" AND priority IN (");
        let mut ranks = sql.separated(", ");
        for priority in &filter.priorities {
            ranks.push_bind(priority.rank());
        }
        sql.push(")");
    }
    if let Some(before) = filter.due_before {
        sql.push(" AND due_date < ").push_bind(micros(before));
    }
    if let Some(after) = filter.due_after {
        sql.push(" AND due_date >= ").push_bind(micros(after));
    }
    match filter.overdue {
        Some(true) => {
            sql.push(" AND NOT completed AND due_date < ").push_bind(micros(now));
        }
        Some(false) => {
            sql.push(" AND (completed OR due_date IS NULL OR due_date >= ").push_bind(micros(now)).push(")");
        }
        None => {}
    }
    if let Some(search) = &filter.search {
        // SQLite's LIKE folds only ASCII letters; a case-insensitive regex of the escaped text folds
        // every script, as PostgreSQL's ILIKE does.
        let pattern = format!("(?i){}", regex::escape(search));
        sql.push(" AND (title REGEXP ")
            .push_bind(pattern.clone())
            .push(" OR description REGEXP ")
            .push_bind(pattern)
            .push(")");
    }
}

/// Rows strictly after the cursor in the list order, as row-value comparisons on the index.
fn push_keyset(sql: &mut QueryBuilder<Sqlite>, query: &TaskListQuery) {
    let Some(cursor) = query.after else { return };
    let op = if query.sort.descending() { "<" } else { ">" };
    match (query.sort, cursor.key) {
        (Sort::CreatedAsc | Sort::CreatedDesc, CursorKey::Time(Some(created))) => {
            sql.push(format!(" AND (created_at, id) {op} (")).push_bind(micros(created)).push(", ");
            sql.push_bind(cursor.id).push(")");
        }
        (Sort::PriorityAsc | Sort::PriorityDesc, CursorKey::Priority(rank)) => {
            sql.push(format!(" AND (priority, id) {op} (")).push_bind(rank).push(", ");
            sql.push_bind(cursor.id).push(")");
        }
        // Undated tasks come last in both directions (see the PostgreSQL module).
        (Sort::DueAsc | Sort::DueDesc, CursorKey::Time(Some(due))) => {
            sql.push(format!(" AND (due_date IS NULL OR (due_date, id) {op} ("))
                .push_bind(micros(due))
                .push(", ");
            sql.push_bind(cursor.id).push("))");
        }
        (Sort::DueAsc | Sort::DueDesc, CursorKey::Time(None)) => {
            sql.push(format!(" AND due_date IS NULL AND id {op} ")).push_bind(cursor.id);
        }
        _ => unreachable!("Cursor::decode only lets through keys that fit their sort"),
    }
}
