//! The token store: short-lived security state shared by every server process — sessions, stored
//! refresh tokens, the access-token denylist and login-failure counters. Every entry carries a TTL,
//! so the store never grows without bound. Redis in production; an embedded store by default.

pub mod embedded;
pub mod redis;

use std::time::Duration;

use async_trait::async_trait;
use serde::{Deserialize, Serialize};

use crate::domain::{ApiTokenGrant, UserId};

/// What the store's client (Redis, SQLite, serde_json) reported, kept for the logs.
pub type Cause = Box<dyn std::error::Error + Send + Sync + 'static>;

#[derive(Debug, thiserror::Error)]
pub enum TokenStoreError {
    /// The store cannot be reached: requests that need it are refused with 503, never let through.
    #[error("token store unavailable")]
    Unavailable(#[source] Cause),
    #[error("token store error")]
    Other(#[source] Cause),
}

pub type TokenResult<T> = Result<T, TokenStoreError>;

/// What the store keeps for an issued refresh token, under the token's hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RefreshRecord {
    pub user_id: UserId,
    pub session_id: String,
    /// Unix seconds.
    pub expires_at: i64,
}

/// What an authenticated request needs to know about its access token, fetched in one round trip.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AccessStatus {
    pub denied: bool,
    pub session_alive: bool,
}

/// What the store knows of an API token, by the hash of its secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApiTokenState {
    /// Revoked (or its account deleted): refused on every server, whatever the database says.
    Refused,
    /// Read from the database recently.
    Cached(ApiTokenGrant),
    /// Not known here: the database decides.
    Unknown,
}

impl ApiTokenState {
    /// Reads a token's two entries (its refusal, its cached grant as JSON): a refusal wins.
    fn from_entries(refused: bool, cached: Option<String>) -> TokenResult<Self> {
        if refused {
            return Ok(Self::Refused);
        }
        match cached {
            Some(json) => {
                serde_json::from_str(&json).map(Self::Cached).map_err(|e| TokenStoreError::Other(e.into()))
            }
            None => Ok(Self::Unknown),
        }
    }
}

#[async_trait]
pub trait TokenStore: Send + Sync + 'static {
    async fn ping(&self) -> TokenResult<()>;

    /// Records a new live session of `user`.
    async fn start_session(&self, user: UserId, session_id: &str, ttl: Duration) -> TokenResult<()>;
    async fn session_alive(&self, session_id: &str) -> TokenResult<bool>;
    /// Ends one session: its access and refresh tokens stop working at once.
    async fn revoke_session(&self, user: UserId, session_id: &str) -> TokenResult<()>;
    /// Ends every session of `user` except `keep`.
    async fn revoke_sessions(&self, user: UserId, keep: Option<&str>) -> TokenResult<()>;

    /// Stores a refresh token's record and extends its session (never revives a revoked one).
    async fn put_refresh(&self, token_hash: &str, record: &RefreshRecord, ttl: Duration) -> TokenResult<()>;
    async fn refresh(&self, token_hash: &str) -> TokenResult<Option<RefreshRecord>>;
    /// Marks a refresh token as rotated at `now` (unix seconds). Returns `None` for the first rotation,
    /// or when an earlier one happened — exactly one concurrent caller sees `None`.
    async fn claim_rotation(&self, token_hash: &str, now: i64, ttl: Duration) -> TokenResult<Option<i64>>;
    async fn drop_refresh(&self, token_hash: &str) -> TokenResult<()>;

    async fn deny_access(&self, jti: &str, ttl: Duration) -> TokenResult<()>;
    async fn access_status(&self, jti: &str, session_id: &str) -> TokenResult<AccessStatus>;

    /// Current failure count and time left in its window, for each key.
    async fn login_failures(&self, keys: &[String]) -> TokenResult<Vec<(u64, Duration)>>;
    /// Counts one failure against each key; a key's window starts at its first failure.
    async fn record_login_failure(&self, keys: &[String], window: Duration) -> TokenResult<()>;
    async fn clear_login_failures(&self, key: &str) -> TokenResult<()>;

    /// One round trip: whether the API token is refused, else its cached grant, if any.
    async fn api_token(&self, token_hash: &str) -> TokenResult<ApiTokenState>;
    /// Caches a grant read from the database, for `ttl`.
    async fn cache_api_token(
        &self,
        token_hash: &str,
        grant: &ApiTokenGrant,
        ttl: Duration,
    ) -> TokenResult<()>;
    /// Refuses the tokens at once on every server for `ttl` (longer than any cached grant lives, so
    /// that a grant cached from a read just before the revocation cannot outlive it), and drops
    /// their cached grants.
    async fn refuse_api_tokens(&self, token_hashes: &[String], ttl: Duration) -> TokenResult<()>;
    /// Stores a password-reset token (its hash) for `user` (`None`: the email has no account, and
    /// the token resets nothing), live for `ttl`. `owner` names the slot the token takes: the
    /// token that held it before stops working, atomically, so only the newest one is valid.
    async fn put_password_reset(
        &self,
        owner: &str,
        token_hash: &str,
        user: Option<UserId>,
        ttl: Duration,
    ) -> TokenResult<()>;
    /// Takes a live reset token, atomically: of concurrent claims of one token, exactly one gets
    /// its user. `None` for an unknown, used, expired or replaced token, or one of no account.
    async fn claim_password_reset(&self, token_hash: &str) -> TokenResult<Option<UserId>>;
}

#[cfg(test)]
mod tests {
    use std::error::Error as _;

    use super::*;

    #[test]
    fn a_redis_error_is_kept_as_the_source() {
        let refused = std::io::Error::new(std::io::ErrorKind::ConnectionRefused, "refused in the test");
        let err = TokenStoreError::from(::redis::RedisError::from(refused));
        assert!(matches!(err, TokenStoreError::Unavailable(_)), "{err:?}");
        let source = err.source().expect("the Redis error");
        assert!(source.downcast_ref::<::redis::RedisError>().is_some(), "{source:?}");
    }

    #[test]
    fn a_sqlite_error_is_kept_as_the_source() {
        let err = TokenStoreError::from(sqlx::Error::PoolTimedOut);
        assert!(matches!(err, TokenStoreError::Unavailable(_)), "{err:?}");
        let source = err.source().expect("the sqlx error");
        assert!(
            matches!(source.downcast_ref::<sqlx::Error>(), Some(sqlx::Error::PoolTimedOut)),
            "{source:?}"
        );
    }
}
