//! Every statement the store runs, written once for both databases.
//!
//! Both accept `$N` placeholders, `RETURNING`, row-value comparisons, `NULLS LAST` and
//! `IS DISTINCT FROM`, and instants bind and decode as `StoredTime` on both; so the text of each
//! query is the same. Where the dialects really differ, the statement asks its `Dialect`: the
//! case-insensitive search, the row locking of a worker's claim, and the cross-process signal that
//! reminders changed. Connecting and migrating are each backend's own (`postgres.rs`, `sqlite.rs`).

use std::future::Future;

use async_trait::async_trait;
use sqlx::{
    AssertSqlSafe, ColumnIndex, Database, Decode, Encode, Executor, FromRow, IntoArguments, Pool,
    QueryBuilder, Row, Type,
};

use super::rows::PendingAccountEmailRow;
use super::rows::{
    ApiTokenGrantRow, ApiTokenRow, CompletionRow, MemberRow, NotificationRow, PendingEmailRow, ProjectRow,
    ReminderRow, StoredTime, TaskRow, UserRow, stored, stored_role,
};
use super::{
    AccountEmailContent, CalendarStamp, Credentials, DeliveredReminder, ImportedProject, LabelCount,
    MemberAdded, PendingAccountEmail, PoolStatus, Snoozed, Store, StoreError, StoreResult,
};
use crate::domain::time::Timestamp;
use crate::domain::{
    After, ApiToken, ApiTokenGrant, ApiTokenId, ApiTokenName, AssigneeFilter, Color, Completion,
    CompletionQuery, DayWindows, Email, Labels, Member, NewTask, Notification, NotificationId,
    NotificationQuery, PendingEmail, Project, ProjectId, ProjectName, ProjectTally, REMINDER_PREFIX,
    Reminder, ReminderTime, Role, Scopes, Sort, Task, TaskId, TaskListQuery, TimeZone, User, UserId,
};

/// What one database does its own way.
pub trait Dialect: Send + Sync + 'static {
    type Db: Database;

    /// Ends the `SELECT` that picks rows for a worker to claim: with several writers (PostgreSQL)
    /// it locks them and skips those another worker holds; with one writer at a time (SQLite) the
    /// transaction's write lock already keeps other workers out.
    const SKIP_LOCKED: &'static str;

    /// Ends a `SELECT` of rows the transaction is about to write on the strength of what it read:
    /// with several writers (PostgreSQL) it locks them until the commit; with one writer at a time
    /// (SQLite), whose transactions here start with a write, nothing else can change them anyway.
    const LOCK_FOR_WRITE: &'static str;

    /// Whether a list over every project the user is in reads each project's index apart, a page
    /// from each (`CROSS JOIN LATERAL`), and merges them: PostgreSQL can, and so reads at most a
    /// page per project instead of sorting all of them. SQLite has no `LATERAL`; its planner walks
    /// the same index for each project of the `IN` list.
    const LATERAL: bool;

    /// Appends ` AND (…)`: `title` or `description` contains `search`, case-insensitively in every
    /// script.
    fn push_search(sql: &mut QueryBuilder<Self::Db>, search: &str);

    fn rows_affected(result: &<Self::Db as Database>::QueryResult) -> u64;

    /// Completes when another process may have armed or moved a reminder (`Store::reminders_changed`).
    fn reminders_changed(&self) -> impl Future<Output = StoreResult<()>> + Send {
        std::future::pending()
    }
}

/// The store over one database, speaking its dialect.
pub struct SqlStore<D: Dialect> {
    pub(super) pool: Pool<D::Db>,
    pub(super) dialect: D,
}

/// The columns `TaskRow` decodes, in its order. A macro so that statements stay `&'static str`.
macro_rules! task_columns {
    () => {
        "id, title, description, due_date, completed, completed_at, priority, \
         created_at, updated_at, version, time_zone, recurrence, series_anchor, \
         project_id, created_by, assignee_id, labels"
    };
}

/// Whether the task has reminders of its own, as one more column: the list reads them only for
/// the tasks that do (most have none), instead of a second query for every page. A scalar
/// subquery of the outer SELECT, so it is one index probe per row of the page: PostgreSQL turns an
/// `EXISTS` there into a hashed scan of the whole reminders table (25 ms on 100,000 reminders).
macro_rules! has_reminders {
    () => {
        "(SELECT TRUE FROM reminders r WHERE r.task_id = tasks.id AND r.snoozed_from IS NULL LIMIT 1) IS NOT NULL"
    };
}

/// The columns `ReminderRow` decodes.
const REMINDER_COLUMNS: &str = "task_id, id, at, before_due_minutes, snoozed_from, fires_at, sent_at, armed";

/// Who a task's reminders notify, as a column of `tasks AS t`: the assignee if there is one, else
/// the creator; once neither has an account any more, the project's owner. The one place the rule
/// is written.
const REMINDER_RECIPIENT: &str =
    "COALESCE(t.assignee_id, t.created_by, (SELECT owner_id FROM projects p WHERE p.id = t.project_id))";

/// The ids of the projects a user is a member of, for `project_id IN (…)`: bind the user after it.
const MEMBER_PROJECTS: &str = "SELECT project_id FROM memberships WHERE user_id = ";

/// The columns `ApiTokenRow` decodes (a macro, like `task_columns!`).
macro_rules! api_token_columns {
    () => {
        "id, name, scopes, created_at, expires_at, last_used_at"
    };
}

/// The columns `ProjectRow` decodes, of `projects AS p JOIN memberships AS m`.
const PROJECT_COLUMNS: &str =
    "p.id, p.name, p.color, p.inbox, p.owner_id, m.role, p.created_at, p.updated_at";

/// The list orders: undated tasks last both ways, ties broken by id in the same direction.
fn order_by(sort: Sort) -> &'static str {
    match sort {
        Sort::CreatedAsc => "created_at ASC, id ASC",
        Sort::CreatedDesc => "created_at DESC, id DESC",
        Sort::DueAsc => "due_date ASC NULLS LAST, id ASC",
        Sort::DueDesc => "due_date DESC NULLS LAST, id DESC",
        Sort::PriorityAsc => "priority ASC, id ASC",
        Sort::PriorityDesc => "priority DESC, id DESC",
    }
}

