//! `VTIMEZONE` components from the tz database that `chrono-tz` compiles in.
//!
//! `chrono-tz` does not list a zone's transitions, so they are found by looking at the offset in
//! force once a day over the span the feed needs and, where it changed, bisecting to the second.
//! Each transition becomes its own `STANDARD` or `DAYLIGHT` observance (a `DTSTART` and the two
//! offsets, no `RRULE`): exact for the span, whatever rules the zone followed, and nothing for a
//! client to extrapolate wrongly. A first observance states the offset in force at the span's start.
//!
//! `icalendar` (0.17) has no time-zone component, and writes `DTSTAMP` and `UID` into every
//! component it has no type for, which strict readers of `VTIMEZONE` refuse (python-dateutil's
//! `tzical`): so the crate writes each property (escaping, folding) and this module only the
//! `BEGIN`/`END` lines around them.

use chrono::{DateTime, NaiveDateTime, Offset, TimeDelta, TimeZone as _, Utc};
use chrono_tz::{OffsetComponents, OffsetName, Tz};
use icalendar::Property;
use icalendar::parser;

use crate::domain::time::Timestamp;

/// The offset in force at one instant, as far as a calendar cares.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Observance {
    /// Seconds east of UTC.
    utc_offset: i32,
    daylight: bool,
    name: Option<String>,
}

fn observance(zone: Tz, at: Timestamp) -> Observance {
    let offset = zone.offset_from_utc_datetime(&at.naive_utc());
    Observance {
        utc_offset: offset.fix().local_minus_utc(),
        daylight: !offset.dst_offset().is_zero(),
        name: offset.abbreviation().map(str::to_owned),
    }
}

/// A change of offset: at `at`, from `from` to `to`.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Transition {
    at: Timestamp,
    from: Observance,
    to: Observance,
}

/// Every change of offset or of daylight saving in `[start, end]`, in order.
fn transitions(zone: Tz, start: Timestamp, end: Timestamp) -> Vec<Transition> {
    let same = |a: &Observance, b: &Observance| a.utc_offset == b.utc_offset && a.daylight == b.daylight;
    let mut found = Vec::new();
    let (mut at, mut current) = (start, observance(zone, start));
    while at < end {
        let next = (at + TimeDelta::days(1)).min(end);
        let there = observance(zone, next);
        if !same(&current, &there) {
            // The first second of `there`'s offset lies in (at, next]; zones change on whole
            // seconds.
            let second = |s: i64| DateTime::from_timestamp(s, 0).unwrap_or(next);
            let (mut low, mut high) = (at.timestamp(), next.timestamp());
            while high - low > 1 {
                let mid = low + (high - low) / 2;
                if same(&observance(zone, second(mid)), &current) {
                    low = mid;
                } else {
                    high = mid;
                }
            }
            let to = observance(zone, second(high));
            found.push(Transition { at: second(high), from: current, to: to.clone() });
            current = to;
        }
        at = next;
    }
    found
}

/// `+0100`, `-0430`, or with seconds where the offset has them (`+005328`, LMT).
fn format_offset(seconds: i32) -> String {
    let sign = if seconds < 0 { '-' } else { '+' };
    let s = seconds.unsigned_abs();
    let (h, m, sec) = (s / 3600, s / 60 % 60, s % 60);
    match sec {
        0 => format!("{sign}{h:02}{m:02}"),
        _ => format!("{sign}{h:02}{m:02}{sec:02}"),
    }
}

fn local_time(at: Timestamp, offset: i32) -> NaiveDateTime {
    at.naive_utc() + TimeDelta::seconds(offset.into())
}

/// One `STANDARD`/`DAYLIGHT` part: from `onset` (UTC) on, `to` is in force, after `from`.
fn write_part(out: &mut String, onset: Timestamp, from: &Observance, to: &Observance) {
    let name = if to.daylight { "DAYLIGHT" } else { "STANDARD" };
    let mut properties = vec![
        // The onset as the local time of the offset before it (RFC 5545 §3.6.5).
        Property::new("DTSTART", local_time(onset, from.utc_offset).format("%Y%m%dT%H%M%S").to_string()),
        Property::new("TZOFFSETFROM", format_offset(from.utc_offset)),
        Property::new("TZOFFSETTO", format_offset(to.utc_offset)),
    ];
    if let Some(abbreviation) = &to.name {
        properties.push(Property::new("TZNAME", abbreviation));
    }
    write_component(out, name, properties, |_| {});
}

