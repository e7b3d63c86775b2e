//! A user's tasks as an RFC 5545 calendar, built with `icalendar`.
//!
//! One `VEVENT` per open task with a due date: `DTSTART` at the due time, in UTC for a plain task;
//! for a repeating one in its zone (`TZID`, with that zone's `VTIMEZONE`) and with its `RRULE`, so
//! that each occurrence keeps its wall-clock time across daylight-saving changes as the server's
//! own series does. A `VALARM` per pending reminder.

use std::collections::BTreeMap;

use chrono::TimeDelta;
use icalendar::{Alarm, Calendar, CalendarDateTime, Component, Event, EventLike, Property, Trigger};

use super::vtimezone;
use crate::domain::time::Timestamp;
use crate::domain::{Priority, ReminderTime, Task, TimeZone};

/// RFC 5545 §3.8.1.9: 1 is the highest priority, 9 the lowest (0: undefined). Three-level
/// clients read 1–4 as high, 5 as medium, 6–9 as low.
pub fn ical_priority(priority: Priority) -> u32 {
    match priority {
        Priority::Urgent => 1,
        Priority::High => 3,
        Priority::Medium => 5,
        Priority::Low => 9,
    }
}

/// The calendar of `tasks`; `host` makes the UIDs (`task-{id}@{host}`).
pub struct Feed {
    calendar: Calendar,
    /// The events, each written out as it is added: the crate's components cost several times
    /// their text in memory, and a feed can hold tens of thousands.
    events: String,
    host: String,
    /// The first and last due date of the repeating tasks in each zone.
    zones: BTreeMap<&'static str, (TimeZone, Timestamp, Timestamp)>,
}

impl Feed {
    pub fn new(host: &str) -> Feed {
        let mut calendar = Calendar::new();
        calendar
            .append_property(Property::new("PRODID", "-//Task Tracker//Calendar feed//EN"))
            .append_property(Property::new("METHOD", "PUBLISH"))
            .name("Task Tracker");
        Feed { calendar, events: String::new(), host: host.to_owned(), zones: BTreeMap::new() }
    }

    /// Adds the task's event (the caller passes open tasks with a due date only).
    pub fn add(&mut self, task: &Task) {
        let Some(due) = task.due_date else { return };
        let mut event = Event::new();
        event
            .uid(&format!("task-{}@{}", task.id, self.host))
            .timestamp(task.updated_at)
            .last_modified(task.updated_at)
            .created(task.created_at)
            .summary(&task.title)
            .priority(ical_priority(task.priority));
        if let Some(description) = task.description.as_deref().filter(|d| !d.is_empty()) {
            event.description(description);
        }
        if !task.labels.as_slice().is_empty() {
            event.categories(task.labels.as_slice().iter().map(String::as_str));
        }
        match &task.recurrence {
            Some(rule) => {
                let zone = task.time_zone;
                event.starts(CalendarDateTime::WithTimezone {
                    date_time: zone.local(due),
                    tzid: zone.as_str().to_owned(),
                });
                event.add_property("RRULE", rule_from(task, rule.as_str()));
                let entry = self.zones.entry(zone.as_str()).or_insert((zone, due, due));
                entry.1 = entry.1.min(due);
                entry.2 = entry.2.max(due);
            }
            None => {
                event.starts(CalendarDateTime::Utc(due));
            }
        }
        for reminder in &task.reminders {
            // Pending: still to fire. A repeating task's relative reminder fires again for every
            // occurrence, so it stays on the series even while this occurrence's has fired.
            let repeats = task.recurrence.is_some() && reminder.time.is_relative();
            if !(reminder.armed || repeats) {
                continue;
            }
            let trigger = match reminder.time {
                ReminderTime::BeforeDue(minutes) => {
                    Trigger::before_start(TimeDelta::minutes(i64::from(minutes)))
                }
                ReminderTime::At(at) => Trigger::from(CalendarDateTime::Utc(at)),
                // A snooze belongs to its notification, not to the task.
                ReminderTime::Snoozed(_) => continue,
            };
            event.alarm(Alarm::display(&task.title, trigger));
        }
        self.events.push_str(&event.done().to_string());
    }

