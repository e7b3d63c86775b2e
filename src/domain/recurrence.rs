//! Repeating tasks: an RFC 5545 RRULE value, and the series it makes from a task's due date.
//!
//! # The contract
//! A rule has no `DTSTART`: the task's due date, read as wall-clock time in the task's zone, is
//! the first occurrence, always, even when the rule would not produce it, and `COUNT` counts it
//! (RFC 5545 §3.3.10). Every later occurrence keeps that wall-clock time across daylight-saving
//! changes; a time a spring-forward skips moves forward by the gap, one a fall-back repeats is its
//! first instance (§3.3.5, see [`TimeZone::instant`]). `UNTIL` is inclusive.
//!
//! # Who does what
//! `rrule` (0.14) does the calendar: which *dates* `FREQ`/`INTERVAL`/`BYDAY`/`BYMONTHDAY`/
//! `BYMONTH`/`BYSETPOS`/`WKST` select, including the RFC's defaults (a monthly rule on the 31st
//! skips short months, a yearly one on 29 February keeps to leap years). It runs in UTC on the
//! due date's local *date*, where no day has a gap or a fold. This module adds what the crate gets
//! wrong or does differently for us, each shown by a test below:
//! - the wall-clock time of each date becomes an instant here, with [`TimeZone::instant`]: given a
//!   zone, `rrule` drops an occurrence whose local midnight is skipped or repeated
//!   (`America/Havana` changes its clocks at midnight) instead of moving it or taking the first;
//! - the due date comes first and counts towards `COUNT` even when the rule does not match it;
//!   `rrule`, like python-dateutil, leaves such a start out;
//! - `COUNT` and `UNTIL` are applied here to that series (`UNTIL` as a UTC time or a date in the
//!   task's zone), and the messages are written for people, not for the crate's developers.
//!
//! A rule that never matches is refused: a month day no month has (`BYMONTH=2;BYMONTHDAY=30`) at
//! once by [`Recurrence::parse`]; anything subtler (29 February every fourth year from 2025) by
//! [`Recurrence::series`], because the crate's iterator gives up after 100,000 periods without a
//! match or past the year 10,000 (under 0.1 s in a debug build).
//!
//! # What to store per task
//! Keep, besides `recurrence` ([`Recurrence::as_str`]) and `time_zone`, the **series anchor**:
//! the due date the series started from. Completing a task moves `due_date` to
//! `series.next_after(max(due_date, now))` and leaves the anchor alone; `None` means `COUNT` or
//! `UNTIL` ended the series, so the task completes for real. No completion counter is needed:
//! `COUNT` counts occurrences, not completions (missed ones are skipped, as the contract says, so
//! a daily `COUNT=3` task completed two days late ends at once), and the series from the anchor
//! says which are left. The anchor cannot simply be the current due
//! date: `COUNT` would restart on every completion, and a due date that a gap moved (02:30 became
//! 03:30) would carry 03:30 into every later occurrence.
//!
//! Set the anchor to the due date whenever a user writes `due_date`, `recurrence` or `time_zone`
//! (the contract's "changing due_date re-anchors the series"; `COUNT` then counts from there).
//! `GET /occurrences` is `series.upcoming(due_date, limit)`.
//!
//! Each call expands the series from the anchor again: a daily series anchored 26 years back
//! takes about 40 ms in a debug build, far less in release.

use std::fmt;

use chrono::{Month, NaiveDate, NaiveDateTime, NaiveTime, TimeZone as _, Weekday};
use rrule::{Frequency, NWeekday, RRule, RRuleSetIter, Unvalidated};
use serde::{Serialize, Serializer};

use super::time::Timestamp;
use super::time_zone::TimeZone;

/// Why a rule is refused; the message is written for `fields.recurrence` in a 422.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RecurrenceError {
    #[error("must not be empty")]
    Empty,
    #[error("`{0}` is not a NAME=VALUE part")]
    Malformed(String),
    #[error("{0} appears more than once")]
    Repeated(String),
    #[error("DTSTART is not allowed: the due date is the first occurrence")]
    DtStart,
    #[error(
        "{0} is not supported; the supported parts are FREQ, INTERVAL, COUNT, UNTIL, BYDAY, \
         BYMONTHDAY, BYMONTH, BYSETPOS and WKST"
    )]
    Unsupported(String),
    #[error("FREQ is required")]
    MissingFreq,
    #[error("FREQ={0} is not supported; use DAILY, WEEKLY, MONTHLY or YEARLY")]
    UnsupportedFreq(String),
    #[error("{part}={value}: {expected}")]
    InvalidValue { part: &'static str, value: String, expected: &'static str },
    #[error("COUNT and UNTIL cannot both be given")]
    CountAndUntil,
    #[error("BYDAY={0}: a numbered weekday such as 2TU needs FREQ=MONTHLY or FREQ=YEARLY")]
    NumberedWeekday(String),
    #[error("BYMONTHDAY cannot be used with FREQ=WEEKLY")]
    MonthDayInWeekly,
    #[error("BYSETPOS needs BYDAY, BYMONTHDAY or BYMONTH to choose from")]
    SetPosAlone,
    #[error("{0}")]
    Rejected(String),
    #[error("UNTIL lies before the due date")]
    UntilBeforeDue,
    #[error("the rule never matches a date (e.g. 30 February)")]
    NoOccurrence,
}

