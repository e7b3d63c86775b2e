//! IANA time zones, and the one rule for turning a wall-clock time into an instant.
//!
//! The zone rules come from the tz database that `chrono-tz` compiles in (the same one `rrule`
//! uses), so no offset is ever written by hand and an update is a dependency bump.

use std::fmt;

use chrono::{LocalResult, NaiveDateTime, Offset, TimeDelta, TimeZone as _};
use serde::{Serialize, Serializer};

use super::time::Timestamp;

/// A zone of the IANA tz database, e.g. `Europe/Berlin`. The default is `UTC`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct TimeZone(chrono_tz::Tz);

impl TimeZone {
    pub const UTC: TimeZone = TimeZone(chrono_tz::Tz::UTC);

    /// Accepts a zone name exactly as the tz database spells it (what browsers report); links such
    /// as `Asia/Calcutta` are accepted and keep their own name.
    pub fn parse(input: &str) -> Result<Self, &'static str> {
        input
            .trim()
            .parse::<chrono_tz::Tz>()
            .map(Self)
            .map_err(|_| "must be an IANA time zone name, e.g. Europe/Berlin")
    }

    /// The name as the tz database spells it.
    pub fn as_str(&self) -> &'static str {
        self.0.name()
    }

    /// The zone as the tz database (`chrono-tz`) has it, e.g. to describe it to a calendar.
    pub fn tz(&self) -> chrono_tz::Tz {
        self.0
    }

    /// The wall-clock time at instant `t` in this zone.
    pub fn local(&self, t: Timestamp) -> NaiveDateTime {
        t.with_timezone(&self.0).naive_local()
    }

    /// The instant that wall-clock time `local` names in this zone, read as RFC 5545 §3.3.5 says:
    /// a time that a fall-back repeats is its first instance, and a time that a spring-forward
    /// skips is read with the offset in force before the gap, which moves it forward by the gap
    /// (02:30 on a day that jumps from 02:00 to 03:00 is 03:30).
    pub fn instant(&self, local: NaiveDateTime) -> Timestamp {
        match self.0.from_local_datetime(&local) {
            LocalResult::Single(t) | LocalResult::Ambiguous(t, _) => t.to_utc(),
            LocalResult::None => {
                // A day before is safely before the transition (offsets and gaps are well under
                // a day apart) and after the previous one (months away).
                let before = self.0.offset_from_utc_datetime(&(local - TimeDelta::days(1))).fix();
                (local - TimeDelta::seconds(before.local_minus_utc().into())).and_utc()
            }
        }
    }
}

impl fmt::Display for TimeZone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for TimeZone {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::time::{format, parse};

    fn zone(name: &str) -> TimeZone {
        TimeZone::parse(name).unwrap()
    }

    fn wall(text: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").unwrap()
    }

    fn instant(zone_name: &str, local: &str) -> String {
        format(&zone(zone_name).instant(wall(local)))
    }

    #[test]
    fn parses_iana_names_and_keeps_their_spelling() {
        assert_eq!(zone("Europe/Berlin").as_str(), "Europe/Berlin");
        assert_eq!(zone("  America/New_York ").as_str(), "America/New_York");
        assert_eq!(zone("Asia/Calcutta").as_str(), "Asia/Calcutta");
        assert_eq!(zone("UTC"), TimeZone::UTC);
    }

    #[test]
    fn refuses_what_is_not_a_zone_of_the_database() {
        for bad in ["", "Europe/Atlantis", "CEST", "+02:00", "europe/berlin"] {
            assert!(TimeZone::parse(bad).is_err(), "{bad:?} should be refused");
        }
    }

    #[test]
    fn defaults_to_utc_and_serializes_as_the_name() {
        assert_eq!(TimeZone::default().as_str(), "UTC");
        assert_eq!(serde_json::to_string(&zone("Australia/Sydney")).unwrap(), r#""Australia/Sydney""#);
        assert_eq!(zone("Pacific/Chatham").to_string(), "Pacific/Chatham");
    }

    #[test]
    fn an_ordinary_wall_clock_time_takes_the_offset_of_that_day() {
        assert_eq!(instant("Europe/Berlin", "2026-01-15 09:00"), "2026-01-15T08:00:00Z");
        assert_eq!(instant("Europe/Berlin", "2026-07-15 09:00"), "2026-07-15T07:00:00Z");
        assert_eq!(instant("Asia/Kolkata", "2026-07-15 09:00"), "2026-07-15T03:30:00Z");
        assert_eq!(instant("Pacific/Chatham", "2026-01-15 09:00"), "2026-01-14T19:15:00Z");
        assert_eq!(instant("Pacific/Chatham", "2026-07-15 09:00"), "2026-07-14T20:15:00Z");
    }

    #[test]
    fn a_time_in_a_spring_forward_gap_moves_forward_by_the_gap() {
        // Berlin jumps from 02:00 to 03:00 on 29 March 2026: 02:30 is read as 03:30 CEST.
        assert_eq!(instant("Europe/Berlin", "2026-03-29 02:30"), "2026-03-29T01:30:00Z");
        assert_eq!(instant("America/New_York", "2026-03-08 02:30"), "2026-03-08T07:30:00Z");
        // Chatham jumps from 02:45 to 03:45 (+12:45 to +13:45) on 27 September 2026.
        assert_eq!(instant("Pacific/Chatham", "2026-09-27 03:00"), "2026-09-26T14:15:00Z");
        // Havana jumps at midnight, so even the start of the day does not exist.
        assert_eq!(instant("America/Havana", "2026-03-08 00:30"), "2026-03-08T05:30:00Z");
    }

    #[test]
    fn a_time_a_fall_back_repeats_is_its_first_instance() {
        // New York falls back from 02:00 EDT to 01:00 EST on 1 November 2026.
        assert_eq!(instant("America/New_York", "2026-11-01 01:30"), "2026-11-01T05:30:00Z");
        assert_eq!(instant("Europe/Berlin", "2026-10-25 02:30"), "2026-10-25T00:30:00Z");
        assert_eq!(instant("Australia/Sydney", "2026-04-05 02:30"), "2026-04-04T15:30:00Z");
    }

    #[test]
    fn local_is_the_wall_clock_time_of_an_instant() {
        let t = parse("2026-07-15T07:00:00Z").unwrap();
        assert_eq!(zone("Europe/Berlin").local(t), wall("2026-07-15 09:00"));
        assert_eq!(zone("Pacific/Chatham").local(t), wall("2026-07-15 19:45"));
    }
}
