//! How many tasks each view of the UI holds: what its sidebar shows beside each view and project.

use chrono::{Days, NaiveTime};
use serde::Serialize;

use super::project::ProjectId;
use super::time::Timestamp;
use super::time_zone::TimeZone;

/// The day boundaries the counts are taken at, in the user's zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DayWindows {
    pub now: Timestamp,
    /// The first instant of today.
    pub today: Timestamp,
    /// The first instant of tomorrow: "today" ends here.
    pub tomorrow: Timestamp,
    /// Seven days after the start of today: "upcoming" ends here.
    pub week_end: Timestamp,
}

impl DayWindows {
    /// The windows around `now` for someone in `zone`. A day starts at its first wall-clock time
    /// that exists, so the day a spring-forward skips midnight starts at 01:00.
    pub fn at(now: Timestamp, zone: TimeZone) -> Self {
        let date = zone.local(now).date();
        let start = |days: u64| {
            let day = date.checked_add_days(Days::new(days)).unwrap_or(date);
            zone.instant(day.and_time(NaiveTime::MIN))
        };
        Self { now, today: start(0), tomorrow: start(1), week_end: start(7) }
    }
}

/// One project's share of the counts, as the store tallies it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ProjectTally {
    pub project_id: ProjectId,
    /// Every figure below counts open (not completed) tasks, except `completed`.
    pub open: i64,
    pub overdue: i64,
    /// Due before tomorrow (overdue ones included).
    pub today: i64,
    /// Due from the start of today to seven days later.
    pub upcoming: i64,
    pub assigned_to_caller: i64,
    pub completed: i64,
}

/// What `GET /tasks/counts` answers, over every project the caller is in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct TaskCounts {
    /// Open tasks whose due date has passed.
    pub overdue: i64,
    /// Open tasks due before tomorrow in the caller's time zone, overdue ones included: what the
    /// Today view lists.
    pub today: i64,
    /// Open tasks due from the start of today to seven days later.
    pub upcoming: i64,
    /// Open tasks assigned to the caller.
    pub assigned: i64,
    /// Completed tasks.
    pub completed: i64,
    /// Open tasks per project, every project the caller is in (0 included).
    pub projects: Vec<ProjectOpenCount>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct ProjectOpenCount {
    pub project_id: ProjectId,
    pub open: i64,
}

impl TaskCounts {
    pub fn of(tallies: &[ProjectTally]) -> Self {
        let sum = |f: fn(&ProjectTally) -> i64| tallies.iter().map(f).sum();
        Self {
            overdue: sum(|t| t.overdue),
            today: sum(|t| t.today),
            upcoming: sum(|t| t.upcoming),
            assigned: sum(|t| t.assigned_to_caller),
            completed: sum(|t| t.completed),
            projects: tallies
                .iter()
                .map(|t| ProjectOpenCount { project_id: t.project_id, open: t.open })
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::time;

    fn zone(name: &str) -> TimeZone {
        TimeZone::parse(name).unwrap()
    }

    #[test]
    fn days_start_at_local_midnight() {
        let now = time::parse("2026-12-01T22:30:00Z").unwrap();
        let w = DayWindows::at(now, zone("Europe/Berlin"));
        // 23:30 in Berlin: still 1 December there.
        assert_eq!(w.today, time::parse("2026-11-30T23:00:00Z").unwrap());
        assert_eq!(w.tomorrow, time::parse("2026-12-01T23:00:00Z").unwrap());
        assert_eq!(w.week_end, time::parse("2026-12-07T23:00:00Z").unwrap());
        // 17:30 in New York.
        let w = DayWindows::at(now, zone("America/New_York"));
        assert_eq!(w.today, time::parse("2026-12-01T05:00:00Z").unwrap());
    }

    #[test]
    fn a_week_across_a_clock_change_ends_at_local_midnight() {
        // Berlin springs forward on 28 March 2027: the week from the 25th ends at 23:00Z → 22:00Z.
        let now = time::parse("2027-03-25T10:00:00Z").unwrap();
        let w = DayWindows::at(now, zone("Europe/Berlin"));
        assert_eq!(w.today, time::parse("2027-03-24T23:00:00Z").unwrap());
        assert_eq!(w.week_end, time::parse("2027-03-31T22:00:00Z").unwrap());
    }

    #[test]
    fn a_day_without_midnight_starts_at_its_first_hour() {
        // Havana skips 00:00–01:00 on 14 March 2027 (UTC−5 → UTC−4).
        let now = time::parse("2027-03-14T12:00:00Z").unwrap();
        let w = DayWindows::at(now, zone("America/Havana"));
        assert_eq!(w.today, time::parse("2027-03-14T05:00:00Z").unwrap());
    }

    #[test]
    fn counts_add_up_over_projects() {
        let a = ProjectTally {
            project_id: 1,
            open: 3,
            overdue: 1,
            today: 2,
            upcoming: 2,
            assigned_to_caller: 1,
            completed: 4,
        };
        let b = ProjectTally { project_id: 2, ..ProjectTally::default() };
        let counts = TaskCounts::of(&[a, b]);
        assert_eq!(
            (counts.overdue, counts.today, counts.upcoming, counts.assigned, counts.completed),
            (1, 2, 2, 1, 4)
        );
        assert_eq!(
            counts.projects,
            vec![ProjectOpenCount { project_id: 1, open: 3 }, ProjectOpenCount { project_id: 2, open: 0 },]
        );
    }
}
