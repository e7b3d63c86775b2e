use serde::Serialize;

use super::task::TaskId;
use super::task_query::{Cursor, Page};
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
    /// When the reminder fired: its `fires_at`, or a snooze's end.
    #[serde(serialize_with = "serde_rfc3339::serialize")]
    #[schema(value_type = String, format = DateTime)]
    pub fires_at: Timestamp,
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
    pub fn fetch_limit(&self) -> i64 {
        i64::from(self.limit) + 1
    }
}

impl Page<Notification> {
    pub fn of_notifications(rows: Vec<Notification>, query: &NotificationQuery) -> Self {
        Page::from_rows(rows, query.limit, |last| Cursor::newest_first(last.created_at, last.id))
    }
}
