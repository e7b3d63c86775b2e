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

/// Writes what `format` returns into `buf`, without allocating: a list page writes 200 or more
/// instants, and chrono's general formatter was 6% of a list request's CPU. Years outside
/// 0000–9999 and leap seconds (neither comes out of our databases) take chrono's path.
fn write_rfc3339<'b>(t: &Timestamp, buf: &'b mut [u8; 32]) -> Option<&'b str> {
    use chrono::{Datelike, Timelike};
    // Once: each accessor on `DateTime` would otherwise convert to local (offset-adjusted) time.
    let t = t.naive_utc();
    let (year, nanos) = (t.year(), t.nanosecond());
    if !(0..=9999).contains(&year) || nanos >= 1_000_000_000 {
        return None;
    }
    let mut put = |at: usize, value: u32, digits: usize| {
        let mut value = value;
        for i in (at..at + digits).rev() {
            buf[i] = b'0' + (value % 10) as u8;
            value /= 10;
        }
    };
    put(0, year as u32, 4);
    put(5, t.month(), 2);
    put(8, t.day(), 2);
    put(11, t.hour(), 2);
    put(14, t.minute(), 2);
    put(17, t.second(), 2);
    // chrono's AutoSi: no fraction, or 3, 6 or 9 digits, whichever shows every non-zero digit.
    let fraction = match nanos {
        0 => 0,
        n if n % 1_000_000 == 0 => 3,
        n if n % 1_000 == 0 => 6,
        _ => 9,
    };
    if fraction > 0 {
        put(20, nanos / 10u32.pow(9 - fraction as u32), fraction);
    }
    for (at, byte) in [(4, b'-'), (7, b'-'), (10, b'T'), (13, b':'), (16, b':'), (19, b'.')] {
        buf[at] = byte;
    }
    let end = if fraction > 0 { 20 + fraction } else { 19 };
    buf[end] = b'Z';
    std::str::from_utf8(&buf[..=end]).ok()
}

fn serialize_instant<S: Serializer>(t: &Timestamp, s: S) -> Result<S::Ok, S::Error> {
    let mut buf = [0u8; 32];
    match write_rfc3339(t, &mut buf) {
        Some(text) => s.serialize_str(text),
        None => s.serialize_str(&format(t)),
    }
}

/// `serialize_with` helpers so that every response writes instants the same way.
pub mod serde_rfc3339 {
    use super::*;

    pub fn serialize<S: Serializer>(t: &Timestamp, s: S) -> Result<S::Ok, S::Error> {
        serialize_instant(t, s)
    }

    pub mod option {
        use super::*;

        pub fn serialize<S: Serializer>(t: &Option<Timestamp>, s: S) -> Result<S::Ok, S::Error> {
            match t {
                Some(t) => serialize_instant(t, s),
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
    fn the_fast_writer_writes_exactly_what_chrono_writes() {
        let mut buf = [0u8; 32];
        for input in [
            "2026-12-01T17:00:00Z",
            "0001-01-01T00:00:00.5Z",
            "1970-01-01T00:00:00.000001Z",
            "2026-02-28T23:59:59.120Z",
            "2026-02-28T23:59:59.123456Z",
            "9999-12-31T23:59:59.999999Z",
            "2024-02-29T09:05:07.010200Z",
        ] {
            let t = parse(input).unwrap();
            assert_eq!(write_rfc3339(&t, &mut buf), Some(format(&t).as_str()), "{input}");
        }
        let nanos = DateTime::from_timestamp(1_700_000_000, 123_456_789).unwrap();
        assert_eq!(write_rfc3339(&nanos, &mut buf), Some(format(&nanos).as_str()));
    }

    #[test]
    fn a_time_without_offset_is_refused() {
        assert!(parse("2026-12-01T17:00:00").is_err());
        assert!(parse("tomorrow").is_err());
    }
}
