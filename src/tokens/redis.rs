//! Redis: every key the server writes to Redis is built and used here, under one key prefix so
//! that several deployments (or test runs) can share one Redis without touching each other.

use std::sync::LazyLock;
use std::time::Duration;

use async_trait::async_trait;
use redis::aio::{ConnectionManager, ConnectionManagerConfig};
use redis::{AsyncCommands, ErrorKind, RedisError, ServerErrorKind};

use super::{AccessStatus, ApiTokenState, RefreshRecord, TokenResult, TokenStore, TokenStoreError};
use crate::domain::{ApiTokenGrant, UserId};

#[derive(Clone)]
pub struct RedisTokenStore {
    conn: ConnectionManager,
    prefix: String,
}

impl RedisTokenStore {
    /// Connects lazily and reconnects by itself, so Redis may be down at start-up or restart later:
    /// meanwhile requests get 503 instead of waiting.
    pub fn connect_lazy(url: &str, prefix: &str) -> anyhow::Result<Self> {
        Ok(Self { conn: connection(url)?, prefix: prefix.to_owned() })
    }

    fn key(&self, kind: &str, id: impl std::fmt::Display) -> String {
        format!("{}{kind}:{id}", self.prefix)
    }

    fn session_key(&self, session_id: &str) -> String {
        self.key("session", session_id)
    }

    fn user_sessions_key(&self, user: UserId) -> String {
        self.key("user_sessions", user)
    }
}

/// A lazy, self-reconnecting connection with short timeouts: a Redis that is down, or goes down,
/// costs a request at most ~3 s before it is answered 503, and no restart when it comes back.
pub fn connection(url: &str) -> anyhow::Result<ConnectionManager> {
    let client = redis::Client::open(url)?;
    let config = ConnectionManagerConfig::new()
        .set_connection_timeout(Some(Duration::from_secs(1)))
        .set_response_timeout(Some(Duration::from_secs(2)))
        .set_number_of_retries(1)
        .set_max_delay(Duration::from_millis(500));
    Ok(ConnectionManager::new_lazy_with_config(client, config)?)
}

fn seconds(ttl: Duration) -> u64 {
    ttl.as_secs().max(1)
}

impl From<RedisError> for TokenStoreError {
    fn from(err: RedisError) -> Self {
        let unreachable = err.is_io_error()
            || err.is_timeout()
            || err.is_connection_dropped()
            || err.is_connection_refusal()
            || err.is_unrecoverable_error()
            || err.kind() == ErrorKind::Server(ServerErrorKind::BusyLoading);
        if unreachable { Self::Unavailable(err.into()) } else { Self::Other(err.into()) }
    }
}

#[async_trait]
impl TokenStore for RedisTokenStore {
    async fn ping(&self) -> TokenResult<()> {
        let _: String = redis::cmd("PING").query_async(&mut self.conn.clone()).await?;
        Ok(())
    }

    async fn start_session(&self, user: UserId, session_id: &str, ttl: Duration) -> TokenResult<()> {
        let user_sessions = self.user_sessions_key(user);
        let _: () = redis::pipe()
            .atomic()
            .set_ex(self.session_key(session_id), user, seconds(ttl))
            .sadd(&user_sessions, session_id)
            .expire(&user_sessions, seconds(ttl) as i64)
            .query_async(&mut self.conn.clone())
            .await?;
        Ok(())
    }

    async fn session_alive(&self, session_id: &str) -> TokenResult<bool> {
        Ok(self.conn.clone().exists(self.session_key(session_id)).await?)
    }

    async fn revoke_session(&self, user: UserId, session_id: &str) -> TokenResult<()> {
        let _: () = redis::pipe()
            .atomic()
            .del(self.session_key(session_id))
            .srem(self.user_sessions_key(user), session_id)
            .query_async(&mut self.conn.clone())
            .await?;
        Ok(())
    }

    async fn revoke_sessions(&self, user: UserId, keep: Option<&str>) -> TokenResult<()> {
        let mut conn = self.conn.clone();
        let user_sessions = self.user_sessions_key(user);
        let sessions: Vec<String> = conn.smembers(&user_sessions).await?;
        let doomed: Vec<&String> = sessions.iter().filter(|s| Some(s.as_str()) != keep).collect();
        if doomed.is_empty() {
            return Ok(());
        }
        let mut pipe = redis::pipe();
        pipe.atomic();
        for session_id in &doomed {
            pipe.del(self.session_key(session_id)).srem(&user_sessions, session_id.as_str());
        }
        let _: () = pipe.query_async(&mut conn).await?;
        Ok(())
    }

    async fn put_refresh(&self, token_hash: &str, record: &RefreshRecord, ttl: Duration) -> TokenResult<()> {
        let json = serde_json::to_string(record).map_err(|e| TokenStoreError::Other(e.into()))?;
        let secs = seconds(ttl) as i64;
        // EXPIRE leaves a missing key missing, so a session revoked meanwhile stays revoked.
        let _: () = redis::pipe()
            .atomic()
            .set_ex(self.key("refresh", token_hash), json, secs as u64)
            .expire(self.session_key(&record.session_id), secs)
            .expire(self.user_sessions_key(record.user_id), secs)
            .query_async(&mut self.conn.clone())
            .await?;
        Ok(())
    }

    async fn refresh(&self, token_hash: &str) -> TokenResult<Option<RefreshRecord>> {
        let json: Option<String> = self.conn.clone().get(self.key("refresh", token_hash)).await?;
        json.map(|j| serde_json::from_str(&j).map_err(|e| TokenStoreError::Other(e.into()))).transpose()
    }