/// `BEGIN:{name}`, the properties as the crate writes them (escaped, folded), what `inner`
/// writes, `END:{name}`.
fn write_component(out: &mut String, name: &str, properties: Vec<Property>, inner: impl FnOnce(&mut String)) {
    out.push_str("BEGIN:");
    out.push_str(name);
    out.push_str("\r\n");
    for property in properties {
        out.push_str(&parser::Property::from(property).to_string());
    }
    inner(out);
    out.push_str("END:");
    out.push_str(name);
    out.push_str("\r\n");
}

/// The `VTIMEZONE` of `zone`, true over `[start, end]`, as text.
pub fn vtimezone(zone: Tz, start: Timestamp, end: Timestamp) -> String {
    let mut out = String::new();
    write_component(&mut out, "VTIMEZONE", vec![Property::new("TZID", zone.name())], |out| {
        let first = observance(zone, start);
        write_part(out, start, &first, &first);
        for transition in transitions(zone, start, end) {
            write_part(out, transition.at, &transition.from, &transition.to);
        }
    });
    out
}

/// The span a zone's definition must cover for events from `first` to `last`: from the first
/// event, to some years past the last one and past today, for the series that keep repeating.
pub fn span(first: Timestamp, last: Timestamp, now: Timestamp) -> (Timestamp, Timestamp) {
    const AHEAD_YEARS: i64 = 5;
    let start = first.checked_sub_signed(TimeDelta::days(1)).unwrap_or(first);
    let end = last.max(now).checked_add_signed(TimeDelta::days(366 * AHEAD_YEARS));
    (start, end.unwrap_or(DateTime::<Utc>::MAX_UTC))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::time::parse;

    #[test]
    fn berlin_changes_twice_a_year_at_one_in_the_morning_utc() {
        let found = transitions(
            Tz::Europe__Berlin,
            parse("2027-01-01T00:00:00Z").unwrap(),
            parse("2027-12-31T00:00:00Z").unwrap(),
        );
        let at: Vec<String> = found.iter().map(|t| crate::domain::time::format(&t.at)).collect();
        assert_eq!(at, ["2027-03-28T01:00:00Z", "2027-10-31T01:00:00Z"]);
        assert_eq!((found[0].from.utc_offset, found[0].to.utc_offset), (3600, 7200));
        assert!(found[0].to.daylight && !found[1].to.daylight);
        assert_eq!(found[0].to.name.as_deref(), Some("CEST"));
        // The onset in the offset before it: 02:00 local standard time.
        assert_eq!(local_time(found[0].at, found[0].from.utc_offset).to_string(), "2027-03-28 02:00:00");
    }

    #[test]
    fn a_zone_without_daylight_saving_has_no_transitions() {
        let (start, end) = (parse("2026-01-01T00:00:00Z").unwrap(), parse("2031-01-01T00:00:00Z").unwrap());
        assert!(transitions(Tz::Asia__Tokyo, start, end).is_empty());
        assert_eq!(format_offset(9 * 3600), "+0900");
        assert_eq!(format_offset(-(4 * 3600 + 30 * 60)), "-0430");
        assert_eq!(format_offset(3208), "+005328");
    }

    #[test]
    fn new_york_falls_back_at_six_utc() {
        let found = transitions(
            Tz::America__New_York,
            parse("2026-10-01T00:00:00Z").unwrap(),
            parse("2026-12-01T00:00:00Z").unwrap(),
        );
        assert_eq!(found.len(), 1);
        assert_eq!(crate::domain::time::format(&found[0].at), "2026-11-01T06:00:00Z");
        assert_eq!((found[0].from.utc_offset, found[0].to.utc_offset), (-4 * 3600, -5 * 3600));
    }
}
