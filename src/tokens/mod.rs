//! The token store: short-lived security state shared by every server process — sessions, stored
//! refresh tokens, the access-token denylist and login-failure counters. Every entry carries a TTL,
//! so the store never grows without bound. Redis in production; an embedded store by default.

pub mod embedded;
pub mod redis;

use std::time::Duration;

use async_trait::async_trait;
use serde::{Deserialize, Serialize};

use crate::domain::UserId;

#[derive(Debug, thiserror::Error)]
pub enum TokenStoreError {
    /// The store cannot be reached: requests that need it are refused with 503, never let through.
    #[error("token store unavailable: {0}")]
    Unavailable(String),
    #[error("token store error: {0}")]
    Other(String),
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
}