    async fn claim_rotation(&self, token_hash: &str, now: i64, ttl: Duration) -> TokenResult<Option<i64>> {
        // SET NX GET (Redis 7): sets the mark only if absent and returns what was there, atomically.
        let earlier: Option<i64> = redis::cmd("SET")
            .arg(self.key("rotated", token_hash))
            .arg(now)
            .arg("NX")
            .arg("GET")
            .arg("EX")
            .arg(seconds(ttl))
            .query_async(&mut self.conn.clone())
            .await?;
        Ok(earlier)
    }

    async fn drop_refresh(&self, token_hash: &str) -> TokenResult<()> {
        let _: () = self.conn.clone().del(self.key("refresh", token_hash)).await?;
        Ok(())
    }

    async fn deny_access(&self, jti: &str, ttl: Duration) -> TokenResult<()> {
        let _: () = self.conn.clone().set_ex(self.key("denied", jti), 1, seconds(ttl)).await?;
        Ok(())
    }

    async fn access_status(&self, jti: &str, session_id: &str) -> TokenResult<AccessStatus> {
        let (denied, session_alive): (bool, bool) = redis::pipe()
            .exists(self.key("denied", jti))
            .exists(self.session_key(session_id))
            .query_async(&mut self.conn.clone())
            .await?;
        Ok(AccessStatus { denied, session_alive })
    }

    async fn login_failures(&self, keys: &[String]) -> TokenResult<Vec<(u64, Duration)>> {
        let mut pipe = redis::pipe();
        for key in keys {
            let key = self.key("login_failures", key);
            pipe.get(&key).pttl(&key);
        }
        let raw: Vec<(Option<u64>, i64)> = pipe.query_async(&mut self.conn.clone()).await?;
        Ok(raw
            .into_iter()
            .map(|(count, pttl)| (count.unwrap_or(0), Duration::from_millis(pttl.max(0) as u64)))
            .collect())
    }

    async fn record_login_failure(&self, keys: &[String], window: Duration) -> TokenResult<()> {
        let mut pipe = redis::pipe();
        pipe.atomic();
        for key in keys {
            let key = self.key("login_failures", key);
            pipe.incr(&key, 1).ignore();
            // NX: the window starts at the first failure and is not pushed back by later ones.
            pipe.cmd("EXPIRE").arg(&key).arg(seconds(window)).arg("NX").ignore();
        }
        let _: () = pipe.query_async(&mut self.conn.clone()).await?;
        Ok(())
    }

    async fn clear_login_failures(&self, key: &str) -> TokenResult<()> {
        let _: () = self.conn.clone().del(self.key("login_failures", key)).await?;
        Ok(())
    }

    async fn api_token(&self, token_hash: &str) -> TokenResult<ApiTokenState> {
        let (refused, cached): (bool, Option<String>) = redis::pipe()
            .exists(self.key("api_token_refused", token_hash))
            .get(self.key("api_token", token_hash))
            .query_async(&mut self.conn.clone())
            .await?;
        ApiTokenState::from_entries(refused, cached)
    }

    async fn cache_api_token(
        &self,
        token_hash: &str,
        grant: &ApiTokenGrant,
        ttl: Duration,
    ) -> TokenResult<()> {
        let json = serde_json::to_string(grant).map_err(|e| TokenStoreError::Other(e.into()))?;
        let _: () = self.conn.clone().set_ex(self.key("api_token", token_hash), json, seconds(ttl)).await?;
        Ok(())
    }

    async fn refuse_api_tokens(&self, token_hashes: &[String], ttl: Duration) -> TokenResult<()> {
        if token_hashes.is_empty() {
            return Ok(());
        }
        let mut pipe = redis::pipe();
        pipe.atomic();
        for hash in token_hashes {
            pipe.set_ex(self.key("api_token_refused", hash), 1, seconds(ttl)).ignore();
            pipe.del(self.key("api_token", hash)).ignore();
        }
        let _: () = pipe.query_async(&mut self.conn.clone()).await?;
        Ok(())
    }

    async fn put_password_reset(
        &self,
        owner: &str,
        token_hash: &str,
        user: Option<UserId>,
        ttl: Duration,
    ) -> TokenResult<()> {
        let user = user.map(|id| id.to_string()).unwrap_or_default();
        let _: () = REPLACE_RESET
            .key(self.key("reset_owner", owner))
            .key(self.key("reset", token_hash))
            .arg(token_hash)
            .arg(user)
            .arg(seconds(ttl))
            .arg(self.key("reset", ""))
            .invoke_async(&mut self.conn.clone())
            .await?;
        Ok(())
    }

    async fn claim_password_reset(&self, token_hash: &str) -> TokenResult<Option<UserId>> {
        // GETDEL: read and delete in one step, so two claims of one token cannot both see it.
        let user: Option<String> = redis::cmd("GETDEL")
            .arg(self.key("reset", token_hash))
            .query_async(&mut self.conn.clone())
            .await?;
        Ok(user.and_then(|id| id.parse().ok()))
    }
}

/// Gives the owner's slot (KEYS[1]) to a new reset token (KEYS[2], hash ARGV[1], user ARGV[2],
/// TTL ARGV[3] seconds) and deletes the token that held it (ARGV[4] is the reset key prefix): in
/// one script, so two requests at once leave exactly one live token.
static REPLACE_RESET: LazyLock<redis::Script> = LazyLock::new(|| {
    redis::Script::new(
        r"
local previous = redis.call('GET', KEYS[1])
if previous then redis.call('DEL', ARGV[4] .. previous) end
redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[3])
redis.call('SET', KEYS[2], ARGV[2], 'EX', ARGV[3])
return 1",
    )
});