/// The end a rule's `UNTIL` sets: an instant, or a whole day in the task's zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Until {
    Instant(Timestamp),
    Date(NaiveDate),
}

/// A supported RRULE value, upper-cased, without an `RRULE:` prefix.
#[derive(Debug, Clone)]
pub struct Recurrence {
    text: String,
    /// The rule without `COUNT` and `UNTIL`, which apply to the series this module builds.
    dates: RRule<Unvalidated>,
    count: Option<u32>,
    until: Option<Until>,
}

impl PartialEq for Recurrence {
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text
    }
}

impl Eq for Recurrence {}

impl Recurrence {
    /// Accepts a rule with or without a leading `RRULE:`, in any case.
    pub fn parse(input: &str) -> Result<Self, RecurrenceError> {
        let mut text = input.trim().to_ascii_uppercase();
        if let Some(rest) = text.strip_prefix("RRULE:") {
            text = rest.trim_start().to_owned();
        }
        if text.is_empty() {
            return Err(RecurrenceError::Empty);
        }

        let mut parts = Parts::default();
        for part in text.split(';') {
            let (name, value) = part
                .split_once('=')
                .filter(|(name, value)| !name.is_empty() && !value.is_empty())
                .ok_or_else(|| RecurrenceError::Malformed(part.to_owned()))?;
            parts.set(name, value)?;
        }
        let freq = match parts.freq.ok_or(RecurrenceError::MissingFreq)? {
            "DAILY" => Frequency::Daily,
            "WEEKLY" => Frequency::Weekly,
            "MONTHLY" => Frequency::Monthly,
            "YEARLY" => Frequency::Yearly,
            other @ ("HOURLY" | "MINUTELY" | "SECONDLY") => {
                return Err(RecurrenceError::UnsupportedFreq(other.to_owned()));
            }
            other => {
                return Err(invalid("FREQ", other, "must be DAILY, WEEKLY, MONTHLY or YEARLY"));
            }
        };

        let mut rule = RRule::new(freq);
        if let Some(value) = parts.interval {
            let interval = value
                .parse::<u16>()
                .ok()
                .filter(|n| *n > 0)
                .ok_or_else(|| invalid("INTERVAL", value, "must be a whole number from 1 to 65535"))?;
            rule = rule.interval(interval);
        }
        let count = parts
            .count
            .map(|value| {
                value
                    .parse::<u32>()
                    .ok()
                    .filter(|n| *n > 0)
                    .ok_or_else(|| invalid("COUNT", value, "must be a whole number of at least 1"))
            })
            .transpose()?;
        let until = parts.until.map(parse_until).transpose()?;
        if count.is_some() && until.is_some() {
            return Err(RecurrenceError::CountAndUntil);
        }
        if let Some(value) = parts.by_day {
            let days = list(value, parse_by_day).ok_or_else(|| {
                invalid(
                    "BYDAY",
                    value,
                    "must be weekdays such as MO,TH, or numbered ones such as 2TU or -1FR",
                )
            })?;
            let numbered = days.iter().any(|day| matches!(day, NWeekday::Nth(..)));
            if numbered && !matches!(freq, Frequency::Monthly | Frequency::Yearly) {
                return Err(RecurrenceError::NumberedWeekday(value.to_owned()));
            }
            // The crate's limits: RFC 5545 would also allow -5 (monthly) and -53 (yearly).
            let (numbers, expected) = match freq {
                Frequency::Monthly => (-4..=5, "a monthly weekday's number must be from 1 to 5 or -1 to -4"),
                _ => (-52..=53, "a yearly weekday's number must be from 1 to 53 or -1 to -52"),
            };
            if days.iter().any(|day| matches!(day, NWeekday::Nth(n, _) if !numbers.contains(n))) {
                return Err(invalid("BYDAY", value, expected));
            }
            rule = rule.by_weekday(days);
        }
        let mut months = Vec::new();
        if let Some(value) = parts.by_month {
            months = list(value, |item| item.parse::<u8>().ok().and_then(|n| Month::try_from(n).ok()))
                .ok_or_else(|| invalid("BYMONTH", value, "must be months from 1 to 12"))?;
            rule = rule.by_month(&months);
        }
        if let Some(value) = parts.by_month_day {
            if freq == Frequency::Weekly {
                return Err(RecurrenceError::MonthDayInWeekly);
            }
            let days =
                list(value, |item| item.parse::<i8>().ok().filter(|n| *n != 0 && (-31..=31).contains(n)))
                    .ok_or_else(|| invalid("BYMONTHDAY", value, "must be days from 1 to 31 or -31 to -1"))?;
            // 30 February is refused at once; the crate would search 8,000 years for it.
            let fits = |day: &i8| {
                let in_month = |month: &Month| day.unsigned_abs() <= longest(*month);
                months.is_empty() || months.iter().any(in_month)
            };
            if !days.iter().any(fits) {
                return Err(RecurrenceError::NoOccurrence);
            }
            rule = rule.by_month_day(days);
        }
        if let Some(value) = parts.by_set_pos {
            if parts.by_day.is_none() && parts.by_month_day.is_none() && parts.by_month.is_none() {
                return Err(RecurrenceError::SetPosAlone);
            }
            let positions =
                list(value, |item| item.parse::<i32>().ok().filter(|n| *n != 0 && (-366..=366).contains(n)))
                    .ok_or_else(|| {
                        invalid("BYSETPOS", value, "must be positions from 1 to 366 or -366 to -1")
                    })?;
            rule = rule.by_set_pos(positions);
        }
        if let Some(value) = parts.wkst {
            let day = weekday(value)
                .ok_or_else(|| invalid("WKST", value, "must be a weekday: MO, TU, WE, TH, FR, SA or SU"))?;
            rule = rule.week_start(day);
        }

        // What is left to refuse (e.g. the crate's ordinal ranges) does not depend on the start.
        let probe = NaiveDate::from_ymd_opt(2000, 1, 1).expect("a valid date");
        rule.clone().validate(floating(probe)).map_err(|e| match e {
            rrule::RRuleError::ValidationError(e) => RecurrenceError::Rejected(e.to_string()),
            other => RecurrenceError::Rejected(other.to_string()),
        })?;

        Ok(Self { text, dates: rule, count, until })
    }