#[async_trait]
impl<D: Dialect> Store for SqlStore<D>
where
    // What sqlx needs to run a statement on a pool of `D::Db`, and to bind and decode our types.
    for<'c> &'c mut <D::Db as Database>::Connection: Executor<'c, Database = D::Db>,
    <D::Db as Database>::Arguments: IntoArguments<D::Db>,
    for<'q> i64: Encode<'q, D::Db> + Decode<'q, D::Db> + Type<D::Db>,
    for<'q> i32: Encode<'q, D::Db> + Decode<'q, D::Db> + Type<D::Db>,
    for<'q> i16: Encode<'q, D::Db> + Type<D::Db>,
    for<'q> bool: Encode<'q, D::Db> + Decode<'q, D::Db> + Type<D::Db>,
    for<'q> &'q str: Encode<'q, D::Db> + Type<D::Db>,
    for<'q> String: Encode<'q, D::Db> + Decode<'q, D::Db> + Type<D::Db>,
    for<'q> StoredTime: Encode<'q, D::Db> + Decode<'q, D::Db> + Type<D::Db>,
    for<'q> Option<bool>: Encode<'q, D::Db> + Type<D::Db>,
    for<'q> Option<i16>: Encode<'q, D::Db> + Type<D::Db>,
    for<'q> Option<i64>: Encode<'q, D::Db> + Decode<'q, D::Db> + Type<D::Db>,
    for<'q> Option<i32>: Encode<'q, D::Db> + Decode<'q, D::Db> + Type<D::Db>,
    for<'q> Option<&'q str>: Encode<'q, D::Db> + Type<D::Db>,
    for<'q> Option<StoredTime>: Encode<'q, D::Db> + Decode<'q, D::Db> + Type<D::Db>,
    for<'r> TaskRow: FromRow<'r, <D::Db as Database>::Row>,
    for<'r> UserRow: FromRow<'r, <D::Db as Database>::Row>,
    for<'r> NotificationRow: FromRow<'r, <D::Db as Database>::Row>,
    for<'r> ReminderRow: FromRow<'r, <D::Db as Database>::Row>,
    for<'r> ProjectRow: FromRow<'r, <D::Db as Database>::Row>,
    for<'r> MemberRow: FromRow<'r, <D::Db as Database>::Row>,
    for<'r> (String, i64): FromRow<'r, <D::Db as Database>::Row>,
    for<'r> CompletionRow: FromRow<'r, <D::Db as Database>::Row>,
    for<'r> PendingEmailRow: FromRow<'r, <D::Db as Database>::Row>,
    for<'r> ApiTokenRow: FromRow<'r, <D::Db as Database>::Row>,
    for<'r> ApiTokenGrantRow: FromRow<'r, <D::Db as Database>::Row>,
    for<'r> PendingAccountEmailRow: FromRow<'r, <D::Db as Database>::Row>,
    usize: ColumnIndex<<D::Db as Database>::Row>,
{
    async fn ping(&self) -> StoreResult<()> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    fn pool_status(&self) -> PoolStatus {
        PoolStatus { open: self.pool.size(), idle: self.pool.num_idle() }
    }

    async fn create_user(
        &self,
        email: &Email,
        password_hash: &str,
        time_zone: TimeZone,
        now: Timestamp,
    ) -> StoreResult<User> {
        let mut tx = self.pool.begin().await?;
        let row: UserRow = sqlx::query_as(
            "INSERT INTO users (email, password_hash, time_zone, created_at) VALUES ($1, $2, $3, $4) \
             RETURNING id, email, time_zone, created_at",
        )
        .bind(email.as_str())
        .bind(password_hash)
        .bind(time_zone.as_str())
        .bind(StoredTime(now))
        .fetch_one(&mut *tx)
        .await?;
        let user = User::from(row);
        insert_project::<D::Db>(&mut tx, user.id, "Inbox", None, true, now).await?;
        tx.commit().await?;
        Ok(user)
    }

    async fn user(&self, id: UserId) -> StoreResult<Option<User>> {
        let row: Option<UserRow> =
            sqlx::query_as("SELECT id, email, time_zone, created_at FROM users WHERE id = $1")
                .bind(id)
                .fetch_optional(&self.pool)
                .await?;
        Ok(row.map(User::from))
    }

    async fn set_user_time_zone(&self, id: UserId, time_zone: TimeZone) -> StoreResult<Option<User>> {
        let row: Option<UserRow> = sqlx::query_as(
            "UPDATE users SET time_zone = $2 WHERE id = $1 RETURNING id, email, time_zone, created_at",
        )
        .bind(id)
        .bind(time_zone.as_str())
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
        Ok(D::rows_affected(&result) == 1)
    }

    async fn delete_user(&self, id: UserId) -> StoreResult<bool> {
        let result = sqlx::query("DELETE FROM users WHERE id = $1").bind(id).execute(&self.pool).await?;
        Ok(D::rows_affected(&result) == 1)
    }

    async fn role(&self, user: UserId, project: ProjectId) -> StoreResult<Option<Role>> {
        let role: Option<String> =
            sqlx::query_scalar("SELECT role FROM memberships WHERE project_id = $1 AND user_id = $2")
                .bind(project)
                .bind(user)
                .fetch_optional(&self.pool)
                .await?;
        Ok(role.as_deref().map(stored_role))
    }

    async fn inbox(&self, user: UserId) -> StoreResult<Option<ProjectId>> {
        let id = sqlx::query_scalar("SELECT id FROM projects WHERE owner_id = $1 AND inbox")
            .bind(user)
            .fetch_optional(&self.pool)
            .await?;
        Ok(id)
    }

    async fn projects(&self, user: UserId) -> StoreResult<Vec<Project>> {
        let rows: Vec<ProjectRow> = sqlx::query_as(AssertSqlSafe(format!(
            "SELECT {PROJECT_COLUMNS} FROM memberships m JOIN projects p ON p.id = m.project_id \
             WHERE m.user_id = $1 ORDER BY p.inbox DESC, lower(p.name), p.id"
        )))
        .bind(user)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().map(Project::from).collect())
    }

    async fn project(&self, user: UserId, id: ProjectId) -> StoreResult<Option<Project>> {
        let row: Option<ProjectRow> = sqlx::query_as(AssertSqlSafe(format!(
            "SELECT {PROJECT_COLUMNS} FROM memberships m JOIN projects p ON p.id = m.project_id \
             WHERE m.user_id = $1 AND m.project_id = $2"
        )))
        .bind(user)
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(Project::from))
    }

    async fn create_project(
        &self,
        owner: UserId,
        name: &ProjectName,
        color: Option<&Color>,
        now: Timestamp,
    ) -> StoreResult<Project> {
        let mut tx = self.pool.begin().await?;
        let project = insert_project::<D::Db>(&mut tx, owner, name.as_str(), color, false, now).await?;
        tx.commit().await?;
        Ok(project)
    }

    async fn update_project(
        &self,
        id: ProjectId,
        name: Option<&ProjectName>,
        color: Option<Option<&Color>>,
        now: Timestamp,
    ) -> StoreResult<bool> {
        let result = sqlx::query(
            "UPDATE projects SET name = COALESCE($2, name), color = CASE WHEN $3 THEN $4 ELSE color END, \
             updated_at = $5 WHERE id = $1",
        )
        .bind(id)
        .bind(name.map(ProjectName::as_str))
        .bind(color.is_some())
        .bind(color.flatten().map(Color::as_str))
        .bind(StoredTime(now))
        .execute(&self.pool)
        .await?;
        Ok(D::rows_affected(&result) == 1)
    }

    async fn delete_project(&self, id: ProjectId) -> StoreResult<bool> {
        let result = sqlx::query("DELETE FROM projects WHERE id = $1").bind(id).execute(&self.pool).await?;
        Ok(D::rows_affected(&result) == 1)
    }

    async fn members(&self, project: ProjectId) -> StoreResult<Vec<Member>> {
        let rows: Vec<MemberRow> = sqlx::query_as(
            "SELECT m.user_id, u.email, m.role, m.added_at FROM memberships m JOIN users u ON u.id = m.user_id \
             WHERE m.project_id = $1 ORDER BY m.role = 'owner' DESC, u.email",
        )
        .bind(project)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().map(Member::from).collect())
    }

    async fn member_ids(&self, project: ProjectId) -> StoreResult<Vec<UserId>> {
        let ids = sqlx::query_scalar("SELECT user_id FROM memberships WHERE project_id = $1")
            .bind(project)
            .fetch_all(&self.pool)
            .await?;
        Ok(ids)
    }

    async fn co_members(&self, user: UserId) -> StoreResult<Vec<UserId>> {
        let ids = sqlx::query_scalar(
            "SELECT DISTINCT theirs.user_id FROM memberships mine \
             JOIN memberships theirs ON theirs.project_id = mine.project_id \
             WHERE mine.user_id = $1 AND theirs.user_id <> $1",
        )
        .bind(user)
        .fetch_all(&self.pool)
        .await?;
        Ok(ids)
    }

    async fn add_member(
        &self,
        project: ProjectId,
        email: &Email,
        role: Role,
        now: Timestamp,
    ) -> StoreResult<MemberAdded> {
        let user: Option<(UserId, String)> = sqlx::query_as("SELECT id, email FROM users WHERE email = $1")
            .bind(email.as_str())
            .fetch_optional(&self.pool)
            .await?;
        let Some((user_id, email)) = user else { return Ok(MemberAdded::NoSuchUser) };
        let added = sqlx::query(
            "INSERT INTO memberships (project_id, user_id, role, added_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(project)
        .bind(user_id)
        .bind(role.as_str())
        .bind(StoredTime(now))
        .execute(&self.pool)
        .await;
        match added.map_err(StoreError::from) {
            Ok(_) => Ok(MemberAdded::Added(Member { user_id, email, role, added_at: now })),
            Err(StoreError::Conflict) => Ok(MemberAdded::AlreadyMember),
            Err(err) => Err(err),
        }
    }

    async fn set_member_role(
        &self,
        project: ProjectId,
        user: UserId,
        role: Role,
    ) -> StoreResult<Option<Member>> {
        let row: Option<MemberRow> = sqlx::query_as(
            "UPDATE memberships SET role = $3 WHERE project_id = $1 AND user_id = $2 \
             RETURNING user_id, (SELECT email FROM users WHERE id = $2) AS email, role, added_at",
        )
        .bind(project)
        .bind(user)
        .bind(role.as_str())
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(Member::from))
    }

    async fn remove_member(
        &self,
        project: ProjectId,
        user: UserId,
        now: Timestamp,
    ) -> StoreResult<Option<Vec<(TaskId, i64)>>> {
        let mut tx = self.pool.begin().await?;
        let removed = sqlx::query("DELETE FROM memberships WHERE project_id = $1 AND user_id = $2")
            .bind(project)
            .bind(user)
            .execute(&mut *tx)
            .await?;
        if D::rows_affected(&removed) == 0 {
            return Ok(None);
        }
        // A change the server makes for the membership change: a new version of each task.
        let unassigned: Vec<(TaskId, i64)> = sqlx::query_as(
            "UPDATE tasks SET assignee_id = NULL, version = version + 1, updated_at = $3 \
             WHERE project_id = $1 AND assignee_id = $2 RETURNING id, version",
        )
        .bind(project)
        .bind(user)
        .bind(StoredTime(now))
        .fetch_all(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(Some(unassigned))
    }

    async fn labels(&self, user: UserId) -> StoreResult<Vec<LabelCount>> {
        // Grouped by the folded form; the name shown is the one on the label's oldest task.
        let rows: Vec<(String, i64)> = sqlx::query_as(AssertSqlSafe(format!(
            "SELECT (SELECT f.name FROM task_labels f WHERE f.folded = g.folded AND f.task_id = g.first), g.n \
             FROM (SELECT l.folded, count(*) AS n, min(l.task_id) AS first FROM task_labels l \
                   JOIN tasks t ON t.id = l.task_id WHERE t.project_id IN ({MEMBER_PROJECTS}$1) \
                   GROUP BY l.folded) g \
             ORDER BY g.folded"
        )))
        .bind(user)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().map(|(name, count)| LabelCount { name, count }).collect())
    }

    async fn task_counts(&self, user: UserId, windows: &DayWindows) -> StoreResult<Vec<ProjectTally>> {
        // One pass over the user's tasks; the LEFT JOIN keeps projects without any (a row of
        // NULLs, which every CASE counts as 0).
        let rows: Vec<(ProjectId, i64, i64, i64, i64, i64, i64)> = sqlx::query_as(
            "SELECT m.project_id, \
               COALESCE(SUM(CASE WHEN t.completed THEN 0 WHEN t.id IS NULL THEN 0 ELSE 1 END), 0), \
               COALESCE(SUM(CASE WHEN NOT t.completed AND t.due_date < $2 THEN 1 ELSE 0 END), 0), \
               COALESCE(SUM(CASE WHEN NOT t.completed AND t.due_date < $3 THEN 1 ELSE 0 END), 0), \
               COALESCE(SUM(CASE WHEN NOT t.completed AND t.due_date >= $4 AND t.due_date < $5 THEN 1 ELSE 0 END), 0), \
               COALESCE(SUM(CASE WHEN NOT t.completed AND t.assignee_id = $1 THEN 1 ELSE 0 END), 0), \
               COALESCE(SUM(CASE WHEN t.completed THEN 1 ELSE 0 END), 0) \
             FROM memberships m LEFT JOIN tasks t ON t.project_id = m.project_id \
             WHERE m.user_id = $1 GROUP BY m.project_id ORDER BY m.project_id",
        )
        .bind(user)
        .bind(StoredTime(windows.now))
        .bind(StoredTime(windows.tomorrow))
        .bind(StoredTime(windows.today))
        .bind(StoredTime(windows.week_end))
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(project_id, open, overdue, today, upcoming, assigned_to_caller, completed)| ProjectTally {
                project_id,
                open,
                overdue,
                today,
                upcoming,
                assigned_to_caller,
                completed,
            })
            .collect())
    }

    async fn create_task(
        &self,
        creator: UserId,
        project: ProjectId,
        task: &NewTask,
        reminders: &[Reminder],
        now: Timestamp,
    ) -> StoreResult<Task> {
        let sql = concat!(
            "INSERT INTO tasks (created_by, title, description, due_date, completed, completed_at, priority, \
             created_at, updated_at, time_zone, recurrence, series_anchor, project_id, assignee_id, labels) \
             VALUES ($1, $2, $3, $4, $5, CASE WHEN $5 THEN $7 END, $6, $7, $7, \
               COALESCE($8, (SELECT time_zone FROM users WHERE id = $1)), $9, CASE WHEN $9 IS NOT NULL THEN $4 END, \
               $10, $11, $12) \
             RETURNING ",
            task_columns!()
        );
        let mut tx = self.pool.begin().await?;
        let row: TaskRow = sqlx::query_as(sql)
            .bind(creator)
            .bind(task.title.as_str())
            .bind(task.description.as_ref().map(|d| d.as_str()))
            .bind(stored(task.due_date))
            .bind(task.completed)
            .bind(task.priority.rank())
            .bind(StoredTime(now))
            .bind(task.time_zone.map(|zone| zone.as_str()))
            .bind(task.recurrence.as_ref().map(|rule| rule.as_str()))
            .bind(project)
            .bind(task.assignee_id)
            .bind(labels_json(&task.labels))
            .fetch_one(&mut *tx)
            .await?;
        let mut task_row = Task::from(row);
        insert_labels::<D::Db>(&mut tx, task_row.id, &task.labels).await?;
        insert_reminders::<D::Db>(&mut tx, task_row.id, reminders).await?;
        task_row.reminders =
            reminders_of::<D::Db>(&mut tx, &[task_row.id]).await?.into_iter().map(Reminder::from).collect();
        tx.commit().await?;
        Ok(task_row)
    }

    async fn task(&self, user: UserId, id: TaskId) -> StoreResult<Option<(Task, Role)>> {
        // The caller's role rides on the task's own lookup: one indexed subquery, no second trip.
        let sql = concat!(
            "SELECT ",
            task_columns!(),
            ", (SELECT role FROM memberships m WHERE m.project_id = tasks.project_id AND m.user_id = $2) \
             FROM tasks WHERE id = $1"
        );
        let mut conn = self.pool.acquire().await?;
        let row = sqlx::query(sql).bind(id).bind(user).fetch_optional(&mut *conn).await?;
        let Some(row) = row else { return Ok(None) };
        let role: Option<String> = row.try_get(17)?;
        let Some(role) = role else { return Ok(None) };
        let mut task = Task::from(TaskRow::from_row(&row)?);
        task.reminders =
            reminders_of::<D::Db>(&mut conn, &[id]).await?.into_iter().map(Reminder::from).collect();
        Ok(Some((task, stored_role(&role))))
    }

    async fn save_task(
        &self,
        before: &Task,
        after: &Task,
        completion: Option<&Completion>,
    ) -> StoreResult<Option<Task>> {
        // The task row first: the write that holds other writers of this task off until the commit
        // (and in SQLite, every other writer).
        let sql = concat!(
            "UPDATE tasks SET title = $4, description = $5, due_date = $6, completed = $7, completed_at = $8, \
               priority = $9, time_zone = $11, recurrence = $12, series_anchor = $13, \
               project_id = $2, assignee_id = $14, labels = $15, \
               updated_at = $10, version = version + 1 \
             WHERE id = $1 AND version = $3 \
             RETURNING ",
            task_columns!()
        );
        let mut tx = self.pool.begin().await?;
        let row: Option<TaskRow> = sqlx::query_as(sql)
            .bind(after.id)
            .bind(after.project_id)
            .bind(before.version)
            .bind(after.title.as_str())
            .bind(after.description.as_deref())
            .bind(stored(after.due_date))
            .bind(after.completed)
            .bind(stored(after.completed_at))
            .bind(after.priority.rank())
            .bind(StoredTime(after.updated_at))
            .bind(after.time_zone.as_str())
            .bind(after.recurrence.as_ref().map(|rule| rule.as_str()))
            .bind(stored(after.series_anchor))
            .bind(after.assignee_id)
            .bind(labels_json(&after.labels))
            .fetch_optional(&mut *tx)
            .await?;
        let Some(row) = row else { return Ok(None) };
        if after.labels != before.labels {
            sqlx::query("DELETE FROM task_labels WHERE task_id = $1")
                .bind(after.id)
                .execute(&mut *tx)
                .await?;
            insert_labels::<D::Db>(&mut tx, after.id, &after.labels).await?;
        }
        if after.reminders != before.reminders {
            // The worker marks reminders sent, and a snooze adds one, without a new version: write
            // the new set only over the rows `before` saw, locked until the commit.
            // The text is made of constants only.
            let current: Vec<Reminder> = sqlx::query_as(AssertSqlSafe(format!(
                "SELECT {REMINDER_COLUMNS} FROM reminders WHERE task_id = $1 ORDER BY fires_at, id{}",
                D::LOCK_FOR_WRITE
            )))
            .bind(after.id)
            .fetch_all(&mut *tx)
            .await?
            .into_iter()
            .map(|row: ReminderRow| Reminder::from(row))
            .collect();
            if current != before.reminders {
                return Ok(None);
            }
            let removed: Vec<i64> = before
                .reminders
                .iter()
                .filter_map(|r| r.id)
                .filter(|id| !after.reminders.iter().any(|r| r.id == Some(*id)))
                .collect();
            if !removed.is_empty() {
                let mut delete = QueryBuilder::<D::Db>::new("DELETE FROM reminders WHERE id IN (");
                let mut ids = delete.separated(", ");
                for id in removed {
                    ids.push_bind(id);
                }
                delete.push(")").build().execute(&mut *tx).await?;
            }
            for reminder in &after.reminders {
                let Some(id) = reminder.id else { continue };
                if before.reminders.iter().any(|r| r == reminder) {
                    continue;
                }
                sqlx::query("UPDATE reminders SET fires_at = $2, sent_at = $3, armed = $4 WHERE id = $1")
                    .bind(id)
                    .bind(StoredTime(reminder.fires_at))
                    .bind(stored(reminder.sent_at))
                    .bind(reminder.armed)
                    .execute(&mut *tx)
                    .await?;
            }
            let new: Vec<Reminder> = after.reminders.iter().filter(|r| r.id.is_none()).cloned().collect();
            insert_reminders::<D::Db>(&mut tx, after.id, &new).await?;
        }
        if let Some(completion) = completion {
            sqlx::query(
                "INSERT INTO completions (task_id, due_date, completed_at, completed_by) VALUES ($1, $2, $3, $4)",
            )
            .bind(after.id)
            .bind(stored(completion.due_date))
            .bind(StoredTime(completion.completed_at))
            .bind(completion.completed_by)
            .execute(&mut *tx)
            .await?;
        }
        let mut task = Task::from(row);
        task.reminders =
            reminders_of::<D::Db>(&mut tx, &[after.id]).await?.into_iter().map(Reminder::from).collect();
        tx.commit().await?;
        Ok(Some(task))
    }

    async fn delete_task(&self, id: TaskId, only_version: Option<i64>) -> StoreResult<bool> {
        let result = sqlx::query("DELETE FROM tasks WHERE id = $1 AND ($2 IS NULL OR version = $2)")
            .bind(id)
            .bind(only_version)
            .execute(&self.pool)
            .await?;
        Ok(D::rows_affected(&result) == 1)
    }

    async fn list_tasks(
        &self,
        user: UserId,
        query: &TaskListQuery,
        now: Timestamp,
    ) -> StoreResult<Vec<Task>> {
        let mut sql = list_statement::<D>(user, query, now);
        let mut conn = self.pool.acquire().await?;
        let rows = sql.build().fetch_all(&mut *conn).await?;
        let mut tasks = Vec::with_capacity(rows.len());
        let mut ids = Vec::new();
        for row in &rows {
            let task = Task::from(TaskRow::from_row(row)?);
            if row.try_get::<bool, _>(17)? {
                ids.push(task.id);
            }
            tasks.push(task);
        }
        for row in reminders_of::<D::Db>(&mut conn, &ids).await? {
            // Few per task, and the page is at most 100 long: a scan beats building a map.
            if let Some(task) = tasks.iter_mut().find(|t| t.id == row.task_id) {
                task.reminders.push(Reminder::from(row));
            }
        }
        Ok(tasks)
    }

    async fn deliver_due_reminders(
        &self,
        now: Timestamp,
        batch: i64,
        email: bool,
    ) -> StoreResult<Vec<DeliveredReminder>> {
        // One transaction claims the due reminders, marks them sent and creates their
        // notifications. The claim is its first statement and a write: concurrent workers take
        // disjoint batches (PostgreSQL: SKIP LOCKED; SQLite: the write lock is held from here to
        // the commit). The range scan reads only `reminders_due`, which holds armed rows alone.
        let mut tx = self.pool.begin().await?;
        let mut claim = QueryBuilder::<D::Db>::new("UPDATE reminders SET sent_at = ");
        claim
            .push_bind(StoredTime(now))
            .push(", armed = FALSE WHERE id IN (SELECT id FROM reminders WHERE armed AND fires_at <= ");
        claim.push_bind(StoredTime(now)).push(" ORDER BY fires_at LIMIT ").push_bind(batch);
        claim.push(D::SKIP_LOCKED).push(") RETURNING id");
        let claimed: Vec<i64> = claim.build_query_scalar().fetch_all(&mut *tx).await?;
        if claimed.is_empty() {
            return Ok(Vec::new());
        }
        let mut notify = QueryBuilder::<D::Db>::new(format!(
            "INSERT INTO notifications (user_id, task_id, reminder_id, kind, message, fires_at, created_at, \
             email_pending, email_next_attempt_at) \
             SELECT {REMINDER_RECIPIENT}, t.id, r.id, 'task_reminder', "
        ));
        notify.push_bind(REMINDER_PREFIX).push(" || t.title, r.fires_at, ").push_bind(StoredTime(now));
        notify.push(", ").push_bind(email).push(", ").push_bind(email.then_some(StoredTime(now)));
        notify.push(" FROM reminders r JOIN tasks t ON t.id = r.task_id WHERE r.id IN (");
        let mut ids = notify.separated(", ");
        for id in &claimed {
            ids.push_bind(*id);
        }
        notify.push(") RETURNING user_id, id, task_id, fires_at");
        let delivered: Vec<(UserId, NotificationId, TaskId, StoredTime)> =
            notify.build_query_as().fetch_all(&mut *tx).await?;
        tx.commit().await?;
        Ok(delivered
            .into_iter()
            .map(|(user_id, notification, task, fires_at)| DeliveredReminder {
                user_id,
                notification,
                task,
                fires_at: fires_at.0,
            })
            .collect())
    }

    async fn next_reminder_due(&self) -> StoreResult<Option<Timestamp>> {
        let due: Option<StoredTime> = sqlx::query_scalar("SELECT min(fires_at) FROM reminders WHERE armed")
            .fetch_one(&self.pool)
            .await?;
        Ok(due.map(|t| t.0))
    }

    async fn completions(&self, task: TaskId, query: &CompletionQuery) -> StoreResult<Vec<Completion>> {
        let mut sql = QueryBuilder::<D::Db>::new(
            "SELECT id, due_date, completed_at, completed_by FROM completions WHERE task_id = ",
        );
        sql.push_bind(task);
        if let Some((completed_at, id)) = query.after {
            sql.push(" AND (completed_at, id) < (").push_bind(StoredTime(completed_at)).push(", ");
            sql.push_bind(id).push(")");
        }
        sql.push(" ORDER BY completed_at DESC, id DESC LIMIT ").push_bind(query.fetch_limit());
        let rows: Vec<CompletionRow> = sql.build_query_as().fetch_all(&self.pool).await?;
        Ok(rows.into_iter().map(Completion::from).collect())
    }

    async fn snooze_notification(
        &self,
        owner: UserId,
        id: NotificationId,
        until: Timestamp,
        now: Timestamp,
    ) -> StoreResult<Snoozed> {
        // Marking read first makes this transaction a writer from its first statement (SQLite);
        // then the task row is locked (PostgreSQL) so that a completion cannot slip in between
        // the check and the new reminder. A completed task's rollback leaves it unread.
        let mut tx = self.pool.begin().await?;
        let task: Option<TaskId> = sqlx::query_scalar(
            "UPDATE notifications SET read_at = COALESCE(read_at, $3) WHERE id = $1 AND user_id = $2 RETURNING task_id",
        )
        .bind(id)
        .bind(owner)
        .bind(StoredTime(now))
        .fetch_optional(&mut *tx)
        .await?;
        let Some(task) = task else { return Ok(Snoozed::NoSuchNotification) };
        let completed: bool = sqlx::query_scalar(AssertSqlSafe(format!(
            "SELECT completed FROM tasks WHERE id = $1{}",
            D::LOCK_FOR_WRITE
        )))
        .bind(task)
        .fetch_one(&mut *tx)
        .await?;
        if completed {
            return Ok(Snoozed::TaskCompleted);
        }
        sqlx::query(
            "INSERT INTO reminders (task_id, at, fires_at, sent_at, armed, snoozed_from) \
             VALUES ($1, $2, $2, NULL, TRUE, $3) \
             ON CONFLICT (snoozed_from) DO UPDATE SET at = excluded.at, fires_at = excluded.fires_at, \
               sent_at = NULL, armed = TRUE",
        )
        .bind(task)
        .bind(StoredTime(until))
        .bind(id)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(Snoozed::Until(until))
    }

    async fn reminders_changed(&self) -> StoreResult<()> {
        self.dialect.reminders_changed().await
    }

    async fn notifications(
        &self,
        owner: UserId,
        query: &NotificationQuery,
    ) -> StoreResult<Vec<Notification>> {
        let mut sql = QueryBuilder::<D::Db>::new(
            "SELECT id, task_id, message, fires_at, created_at, read_at FROM notifications WHERE user_id = ",
        );
        sql.push_bind(owner);
        if query.unread_only {
            sql.push(" AND read_at IS NULL");
        }
        if let Some((created_at, id)) = query.after {
            sql.push(" AND (created_at, id) < (")
                .push_bind(StoredTime(created_at))
                .push(", ")
                .push_bind(id)
                .push(")");
        }
        sql.push(" ORDER BY created_at DESC, id DESC LIMIT ").push_bind(query.fetch_limit());
        let rows: Vec<NotificationRow> = sql.build_query_as().fetch_all(&self.pool).await?;
        Ok(rows.into_iter().map(Notification::from).collect())
    }

    async fn mark_all_notifications_read(&self, owner: UserId, now: Timestamp) -> StoreResult<u64> {
        let result =
            sqlx::query("UPDATE notifications SET read_at = $2 WHERE user_id = $1 AND read_at IS NULL")
                .bind(owner)
                .bind(StoredTime(now))
                .execute(&self.pool)
                .await?;
        Ok(D::rows_affected(&result))
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
        .bind(StoredTime(now))
        .execute(&self.pool)
        .await?;
        Ok(D::rows_affected(&result) == 1)
    }

    async fn claim_emails(
        &self,
        now: Timestamp,
        lease_until: Timestamp,
        batch: i64,
    ) -> StoreResult<Vec<PendingEmail>> {
        let mut sql = QueryBuilder::<D::Db>::new("UPDATE notifications SET email_next_attempt_at = ");
        sql.push_bind(StoredTime(lease_until)).push(
            " WHERE id IN (SELECT id FROM notifications WHERE email_pending AND email_next_attempt_at <= ",
        );
        sql.push_bind(StoredTime(now)).push(" ORDER BY email_next_attempt_at LIMIT ").push_bind(batch);
        sql.push(D::SKIP_LOCKED).push(
            ") RETURNING id, user_id, message, email_attempts, \
             (SELECT email FROM users WHERE users.id = notifications.user_id) AS email",
        );
        let rows: Vec<PendingEmailRow> = sql.build_query_as().fetch_all(&self.pool).await?;
        Ok(rows.into_iter().map(PendingEmail::from).collect())
    }

    async fn email_sent(&self, id: NotificationId, now: Timestamp) -> StoreResult<()> {
        sqlx::query(
            "UPDATE notifications SET email_pending = FALSE, emailed_at = $2, email_attempts = email_attempts + 1, \
             email_next_attempt_at = NULL, email_last_error = NULL WHERE id = $1",
        )
        .bind(id)
        .bind(StoredTime(now))
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
        .bind(StoredTime(retry_at))
        .bind(error)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn create_api_token(
        &self,
        user: UserId,
        name: &ApiTokenName,
        token_hash: &str,
        scopes: &Scopes,
        now: Timestamp,
        expires_at: Option<Timestamp>,
    ) -> StoreResult<ApiToken> {
        let row: ApiTokenRow = sqlx::query_as(concat!(
            "INSERT INTO api_tokens (user_id, name, token_hash, scopes, created_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING ",
            api_token_columns!()
        ))
        .bind(user)
        .bind(name.as_str())
        .bind(token_hash)
        .bind(scopes.to_stored())
        .bind(StoredTime(now))
        .bind(stored(expires_at))
        .fetch_one(&self.pool)
        .await?;
        Ok(row.into())
    }

    async fn api_tokens(&self, user: UserId) -> StoreResult<Vec<ApiToken>> {
        let rows: Vec<ApiTokenRow> = sqlx::query_as(concat!(
            "SELECT ",
            api_token_columns!(),
            " FROM api_tokens WHERE user_id = $1 ORDER BY id DESC"
        ))
        .bind(user)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().map(ApiToken::from).collect())
    }

    async fn api_token_grant(&self, token_hash: &str) -> StoreResult<Option<ApiTokenGrant>> {
        let row: Option<ApiTokenGrantRow> = sqlx::query_as(
            "SELECT id, user_id, scopes, expires_at, last_used_at FROM api_tokens WHERE token_hash = $1",
        )
        .bind(token_hash)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(ApiTokenGrant::from))
    }

    async fn delete_api_token(&self, user: UserId, id: ApiTokenId) -> StoreResult<Option<String>> {
        let hash =
            sqlx::query_scalar("DELETE FROM api_tokens WHERE id = $1 AND user_id = $2 RETURNING token_hash")
                .bind(id)
                .bind(user)
                .fetch_optional(&self.pool)
                .await?;
        Ok(hash)
    }

    async fn api_token_hashes(&self, user: UserId) -> StoreResult<Vec<String>> {
        let hashes = sqlx::query_scalar("SELECT token_hash FROM api_tokens WHERE user_id = $1")
            .bind(user)
            .fetch_all(&self.pool)
            .await?;
        Ok(hashes)
    }

    async fn touch_api_token(&self, id: ApiTokenId, at: Timestamp) -> StoreResult<()> {
        sqlx::query("UPDATE api_tokens SET last_used_at = $2 WHERE id = $1")
            .bind(id)
            .bind(StoredTime(at))
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn queue_account_email(
        &self,
        user: Option<UserId>,
        email: &AccountEmailContent,
        now: Timestamp,
        expires_at: Timestamp,
    ) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO account_emails (user_id, subject, body, created_at, expires_at, next_attempt_at) \
             SELECT id, $2, $3, $4, $5, $4 FROM users WHERE id = $1",
        )
        .bind(user)
        .bind(email.subject.as_str())
        .bind(email.body.as_str())
        .bind(StoredTime(now))
        .bind(StoredTime(expires_at))
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn claim_account_emails(
        &self,
        now: Timestamp,
        lease_until: Timestamp,
        batch: i64,
    ) -> StoreResult<Vec<PendingAccountEmail>> {
        sqlx::query("DELETE FROM account_emails WHERE expires_at <= $1")
            .bind(StoredTime(now))
            .execute(&self.pool)
            .await?;
        let mut sql = QueryBuilder::<D::Db>::new("UPDATE account_emails SET next_attempt_at = ");
        sql.push_bind(StoredTime(lease_until))
            .push(" WHERE id IN (SELECT id FROM account_emails WHERE next_attempt_at <= ");
        sql.push_bind(StoredTime(now)).push(" ORDER BY next_attempt_at LIMIT ").push_bind(batch);
        sql.push(D::SKIP_LOCKED).push(
            ") RETURNING id, subject, body, attempts, \
             (SELECT email FROM users WHERE users.id = account_emails.user_id) AS email",
        );
        let rows: Vec<PendingAccountEmailRow> = sql.build_query_as().fetch_all(&self.pool).await?;
        Ok(rows.into_iter().map(PendingAccountEmail::from).collect())
    }

    async fn account_email_sent(&self, id: i64) -> StoreResult<()> {
        sqlx::query("DELETE FROM account_emails WHERE id = $1").bind(id).execute(&self.pool).await?;
        Ok(())
    }

    async fn account_email_failed(&self, id: i64, retry_at: Timestamp, error: &str) -> StoreResult<()> {
        sqlx::query(
            "UPDATE account_emails SET attempts = attempts + 1, next_attempt_at = $2, last_error = $3 \
             WHERE id = $1",
        )
        .bind(id)
        .bind(StoredTime(retry_at))
        .bind(error)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    // Calendar feed, export and import (issue 14).

    async fn calendar_secret(&self, user: UserId) -> StoreResult<Option<String>> {
        let secret = sqlx::query_scalar("SELECT secret FROM calendar_feeds WHERE user_id = $1")
            .bind(user)
            .fetch_optional(&self.pool)
            .await?;
        Ok(secret)
    }

    async fn set_calendar_secret(&self, user: UserId, secret: &str, now: Timestamp) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO calendar_feeds (user_id, secret, created_at) VALUES ($1, $2, $3) \
             ON CONFLICT (user_id) DO UPDATE SET secret = excluded.secret, created_at = excluded.created_at",
        )
        .bind(user)
        .bind(secret)
        .bind(StoredTime(now))
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn calendar_owner(&self, secret: &str) -> StoreResult<Option<UserId>> {
        let user = sqlx::query_scalar("SELECT user_id FROM calendar_feeds WHERE secret = $1")
            .bind(secret)
            .fetch_optional(&self.pool)
            .await?;
        Ok(user)
    }

    async fn calendar_stamp(&self, user: UserId) -> StoreResult<CalendarStamp> {
        // Sums are cast back: PostgreSQL's sum of a bigint is a numeric.
        let row = sqlx::query(AssertSqlSafe(format!(
            "SELECT count(*), max(updated_at), CAST(COALESCE(sum(version), 0) AS BIGINT), \
               CAST(COALESCE(sum(id), 0) AS BIGINT), \
               (SELECT count(*) FROM reminders r JOIN tasks t ON t.id = r.task_id \
                WHERE r.armed AND r.snoozed_from IS NULL AND {CALENDAR_TASKS_OF_T}) \
             FROM tasks WHERE {CALENDAR_TASKS}"
        )))
        .bind(user)
        .fetch_one(&self.pool)
        .await?;
        let last_updated: Option<StoredTime> = row.try_get(1)?;
        Ok(CalendarStamp {
            tasks: row.try_get(0)?,
            last_updated: last_updated.map(|t| t.0),
            version_sum: row.try_get(2)?,
            id_sum: row.try_get(3)?,
            pending_reminders: row.try_get(4)?,
        })
    }

    async fn calendar_tasks(&self, user: UserId, after: TaskId, limit: i64) -> StoreResult<Vec<Task>> {
        let sql = format!(
            "SELECT {} FROM tasks WHERE {CALENDAR_TASKS} AND id > $2 ORDER BY id LIMIT $3",
            task_columns!()
        );
        let mut conn = self.pool.acquire().await?;
        let rows: Vec<TaskRow> = sqlx::query_as(AssertSqlSafe(sql))
            .bind(user)
            .bind(after)
            .bind(limit)
            .fetch_all(&mut *conn)
            .await?;
        let mut tasks: Vec<Task> = rows.into_iter().map(Task::from).collect();
        attach_reminders::<D::Db>(&mut conn, &mut tasks).await?;
        Ok(tasks)
    }

    async fn export_tasks(
        &self,
        project: ProjectId,
        after: Option<(Timestamp, TaskId)>,
        limit: i64,
    ) -> StoreResult<Vec<(Task, Vec<Completion>)>> {
        let mut sql = QueryBuilder::<D::Db>::new(concat!(
            "SELECT ",
            task_columns!(),
            " FROM tasks WHERE project_id = "
        ));
        sql.push_bind(project);
        if let Some((created_at, id)) = after {
            push_keyset(&mut sql, false, After::Created(created_at, id));
        }
        sql.push(" ORDER BY created_at, id LIMIT ").push_bind(limit);
        let mut conn = self.pool.acquire().await?;
        let rows: Vec<TaskRow> = sql.build_query_as().fetch_all(&mut *conn).await?;
        let mut tasks: Vec<Task> = rows.into_iter().map(Task::from).collect();
        attach_reminders::<D::Db>(&mut conn, &mut tasks).await?;
        let mut completions: Vec<Vec<Completion>> = vec![Vec::new(); tasks.len()];
        if !tasks.is_empty() {
            let mut sql = QueryBuilder::<D::Db>::new(
                "SELECT task_id, id, due_date, completed_at, completed_by FROM completions WHERE task_id IN (",
            );
            let mut ids = sql.separated(", ");
            for task in &tasks {
                ids.push_bind(task.id);
            }
            sql.push(") ORDER BY task_id, completed_at, id");
            for row in sql.build().fetch_all(&mut *conn).await? {
                let task: TaskId = row.try_get(0)?;
                let due_date: Option<StoredTime> = row.try_get(2)?;
                let completed_at: StoredTime = row.try_get(3)?;
                let (id, completed_by) = (row.try_get(1)?, row.try_get(4)?);
                if let Some(n) = tasks.iter().position(|t| t.id == task) {
                    completions[n].push(Completion {
                        id,
                        due_date: due_date.map(|t| t.0),
                        completed_at: completed_at.0,
                        completed_by,
                    });
                }
            }
        }
        Ok(tasks.into_iter().zip(completions).collect())
    }

    async fn import(
        &self,
        user: UserId,
        inbox: ProjectId,
        projects: &[ImportedProject],
        now: Timestamp,
    ) -> StoreResult<(Vec<ProjectId>, Vec<(TaskId, ProjectId)>)> {
        let mut tx = self.pool.begin().await?;
        let (mut created_projects, mut created_tasks) = (Vec::new(), Vec::new());
        for project in projects {
            let id = match project.inbox {
                true => inbox,
                false => {
                    let name = project.name.as_str();
                    let created =
                        insert_project::<D::Db>(&mut tx, user, name, project.color.as_ref(), false, now)
                            .await?;
                    created_projects.push(created.id);
                    created.id
                }
            };
            for imported in &project.tasks {
                let task = &imported.task;
                let task_id: TaskId = sqlx::query_scalar(
                    "INSERT INTO tasks (created_by, title, description, due_date, completed, completed_at, \
                       priority, created_at, updated_at, time_zone, recurrence, series_anchor, project_id, \
                       assignee_id, labels) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, NULL, $14) RETURNING id",
                )
                .bind(user)
                .bind(task.title.as_str())
                .bind(task.description.as_deref())
                .bind(stored(task.due_date))
                .bind(task.completed)
                .bind(stored(task.completed_at))
                .bind(task.priority.rank())
                .bind(StoredTime(task.created_at))
                .bind(StoredTime(task.updated_at))
                .bind(task.time_zone.as_str())
                .bind(task.recurrence.as_ref().map(|rule| rule.as_str()))
                .bind(stored(task.series_anchor))
                .bind(id)
                .bind(labels_json(&task.labels))
                .fetch_one(&mut *tx)
                .await?;
                insert_labels::<D::Db>(&mut tx, task_id, &task.labels).await?;
                insert_reminders::<D::Db>(&mut tx, task_id, &task.reminders).await?;
                for completion in &imported.completions {
                    sqlx::query(
                        "INSERT INTO completions (task_id, due_date, completed_at, completed_by) \
                         VALUES ($1, $2, $3, $4)",
                    )
                    .bind(task_id)
                    .bind(stored(completion.due_date))
                    .bind(StoredTime(completion.completed_at))
                    .bind(user)
                    .execute(&mut *tx)
                    .await?;
                }
                created_tasks.push((task_id, id));
            }
        }
        tx.commit().await?;
        Ok((created_projects, created_tasks))
    }
}

