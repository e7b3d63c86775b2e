//! What both backends read back: the rows of every query, decoded the same way on both.

use crate::domain::time::Timestamp;
use crate::domain::{
    ApiToken, ApiTokenGrant, Completion, Labels, Member, Notification, NotificationKind, PendingEmail,
    Priority, Project, Recurrence, Reminder, ReminderTime, Role, Scopes, Task, TaskId, TimeZone, User,
};

/// An instant as both databases store it: `timestamptz` in PostgreSQL, integer microseconds since
/// the Unix epoch in SQLite (see each backend's module for its encoding). Every statement binds and
/// reads instants as this type, so no query needs to know which database it runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct StoredTime(pub(super) Timestamp);

impl From<Timestamp> for StoredTime {
    fn from(t: Timestamp) -> Self {
        Self(t)
    }
}

/// A zone as stored: written only after `TimeZone::parse`; one that a newer tz database dropped
/// reads as UTC rather than failing the whole row.
fn stored_zone(name: &str) -> TimeZone {
    TimeZone::parse(name).unwrap_or_default()
}

/// Binds an optional instant.
pub(super) fn stored(t: Option<Timestamp>) -> Option<StoredTime> {
    t.map(StoredTime)
}

/// A task as stored. Decoded by position (the order of `task_columns!`), not by name: the list
/// decodes 50 × 11 columns per request, and a by-name lookup hashes every column name each time
/// (a fifth of the server's CPU per list request in the profile).
pub(super) struct TaskRow {
    id: i64,
    project_id: i64,
    created_by: Option<i64>,
    assignee_id: Option<i64>,
    labels: String,
    title: String,
    description: Option<String>,
    due_date: Option<StoredTime>,
    completed: bool,
    completed_at: Option<StoredTime>,
    priority: i16,
    time_zone: String,
    recurrence: Option<String>,
    series_anchor: Option<StoredTime>,
    created_at: StoredTime,
    updated_at: StoredTime,
    version: i64,
}

impl<'r, R> sqlx::FromRow<'r, R> for TaskRow
where
    R: sqlx::Row,
    usize: sqlx::ColumnIndex<R>,
    StoredTime: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
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
            created_at: row.try_get(7)?,
            updated_at: row.try_get(8)?,
            version: row.try_get(9)?,
            time_zone: row.try_get(10)?,
            recurrence: row.try_get(11)?,
            series_anchor: row.try_get(12)?,
            project_id: row.try_get(13)?,
            created_by: row.try_get(14)?,
            assignee_id: row.try_get(15)?,
            labels: row.try_get(16)?,
        })
    }
}

impl From<TaskRow> for Task {
    fn from(row: TaskRow) -> Self {
        Task {
            id: row.id,
            project_id: row.project_id,
            // Written only from `Labels`, as a JSON array of strings.
            labels: Labels::from_stored(serde_json::from_str(&row.labels).unwrap_or_default()),
            assignee_id: row.assignee_id,
            created_by: row.created_by,
            title: row.title,
            description: row.description,
            due_date: row.due_date.map(|t| t.0),
            completed: row.completed,
            completed_at: row.completed_at.map(|t| t.0),
            // The CHECK constraint keeps the column within the four ranks.
            priority: Priority::from_rank(row.priority).unwrap_or_default(),
            time_zone: stored_zone(&row.time_zone),
            // Written only after `Recurrence::parse`, so it parses back.
            recurrence: row.recurrence.and_then(|rule| Recurrence::parse(&rule).ok()),
            series_anchor: row.series_anchor.map(|t| t.0),
            // Read by a second query (`ReminderRow`).
            reminders: Vec::new(),
            created_at: row.created_at.0,
            updated_at: row.updated_at.0,
            version: row.version,
        }
    }
}

/// A reminder as stored, with the task it belongs to.
#[derive(sqlx::FromRow)]
pub(super) struct ReminderRow {
    pub(super) task_id: TaskId,
    id: i64,
    at: Option<StoredTime>,
    before_due_minutes: Option<i32>,
    snoozed_from: Option<i64>,
    fires_at: StoredTime,
    sent_at: Option<StoredTime>,
    armed: bool,
}

impl From<ReminderRow> for Reminder {
    fn from(row: ReminderRow) -> Self {
        // The CHECK constraints keep exactly one of `at` and `before_due_minutes`, within bounds.
        let time = match (row.at, row.before_due_minutes, row.snoozed_from) {
            (Some(at), _, Some(_)) => ReminderTime::Snoozed(at.0),
            (Some(at), _, None) => ReminderTime::At(at.0),
            (None, minutes, _) => ReminderTime::BeforeDue(minutes.unwrap_or_default().max(0) as u32),
        };
        Reminder {
            id: Some(row.id),
            time,
            fires_at: row.fires_at.0,
            sent_at: row.sent_at.map(|t| t.0),
            armed: row.armed,
        }
    }
}

