//! The calendar feed service: each user's secret feed address (made on first request, replaced on
//! rotation) and the feed itself, with an entity tag that a poll can be answered from without
//! building the calendar.

mod ics;
mod vtimezone;

use std::sync::Arc;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::RngCore;
use sha2::{Digest, Sha256};

pub use ics::ical_priority;

use crate::domain::UserId;
use crate::domain::time;
use crate::error::{Error, Result};
use crate::store::{CalendarStamp, Store, StoreError};

/// Random bytes in a secret: 256 bits, 43 URL-safe characters.
const SECRET_BYTES: usize = 32;

/// Tasks read per query while building a feed.
const PAGE: i64 = 500;

/// Changes whenever what the feed writes for the same tasks changes, so that old tags expire.
const FEED_FORMAT: &str = "tasktracker-ics-1";

/// What a poll of the feed gets.
pub enum FeedAnswer {
    /// The client's copy (`If-None-Match`) is current.
    NotModified {
        etag: String,
    },
    Calendar {
        etag: String,
        body: String,
    },
}

pub struct CalendarFeeds {
    store: Arc<dyn Store>,
    /// `PUBLIC_URL`, without a trailing slash.
    public_url: String,
}

impl CalendarFeeds {
    pub fn new(store: Arc<dyn Store>, public_url: String) -> Self {
        Self { store, public_url }
    }

    fn url_of(&self, secret: &str) -> String {
        format!("{}/ical/{secret}.ics", self.public_url)
    }

    /// The host part of `PUBLIC_URL`, for the events' UIDs.
    fn host(&self) -> &str {
        let rest = self.public_url.split_once("://").map_or(self.public_url.as_str(), |(_, rest)| rest);
        rest.split('/').next().unwrap_or(rest)
    }

    /// The user's feed address, made on the first call.
    pub async fn url(&self, user: UserId) -> Result<String> {
        match self.store.calendar_secret(user).await? {
            Some(secret) => Ok(self.url_of(&secret)),
            None => self.rotate(user).await,
        }
    }

    /// A new feed address for the user; the old one answers 404 from now on.
    pub async fn rotate(&self, user: UserId) -> Result<String> {
        // 256 random bits never collide in practice; a conflict would only ever cost a retry.
        for _ in 0..3 {
            let secret = new_secret();
            match self.store.set_calendar_secret(user, &secret, time::now()).await {
                Err(StoreError::Conflict) => continue,
                other => other?,
            }
            return Ok(self.url_of(&secret));
        }
        Err(Error::Internal(anyhow::anyhow!("three random feed secrets in a row were taken")))
    }

    /// The feed of the user whose secret it is, or 304 when `if_none_match` names its current tag.
    pub async fn feed(&self, secret: &str, if_none_match: Option<&str>) -> Result<FeedAnswer> {
        if !is_well_formed(secret) {
            return Err(Error::NotFound);
        }
        let user = self.store.calendar_owner(secret).await?.ok_or(Error::NotFound)?;
        let stamp = self.store.calendar_stamp(user).await?;
        let etag = self.etag(user, &stamp);
        if if_none_match.is_some_and(|header| matches_tag(header, &etag)) {
            return Ok(FeedAnswer::NotModified { etag });
        }
        let mut feed = ics::Feed::new(self.host());
        let mut after = 0;
        loop {
            let tasks = self.store.calendar_tasks(user, after, PAGE).await?;
            for task in &tasks {
                feed.add(task);
            }
            match tasks.last() {
                Some(last) if tasks.len() as i64 == PAGE => after = last.id,
                _ => break,
            }
        }
        Ok(FeedAnswer::Calendar { etag, body: feed.finish(time::now()) })
    }

    /// A strong tag of the feed's content: a hash of its stamp (and of what else the body depends
    /// on), cheap to recompute on every poll.
    fn etag(&self, user: UserId, stamp: &CalendarStamp) -> String {
        let mut hash = Sha256::new();
        let updated = stamp.last_updated.map(|t| t.timestamp_micros()).unwrap_or_default();
        hash.update(
            format!(
                "{FEED_FORMAT}|{}|{user}|{}|{updated}|{}|{}|{}",
                self.public_url, stamp.tasks, stamp.version_sum, stamp.id_sum, stamp.pending_reminders
            )
            .as_bytes(),
        );
        let digest = hash.finalize();
        format!("\"{}\"", URL_SAFE_NO_PAD.encode(&digest[..18]))
    }
}

fn new_secret() -> String {
    let mut bytes = [0u8; SECRET_BYTES];
    rand::rng().fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// Whether `secret` could be one we made: anything else is not looked up.
fn is_well_formed(secret: &str) -> bool {
    secret.len() == 43 && secret.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// Whether an `If-None-Match` value names `etag` (weakly, as RFC 9110 §13.1.2 compares), or is `*`.
fn matches_tag(header: &str, etag: &str) -> bool {
    header.split(',').map(str::trim).any(|tag| tag == "*" || tag.strip_prefix("W/").unwrap_or(tag) == etag)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_long_random_and_url_safe() {
        let (a, b) = (new_secret(), new_secret());
        assert_ne!(a, b);
        assert!(is_well_formed(&a), "{a}");
        assert!(!is_well_formed("../../etc/passwd"));
        assert!(!is_well_formed(""));
    }

    #[test]
    fn if_none_match_lists_weak_tags_and_star() {
        assert!(matches_tag("\"abc\"", "\"abc\""));
        assert!(matches_tag("W/\"x\", \"abc\"", "\"abc\""));
        assert!(matches_tag("*", "\"abc\""));
        assert!(!matches_tag("\"abd\"", "\"abc\""));
    }
}
