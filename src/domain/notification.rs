use serde::Serialize;

use super::task::TaskId;
use super::task_query::{Cursor, CursorKey, Page, Sort, TaskListQuery, parse_bool, parse_limit};
use super::time::{Timestamp, serde_rfc3339};
use super::user::UserId;

pub type NotificationId = i64;

/// An in-app notification, as returned to its owner.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Notification {
    pub id: NotificationId,
    pub task_id: TaskId,
    pub kind: NotificationKind,
    pub message: String,
    #[serde(serialize_with = "serde_rfc3339::serialize")]
    #[schema(value_type = String, format = DateTime)]
    pub created_at: Timestamp,
    #[serde(serialize_with = "serde_rfc3339::option::serialize")]
    #[schema(value_type = Option<String>, format = DateTime, required = true)]
    pub read_at: Option<Timestamp>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum NotificationKind {
    TaskReminder,
}

impl NotificationKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::TaskReminder => "task_reminder",
        }
    }
}

/// What a reminder says before the task's title, in the app and in the email.
pub const REMINDER_PREFIX: &str = "Reminder: ";

/// A delivered reminder whose email is waiting in the outbox.
#[derive(Debug, Clone)]
pub struct PendingEmail {
    pub notification_id: NotificationId,
    pub user_id: UserId,
    pub to: String,
    pub message: String,
    /// Sends so far that the SMTP server did not accept.
    pub attempts: i32,
}

/// The notification list query: newest first, optionally only unread, keyset-paginated.
#[derive(Debug, Clone, PartialEq)]
pub struct NotificationQuery {
    pub unread_only: bool,
    pub limit: u32,
    /// Strictly older than this (created_at, id).
    pub after: Option<(Timestamp, NotificationId)>,
}

impl NotificationQuery {
    /// Parses a raw query string. Any problem is a message for a 400.
    pub fn parse(raw: Option<&str>) -> Result<Self, String> {
        let mut query = Self { unread_only: false, limit: TaskListQuery::DEFAULT_LIMIT, after: None };
        for (name, value) in form_urlencoded::parse(raw.unwrap_or_default().as_bytes()) {
            match name.as_ref() {
                "unread" => query.unread_only = parse_bool("unread", &value)?,
                "limit" => query.limit = parse_limit(&value)?,
                "cursor" => {
                    let cursor = Cursor::decode(&value)?;
                    match (cursor.sort, cursor.key) {
                        (Sort::CreatedDesc, CursorKey::Time(Some(created))) => {
                            query.after = Some((created, cursor.id));
                        }
                        _ => return Err("cursor belongs to another list".into()),
                    }
                }
                other => return Err(format!("unknown query parameter {other:?}")),
            }
        }
        Ok(query)
    }

    pub fn fetch_limit(&self) -> i64 {
        i64::from(self.limit) + 1
    }
}

impl Page<Notification> {
    pub fn of_notifications(rows: Vec<Notification>, query: &NotificationQuery) -> Self {
        Page::from_rows(rows, query.limit, |last| Cursor {
            sort: Sort::CreatedDesc,
            key: CursorKey::Time(Some(last.created_at)),
            id: last.id,
        })
    }
}
