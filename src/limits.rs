//! Attempt limits kept in the token store, so every server process counts against the same ones:
//! registration per client address, password-reset requests per email and per client.

use std::sync::Arc;
use std::time::Duration;

use sha2::{Digest, Sha256};

use crate::error::{Error, Result};
use crate::tokens::TokenStore;

/// One counter and the most attempts it allows in its window.
#[derive(Debug, Clone)]
pub struct Limit {
    pub key: String,
    pub max: u64,
}

#[derive(Clone)]
pub struct Limits {
    tokens: Arc<dyn TokenStore>,
}

impl Limits {
    pub fn new(tokens: Arc<dyn TokenStore>) -> Self {
        Self { tokens }
    }

    /// Counts one attempt against every limit, then refuses (429, with the longest wait) if any is
    /// past its maximum. Counting first makes the limit exact across servers: the increments are
    /// atomic, a check before them would let concurrent attempts through together.
    pub async fn count(&self, limits: &[Limit], window: Duration) -> Result<()> {
        // The token store's failure counters: a counter whose window starts at its first attempt.
        let keys: Vec<String> = limits.iter().map(|limit| limit.key.clone()).collect();
        self.tokens.record_login_failure(&keys, window).await?;
        let counts = self.tokens.login_failures(&keys).await?;
        let retry_after = counts
            .iter()
            .zip(limits)
            .filter(|((count, _), limit)| *count > limit.max)
            .map(|((_, ttl), _)| *ttl)
            .max();
        match retry_after {
            Some(retry_after) => Err(Error::RateLimited { retry_after }),
            None => Ok(()),
        }
    }
}

/// A counter key for `value` that does not hold it (an email address) in the token store.
pub fn hashed_key(kind: &str, value: &str) -> String {
    format!("{kind}:{}", hex_sha256(value))
}

pub fn hex_sha256(value: &str) -> String {
    Sha256::digest(value.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}
