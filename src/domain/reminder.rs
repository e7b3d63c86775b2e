//! A task's reminders: what a client writes (`ReminderTime`), and each reminder as stored, with the
//! instant it fires and whether it is still to fire. The rules of how a set is rewritten, moved
//! with the due date and re-armed live in `Task::patched`, on top of these.

use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::Value;

use super::time::{self, Timestamp};

pub type ReminderId = i64;

/// When a reminder fires, as it was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReminderTime {
    /// At this instant.
    At(Timestamp),
    /// This many minutes before the due date: an exact duration, not wall-clock time.
    BeforeDue(u32),
    /// Once more at this instant, because its notification was snoozed. Not one of the task's
    /// written set: a client neither sees nor rewrites it.
    Snoozed(Timestamp),
}

impl ReminderTime {
    pub const MAX_PER_TASK: usize = 10;
    pub const MAX_BEFORE_DUE_MINUTES: u32 = 525_600;

    /// The instant it fires for a task due at `due`; `None` for a relative one without a due date.
    pub fn fires_at(self, due: Option<Timestamp>) -> Option<Timestamp> {
        match self {
            Self::At(at) | Self::Snoozed(at) => Some(at),
            Self::BeforeDue(minutes) => Some(due? - chrono::TimeDelta::minutes(i64::from(minutes))),
        }
    }

    pub fn is_relative(self) -> bool {
        matches!(self, Self::BeforeDue(_))
    }

    /// Parses the `reminders` a client wrote: a list of at most ten `{"at": time}` or
    /// `{"before_due_minutes": n}`, no two equal (the same instant, or the same number).
    pub fn parse_set(value: Value) -> Result<Vec<ReminderTime>, String> {
        let Value::Array(entries) = value else {
            return Err("must be a list of {\"at\": time} or {\"before_due_minutes\": n}".into());
        };
        if entries.len() > Self::MAX_PER_TASK {
            return Err(format!("at most {} reminders per task", Self::MAX_PER_TASK));
        }
        let mut set = Vec::with_capacity(entries.len());
        for (n, entry) in entries.into_iter().enumerate() {
            let time = Self::parse_entry(entry).map_err(|e| format!("reminder {}: {e}", n + 1))?;
            if set.contains(&time) {
                return Err(format!("reminder {}: the same reminder is written twice", n + 1));
            }
            set.push(time);
        }
        Ok(set)
    }

    fn parse_entry(entry: Value) -> Result<ReminderTime, String> {
        const SHAPE: &str = "must be {\"at\": time} or {\"before_due_minutes\": n}, not both";
        let Value::Object(fields) = entry else { return Err(SHAPE.into()) };
        if fields.len() != 1 {
            return Err(SHAPE.into());
        }
        let Some((key, value)) = fields.into_iter().next() else { return Err(SHAPE.into()) };
        match (key.as_str(), value) {
            ("at", Value::String(at)) => time::parse(&at).map(Self::At).map_err(|e| format!("at {e}")),
            ("before_due_minutes", Value::Number(n)) => n
                .as_u64()
                .and_then(|n| u32::try_from(n).ok())
                .filter(|&n| n <= Self::MAX_BEFORE_DUE_MINUTES)
                .map(Self::BeforeDue)
                .ok_or_else(|| "before_due_minutes must be a whole number from 0 to 525600".into()),
            ("at", _) => Err("at must be an RFC 3339 time, e.g. 2026-12-01T17:00:00Z".into()),
            ("before_due_minutes", _) => Err("before_due_minutes must be a whole number".into()),
            (other, _) => Err(format!("unknown key {other:?}; {SHAPE}")),
        }
    }
}

/// A reminder of a task.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reminder {
    /// `None` until it is stored.
    pub id: Option<ReminderId>,
    pub time: ReminderTime,
    pub fires_at: Timestamp,
    pub sent_at: Option<Timestamp>,
    /// Still to fire: neither sent since it was (re-)armed, nor held back by a completed task.
    pub armed: bool,
}

impl Reminder {
    /// A new reminder for a task due at `due`, armed unless the task is completed (one whose
    /// instant has passed fires at once). `None` for a relative one without a due date.
    pub fn new(time: ReminderTime, due: Option<Timestamp>, completed: bool) -> Option<Reminder> {
        Some(Reminder { id: None, time, fires_at: time.fires_at(due)?, sent_at: None, armed: !completed })
    }

    pub fn is_snooze(&self) -> bool {
        matches!(self.time, ReminderTime::Snoozed(_))
    }
}

