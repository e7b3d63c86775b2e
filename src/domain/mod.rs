//! Domain types: values that cannot hold an invalid state, and no I/O.
//!
//! Raw input becomes these types with `TryFrom`/`parse` at the HTTP edge; everything past the edge can
//! trust them.

mod api_token;
mod completion;
mod email;
mod label;
mod notification;
mod password;
mod project;
mod recurrence;
mod reminder;
mod task;
mod task_counts;
mod task_query;
mod text;
pub mod time;
mod time_zone;
mod user;

use std::collections::BTreeMap;

pub use api_token::{
    Access, ApiToken, ApiTokenGrant, ApiTokenId, ApiTokenName, Scope, Scopes, TokenLifetime, scope_for,
};
pub use completion::{Completion, CompletionQuery};
pub use email::Email;
pub use label::{Labels, fold as fold_label};
pub use notification::{
    Notification, NotificationId, NotificationKind, NotificationQuery, PendingEmail, REMINDER_PREFIX,
};
pub use password::Password;
pub use project::{Action, Color, Decision, Member, Project, ProjectId, ProjectName, Role, decide};
pub use recurrence::{Occurrences, Recurrence, RecurrenceError, Series};
pub use reminder::{Reminder, ReminderDoc, ReminderId, ReminderTime, ReminderWrite};
pub use task::{NewTask, Precondition, Priority, Task, TaskDescription, TaskId, TaskPatch, TaskTitle};
pub use task_counts::{DayWindows, ProjectOpenCount, ProjectTally, TaskCounts};
pub use task_query::{
    After, AssigneeFilter, Cursor, Page, Sort, TaskFilter, TaskListQuery, parse_bool, parse_limit,
};
pub use text::looks_empty;
pub use time_zone::TimeZone;
pub use user::{User, UserId};

/// Per-field validation messages, keyed by the field name the client sent.
pub type FieldErrors = BTreeMap<String, String>;
