use std::fmt;

use serde::{Deserialize, Serialize};

use super::recurrence::Recurrence;
use super::time::{Timestamp, serde_rfc3339};
use super::time_zone::TimeZone;

pub type TaskId = i64;

/// A task title: 1 to 200 characters once surrounding white space is trimmed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskTitle(String);

impl TaskTitle {
    pub const MAX_CHARS: usize = 200;

    pub fn parse(input: &str) -> Result<Self, &'static str> {
        let trimmed = input.trim();
        match trimmed.chars().count() {
            0 => Err("must not be empty"),
            n if n > Self::MAX_CHARS => Err("must be at most 200 characters"),
            _ => Ok(Self(trimmed.to_owned())),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A task description: at most 10,000 characters, kept exactly as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskDescription(String);

impl TaskDescription {
    pub const MAX_CHARS: usize = 10_000;

    pub fn parse(input: String) -> Result<Self, &'static str> {
        if input.chars().count() > Self::MAX_CHARS {
            return Err("must be at most 10000 characters");
        }
        Ok(Self(input))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Task priority. The declaration order is the sort order, and `rank` is what the databases store,
/// so an index on the column sorts low < medium < high < urgent.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Default,
    Serialize,
    Deserialize,
    utoipa::ToSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Priority {
    Low,
    #[default]
    Medium,
    High,
    Urgent,
}

impl Priority {
    pub const ALL: [Priority; 4] = [Priority::Low, Priority::Medium, Priority::High, Priority::Urgent];

    pub fn rank(self) -> i16 {
        self as i16
    }

    pub fn from_rank(rank: i16) -> Option<Self> {
        Self::ALL.get(usize::try_from(rank).ok()?).copied()
    }

    pub fn parse(input: &str) -> Result<Self, &'static str> {
        match input {
            "low" => Ok(Self::Low),
            "medium" => Ok(Self::Medium),
            "high" => Ok(Self::High),
            "urgent" => Ok(Self::Urgent),
            _ => Err("must be one of low, medium, high, urgent"),
        }
    }
}

impl fmt::Display for Priority {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Low => "low",
            Self::Medium => "medium",
            Self::High => "high",
            Self::Urgent => "urgent",
        })
    }
}

/// A task as stored and as returned to its owner.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Task {
    pub id: TaskId,
    pub title: String,
    /// Always present; null when there is none.
    #[schema(required = true)]
    pub description: Option<String>,
    #[serde(serialize_with = "serde_rfc3339::option::serialize")]
    #[schema(value_type = Option<String>, format = DateTime, required = true)]
    pub due_date: Option<Timestamp>,
    pub completed: bool,
    #[serde(serialize_with = "serde_rfc3339::option::serialize")]
    #[schema(value_type = Option<String>, format = DateTime, required = true)]
    pub completed_at: Option<Timestamp>,
    pub priority: Priority,
    /// An IANA zone name; recurrences and relative reminders are computed in it.
    #[schema(value_type = String, example = "Europe/Berlin")]
    pub time_zone: TimeZone,
    /// An RRULE value (RFC 5545) without DTSTART: the due date is the first occurrence.
    #[schema(value_type = Option<String>, example = "FREQ=WEEKLY;BYDAY=TU", required = true)]
    pub recurrence: Option<Recurrence>,
    /// The due date the series started from (see `domain::recurrence`); not shown.
    #[serde(skip)]
    #[schema(ignore)]
    pub series_anchor: Option<Timestamp>,
    #[serde(serialize_with = "serde_rfc3339::option::serialize")]
    #[schema(value_type = Option<String>, format = DateTime, required = true)]
    pub remind_at: Option<Timestamp>,
    #[serde(serialize_with = "serde_rfc3339::option::serialize")]
    #[schema(value_type = Option<String>, format = DateTime, required = true)]
    pub reminded_at: Option<Timestamp>,
    /// Starts at 1 and grows by 1 with every change; also the `ETag`, for `If-Match`.
    pub version: i64,
    #[serde(serialize_with = "serde_rfc3339::serialize")]
    #[schema(value_type = String, format = DateTime)]
    pub created_at: Timestamp,
    #[serde(serialize_with = "serde_rfc3339::serialize")]
    #[schema(value_type = String, format = DateTime)]
    pub updated_at: Timestamp,
}