/// As a client reads it: `{"id", "at" | "before_due_minutes", "fires_at", "sent_at"}`.
impl Serialize for Reminder {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(4))?;
        map.serialize_entry("id", &self.id)?;
        match self.time {
            ReminderTime::At(at) | ReminderTime::Snoozed(at) => {
                map.serialize_entry("at", &time::format(&at))?
            }
            ReminderTime::BeforeDue(minutes) => map.serialize_entry("before_due_minutes", &minutes)?,
        }
        map.serialize_entry("fires_at", &time::format(&self.fires_at))?;
        map.serialize_entry("sent_at", &self.sent_at.as_ref().map(time::format))?;
        map.end()
    }
}

/// Serializes a task's written reminders: snoozes are the notification's, not the task's.
pub(super) fn serialize_written<S: Serializer>(
    reminders: &[Reminder],
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.collect_seq(reminders.iter().filter(|r| !r.is_snooze()))
}

/// The OpenAPI shape of a reminder as returned (the serializer above writes it).
#[derive(utoipa::ToSchema)]
#[schema(as = Reminder)]
#[allow(dead_code)]
pub struct ReminderDoc {
    id: i64,
    /// Absolute reminders only.
    #[schema(format = DateTime)]
    at: Option<String>,
    /// Relative reminders only: minutes before the due date.
    #[schema(minimum = 0, maximum = 525600)]
    before_due_minutes: Option<u32>,
    /// The instant it fires.
    #[schema(format = DateTime)]
    fires_at: String,
    #[schema(format = DateTime, required = true)]
    sent_at: Option<String>,
}

/// The OpenAPI shape of a reminder as written: exactly one of the two keys.
#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
pub struct ReminderWrite {
    #[schema(format = DateTime)]
    at: Option<String>,
    #[schema(minimum = 0, maximum = 525600)]
    before_due_minutes: Option<u32>,
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn a_set_parses_both_kinds_and_refuses_what_is_not_one() {
        let at = time::parse("2026-12-01T08:00:00Z").unwrap();
        assert_eq!(
            ReminderTime::parse_set(json!([{"at": "2026-12-01T09:00:00+01:00"}, {"before_due_minutes": 60}])),
            Ok(vec![ReminderTime::At(at), ReminderTime::BeforeDue(60)])
        );
        assert_eq!(ReminderTime::parse_set(json!([])), Ok(vec![]));
        for bad in [
            json!({"at": "2026-12-01T08:00:00Z"}),
            json!([{"at": "2026-12-01T08:00:00Z", "before_due_minutes": 5}]),
            json!([{"minutes": 5}]),
            json!([{}]),
            json!([{"before_due_minutes": -1}]),
            json!([{"before_due_minutes": 525601}]),
            json!([{"before_due_minutes": 1.5}]),
            json!([{"at": "tomorrow"}]),
            json!([{"before_due_minutes": 5}, {"before_due_minutes": 5}]),
            json!([{"at": "2026-12-01T08:00:00Z"}, {"at": "2026-12-01T09:00:00+01:00"}]),
            json!((0..11).map(|n| json!({"before_due_minutes": n})).collect::<Vec<_>>()),
        ] {
            assert!(ReminderTime::parse_set(bad.clone()).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_relative_reminder_fires_an_exact_duration_before_due() {
        let due = time::parse("2026-03-29T09:00:00+02:00").unwrap();
        let reminder = Reminder::new(ReminderTime::BeforeDue(24 * 60), Some(due), false).unwrap();
        // The day before is a 23-hour day in Berlin: 24 hours before is 08:00 local, not 09:00.
        assert_eq!(reminder.fires_at, time::parse("2026-03-28T08:00:00+01:00").unwrap());
        assert!(reminder.armed);
        assert_eq!(Reminder::new(ReminderTime::BeforeDue(5), None, false), None);
        assert!(!Reminder::new(ReminderTime::At(due), None, true).unwrap().armed);
    }

    #[test]
    fn a_reminder_reads_as_the_contract_writes_it() {
        let at = time::parse("2026-12-01T08:00:00Z").unwrap();
        let reminder =
            Reminder { id: Some(3), ..Reminder::new(ReminderTime::BeforeDue(60), Some(at), false).unwrap() };
        assert_eq!(
            serde_json::to_value(&reminder).unwrap(),
            json!({"id": 3, "before_due_minutes": 60, "fires_at": "2026-12-01T07:00:00Z", "sent_at": null})
        );
    }
}
