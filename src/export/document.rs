//! The export document (`"format": "tasktracker-export", "version": 1`): the same types write it
//! (export) and read it back (import). Values are kept as the API writes them (RFC 3339 instants,
//! priority and zone names, RRULE text); import checks each with the API's own parsers.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::domain::time::{self, Timestamp};
use crate::domain::{Completion, Member, Notification, Project, Reminder, ReminderTime, Task, User};

pub const FORMAT: &str = "tasktracker-export";
pub const VERSION: u32 = 1;

/// The whole document, as import reads it.
#[derive(Debug, Deserialize)]
pub struct Document {
    pub format: String,
    pub version: u32,
    #[serde(default)]
    pub projects: Vec<DocProject>,
}

/// What comes before the projects.
#[derive(Debug, Serialize)]
pub struct Head {
    pub format: &'static str,
    pub version: u32,
    pub exported_at: String,
    pub user: DocUser,
}

#[derive(Debug, Serialize)]
pub struct DocUser {
    pub email: String,
    pub time_zone: String,
    pub created_at: String,
}

impl From<&User> for DocUser {
    fn from(user: &User) -> Self {
        DocUser {
            email: user.email.clone(),
            time_zone: user.time_zone.as_str().to_owned(),
            created_at: time::format(&user.created_at),
        }
    }
}

/// A project without its tasks (export writes those one page at a time after it).
#[derive(Debug, Serialize)]
pub struct DocProjectHead {
    pub name: String,
    pub color: Option<String>,
    pub inbox: bool,
    /// The exporting user's role in it.
    pub role: String,
    pub created_at: String,
    pub members: Vec<DocMember>,
}

impl DocProjectHead {
    pub fn new(project: &Project, members: &[Member]) -> Self {
        DocProjectHead {
            name: project.name.clone(),
            color: project.color.clone(),
            inbox: project.inbox,
            role: project.role.as_str().to_owned(),
            created_at: time::format(&project.created_at),
            members: members
                .iter()
                .map(|m| DocMember { email: m.email.clone(), role: m.role.as_str().to_owned() })
                .collect(),
        }
    }
}

#[derive(Debug, Serialize)]
pub struct DocMember {
    pub email: String,
    pub role: String,
}

/// A project as import reads it: members and role are not imported.
#[derive(Debug, Deserialize)]
pub struct DocProject {
    pub name: String,
    #[serde(default)]
    pub color: Option<String>,
    #[serde(default)]
    pub inbox: bool,
    #[serde(default)]
    pub tasks: Vec<DocTask>,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct DocTask {
    /// The id it had, which `notifications[].task_id` refers to; import makes new ids.
    #[serde(default)]
    pub id: Option<i64>,
    pub title: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub due_date: Option<String>,
    #[serde(default)]
    pub completed: bool,
    #[serde(default)]
    pub completed_at: Option<String>,
    pub priority: String,
    #[serde(default)]
    pub labels: Vec<String>,
    pub time_zone: String,
    #[serde(default)]
    pub recurrence: Option<String>,
    /// The due date the series counts from (`COUNT`); the due date itself when absent.
    #[serde(default)]
    pub series_start: Option<String>,
    /// The assignee's email (not imported: memberships are not).
    #[serde(default)]
    pub assignee: Option<String>,
    pub created_at: String,
    pub updated_at: String,
    /// `{"at": time}` or `{"before_due_minutes": n}` as the API writes them, with `"sent_at"`
    /// once sent.
    #[serde(default)]
    pub reminders: Vec<Value>,
    #[serde(default)]
    pub completions: Vec<DocCompletion>,
}

impl DocTask {
    pub fn new(task: &Task, completions: &[Completion], assignee: Option<String>) -> Self {
        DocTask {
            id: Some(task.id),
            title: task.title.clone(),
            description: task.description.clone(),
            due_date: task.due_date.as_ref().map(time::format),
            completed: task.completed,
            completed_at: task.completed_at.as_ref().map(time::format),
            priority: task.priority.to_string(),
            labels: task.labels.as_slice().to_vec(),
            time_zone: task.time_zone.as_str().to_owned(),
            recurrence: task.recurrence.as_ref().map(|r| r.as_str().to_owned()),
            series_start: task.recurrence.as_ref().and(task.series_anchor.as_ref().map(time::format)),
            assignee,
            created_at: time::format(&task.created_at),
            updated_at: time::format(&task.updated_at),
            reminders: task.reminders.iter().filter_map(reminder_value).collect(),
            completions: completions
                .iter()
                .map(|c| DocCompletion {
                    due_date: c.due_date.as_ref().map(time::format),
                    completed_at: time::format(&c.completed_at),
                })
                .collect(),
        }
    }
}

/// A written reminder as the document holds it; a snooze is not one.
fn reminder_value(reminder: &Reminder) -> Option<Value> {
    let mut entry = Map::new();
    match reminder.time {
        ReminderTime::At(at) => entry.insert("at".into(), time::format(&at).into()),
        ReminderTime::BeforeDue(minutes) => entry.insert("before_due_minutes".into(), minutes.into()),
        ReminderTime::Snoozed(_) => return None,
    };
    if let Some(sent) = reminder.sent_at {
        entry.insert("sent_at".into(), time::format(&sent).into());
    }
    Some(Value::Object(entry))
}

#[derive(Debug, Serialize, Deserialize)]
pub struct DocCompletion {
    #[serde(default)]
    pub due_date: Option<String>,
    pub completed_at: String,
}

/// A notification as exported (not imported: they were the old account's).
#[derive(Debug, Serialize)]
pub struct DocNotification {
    pub task_id: i64,
    pub message: String,
    pub fires_at: String,
    pub created_at: String,
    pub read_at: Option<String>,
}

impl From<&Notification> for DocNotification {
    fn from(n: &Notification) -> Self {
        DocNotification {
            task_id: n.task_id,
            message: n.message.clone(),
            fires_at: time::format(&n.fires_at),
            created_at: time::format(&n.created_at),
            read_at: n.read_at.as_ref().map(time::format),
        }
    }
}

/// An instant of the document.
pub fn instant(raw: &str) -> Result<Timestamp, &'static str> {
    time::parse(raw)
}
