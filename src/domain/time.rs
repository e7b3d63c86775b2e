//! The one way the service reads, writes and rounds instants.
//!
//! Both databases keep microseconds, so every instant is truncated to microseconds on its way in;
//! what a POST returns is then exactly what a later GET returns.

use chrono::{DateTime, DurationRound, SecondsFormat, TimeDelta, Utc};
use serde::Serializer;

pub type Timestamp = DateTime<Utc>;

/// The current instant, at the precision the databases store.
pub fn now() -> Timestamp {
    truncate(Utc::now())
}

pub fn truncate(t: Timestamp) -> Timestamp {
    t.duration_trunc(TimeDelta::microseconds(1)).unwrap_or(t)
}

/// Parses an RFC 3339 instant with an explicit offset, normalised to UTC.
pub fn parse(input: &str) -> Result<Timestamp, &'static str> {
    DateTime::parse_from_rfc3339(input.trim())
        .map(|t| truncate(t.with_timezone(&Utc)))
        .map_err(|_| "must be an RFC 3339 time with an offset, e.g. 2026-12-01T17:00:00Z")
}

pub fn format(t: &Timestamp) -> String {
    t.to_rfc3339_opts(SecondsFormat::AutoSi, true)
}

/// `serialize_with` helpers so that every response writes instants the same way.
pub mod serde_rfc3339 {
    use super::*;

    pub fn serialize<S: Serializer>(t: &Timestamp, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&format(t))
    }

    pub mod option {
        use super::*;

        pub fn serialize<S: Serializer>(t: &Option<Timestamp>, s: S) -> Result<S::Ok, S::Error> {
            match t {
                Some(t) => s.serialize_str(&format(t)),
                None => s.serialize_none(),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_are_normalised_to_utc_and_written_with_z() {
        let t = parse("2026-12-01T19:00:00+02:00").unwrap();
        assert_eq!(format(&t), "2026-12-01T17:00:00Z");
    }

    #[test]
    fn sub_microsecond_digits_are_dropped_so_round_trips_are_exact() {
        let t = parse("2026-12-01T17:00:00.123456789Z").unwrap();
        assert_eq!(format(&t), "2026-12-01T17:00:00.123456Z");
        assert_eq!(parse(&format(&t)).unwrap(), t);
    }

    #[test]
    fn a_time_without_offset_is_refused() {
        assert!(parse("2026-12-01T17:00:00").is_err());
        assert!(parse("tomorrow").is_err());
    }
}
