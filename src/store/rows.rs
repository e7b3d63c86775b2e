//! What both backends read back, generic over how each keeps an instant (PostgreSQL: `timestamptz`;
//! SQLite: integer microseconds), and the SQL they share word for word.

use crate::domain::time::Timestamp;
use crate::domain::{Notification, NotificationKind, PendingEmail, Priority, Sort, Task, User};

/// A stored instant, as a backend's column decodes.
pub(super) trait StoredInstant {
    fn instant(self) -> Timestamp;
}

impl StoredInstant for Timestamp {
    fn instant(self) -> Timestamp {
        self
    }
}

/// Microseconds since the Unix epoch.
impl StoredInstant for i64 {
    fn instant(self) -> Timestamp {
        Timestamp::from_timestamp_micros(self).unwrap_or_default()
    }
}

/// A task as stored. Decoded by position (the order of `task_columns!`), not by name: the list
/// decodes 50 × 11 columns per request, and a by-name lookup hashes every column name each time
/// (a fifth of the server's CPU per list request in the profile).
pub(super) struct TaskRow<T> {
    id: i64,
    title: String,
    description: Option<String>,
    due_date: Option<T>,
    completed: bool,
    completed_at: Option<T>,
    priority: i16,
    remind_at: Option<T>,
    reminded_at: Option<T>,
    created_at: T,
    updated_at: T,
}

impl<'r, R, T> sqlx::FromRow<'r, R> for TaskRow<T>
where
    R: sqlx::Row,
    usize: sqlx::ColumnIndex<R>,
    T: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    i64: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    i16: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    bool: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    String: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
{
    fn from_row(row: &'r R) -> Result<Self, sqlx::Error> {
        Ok(Self {
            id: row.try_get(0)?,
            title: row.try_get(1)?,
            description: row.try_get(2)?,
            due_date: row.try_get(3)?,
            completed: row.try_get(4)?,
            completed_at: row.try_get(5)?,
            priority: row.try_get(6)?,
            remind_at: row.try_get(7)?,
            reminded_at: row.try_get(8)?,
            created_at: row.try_get(9)?,
            updated_at: row.try_get(10)?,
        })
    }
}

impl<T: StoredInstant> From<TaskRow<T>> for Task {
    fn from(row: TaskRow<T>) -> Self {
        Task {
            id: row.id,
            title: row.title,
            description: row.description,
            due_date: row.due_date.map(T::instant),
            completed: row.completed,
            completed_at: row.completed_at.map(T::instant),
            // The CHECK constraint keeps the column within the four ranks.
            priority: Priority::from_rank(row.priority).unwrap_or_default(),
            remind_at: row.remind_at.map(T::instant),
            reminded_at: row.reminded_at.map(T::instant),
            created_at: row.created_at.instant(),
            updated_at: row.updated_at.instant(),
        }
    }
}

#[derive(sqlx::FromRow)]
pub(super) struct UserRow<T> {
    id: i64,
    email: String,
    created_at: T,
}

impl<T: StoredInstant> From<UserRow<T>> for User {
    fn from(row: UserRow<T>) -> Self {
        User { id: row.id, email: row.email, created_at: row.created_at.instant() }
    }
}

#[derive(sqlx::FromRow)]
pub(super) struct NotificationRow<T> {
    id: i64,
    task_id: i64,
    message: String,
    created_at: T,
    read_at: Option<T>,
}

impl<T: StoredInstant> From<NotificationRow<T>> for Notification {
    fn from(row: NotificationRow<T>) -> Self {
        Notification {
            id: row.id,
            task_id: row.task_id,
            // The CHECK constraint allows only this kind so far.
            kind: NotificationKind::TaskReminder,
            message: row.message,
            created_at: row.created_at.instant(),
            read_at: row.read_at.map(T::instant),
        }
    }
}

#[derive(sqlx::FromRow)]
pub(super) struct PendingEmailRow {
    id: i64,
    user_id: i64,
    email: String,
    message: String,
    email_attempts: i32,
}

impl From<PendingEmailRow> for PendingEmail {
    fn from(row: PendingEmailRow) -> Self {
        PendingEmail {
            notification_id: row.id,
            user_id: row.user_id,
            to: row.email,
            message: row.message,
            attempts: row.email_attempts,
        }
    }
}

/// The columns `TaskRow` reads, in the order it decodes them, as a macro so that statements stay `&'static str` (sqlx refuses SQL
/// built at run time unless it is a `QueryBuilder`).
macro_rules! task_columns {
    () => {
        "id, title, description, due_date, completed, completed_at, priority, remind_at, reminded_at, \
         created_at, updated_at"
    };
}
pub(super) use task_columns;

/// The list orders: undated tasks last both ways, ties broken by id in the same direction.
pub(super) fn order_by(sort: Sort) -> &'static str {
    match sort {
        Sort::CreatedAsc => "created_at ASC, id ASC",
        Sort::CreatedDesc => "created_at DESC, id DESC",
        Sort::DueAsc => "due_date ASC NULLS LAST, id ASC",
        Sort::DueDesc => "due_date DESC NULLS LAST, id DESC",
        Sort::PriorityAsc => "priority ASC, id ASC",
        Sort::PriorityDesc => "priority DESC, id DESC",
    }
}