    /// The rule, upper-cased, without the `RRULE:` prefix.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The series this rule makes from `anchor` (the first occurrence) in `zone`; refused when
    /// `UNTIL` lies before the anchor or when the rule never matches a date.
    pub fn series(&self, anchor: Timestamp, zone: TimeZone) -> Result<Series<'_>, RecurrenceError> {
        let start = zone.local(anchor);
        let before_anchor = match self.until {
            Some(Until::Instant(until)) => until < anchor,
            Some(Until::Date(until)) => until < start.date(),
            None => false,
        };
        if before_anchor {
            return Err(RecurrenceError::UntilBeforeDue);
        }
        let series = Series { rule: self, anchor, start, zone };
        if series.dates().next().is_none() {
            return Err(RecurrenceError::NoOccurrence);
        }
        Ok(series)
    }
}

impl fmt::Display for Recurrence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl Serialize for Recurrence {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.text)
    }
}

/// A rule anchored at a task's first due date, in the task's zone.
#[derive(Debug, Clone)]
pub struct Series<'a> {
    rule: &'a Recurrence,
    anchor: Timestamp,
    start: NaiveDateTime,
    zone: TimeZone,
}

impl Series<'_> {
    /// Every occurrence in order, the anchor first, until `COUNT` or `UNTIL` ends the series (a
    /// rule with neither goes on: take what you need).
    pub fn occurrences(&self) -> Occurrences {
        Occurrences {
            anchor: Some(self.anchor),
            start: self.start,
            zone: self.zone,
            dates: self.dates(),
            left: self.rule.count,
            until: self.rule.until,
            last: None,
        }
    }

    /// The first occurrence strictly after `after`, or `None` once the series has ended; the
    /// occurrences in between are skipped.
    pub fn next_after(&self, after: Timestamp) -> Option<Timestamp> {
        self.occurrences().find(|t| *t > after)
    }

    /// Up to `limit` occurrences at or after `from`.
    pub fn upcoming(&self, from: Timestamp, limit: usize) -> Vec<Timestamp> {
        self.occurrences().skip_while(|t| *t < from).take(limit).collect()
    }

    /// The dates the rule matches from the anchor's local date on, without `COUNT` and `UNTIL`.
    fn dates(&self) -> RRuleSetIter {
        let start = floating(self.start.date());
        let set =
            self.rule.dates.clone().build(start).expect("the rule was validated when it was parsed").limit();
        (&set).into_iter()
    }
}

/// The occurrences of a [`Series`], as instants.
pub struct Occurrences {
    /// The first occurrence, until it has been returned.
    anchor: Option<Timestamp>,
    start: NaiveDateTime,
    zone: TimeZone,
    dates: RRuleSetIter,
    left: Option<u32>,
    until: Option<Until>,
    last: Option<Timestamp>,
}

impl Iterator for Occurrences {
    type Item = Timestamp;

    fn next(&mut self) -> Option<Timestamp> {
        if self.left == Some(0) {
            return None;
        }
        let (date, at) = match self.anchor.take() {
            Some(anchor) => (self.start.date(), anchor),
            None => loop {
                let date = self.dates.next()?.date_naive();
                let at = self.zone.instant(date.and_time(self.start.time()));
                // Skips the anchor's date when the rule matches it too, and an occurrence that a
                // gap of a day or more (Samoa skipped 30 December 2011) moved onto the next one.
                if self.last.is_some_and(|last| at <= last) {
                    continue;
                }
                break (date, at);
            },
        };
        let ended = match self.until {
            Some(Until::Instant(until)) => at > until,
            Some(Until::Date(until)) => date > until,
            None => false,
        };
        if ended {
            self.left = Some(0);
            return None;
        }
        self.left = self.left.map(|n| n - 1);
        self.last = Some(at);
        Some(at)
    }
}

/// The rule parts as written, each at most once.
#[derive(Default)]
struct Parts<'a> {
    freq: Option<&'a str>,
    interval: Option<&'a str>,
    count: Option<&'a str>,
    until: Option<&'a str>,
    by_day: Option<&'a str>,
    by_month_day: Option<&'a str>,
    by_month: Option<&'a str>,
    by_set_pos: Option<&'a str>,
    wkst: Option<&'a str>,
}