/// The tasks a user's calendar feed holds, as a `WHERE` of `tasks`: open, with a due date, in a
/// project they are a member of (bind the user as `$1`).
const CALENDAR_TASKS: &str = "NOT completed AND due_date IS NOT NULL AND project_id IN (\
     SELECT project_id FROM memberships WHERE user_id = $1)";

/// The same of `tasks AS t`, closed.
const CALENDAR_TASKS_OF_T: &str = "NOT t.completed AND t.due_date IS NOT NULL AND t.project_id IN (\
     SELECT project_id FROM memberships WHERE user_id = $1)";

/// Reads the reminders of these tasks into them.
async fn attach_reminders<DB: Database>(conn: &mut DB::Connection, tasks: &mut [Task]) -> StoreResult<()>
where
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    DB::Arguments: IntoArguments<DB>,
    for<'q> i64: Encode<'q, DB> + Type<DB>,
    for<'r> ReminderRow: FromRow<'r, DB::Row>,
{
    let ids: Vec<TaskId> = tasks.iter().map(|t| t.id).collect();
    for row in reminders_of::<DB>(conn, &ids).await? {
        if let Some(task) = tasks.iter_mut().find(|t| t.id == row.task_id) {
            task.reminders.push(Reminder::from(row));
        }
    }
    Ok(())
}