#[derive(sqlx::FromRow)]
pub(super) struct CompletionRow {
    id: i64,
    due_date: Option<StoredTime>,
    completed_at: StoredTime,
    completed_by: Option<i64>,
}

impl From<CompletionRow> for Completion {
    fn from(row: CompletionRow) -> Self {
        Completion {
            id: row.id,
            due_date: row.due_date.map(|t| t.0),
            completed_at: row.completed_at.0,
            completed_by: row.completed_by,
        }
    }
}

/// A role as stored: written only from `Role::as_str`, and the CHECK constraint allows only those.
pub(super) fn stored_role(role: &str) -> Role {
    Role::parse(role).unwrap_or(Role::Viewer)
}

#[derive(sqlx::FromRow)]
pub(super) struct ProjectRow {
    id: i64,
    name: String,
    color: Option<String>,
    inbox: bool,
    owner_id: i64,
    role: String,
    created_at: StoredTime,
    updated_at: StoredTime,
}

impl From<ProjectRow> for Project {
    fn from(row: ProjectRow) -> Self {
        Project {
            id: row.id,
            name: row.name,
            color: row.color,
            inbox: row.inbox,
            owner_id: row.owner_id,
            role: stored_role(&row.role),
            created_at: row.created_at.0,
            updated_at: row.updated_at.0,
        }
    }
}

#[derive(sqlx::FromRow)]
pub(super) struct MemberRow {
    user_id: i64,
    email: String,
    role: String,
    added_at: StoredTime,
}

impl From<MemberRow> for Member {
    fn from(row: MemberRow) -> Self {
        Member {
            user_id: row.user_id,
            email: row.email,
            role: stored_role(&row.role),
            added_at: row.added_at.0,
        }
    }
}

#[derive(sqlx::FromRow)]
pub(super) struct UserRow {
    id: i64,
    email: String,
    time_zone: String,
    created_at: StoredTime,
}

impl From<UserRow> for User {
    fn from(row: UserRow) -> Self {
        User {
            id: row.id,
            email: row.email,
            time_zone: stored_zone(&row.time_zone),
            created_at: row.created_at.0,
        }
    }
}

#[derive(sqlx::FromRow)]
pub(super) struct NotificationRow {
    id: i64,
    task_id: i64,
    message: String,
    fires_at: StoredTime,
    created_at: StoredTime,
    read_at: Option<StoredTime>,
}

impl From<NotificationRow> for Notification {
    fn from(row: NotificationRow) -> Self {
        Notification {
            id: row.id,
            task_id: row.task_id,
            // The CHECK constraint allows only this kind so far.
            kind: NotificationKind::TaskReminder,
            message: row.message,
            fires_at: row.fires_at.0,
            created_at: row.created_at.0,
            read_at: row.read_at.map(|t| t.0),
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

/// The columns of `API_TOKEN_COLUMNS`.
#[derive(sqlx::FromRow)]
pub(super) struct ApiTokenRow {
    id: i64,
    name: String,
    scopes: String,
    created_at: StoredTime,
    expires_at: Option<StoredTime>,
    last_used_at: Option<StoredTime>,
}

impl From<ApiTokenRow> for ApiToken {
    fn from(row: ApiTokenRow) -> Self {
        ApiToken {
            id: row.id,
            name: row.name,
            scopes: Scopes::from_stored(&row.scopes),
            created_at: row.created_at.0,
            expires_at: row.expires_at.map(|t| t.0),
            last_used_at: row.last_used_at.map(|t| t.0),
        }
    }
}

/// What checking a presented API token reads.
#[derive(sqlx::FromRow)]
pub(super) struct ApiTokenGrantRow {
    id: i64,
    user_id: i64,
    scopes: String,
    expires_at: Option<StoredTime>,
    last_used_at: Option<StoredTime>,
}

impl From<ApiTokenGrantRow> for ApiTokenGrant {
    fn from(row: ApiTokenGrantRow) -> Self {
        ApiTokenGrant {
            id: row.id,
            user_id: row.user_id,
            scopes: row.scopes,
            expires_at: row.expires_at.map(|t| t.0.timestamp()),
            last_used_at: row.last_used_at.map(|t| t.0.timestamp()),
        }
    }
}

#[derive(sqlx::FromRow)]
pub(super) struct PendingAccountEmailRow {
    id: i64,
    email: String,
    subject: String,
    body: String,
    attempts: i32,
}

impl From<PendingAccountEmailRow> for super::PendingAccountEmail {
    fn from(row: PendingAccountEmailRow) -> Self {
        Self {
            id: row.id,
            to: row.email,
            content: super::AccountEmailContent { subject: row.subject, body: row.body },
            attempts: row.attempts,
        }
    }
}