impl<'a> Parts<'a> {
    fn set(&mut self, name: &str, value: &'a str) -> Result<(), RecurrenceError> {
        let slot = match name {
            "FREQ" => &mut self.freq,
            "INTERVAL" => &mut self.interval,
            "COUNT" => &mut self.count,
            "UNTIL" => &mut self.until,
            "BYDAY" => &mut self.by_day,
            "BYMONTHDAY" => &mut self.by_month_day,
            "BYMONTH" => &mut self.by_month,
            "BYSETPOS" => &mut self.by_set_pos,
            "WKST" => &mut self.wkst,
            "DTSTART" => return Err(RecurrenceError::DtStart),
            other => return Err(RecurrenceError::Unsupported(other.to_owned())),
        };
        if slot.replace(value).is_some() {
            return Err(RecurrenceError::Repeated(name.to_owned()));
        }
        Ok(())
    }
}

fn invalid(part: &'static str, value: &str, expected: &'static str) -> RecurrenceError {
    RecurrenceError::InvalidValue { part, value: value.to_owned(), expected }
}

/// A comma-separated list, each item parsed by `item`; `None` if any item fails.
fn list<T>(value: &str, item: impl Fn(&str) -> Option<T>) -> Option<Vec<T>> {
    value.split(',').map(item).collect()
}

/// `MO`, or a numbered weekday such as `2TU`, `+1MO` or `-1FR`.
fn parse_by_day(item: &str) -> Option<NWeekday> {
    let split = item.len().checked_sub(2)?;
    let day = weekday(item.get(split..)?)?;
    match item.get(..split)? {
        "" => Some(NWeekday::Every(day)),
        number => {
            let digits = number.strip_prefix(['+', '-']).unwrap_or(number);
            if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            let n = number.parse::<i16>().ok().filter(|n| *n != 0 && (-53..=53).contains(n))?;
            Some(NWeekday::Nth(n, day))
        }
    }
}

/// The most days `month` has in any year.
fn longest(month: Month) -> u8 {
    match month {
        Month::February => 29,
        Month::April | Month::June | Month::September | Month::November => 30,
        _ => 31,
    }
}

fn weekday(code: &str) -> Option<Weekday> {
    Some(match code {
        "MO" => Weekday::Mon,
        "TU" => Weekday::Tue,
        "WE" => Weekday::Wed,
        "TH" => Weekday::Thu,
        "FR" => Weekday::Fri,
        "SA" => Weekday::Sat,
        "SU" => Weekday::Sun,
        _ => return None,
    })
}

/// `UNTIL` as a UTC time (`20261231T170000Z`) or a date (`20261231`, inclusive, in the task's
/// zone). RFC 5545 requires UTC when the start has a zone, so a floating time is refused.
fn parse_until(value: &str) -> Result<Until, RecurrenceError> {
    let number = |from: usize, to: usize| -> Option<u32> {
        let digits = value.get(from..to)?;
        digits.bytes().all(|b| b.is_ascii_digit()).then(|| digits.parse().ok())?
    };
    let date = || NaiveDate::from_ymd_opt(number(0, 4)? as i32, number(4, 6)?, number(6, 8)?);
    let parsed = || match value.len() {
        8 => date().map(Until::Date),
        16 if value.get(8..9) == Some("T") && value.ends_with('Z') => {
            let time = NaiveTime::from_hms_opt(number(9, 11)?, number(11, 13)?, number(13, 15)?)?;
            Some(Until::Instant(date()?.and_time(time).and_utc()))
        }
        _ => None,
    };
    parsed().ok_or_else(|| {
        invalid("UNTIL", value, "must be a date such as 20261231 or a UTC time such as 20261231T170000Z")
    })
}