/// Labels as the `tasks.labels` column keeps them: a JSON array, in the order written.
fn labels_json(labels: &Labels) -> String {
    serde_json::to_string(labels.as_slice()).unwrap_or_else(|_| "[]".into())
}

/// Writes the folded labels that the list's filter and `/labels` read.
async fn insert_labels<DB: Database>(
    conn: &mut DB::Connection,
    task: TaskId,
    labels: &Labels,
) -> StoreResult<()>
where
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    DB::Arguments: IntoArguments<DB>,
    for<'q> i64: Encode<'q, DB> + Type<DB>,
    for<'q> String: Encode<'q, DB> + Type<DB>,
{
    if labels.as_slice().is_empty() {
        return Ok(());
    }
    let mut sql = QueryBuilder::<DB>::new("INSERT INTO task_labels (task_id, folded, name) ");
    sql.push_values(labels.as_slice().iter().zip(labels.folded()), |mut row, (name, folded)| {
        row.push_bind(task).push_bind(folded).push_bind(name.clone());
    });
    sql.build().execute(&mut *conn).await?;
    Ok(())
}

/// Creates a project with its owner as a member.
async fn insert_project<DB: Database>(
    conn: &mut DB::Connection,
    owner: UserId,
    name: &str,
    color: Option<&Color>,
    inbox: bool,
    now: Timestamp,
) -> StoreResult<Project>
where
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    DB::Arguments: IntoArguments<DB>,
    for<'q> i64: Encode<'q, DB> + Decode<'q, DB> + Type<DB>,
    for<'q> bool: Encode<'q, DB> + Type<DB>,
    for<'q> &'q str: Encode<'q, DB> + Type<DB>,
    for<'q> Option<&'q str>: Encode<'q, DB> + Type<DB>,
    for<'q> StoredTime: Encode<'q, DB> + Type<DB>,
    usize: ColumnIndex<DB::Row>,
    for<'r> (i64,): FromRow<'r, DB::Row>,
{
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO projects (owner_id, name, color, inbox, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $5) RETURNING id",
    )
    .bind(owner)
    .bind(name)
    .bind(color.map(Color::as_str))
    .bind(inbox)
    .bind(StoredTime(now))
    .fetch_one(&mut *conn)
    .await?;
    sqlx::query("INSERT INTO memberships (project_id, user_id, role, added_at) VALUES ($1, $2, 'owner', $3)")
        .bind(id)
        .bind(owner)
        .bind(StoredTime(now))
        .execute(&mut *conn)
        .await?;
    Ok(Project {
        id,
        name: name.to_owned(),
        color: color.map(|c| c.as_str().to_owned()),
        inbox,
        owner_id: owner,
        role: Role::Owner,
        created_at: now,
        updated_at: now,
    })
}