    /// The calendar as text, with a `VTIMEZONE` for each zone a repeating task uses.
    pub fn finish(self, now: Timestamp) -> String {
        let mut parts = String::new();
        for (zone, first, last) in self.zones.values() {
            let (start, end) = vtimezone::span(*first, *last, now);
            parts.push_str(&vtimezone::vtimezone(zone.tz(), start, end));
        }
        parts.push_str(&self.events);
        let mut text = self.calendar.to_string();
        // The zones and events go where the crate ends the calendar.
        let end = text.rfind("END:VCALENDAR").unwrap_or(text.len());
        text.insert_str(end, &parts);
        text
    }
}

/// The task's rule as the feed's `DTSTART` (its current due date) needs it: `COUNT` counts from
/// the series' first occurrence, which completions have left behind, so it becomes the number of
/// occurrences left from the due date on.
fn rule_from(task: &Task, rule: &str) -> String {
    let Some(count) = rule.split(';').find_map(|part| part.strip_prefix("COUNT=")) else {
        return rule.to_owned();
    };
    let Ok(count) = count.parse::<usize>() else { return rule.to_owned() };
    let left = task.occurrences(count).len().max(1);
    rule.split(';')
        .map(|part| match part.starts_with("COUNT=") {
            true => format!("COUNT={left}"),
            false => part.to_owned(),
        })
        .collect::<Vec<_>>()
        .join(";")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::time::parse;
    use crate::domain::{Recurrence, Reminder};

    #[test]
    fn priorities_map_onto_rfc_5545s_scale_highest_first() {
        let mapped: Vec<u32> = Priority::ALL.iter().map(|p| ical_priority(*p)).collect();
        assert_eq!(mapped, [9, 5, 3, 1]);
    }

    #[test]
    fn a_weekly_berlin_task_is_local_time_with_its_zone_and_alarms() {
        let mut task = Task::example(7, "Stand-up");
        task.due_date = Some(parse("2027-03-22T08:00:00Z").unwrap());
        task.time_zone = TimeZone::parse("Europe/Berlin").unwrap();
        task.recurrence = Some(Recurrence::parse("FREQ=WEEKLY").unwrap());
        task.reminders = vec![Reminder::new(ReminderTime::BeforeDue(60), task.due_date, false).unwrap()];
        let mut feed = Feed::new("tasks.example.com");
        feed.add(&task);
        let text = feed.finish(parse("2027-03-01T00:00:00Z").unwrap());
        assert!(text.contains("UID:task-7@tasks.example.com\r\n"), "{text}");
        assert!(text.contains("DTSTART;TZID=Europe/Berlin:20270322T090000\r\n"), "{text}");
        assert!(text.contains("RRULE:FREQ=WEEKLY\r\n"), "{text}");
        assert!(text.contains("BEGIN:VTIMEZONE\r\n"), "{text}");
        assert!(text.contains("TZID:Europe/Berlin\r\n"), "{text}");
        assert!(text.contains("BEGIN:DAYLIGHT\r\n"), "{text}");
        assert!(text.contains("BEGIN:VALARM\r\n"), "{text}");
    }

    #[test]
    fn count_is_what_is_left_of_the_series() {
        let mut task = Task::example(1, "Three times");
        task.series_anchor = Some(parse("2027-01-01T09:00:00Z").unwrap());
        task.due_date = Some(parse("2027-01-02T09:00:00Z").unwrap());
        task.recurrence = Some(Recurrence::parse("FREQ=DAILY;COUNT=3").unwrap());
        assert_eq!(rule_from(&task, "FREQ=DAILY;COUNT=3"), "FREQ=DAILY;COUNT=2");
        assert_eq!(rule_from(&task, "FREQ=DAILY"), "FREQ=DAILY");
    }
}