/// A local date at midnight, as `rrule` iterates it: UTC, so that no date has a gap or a fold.
fn floating(date: NaiveDate) -> chrono::DateTime<rrule::Tz> {
    rrule::Tz::UTC.from_utc_datetime(&date.and_time(NaiveTime::MIN))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::time::{format, parse};

    fn at(text: &str) -> Timestamp {
        parse(text).unwrap()
    }

    fn zone(name: &str) -> TimeZone {
        TimeZone::parse(name).unwrap()
    }

    /// The first `n` occurrences of `rule` anchored at `anchor` in `zone_name`.
    fn first(rule: &str, zone_name: &str, anchor: &str, n: usize) -> Vec<String> {
        let rule = Recurrence::parse(rule).unwrap();
        let series = rule.series(at(anchor), zone(zone_name)).unwrap();
        series.occurrences().take(n).map(|t| format(&t)).collect()
    }

    /// `n` occurrences at or after `from` of `rule` anchored at `anchor` in `zone_name`.
    fn from(rule: &str, zone_name: &str, anchor: &str, from: &str, n: usize) -> Vec<String> {
        let rule = Recurrence::parse(rule).unwrap();
        let series = rule.series(at(anchor), zone(zone_name)).unwrap();
        series.upcoming(at(from), n).iter().map(format).collect()
    }

    fn refused(rule: &str) -> RecurrenceError {
        Recurrence::parse(rule).expect_err(rule)
    }

    #[test]
    fn daily_at_nine_keeps_nine_oclock_across_both_transitions_in_berlin() {
        let daily = |since: &str| from("FREQ=DAILY", "Europe/Berlin", "2026-01-15T08:00:00Z", since, 3);
        assert_eq!(daily("2026-01-15T00:00:00Z")[0], "2026-01-15T08:00:00Z");
        // Summer time from 29 March, 02:00 → 03:00.
        assert_eq!(
            daily("2026-03-28T00:00:00Z"),
            ["2026-03-28T08:00:00Z", "2026-03-29T07:00:00Z", "2026-03-30T07:00:00Z"]
        );
        assert_eq!(daily("2026-07-15T00:00:00Z")[0], "2026-07-15T07:00:00Z");
        // Back on 25 October, 03:00 → 02:00.
        assert_eq!(
            daily("2026-10-24T00:00:00Z"),
            ["2026-10-24T07:00:00Z", "2026-10-25T08:00:00Z", "2026-10-26T08:00:00Z"]
        );
    }

    #[test]
    fn daily_at_nine_keeps_nine_oclock_across_both_transitions_in_new_york() {
        let daily = |since: &str| from("FREQ=DAILY", "America/New_York", "2026-01-15T14:00:00Z", since, 3);
        assert_eq!(
            daily("2026-03-07T00:00:00Z"),
            ["2026-03-07T14:00:00Z", "2026-03-08T13:00:00Z", "2026-03-09T13:00:00Z"]
        );
        assert_eq!(
            daily("2026-10-31T00:00:00Z"),
            ["2026-10-31T13:00:00Z", "2026-11-01T14:00:00Z", "2026-11-02T14:00:00Z"]
        );
    }

    #[test]
    fn daily_at_nine_keeps_nine_oclock_across_both_transitions_in_sydney() {
        let daily = |since: &str| from("FREQ=DAILY", "Australia/Sydney", "2026-01-14T22:00:00Z", since, 3);
        // Daylight saving ends on 5 April (03:00 → 02:00) and starts on 4 October (02:00 → 03:00).
        assert_eq!(
            daily("2026-04-03T00:00:00Z"),
            ["2026-04-03T22:00:00Z", "2026-04-04T23:00:00Z", "2026-04-05T23:00:00Z"]
        );
        assert_eq!(
            daily("2026-10-02T00:00:00Z"),
            ["2026-10-02T23:00:00Z", "2026-10-03T22:00:00Z", "2026-10-04T22:00:00Z"]
        );
    }

    #[test]
    fn a_daily_time_in_the_spring_forward_gap_moves_forward_by_the_gap_that_day_only() {
        // 02:30 does not exist on 29 March in Berlin: that day it is 03:30 CEST.
        assert_eq!(
            first("FREQ=DAILY", "Europe/Berlin", "2026-03-27T01:30:00Z", 4),
            ["2026-03-27T01:30:00Z", "2026-03-28T01:30:00Z", "2026-03-29T01:30:00Z", "2026-03-30T00:30:00Z"]
        );
        assert_eq!(
            first("FREQ=DAILY", "America/New_York", "2026-03-07T07:30:00Z", 3),
            ["2026-03-07T07:30:00Z", "2026-03-08T07:30:00Z", "2026-03-09T06:30:00Z"]
        );
    }

    #[test]
    fn a_daily_time_repeated_by_the_fall_back_fires_once_at_its_first_instance() {
        // New York shows 01:30 twice on 1 November: 05:30Z (EDT) and 06:30Z (EST).
        assert_eq!(
            first("FREQ=DAILY", "America/New_York", "2026-10-31T05:30:00Z", 3),
            ["2026-10-31T05:30:00Z", "2026-11-01T05:30:00Z", "2026-11-02T06:30:00Z"]
        );
        assert_eq!(
            first("FREQ=DAILY", "Europe/Berlin", "2026-10-24T00:30:00Z", 3),
            ["2026-10-24T00:30:00Z", "2026-10-25T00:30:00Z", "2026-10-26T01:30:00Z"]
        );
    }

    #[test]
    fn transitions_at_midnight_move_the_occurrence_instead_of_dropping_it() {
        // Havana springs forward at 00:00 and falls back at 01:00; `rrule` given the zone itself
        // leaves out both days' 00:30.
        assert_eq!(
            first("FREQ=DAILY", "America/Havana", "2026-03-07T05:30:00Z", 3),
            ["2026-03-07T05:30:00Z", "2026-03-08T05:30:00Z", "2026-03-09T04:30:00Z"]
        );
        assert_eq!(
            first("FREQ=DAILY", "America/Havana", "2026-10-31T04:30:00Z", 3),
            ["2026-10-31T04:30:00Z", "2026-11-01T04:30:00Z", "2026-11-02T05:30:00Z"]
        );
    }

    #[test]
    fn an_occurrence_moved_onto_the_next_by_a_skipped_day_fires_once() {
        // Samoa went from 29 to 31 December 2011; the 30th's 09:00 became the 31st's.
        assert_eq!(
            first("FREQ=DAILY", "Pacific/Apia", "2011-12-28T19:00:00Z", 4),
            ["2011-12-28T19:00:00Z", "2011-12-29T19:00:00Z", "2011-12-30T19:00:00Z", "2011-12-31T19:00:00Z"]
        );
    }

    #[test]
    fn a_zone_without_daylight_saving_keeps_one_offset() {
        let daily = |since: &str| from("FREQ=DAILY", "Asia/Kolkata", "2026-01-01T03:30:00Z", since, 2);
        assert_eq!(daily("2026-01-01T00:00:00Z"), ["2026-01-01T03:30:00Z", "2026-01-02T03:30:00Z"]);
        assert_eq!(daily("2026-03-29T00:00:00Z"), ["2026-03-29T03:30:00Z", "2026-03-30T03:30:00Z"]);
        assert_eq!(daily("2026-11-01T00:00:00Z"), ["2026-11-01T03:30:00Z", "2026-11-02T03:30:00Z"]);
    }

    #[test]
    fn a_zone_with_a_45_minute_offset_keeps_nine_oclock() {
        // Chatham is +13:45 in summer, +12:45 from 5 April and +13:45 again from 27 September.
        let daily = |since: &str| from("FREQ=DAILY", "Pacific/Chatham", "2026-04-02T19:15:00Z", since, 3);
        assert_eq!(
            daily("2026-04-03T00:00:00Z"),
            ["2026-04-03T19:15:00Z", "2026-04-04T20:15:00Z", "2026-04-05T20:15:00Z"]
        );
        assert_eq!(
            daily("2026-09-25T00:00:00Z"),
            ["2026-09-25T20:15:00Z", "2026-09-26T19:15:00Z", "2026-09-27T19:15:00Z"]
        );
    }

    #[test]
    fn the_last_friday_of_each_month() {
        assert_eq!(
            first("FREQ=MONTHLY;BYDAY=-1FR", "Europe/Berlin", "2026-01-30T16:00:00Z", 5),
            [
                "2026-01-30T16:00:00Z",
                "2026-02-27T16:00:00Z",
                "2026-03-27T16:00:00Z",
                "2026-04-24T15:00:00Z",
                "2026-05-29T15:00:00Z"
            ]
        );
    }

    #[test]
    fn the_second_tuesday_of_each_month() {
        assert_eq!(
            first("FREQ=MONTHLY;BYDAY=2TU", "UTC", "2026-01-13T09:00:00Z", 5),
            [
                "2026-01-13T09:00:00Z",
                "2026-02-10T09:00:00Z",
                "2026-03-10T09:00:00Z",
                "2026-04-14T09:00:00Z",
                "2026-05-12T09:00:00Z"
            ]
        );
    }

    #[test]
    fn every_two_weeks_on_monday_and_thursday() {
        let rule = "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH";
        assert_eq!(
            first(rule, "UTC", "2026-01-05T09:00:00Z", 6),
            [
                "2026-01-05T09:00:00Z",
                "2026-01-08T09:00:00Z",
                "2026-01-19T09:00:00Z",
                "2026-01-22T09:00:00Z",
                "2026-02-02T09:00:00Z",
                "2026-02-05T09:00:00Z"
            ]
        );
        assert_eq!(
            from(rule, "UTC", "2026-01-05T09:00:00Z", "2026-01-19T09:00:00Z", 2),
            ["2026-01-19T09:00:00Z", "2026-01-22T09:00:00Z"]
        );
    }

    #[test]
    fn the_week_start_decides_which_weeks_an_interval_skips() {
        // RFC 5545 §3.8.5.3's own example.
        let rule = "FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TU,SU";
        let dates = |wkst: &str| {
            let rule = format!("{rule};WKST={wkst}");
            first(&rule, "UTC", "1997-08-05T09:00:00Z", 5)
        };
        let days = |d: [u32; 4]| d.map(|day| format!("1997-08-{day:02}T09:00:00Z"));
        assert_eq!(dates("MO"), days([5, 10, 19, 24]));
        assert_eq!(dates("SU"), days([5, 17, 19, 31]));
    }

    #[test]
    fn monthly_on_the_31st_skips_short_months() {
        let expected = [
            "2026-01-31T09:00:00Z",
            "2026-03-31T09:00:00Z",
            "2026-05-31T09:00:00Z",
            "2026-07-31T09:00:00Z",
            "2026-08-31T09:00:00Z",
            "2026-10-31T09:00:00Z",
            "2026-12-31T09:00:00Z",
        ];
        assert_eq!(first("FREQ=MONTHLY", "UTC", "2026-01-31T09:00:00Z", 7), expected);
        assert_eq!(first("FREQ=MONTHLY;BYMONTHDAY=31", "UTC", "2026-01-31T09:00:00Z", 7), expected);
    }

    #[test]
    fn a_negative_month_day_counts_from_the_end_of_the_month() {
        assert_eq!(
            first("FREQ=MONTHLY;BYMONTHDAY=-1", "UTC", "2026-01-31T09:00:00Z", 4),
            ["2026-01-31T09:00:00Z", "2026-02-28T09:00:00Z", "2026-03-31T09:00:00Z", "2026-04-30T09:00:00Z"]
        );
    }

    #[test]
    fn bysetpos_picks_the_last_weekday_of_each_month() {
        assert_eq!(
            first("FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1", "UTC", "2026-01-30T09:00:00Z", 4),
            ["2026-01-30T09:00:00Z", "2026-02-27T09:00:00Z", "2026-03-31T09:00:00Z", "2026-04-30T09:00:00Z"]
        );
    }

    #[test]
    fn yearly_on_29_february_falls_in_leap_years_only() {
        assert_eq!(
            first("FREQ=YEARLY", "UTC", "2028-02-29T09:00:00Z", 3),
            ["2028-02-29T09:00:00Z", "2032-02-29T09:00:00Z", "2036-02-29T09:00:00Z"]
        );
        // 2100 is not a leap year.
        assert_eq!(
            first("FREQ=YEARLY", "UTC", "2096-02-29T09:00:00Z", 2),
            ["2096-02-29T09:00:00Z", "2104-02-29T09:00:00Z"]
        );
    }

    #[test]
    fn count_3_yields_exactly_three_occurrences_and_the_third_completion_ends_the_series() {
        let rule = Recurrence::parse("FREQ=DAILY;COUNT=3").unwrap();
        let series = rule.series(at("2026-12-01T08:00:00Z"), zone("Europe/Berlin")).unwrap();
        let all: Vec<_> = series.occurrences().map(|t| format(&t)).collect();
        assert_eq!(all, ["2026-12-01T08:00:00Z", "2026-12-02T08:00:00Z", "2026-12-03T08:00:00Z"]);

        // Each completion, on time, moves the due date to the next occurrence; the third has none.
        let second = series.next_after(at("2026-12-01T08:00:00Z")).unwrap();
        let third = series.next_after(second).unwrap();
        assert_eq!(format(&third), "2026-12-03T08:00:00Z");
        assert_eq!(series.next_after(third), None);
    }

    #[test]
    fn the_due_date_is_the_first_occurrence_and_counts_even_when_the_rule_skips_it() {
        // A Wednesday, with a rule for Mondays.
        assert_eq!(
            first("FREQ=WEEKLY;BYDAY=MO;COUNT=2", "Europe/Berlin", "2026-03-25T08:00:00Z", 5),
            ["2026-03-25T08:00:00Z", "2026-03-30T07:00:00Z"]
        );
    }

    #[test]
    fn until_is_inclusive_as_a_utc_time_or_as_a_day_in_the_zone() {
        let daily = |rule: &str| first(rule, "Europe/Berlin", "2026-12-01T08:00:00Z", 10).len();
        assert_eq!(daily("FREQ=DAILY;UNTIL=20261203T080000Z"), 3);
        assert_eq!(daily("FREQ=DAILY;UNTIL=20261203T075959Z"), 2);
        assert_eq!(daily("FREQ=DAILY;UNTIL=20261203"), 3);
        assert_eq!(daily("FREQ=DAILY;UNTIL=20261201T080000Z"), 1);
    }

    #[test]
    fn until_before_the_due_date_is_refused() {
        let due = at("2026-12-01T08:00:00Z");
        for rule in ["FREQ=DAILY;UNTIL=20261201T075959Z", "FREQ=DAILY;UNTIL=20261130"] {
            let rule = Recurrence::parse(rule).unwrap();
            let refused = rule.series(due, zone("Europe/Berlin")).unwrap_err();
            assert_eq!(refused, RecurrenceError::UntilBeforeDue);
            assert_eq!(refused.to_string(), "UNTIL lies before the due date");
        }
    }

    #[test]
    fn parts_outside_the_supported_set_are_refused_by_name() {
        assert_eq!(refused("FREQ=DAILY;BYHOUR=9"), RecurrenceError::Unsupported("BYHOUR".into()));
        assert_eq!(refused("FREQ=YEARLY;BYWEEKNO=1"), RecurrenceError::Unsupported("BYWEEKNO".into()));
        assert_eq!(refused("FREQ=YEARLY;BYYEARDAY=1"), RecurrenceError::Unsupported("BYYEARDAY".into()));
        assert_eq!(refused("FREQ=DAILY;X-NAME=1"), RecurrenceError::Unsupported("X-NAME".into()));
        assert_eq!(refused("FREQ=HOURLY"), RecurrenceError::UnsupportedFreq("HOURLY".into()));
        assert_eq!(refused("DTSTART=20261201T090000Z;FREQ=DAILY"), RecurrenceError::DtStart);
        assert!(refused("FREQ=DAILY;BYHOUR=9").to_string().starts_with("BYHOUR is not supported"));
    }

    #[test]
    fn invalid_rules_are_refused_with_the_problem_named() {
        let message = |rule: &str| refused(rule).to_string();
        assert_eq!(message(""), "must not be empty");
        assert_eq!(message("RRULE:"), "must not be empty");
        assert_eq!(message("FREQ=DAILY;"), "`` is not a NAME=VALUE part");
        assert_eq!(message("FREQ"), "`FREQ` is not a NAME=VALUE part");
        assert_eq!(message("INTERVAL=2"), "FREQ is required");
        assert_eq!(message("FREQ=DAILY;FREQ=WEEKLY"), "FREQ appears more than once");
        assert!(message("FREQ=FORTNIGHTLY").starts_with("FREQ=FORTNIGHTLY: "));
        assert!(message("FREQ=DAILY;INTERVAL=0").starts_with("INTERVAL=0: "));
        assert!(message("FREQ=DAILY;INTERVAL=-1").starts_with("INTERVAL=-1: "));
        assert!(message("FREQ=DAILY;COUNT=0").starts_with("COUNT=0: "));
        assert_eq!(message("FREQ=DAILY;COUNT=2;UNTIL=20270101"), "COUNT and UNTIL cannot both be given");
        assert!(message("FREQ=DAILY;UNTIL=20261231T170000").starts_with("UNTIL=20261231T170000: "));
        assert!(message("FREQ=DAILY;UNTIL=20261332").starts_with("UNTIL=20261332: "));
        assert!(message("FREQ=WEEKLY;BYDAY=XX").starts_with("BYDAY=XX: "));
        assert!(message("FREQ=MONTHLY;BYDAY=0MO").starts_with("BYDAY=0MO: "));
        assert!(message("FREQ=MONTHLY;BYDAY=6MO").starts_with("BYDAY=6MO: a monthly weekday's number"));
        assert!(message("FREQ=YEARLY;BYDAY=54MO").starts_with("BYDAY=54MO: "));
        assert_eq!(refused("FREQ=WEEKLY;BYDAY=2TU"), RecurrenceError::NumberedWeekday("2TU".into()));
        assert_eq!(refused("FREQ=WEEKLY;BYMONTHDAY=1"), RecurrenceError::MonthDayInWeekly);
        assert_eq!(refused("FREQ=MONTHLY;BYSETPOS=1"), RecurrenceError::SetPosAlone);
        assert!(message("FREQ=MONTHLY;BYMONTHDAY=32").starts_with("BYMONTHDAY=32: "));
        assert!(message("FREQ=YEARLY;BYMONTH=13").starts_with("BYMONTH=13: "));
        assert!(message("FREQ=MONTHLY;BYDAY=MO;BYSETPOS=0").starts_with("BYSETPOS=0: "));
        assert!(message("FREQ=WEEKLY;WKST=XY").starts_with("WKST=XY: "));
        // What only the crate refuses comes with its message.
        assert!(message("FREQ=MONTHLY;BYDAY=MO;BYSETPOS=40").starts_with("`BYSETPOS` is `40`"));
    }

    #[test]
    fn a_rule_that_never_matches_is_refused() {
        assert_eq!(refused("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30"), RecurrenceError::NoOccurrence);
        assert_eq!(refused("FREQ=MONTHLY;BYMONTH=4,6;BYMONTHDAY=31"), RecurrenceError::NoOccurrence);
        // Every fourth year from 2025 is never a leap year: the crate's search gives up.
        let rule = Recurrence::parse("FREQ=YEARLY;INTERVAL=4;BYMONTH=2;BYMONTHDAY=29").unwrap();
        let refused = rule.series(at("2025-01-07T09:00:00Z"), TimeZone::UTC).unwrap_err();
        assert_eq!(refused, RecurrenceError::NoOccurrence);
        assert!(rule.series(at("2028-01-07T09:00:00Z"), TimeZone::UTC).is_ok());
    }

    #[test]
    fn completing_three_days_late_moves_to_the_next_future_occurrence_not_a_missed_one() {
        let rule = Recurrence::parse("FREQ=DAILY").unwrap();
        let due = at("2026-12-01T08:00:00Z");
        let series = rule.series(due, zone("Europe/Berlin")).unwrap();
        let now = at("2026-12-04T10:00:00Z");
        assert_eq!(
            series.next_after(due.max(now)).map(|t| format(&t)).as_deref(),
            Some("2026-12-05T08:00:00Z")
        );
        // Completing early moves it by one occurrence.
        let early = at("2026-11-30T12:00:00Z");
        assert_eq!(
            series.next_after(due.max(early)).map(|t| format(&t)).as_deref(),
            Some("2026-12-02T08:00:00Z")
        );
    }

    #[test]
    fn the_anchors_sub_second_digits_are_kept() {
        assert_eq!(
            first("FREQ=DAILY", "UTC", "2026-12-01T08:00:00.123456Z", 2),
            ["2026-12-01T08:00:00.123456Z", "2026-12-02T08:00:00.123456Z"]
        );
    }

    #[test]
    fn is_returned_upper_cased_without_the_prefix_and_parses_back_to_itself() {
        let rule = Recurrence::parse("  rrule:freq=weekly;byday=tu,th ").unwrap();
        assert_eq!(rule.as_str(), "FREQ=WEEKLY;BYDAY=TU,TH");
        assert_eq!(Recurrence::parse(rule.as_str()).unwrap(), rule);
        assert_eq!(serde_json::to_string(&rule).unwrap(), r#""FREQ=WEEKLY;BYDAY=TU,TH""#);
        assert_eq!(
            Recurrence::parse("RRULE:FREQ=MONTHLY;BYDAY=-1FR").unwrap().to_string(),
            "FREQ=MONTHLY;BYDAY=-1FR"
        );
        assert_eq!(Recurrence::parse("Rrule:Freq=Daily;Count=3").unwrap().as_str(), "FREQ=DAILY;COUNT=3");
    }
}