/// The reminders of these tasks, each task's by `fires_at` then id.
async fn reminders_of<DB: Database>(
    conn: &mut DB::Connection,
    tasks: &[TaskId],
) -> StoreResult<Vec<ReminderRow>>
where
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    DB::Arguments: IntoArguments<DB>,
    for<'q> i64: Encode<'q, DB> + Type<DB>,
    for<'r> ReminderRow: FromRow<'r, DB::Row>,
{
    if tasks.is_empty() {
        return Ok(Vec::new());
    }
    let mut sql =
        QueryBuilder::<DB>::new(format!("SELECT {REMINDER_COLUMNS} FROM reminders WHERE task_id IN ("));
    let mut ids = sql.separated(", ");
    for id in tasks {
        ids.push_bind(*id);
    }
    sql.push(") ORDER BY task_id, fires_at, id");
    Ok(sql.build_query_as().fetch_all(&mut *conn).await?)
}

/// Stores new reminders of a task (snoozes are made by `snooze_notification`, never here).
async fn insert_reminders<DB: Database>(
    conn: &mut DB::Connection,
    task: TaskId,
    reminders: &[Reminder],
) -> StoreResult<()>
where
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    DB::Arguments: IntoArguments<DB>,
    for<'q> i64: Encode<'q, DB> + Type<DB>,
    for<'q> bool: Encode<'q, DB> + Type<DB>,
    for<'q> Option<i32>: Encode<'q, DB> + Type<DB>,
    for<'q> StoredTime: Encode<'q, DB> + Type<DB>,
    for<'q> Option<StoredTime>: Encode<'q, DB> + Type<DB>,
{
    if reminders.is_empty() {
        return Ok(());
    }
    let mut sql = QueryBuilder::<DB>::new(
        "INSERT INTO reminders (task_id, at, before_due_minutes, fires_at, sent_at, armed) ",
    );
    sql.push_values(reminders, |mut row, reminder| {
        let (at, minutes) = match reminder.time {
            ReminderTime::At(at) | ReminderTime::Snoozed(at) => (Some(StoredTime(at)), None),
            // At most 525,600: within an i32.
            ReminderTime::BeforeDue(minutes) => (None, Some(minutes as i32)),
        };
        row.push_bind(task)
            .push_bind(at)
            .push_bind(minutes)
            .push_bind(StoredTime(reminder.fires_at))
            .push_bind(stored(reminder.sent_at))
            .push_bind(reminder.armed);
    });
    sql.build().execute(&mut *conn).await?;
    Ok(())
}