impl Task {
    /// The task as `patch` leaves it at `now`, or `None` when the patch changes nothing (sending
    /// the values a task already has is no change: no new version, no new `updated_at`). Refused
    /// (field, message) when the result would break a rule: a recurrence needs a due date, and a
    /// series that can occur. Completing a repeating task advances it to its next occurrence.
    pub fn patched(&self, patch: &TaskPatch, now: Timestamp) -> Result<Option<Task>, FieldError> {
        let mut next = self.clone();
        if let Some(title) = &patch.title {
            next.title = title.as_str().to_owned();
        }
        if let Some(description) = &patch.description {
            next.description = description.as_ref().map(|d| d.as_str().to_owned());
        }
        if let Some(due_date) = patch.due_date {
            next.due_date = due_date;
        }
        if let Some(priority) = patch.priority {
            next.priority = priority;
        }
        if let Some(zone) = patch.time_zone {
            next.time_zone = zone;
        }
        if let Some(recurrence) = &patch.recurrence {
            next.recurrence = recurrence.clone();
        }
        // A write of the schedule starts the series again from the due date.
        if patch.due_date.is_some() || patch.recurrence.is_some() || patch.time_zone.is_some() {
            next.series_anchor = next.recurrence.as_ref().and(next.due_date);
        }
        next.check_series(patch.due_date == Some(None))?;
        let completing = patch.completed == Some(true) && !self.completed;
        if completing && let Some(due) = next.next_occurrence(now) {
            // A repeating task is not done: it moves on, past every occurrence already missed.
            next.due_date = Some(due);
        } else if let Some(completed) = patch.completed {
            next.completed = completed;
            // Completing again keeps the first completion time; un-completing clears it.
            next.completed_at = match (completed, self.completed_at) {
                (true, Some(at)) => Some(at),
                (true, None) => Some(now),
                (false, _) => None,
            };
        }
        if let Some(remind_at) = patch.remind_at {
            next.remind_at = remind_at;
        }
        if next.rearms_reminder_of(self) {
            next.reminded_at = None;
        }
        if next == *self {
            return Ok(None);
        }
        next.updated_at = now;
        next.version = self.version + 1;
        Ok(Some(next))
    }

    /// Refuses a recurrence without a due date (naming `due_date` when the write cleared it) and
    /// one whose series cannot occur from its anchor.
    fn check_series(&self, due_date_cleared: bool) -> Result<(), FieldError> {
        let Some(recurrence) = &self.recurrence else { return Ok(()) };
        let (Some(anchor), Some(_)) = (self.series_anchor.or(self.due_date), self.due_date) else {
            return Err(match due_date_cleared {
                true => {
                    ("due_date", "cannot be cleared while the task repeats; clear recurrence first".into())
                }
                false => ("recurrence", "needs a due date: the due date is the first occurrence".into()),
            });
        };
        recurrence.series(anchor, self.time_zone).map(drop).map_err(|e| ("recurrence", e.to_string()))
    }

    /// The first occurrence after both the due date and `now`; `None` for a plain task, or when
    /// `COUNT` or `UNTIL` has ended the series.
    fn next_occurrence(&self, now: Timestamp) -> Option<Timestamp> {
        let (recurrence, due) = (self.recurrence.as_ref()?, self.due_date?);
        let series = recurrence.series(self.series_anchor.unwrap_or(due), self.time_zone).ok()?;
        series.next_after(due.max(now))
    }

    /// The next `limit` occurrences from the current due date on: the due date alone for a plain
    /// task, none without one.
    pub fn occurrences(&self, limit: usize) -> Vec<Timestamp> {
        let Some(due) = self.due_date else { return Vec::new() };
        let Some(recurrence) = &self.recurrence else { return vec![due] };
        match recurrence.series(self.series_anchor.unwrap_or(due), self.time_zone) {
            Ok(series) => series.upcoming(due, limit),
            Err(_) => vec![due],
        }
    }

    /// Whether this (new) state must send the reminder again: its time moved.
    pub fn rearms_reminder_of(&self, before: &Task) -> bool {
        self.remind_at != before.remind_at
    }
}

#[cfg(test)]
impl Task {
    /// A plain open task created at a fixed instant, for unit tests.
    pub(crate) fn example(id: TaskId, title: &str) -> Task {
        let at = crate::domain::time::parse("2026-12-01T09:00:00Z").unwrap();
        Task {
            id,
            title: title.into(),
            description: None,
            due_date: None,
            completed: false,
            completed_at: None,
            priority: Priority::Medium,
            time_zone: TimeZone::UTC,
            recurrence: None,
            series_anchor: None,
            remind_at: None,
            reminded_at: None,
            version: 1,
            created_at: at,
            updated_at: at,
        }
    }
}

/// A field a client sent and why it is refused.
pub type FieldError = (&'static str, String);

/// An `If-Match` precondition on a task's version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Precondition {
    /// `*`: any current version (the task must exist).
    Any,
    /// One of these versions.
    Versions(Vec<i64>),
}

impl Precondition {
    /// Parses an `If-Match` value: `*`, or a list of `"<n>"` or `W/"<n>"`.
    pub fn parse(header: &str) -> Result<Self, &'static str> {
        const BAD: &str = r#"If-Match must be *, "<version>" or W/"<version>""#;
        if header.trim() == "*" {
            return Ok(Self::Any);
        }
        let versions = header
            .split(',')
            .map(|tag| {
                let tag = tag.trim();
                let tag = tag.strip_prefix("W/").unwrap_or(tag);
                tag.strip_prefix('"')
                    .and_then(|t| t.strip_suffix('"'))
                    .and_then(|n| n.parse().ok())
                    .ok_or(BAD)
            })
            .collect::<Result<Vec<i64>, _>>()?;
        Ok(Self::Versions(versions))
    }

    pub fn holds_for(&self, version: i64) -> bool {
        match self {
            Self::Any => true,
            Self::Versions(versions) => versions.contains(&version),
        }
    }
}

