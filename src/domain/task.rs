use std::fmt;

use serde::{Deserialize, Serialize};

use super::label::Labels;
use super::project::ProjectId;
use super::recurrence::Recurrence;
use super::reminder::{self, Reminder, ReminderTime};
use super::time::{Timestamp, serde_rfc3339};
use super::time_zone::TimeZone;
use super::user::UserId;

pub type TaskId = i64;

/// A task title: 1 to 200 characters once surrounding white space is trimmed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskTitle(String);

impl TaskTitle {
    pub const MAX_CHARS: usize = 200;

    pub fn parse(input: &str) -> Result<Self, &'static str> {
        let trimmed = input.trim();
        match trimmed.chars().count() {
            _ if super::looks_empty(trimmed) => Err("must not be empty"),
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
    pub project_id: ProjectId,
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
    /// In the order written; compared case-insensitively.
    #[schema(value_type = Vec<String>)]
    pub labels: Labels,
    /// A member of the task's project, or null.
    #[schema(required = true)]
    pub assignee_id: Option<UserId>,
    /// Null once that account is deleted.
    #[schema(required = true)]
    pub created_by: Option<UserId>,
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
    /// Sorted by `fires_at`, then id. Holds the task's snoozes too, which are not shown.
    #[serde(serialize_with = "reminder::serialize_written")]
    #[schema(value_type = Vec<reminder::ReminderDoc>)]
    pub reminders: Vec<Reminder>,
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
        if let Some(project) = patch.project_id {
            next.project_id = project;
        }
        if let Some(labels) = &patch.labels {
            next.labels = labels.clone();
        }
        if let Some(assignee) = patch.assignee_id {
            next.assignee_id = assignee;
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
        next.check_relative_reminders(patch)?;
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
        next.rearrange_reminders(self, patch, now)?;
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

    /// Whether this state has a reminder to fire that `before` did not have armed at that instant:
    /// then the worker must look again.
    pub fn arms_a_reminder_beyond(&self, before: &Task) -> bool {
        self.reminders
            .iter()
            .filter(|r| r.armed)
            .any(|r| !before.reminders.iter().any(|b| b.armed && b.id == r.id && b.fires_at == r.fires_at))
    }

    /// Refuses relative reminders without a due date, naming `due_date` when the write cleared it.
    fn check_relative_reminders(&self, patch: &TaskPatch) -> Result<(), FieldError> {
        let relative = match &patch.reminders {
            Some(written) => written.iter().any(|time| time.is_relative()),
            None => self.reminders.iter().any(|r| r.time.is_relative()),
        };
        match (relative, self.due_date, patch.due_date) {
            (true, None, Some(None)) if patch.reminders.is_none() => Err((
                "due_date",
                "cannot be cleared while the task has reminders before its due date; remove them first"
                    .into(),
            )),
            (true, None, _) => Err(("reminders", "a reminder before the due date needs a due date".into())),
            _ => Ok(()),
        }
    }

    /// The reminders as this (new) state has them, after `before` was patched at `now`: a written
    /// set replaces the old one, keeping the id and sent state of every equal entry; a reminder
    /// whose instant moved (a relative one, with the due date) is armed again; completing holds
    /// them all back, un-completing arms again those still ahead. Snoozes stay as they are.
    fn rearrange_reminders(
        &mut self,
        before: &Task,
        patch: &TaskPatch,
        now: Timestamp,
    ) -> Result<(), FieldError> {
        if let Some(written) = &patch.reminders {
            let (snoozes, old): (Vec<Reminder>, Vec<Reminder>) =
                std::mem::take(&mut self.reminders).into_iter().partition(Reminder::is_snooze);
            self.reminders = snoozes;
            for &time in written {
                let kept = old.iter().find(|r| r.time == time).cloned();
                let new = || Reminder::new(time, self.due_date, self.completed);
                let reminder = kept
                    .or_else(new)
                    .ok_or(("reminders", "a reminder before the due date needs a due date".to_string()))?;
                self.reminders.push(reminder);
            }
        }
        let uncompleting = before.completed && !self.completed;
        for reminder in &mut self.reminders {
            let fires_at = reminder.time.fires_at(self.due_date).unwrap_or(reminder.fires_at);
            if fires_at != reminder.fires_at {
                *reminder = Reminder { fires_at, sent_at: None, armed: true, ..reminder.clone() };
            } else if uncompleting {
                reminder.armed = reminder.sent_at.is_none() && reminder.fires_at > now;
            }
            if self.completed {
                reminder.armed = false;
            }
        }
        self.reminders.sort_by_key(|r| (r.fires_at, r.id.is_none(), r.id));
        Ok(())
    }
}

#[cfg(test)]
impl Task {
    /// A plain open task created at a fixed instant, for unit tests.
    pub(crate) fn example(id: TaskId, title: &str) -> Task {
        let at = crate::domain::time::parse("2026-12-01T09:00:00Z").unwrap();
        Task {
            id,
            project_id: 1,
            title: title.into(),
            description: None,
            due_date: None,
            completed: false,
            completed_at: None,
            priority: Priority::Medium,
            labels: Labels::default(),
            assignee_id: None,
            created_by: Some(1),
            time_zone: TimeZone::UTC,
            recurrence: None,
            series_anchor: None,
            reminders: Vec::new(),
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
    /// `None`: the creator's inbox.
    pub project_id: Option<ProjectId>,
    pub title: TaskTitle,
    pub description: Option<TaskDescription>,
    pub due_date: Option<Timestamp>,
    pub completed: bool,
    pub priority: Priority,
    pub labels: Labels,
    pub assignee_id: Option<UserId>,
    /// `None`: the creator's zone.
    pub time_zone: Option<TimeZone>,
    pub recurrence: Option<Recurrence>,
    pub reminders: Vec<ReminderTime>,
}

impl NewTask {
    /// Its reminders as they are first stored; `None` when a relative one has no due date.
    pub fn reminders(&self) -> Option<Vec<Reminder>> {
        self.reminders.iter().map(|&time| Reminder::new(time, self.due_date, self.completed)).collect()
    }
}

/// A valid partial update. The outer `Option` says whether the field was sent; for the clearable
/// fields the inner one says whether it was sent as `null`.
#[derive(Debug, Clone, Default)]
pub struct TaskPatch {
    /// A move to another project.
    pub project_id: Option<ProjectId>,
    pub title: Option<TaskTitle>,
    pub description: Option<Option<TaskDescription>>,
    pub due_date: Option<Option<Timestamp>>,
    pub completed: Option<bool>,
    pub priority: Option<Priority>,
    pub labels: Option<Labels>,
    pub assignee_id: Option<Option<UserId>>,
    pub time_zone: Option<TimeZone>,
    pub recurrence: Option<Option<Recurrence>>,
    /// The whole new set, when sent.
    pub reminders: Option<Vec<ReminderTime>>,
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::domain::time::parse;

    /// Due at 10:00, with a sent absolute reminder at 09:00 and a sent one 30 minutes before due.
    fn task() -> Task {
        let (due, at) = (parse("2026-12-01T10:00:00Z").unwrap(), parse("2026-12-01T09:00:00Z").unwrap());
        let sent = |id, time: ReminderTime| Reminder {
            id: Some(id),
            sent_at: Some(at),
            armed: false,
            ..Reminder::new(time, Some(due), false).unwrap()
        };
        let reminders = vec![sent(1, ReminderTime::At(at)), sent(2, ReminderTime::BeforeDue(30))];
        Task { due_date: Some(due), reminders, version: 3, ..Task::example(1, "Call") }
    }

    fn patch(task: &Task, patch: TaskPatch, now: Timestamp) -> Task {
        task.patched(&patch, now).unwrap().expect("a change")
    }

    #[test]
    fn a_patch_that_changes_nothing_is_no_new_version() {
        let now = crate::domain::time::now();
        let task = task();
        let same = TaskPatch {
            title: Some(TaskTitle::parse("Call").unwrap()),
            priority: Some(Priority::Medium),
            completed: Some(false),
            due_date: Some(task.due_date),
            // The same set again, in another order: nothing to send again.
            reminders: Some(vec![ReminderTime::BeforeDue(30), ReminderTime::At(task.reminders[0].fires_at)]),
            ..Default::default()
        };
        assert_eq!(task.patched(&same, now).unwrap(), None);
        let changed = patch(&task, TaskPatch { priority: Some(Priority::High), ..Default::default() }, now);
        assert_eq!((changed.version, changed.updated_at, changed.priority), (4, now, Priority::High));
        assert_eq!(changed.reminders, task.reminders, "no reminder moved");
    }

    #[test]
    fn moving_the_due_date_moves_and_rearms_the_relative_reminders_only() {
        let now = parse("2026-12-01T11:00:00Z").unwrap();
        let task = task();
        let later = parse("2026-12-02T10:00:00Z").unwrap();
        let moved = patch(&task, TaskPatch { due_date: Some(Some(later)), ..Default::default() }, now);
        assert_eq!(moved.reminders[0], task.reminders[0], "the absolute one stays sent");
        let relative = &moved.reminders[1];
        assert_eq!((relative.id, relative.fires_at), (Some(2), parse("2026-12-02T09:30:00Z").unwrap()));
        assert_eq!((relative.sent_at, relative.armed), (None, true));
        let refused = task.patched(&TaskPatch { due_date: Some(None), ..Default::default() }, now);
        assert_eq!(refused.unwrap_err().0, "due_date");
    }

    #[test]
    fn a_written_set_keeps_equal_entries_and_arms_new_ones() {
        let now = parse("2026-12-01T11:00:00Z").unwrap();
        let written = vec![ReminderTime::BeforeDue(30), ReminderTime::BeforeDue(5)];
        let next = patch(&task(), TaskPatch { reminders: Some(written), ..Default::default() }, now);
        assert_eq!(next.reminders.len(), 2);
        assert_eq!(next.reminders[0], task().reminders[1], "kept with its id and sent state");
        let new = &next.reminders[1];
        assert_eq!((new.id, new.sent_at, new.armed), (None, None, true), "already past: fires at once");
        let plain = Task { due_date: None, reminders: Vec::new(), ..task() };
        let refused = plain.patched(
            &TaskPatch { reminders: Some(vec![ReminderTime::BeforeDue(5)]), ..Default::default() },
            now,
        );
        assert_eq!(refused.unwrap_err().0, "reminders");
    }

    #[test]
    fn completing_holds_reminders_back_and_uncompleting_arms_those_still_ahead() {
        let now = parse("2026-12-01T08:00:00Z").unwrap();
        let ahead =
            vec![ReminderTime::At(parse("2026-12-01T12:00:00Z").unwrap()), ReminderTime::BeforeDue(90)];
        let task = patch(&task(), TaskPatch { reminders: Some(ahead), ..Default::default() }, now);
        assert!(task.reminders.iter().all(|r| r.armed));
        let done = patch(&task, TaskPatch { completed: Some(true), ..Default::default() }, now);
        assert_eq!(done.completed_at, Some(now));
        assert!(done.reminders.iter().all(|r| !r.armed));
        let later = now + chrono::TimeDelta::minutes(40);
        assert_eq!(
            done.patched(&TaskPatch { completed: Some(true), ..Default::default() }, later).unwrap(),
            None
        );
        let undone = patch(&done, TaskPatch { completed: Some(false), ..Default::default() }, later);
        assert_eq!((undone.completed, undone.completed_at), (false, None));
        // 08:30 (90 minutes before due) passed while it was completed: it stays silent.
        let armed: Vec<bool> = undone.reminders.iter().map(|r| r.armed).collect();
        assert_eq!(armed, [false, true]);
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