/// Rows strictly after `after` in the list order, as row-value comparisons that seek the index.
/// The list statement of `list_tasks`, with its binds. PostgreSQL's form (`Dialect::LATERAL`)
/// is also what `benches/project_lists.rs` explains (`PgStore::list_statement_text`).
pub(super) fn list_statement<D: Dialect>(
    user: UserId,
    query: &TaskListQuery,
    now: Timestamp,
) -> QueryBuilder<D::Db>
where
    for<'q> i64: Encode<'q, D::Db> + Type<D::Db>,
    for<'q> i16: Encode<'q, D::Db> + Type<D::Db>,
    for<'q> bool: Encode<'q, D::Db> + Type<D::Db>,
    for<'q> &'q str: Encode<'q, D::Db> + Type<D::Db>,
    for<'q> StoredTime: Encode<'q, D::Db> + Type<D::Db>,
{
    let filter = &query.filter;
    let order = order_by(query.sort);
    // A literal, not a bind: PostgreSQL costs a generic plan's `LIMIT $n` as if it returned a
    // tenth of the rows, and the list's plan is generic (`postgres::SESSION_SETTINGS`). The limit
    // is an integer from 2 to 101, so the texts stay few.
    let limit = format!(" LIMIT {}", query.fetch_limit());
    let mut sql =
        QueryBuilder::<D::Db>::new(concat!("SELECT ", task_columns!(), ", ", has_reminders!(), " FROM "));
    match filter.project {
        Some(project) => {
            sql.push("tasks WHERE project_id = ").push_bind(project);
            push_conditions::<D::Db, D>(&mut sql, user, query, now);
            sql.push(" ORDER BY ").push(order).push(&limit);
        }
        None if D::LATERAL => {
            // A page of each project, merged; which of two ways is decided in the statement by
            // how many projects the user is in (an InitPlan, so the other branch never runs).
            // Few: each project's page of full rows, one heap fetch a row. Many: each
            // project's page of keys from its sort index alone (index-only), merged, and then
            // only the page's rows — full rows of 21 pages cost a user in 20 projects 13 ms
            // instead of 1.3 ms, but the key-first way costs a user in one project a primary
            // key lookup more per row; and each project's keys stop at the page's bound
            // (`push_page_bound`), where the order allows (see docs/SCALING.md).
            sql.push(format!(
                "((SELECT t.* FROM memberships m CROSS JOIN LATERAL (SELECT {} FROM tasks \
              WHERE project_id = m.project_id",
                task_columns!()
            ));
            push_conditions::<D::Db, D>(&mut sql, user, query, now);
            sql.push(" ORDER BY ").push(order).push(&limit);
            sql.push(") t WHERE m.user_id = ").push_bind(user).push(" AND NOT ");
            push_in_many_projects(&mut sql, user);
            sql.push(" ORDER BY ").push(order).push(&limit);
            sql.push(format!(
                ") UNION ALL (SELECT {} FROM (SELECT k.id AS page_id FROM memberships m \
             CROSS JOIN LATERAL (SELECT id, {} FROM tasks WHERE project_id = m.project_id",
                qualified_task_columns(),
                sort_key(query.sort)
            ));
            push_conditions::<D::Db, D>(&mut sql, user, query, now);
            push_page_bound::<D::Db, D>(&mut sql, user, query, now);
            sql.push(" ORDER BY ").push(order).push(&limit);
            sql.push(") k WHERE m.user_id = ").push_bind(user).push(" AND ");
            push_in_many_projects(&mut sql, user);
            sql.push(" ORDER BY ").push(order).push(&limit);
            sql.push(") page JOIN tasks t ON t.id = page.page_id)) tasks");
            sql.push(" ORDER BY ").push(order).push(&limit);
        }
        // SQLite has no `LATERAL`; its planner walks the same index for each project of the
        // `IN` list.
        None => {
            sql.push("tasks WHERE project_id IN (").push(MEMBER_PROJECTS).push_bind(user).push(")");
            push_conditions::<D::Db, D>(&mut sql, user, query, now);
            sql.push(" ORDER BY ").push(order).push(&limit);
        }
    }
    sql
}