/// A valid task to create.
#[derive(Debug, Clone)]
pub struct NewTask {
    pub title: TaskTitle,
    pub description: Option<TaskDescription>,
    pub due_date: Option<Timestamp>,
    pub completed: bool,
    pub priority: Priority,
    /// `None`: the creator's zone.
    pub time_zone: Option<TimeZone>,
    pub recurrence: Option<Recurrence>,
    pub remind_at: Option<Timestamp>,
}

/// A valid partial update. The outer `Option` says whether the field was sent; for the clearable
/// fields the inner one says whether it was sent as `null`.
#[derive(Debug, Clone, Default)]
pub struct TaskPatch {
    pub title: Option<TaskTitle>,
    pub description: Option<Option<TaskDescription>>,
    pub due_date: Option<Option<Timestamp>>,
    pub completed: Option<bool>,
    pub priority: Option<Priority>,
    pub time_zone: Option<TimeZone>,
    pub recurrence: Option<Option<Recurrence>>,
    pub remind_at: Option<Option<Timestamp>>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn task() -> Task {
        let at = crate::domain::time::parse("2026-12-01T09:00:00Z").unwrap();
        Task { remind_at: Some(at), reminded_at: Some(at), version: 3, ..Task::example(1, "Call") }
    }

    #[test]
    fn a_patch_that_changes_nothing_is_no_new_version() {
        let now = crate::domain::time::now();
        let task = task();
        let same = TaskPatch {
            title: Some(TaskTitle::parse("Call").unwrap()),
            priority: Some(Priority::Medium),
            completed: Some(false),
            remind_at: Some(task.remind_at),
            ..Default::default()
        };
        assert_eq!(task.patched(&same, now).unwrap(), None);
        let changed = task
            .patched(&TaskPatch { priority: Some(Priority::High), ..Default::default() }, now)
            .unwrap()
            .unwrap();
        assert_eq!((changed.version, changed.updated_at, changed.priority), (4, now, Priority::High));
        assert_eq!(changed.reminded_at, task.reminded_at, "the reminder did not move");
    }

    #[test]
    fn moving_the_reminder_rearms_it_and_completing_keeps_the_first_time() {
        let now = crate::domain::time::now();
        let moved = task()
            .patched(&TaskPatch { remind_at: Some(Some(now)), ..Default::default() }, now)
            .unwrap()
            .unwrap();
        assert_eq!((moved.remind_at, moved.reminded_at), (Some(now), None));
        let done =
            task().patched(&TaskPatch { completed: Some(true), ..Default::default() }, now).unwrap().unwrap();
        assert_eq!(done.completed_at, Some(now));
        let later = now + chrono::TimeDelta::minutes(5);
        assert_eq!(
            done.patched(&TaskPatch { completed: Some(true), ..Default::default() }, later).unwrap(),
            None
        );
        let undone = done
            .patched(&TaskPatch { completed: Some(false), ..Default::default() }, later)
            .unwrap()
            .unwrap();
        assert_eq!((undone.completed, undone.completed_at), (false, None));
    }

    #[test]
    fn if_match_takes_a_star_strong_or_weak_tags_and_lists() {
        assert_eq!(Precondition::parse("*"), Ok(Precondition::Any));
        assert_eq!(Precondition::parse(r#""4""#), Ok(Precondition::Versions(vec![4])));
        assert_eq!(Precondition::parse(r#"W/"4", "7""#), Ok(Precondition::Versions(vec![4, 7])));
        for bad in ["4", r#""four""#, "", r#""4"#] {
            assert!(Precondition::parse(bad).is_err(), "{bad:?}");
        }
        assert!(
            Precondition::Versions(vec![4]).holds_for(4) && !Precondition::Versions(vec![4]).holds_for(5)
        );
    }

    #[test]
    fn titles_are_trimmed_and_bounded_in_characters() {
        assert_eq!(TaskTitle::parse("  Write report \n").unwrap().as_str(), "Write report");
        assert!(TaskTitle::parse("   ").is_err());
        assert!(TaskTitle::parse(&"é".repeat(200)).is_ok());
        assert!(TaskTitle::parse(&"é".repeat(201)).is_err());
    }

    #[test]
    fn descriptions_are_bounded_in_characters() {
        assert!(TaskDescription::parse("ж".repeat(10_000)).is_ok());
        assert!(TaskDescription::parse("ж".repeat(10_001)).is_err());
    }

    #[test]
    fn priorities_sort_low_to_urgent_and_round_trip_through_their_rank() {
        assert!(Priority::Low < Priority::Medium && Priority::High < Priority::Urgent);
        for p in Priority::ALL {
            assert_eq!(Priority::from_rank(p.rank()), Some(p));
            assert_eq!(Priority::parse(&p.to_string()), Ok(p));
        }
        assert_eq!(Priority::from_rank(4), None);
        assert!(Priority::parse("HIGH").is_err());
        assert_eq!(Priority::default(), Priority::Medium);
    }
}