/// From how many projects on a user's list over every project reads keys first (`list_tasks`).
const MANY_PROJECTS: i64 = 3;

/// Appends `(the user is in more than MANY_PROJECTS projects)`: an uncorrelated subquery, which
/// PostgreSQL runs once, before either branch that it gates.
fn push_in_many_projects<DB: Database>(sql: &mut QueryBuilder<DB>, user: UserId)
where
    for<'q> i64: Encode<'q, DB> + Type<DB>,
{
    sql.push("(SELECT count(*) FROM memberships WHERE user_id = ").push_bind(user);
    sql.push(format!(") > {MANY_PROJECTS}"));
}

/// How many keys of each project the page bound of `push_page_bound` is taken from: a page of
/// `fetch_limit` divided by this, so that a user in at least this many projects gets a bound.
const BOUND_KEYS_DIVISOR: i64 = 8;

/// Appends ` AND key >= (bound)` (`<=` when ascending) to each project's scan of the key-first
/// branch: a bound that no row of the page lies beyond. It is the `fetch_limit`-th of the first
/// few keys of every project (an InitPlan, computed once): at least that many rows come no later
/// than it, so the page does not reach past it. Each project then stops at the bound instead of
/// reading a whole page of keys: a user in 21 projects reads some 200 keys for a page of 51, not
/// 1,071. With too few keys for a bound, the extreme value lets everything through, as before.
/// Not for the due-date orders: their undated rows come last in both directions, and a bound
/// that lets them through is no longer one range of the index.
fn push_page_bound<DB: Database, D: Dialect<Db = DB>>(
    sql: &mut QueryBuilder<DB>,
    user: UserId,
    query: &TaskListQuery,
    now: Timestamp,
) where
    for<'q> i64: Encode<'q, DB> + Type<DB>,
    for<'q> i16: Encode<'q, DB> + Type<DB>,
    for<'q> bool: Encode<'q, DB> + Type<DB>,
    for<'q> &'q str: Encode<'q, DB> + Type<DB>,
    for<'q> StoredTime: Encode<'q, DB> + Type<DB>,
{
    let (lowest, highest) = match query.sort {
        Sort::CreatedAsc | Sort::CreatedDesc => ("'-infinity'::timestamptz", "'infinity'::timestamptz"),
        Sort::PriorityAsc | Sort::PriorityDesc => ("(-32768)::smallint", "(32767)::smallint"),
        Sort::DueAsc | Sort::DueDesc => return,
    };
    let (key, order) = (sort_key(query.sort), order_by(query.sort));
    let (op, open) = if query.sort.descending() { (">=", lowest) } else { ("<=", highest) };
    let per_project = (query.fetch_limit() + BOUND_KEYS_DIVISOR - 1) / BOUND_KEYS_DIVISOR;
    sql.push(format!(
        " AND {key} {op} COALESCE((SELECT b.{key} FROM memberships mb CROSS JOIN LATERAL \
         (SELECT id, {key} FROM tasks WHERE project_id = mb.project_id"
    ));
    push_conditions::<DB, D>(sql, user, query, now);
    sql.push(format!(" ORDER BY {order} LIMIT {per_project}) b WHERE mb.user_id = ")).push_bind(user);
    sql.push(format!(" ORDER BY {order} OFFSET {} LIMIT 1), {open})", query.fetch_limit() - 1));
}

/// The column a list order sorts by before the id (what its index holds after the project).
fn sort_key(sort: Sort) -> &'static str {
    match sort {
        Sort::CreatedAsc | Sort::CreatedDesc => "created_at",
        Sort::DueAsc | Sort::DueDesc => "due_date",
        Sort::PriorityAsc | Sort::PriorityDesc => "priority",
    }
}

/// `task_columns!` of `tasks AS t`.
fn qualified_task_columns() -> &'static str {
    static COLUMNS: std::sync::LazyLock<String> =
        std::sync::LazyLock::new(|| format!("t.{}", task_columns!().replace(", ", ", t.")));
    &COLUMNS
}

/// Appends the list query's filters and cursor as ` AND …` to a statement over `tasks`.
fn push_conditions<DB: Database, D: Dialect<Db = DB>>(
    sql: &mut QueryBuilder<DB>,
    user: UserId,
    query: &TaskListQuery,
    now: Timestamp,
) where
    for<'q> i64: Encode<'q, DB> + Type<DB>,
    for<'q> i16: Encode<'q, DB> + Type<DB>,
    for<'q> bool: Encode<'q, DB> + Type<DB>,
    for<'q> &'q str: Encode<'q, DB> + Type<DB>,
    for<'q> StoredTime: Encode<'q, DB> + Type<DB>,
{
    let filter = &query.filter;
    match filter.assignee {
        Some(AssigneeFilter::Me) => {
            sql.push(" AND assignee_id = ").push_bind(user);
        }
        Some(AssigneeFilter::User(id)) => {
            sql.push(" AND assignee_id = ").push_bind(id);
        }
        Some(AssigneeFilter::Nobody) => {
            sql.push(" AND assignee_id IS NULL");
        }
        None => {}
    }
    for label in &filter.labels {
        sql.push(" AND EXISTS (SELECT 1 FROM task_labels l WHERE l.task_id = tasks.id AND l.folded = ")
            .push_bind(label.as_str())
            .push(")");
    }
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
        sql.push(" AND due_date < ").push_bind(StoredTime(before));
    }
    if let Some(after) = filter.due_after {
        sql.push(" AND due_date >= ").push_bind(StoredTime(after));
    }
    match filter.overdue {
        Some(true) => {
            sql.push(" AND NOT completed AND due_date < ").push_bind(StoredTime(now));
        }
        Some(false) => {
            sql.push(" AND (completed OR due_date IS NULL OR due_date >= ")
                .push_bind(StoredTime(now))
                .push(")");
        }
        None => {}
    }
    if let Some(search) = &filter.search {
        D::push_search(sql, search);
    }
    if let Some(cursor) = query.after {
        push_keyset(sql, query.sort.descending(), cursor.after());
    }
}

fn push_keyset<DB: Database>(sql: &mut QueryBuilder<DB>, descending: bool, after: After)
where
    for<'q> i64: Encode<'q, DB> + Type<DB>,
    for<'q> i16: Encode<'q, DB> + Type<DB>,
    for<'q> StoredTime: Encode<'q, DB> + Type<DB>,
{
    let op = if descending { "<" } else { ">" };
    match after {
        After::Created(created, id) => {
            sql.push(format!(" AND (created_at, id) {op} (")).push_bind(StoredTime(created)).push(", ");
            sql.push_bind(id).push(")");
        }
        After::Priority(rank, id) => {
            sql.push(format!(" AND (priority, id) {op} (")).push_bind(rank).push(", ");
            sql.push_bind(id).push(")");
        }
        // Undated tasks come last in both directions: after a dated row come later dated rows, then
        // every undated one; after an undated row come only undated rows with a later id.
        After::Due(Some(due), id) => {
            sql.push(format!(" AND (due_date IS NULL OR (due_date, id) {op} ("))
                .push_bind(StoredTime(due))
                .push(", ");
            sql.push_bind(id).push("))");
        }
        After::Due(None, id) => {
            sql.push(format!(" AND due_date IS NULL AND id {op} ")).push_bind(id);
        }
    }
}
