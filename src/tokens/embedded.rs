//! The embedded token store: the Redis model (keys with TTLs) in a SQLite file of its own in the data
//! folder, so that a revoked token stays revoked and a refresh cookie keeps working across restarts.
//! Expired entries read as absent and are swept in the background.

use std::path::Path;
use std::time::Duration;

use async_trait::async_trait;
use sqlx::sqlite::SqlitePoolOptions;
use sqlx::{SqliteExecutor, SqlitePool};

use super::{AccessStatus, ApiTokenState, RefreshRecord, TokenResult, TokenStore, TokenStoreError};
use crate::domain::{ApiTokenGrant, UserId};
use crate::store::sqlite::connect_options;

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/tokens");

const SWEEP_EVERY: Duration = Duration::from_secs(60);

#[derive(Clone)]
pub struct EmbeddedTokenStore {
    pool: SqlitePool,
}

impl From<sqlx::Error> for TokenStoreError {
    fn from(err: sqlx::Error) -> Self {
        match err {
            sqlx::Error::Io(_) | sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed => {
                Self::Unavailable(err.into())
            }
            other => Self::Other(other.into()),
        }
    }
}

impl EmbeddedTokenStore {
    /// Opens (creating if needed) `path`, and starts sweeping expired entries.
    pub async fn open(path: &Path) -> anyhow::Result<Self> {
        let url = format!("sqlite://{}", path.display());
        let pool = SqlitePoolOptions::new().max_connections(4).connect_with(connect_options(&url)?).await?;
        MIGRATOR.run(&pool).await?;
        let store = Self { pool };
        let sweeper = store.pool.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(SWEEP_EVERY);
            loop {
                tick.tick().await;
                if sweeper.is_closed() {
                    return;
                }
                let swept = sqlx::query("DELETE FROM entries WHERE expires_at <= ?1")
                    .bind(now_ms())
                    .execute(&sweeper)
                    .await;
                if let Err(err) = swept {
                    tracing::warn!(error = %err, "sweeping expired tokens failed");
                }
            }
        });
        Ok(store)
    }

    async fn get(&self, key: &str) -> TokenResult<Option<String>> {
        let value = sqlx::query_scalar("SELECT value FROM entries WHERE key = ?1 AND expires_at > ?2")
            .bind(key)
            .bind(now_ms())
            .fetch_optional(&self.pool)
            .await?;
        Ok(value)
    }

    async fn delete(&self, key: &str) -> TokenResult<()> {
        sqlx::query("DELETE FROM entries WHERE key = ?1").bind(key).execute(&self.pool).await?;
        Ok(())
    }
}

/// Sets `key`, live for `ttl`, on the pool or inside a transaction.
async fn put(db: impl SqliteExecutor<'_>, key: &str, value: &str, ttl: Duration) -> TokenResult<()> {
    sqlx::query(
        "INSERT INTO entries (key, value, expires_at) VALUES (?1, ?2, ?3) \
         ON CONFLICT (key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at",
    )
    .bind(key)
    .bind(value)
    .bind(expiry(ttl))
    .execute(db)
    .await?;
    Ok(())
}

/// Pushes the expiry of a live entry; a missing or expired one stays missing.
async fn extend(db: impl SqliteExecutor<'_>, key: &str, ttl: Duration) -> TokenResult<()> {
    sqlx::query("UPDATE entries SET expires_at = ?2 WHERE key = ?1 AND expires_at > ?3")
        .bind(key)
        .bind(expiry(ttl))
        .bind(now_ms())
        .execute(db)
        .await?;
    Ok(())
}

fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

fn expiry(ttl: Duration) -> i64 {
    now_ms() + ttl.as_millis() as i64
}

fn session_key(session_id: &str) -> String {
    format!("session:{session_id}")
}

/// One entry per session of a user, so "every session of user 7" is a prefix range.
fn user_session_key(user: UserId, session_id: &str) -> String {
    format!("user_session:{user}:{session_id}")
}

fn failures_key(key: &str) -> String {
    format!("login_failures:{key}")
}

#[async_trait]
impl TokenStore for EmbeddedTokenStore {
    async fn ping(&self) -> TokenResult<()> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    async fn start_session(&self, user: UserId, session_id: &str, ttl: Duration) -> TokenResult<()> {
        let mut tx = self.pool.begin().await?;
        for key in [session_key(session_id), user_session_key(user, session_id)] {
            put(&mut *tx, &key, &user.to_string(), ttl).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    async fn session_alive(&self, session_id: &str) -> TokenResult<bool> {
        Ok(self.get(&session_key(session_id)).await?.is_some())
    }

    async fn revoke_session(&self, user: UserId, session_id: &str) -> TokenResult<()> {
        sqlx::query("DELETE FROM entries WHERE key IN (?1, ?2)")
            .bind(session_key(session_id))
            .bind(user_session_key(user, session_id))
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn revoke_sessions(&self, user: UserId, keep: Option<&str>) -> TokenResult<()> {
        let prefix = format!("user_session:{user}:");
        let mut tx = self.pool.begin().await?;
        let keys: Vec<String> = sqlx::query_scalar("SELECT key FROM entries WHERE key >= ?1 AND key < ?2")
            .bind(&prefix)
            // ';' sorts right after ':', so this is exactly the keys that start with the prefix.
            .bind(format!("user_session:{user};"))
            .fetch_all(&mut *tx)
            .await?;
        for key in keys {
            let session_id = &key[prefix.len()..];
            if Some(session_id) == keep {
                continue;
            }
            sqlx::query("DELETE FROM entries WHERE key IN (?1, ?2)")
                .bind(session_key(session_id))
                .bind(&key)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    async fn put_refresh(&self, token_hash: &str, record: &RefreshRecord, ttl: Duration) -> TokenResult<()> {
        let json = serde_json::to_string(record).map_err(|e| TokenStoreError::Other(e.into()))?;
        // One transaction, like the Redis pipeline: never a record whose session was not extended.
        let mut tx = self.pool.begin().await?;
        put(&mut *tx, &format!("refresh:{token_hash}"), &json, ttl).await?;
        extend(&mut *tx, &session_key(&record.session_id), ttl).await?;
        extend(&mut *tx, &user_session_key(record.user_id, &record.session_id), ttl).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn refresh(&self, token_hash: &str) -> TokenResult<Option<RefreshRecord>> {
        let json = self.get(&format!("refresh:{token_hash}")).await?;
        json.map(|j| serde_json::from_str(&j).map_err(|e| TokenStoreError::Other(e.into()))).transpose()
    }

    async fn claim_rotation(&self, token_hash: &str, now: i64, ttl: Duration) -> TokenResult<Option<i64>> {
        // One statement: insert the mark, or keep a live one as it is. The row then holds the first
        // claimant's mark; a nonce tells our own insert apart from a claim made in the same second.
        let mark = format!("{now}:{}", uuid::Uuid::new_v4().simple());
        let stored: String = sqlx::query_scalar(
            "INSERT INTO entries (key, value, expires_at) VALUES (?1, ?2, ?3) \
             ON CONFLICT (key) DO UPDATE SET \
               value = CASE WHEN expires_at <= ?4 THEN excluded.value ELSE value END, \
               expires_at = CASE WHEN expires_at <= ?4 THEN excluded.expires_at ELSE expires_at END \
             RETURNING value",
        )
        .bind(format!("rotated:{token_hash}"))
        .bind(&mark)
        .bind(expiry(ttl))
        .bind(now_ms())
        .fetch_one(&self.pool)
        .await?;
        if stored == mark {
            return Ok(None);
        }
        let earlier = stored.split(':').next().and_then(|t| t.parse().ok());
        earlier.map(Some).ok_or_else(|| TokenStoreError::Other("corrupt rotation mark".into()))
    }

    async fn drop_refresh(&self, token_hash: &str) -> TokenResult<()> {
        self.delete(&format!("refresh:{token_hash}")).await
    }

    async fn deny_access(&self, jti: &str, ttl: Duration) -> TokenResult<()> {
        put(&self.pool, &format!("denied:{jti}"), "1", ttl).await
    }

    async fn access_status(&self, jti: &str, session_id: &str) -> TokenResult<AccessStatus> {
        let (denied, session_alive): (bool, bool) = sqlx::query_as(
            "SELECT \
               EXISTS (SELECT 1 FROM entries WHERE key = ?1 AND expires_at > ?3), \
               EXISTS (SELECT 1 FROM entries WHERE key = ?2 AND expires_at > ?3)",
        )
        .bind(format!("denied:{jti}"))
        .bind(session_key(session_id))
        .bind(now_ms())
        .fetch_one(&self.pool)
        .await?;
        Ok(AccessStatus { denied, session_alive })
    }

    async fn login_failures(&self, keys: &[String]) -> TokenResult<Vec<(u64, Duration)>> {
        let now = now_ms();
        let mut counts = Vec::with_capacity(keys.len());
        for key in keys {
            let row: Option<(String, i64)> =
                sqlx::query_as("SELECT value, expires_at FROM entries WHERE key = ?1 AND expires_at > ?2")
                    .bind(failures_key(key))
                    .bind(now)
                    .fetch_optional(&self.pool)
                    .await?;
            counts.push(match row {
                Some((count, expires_at)) => {
                    (count.parse().unwrap_or(0), Duration::from_millis((expires_at - now).max(0) as u64))
                }
                None => (0, Duration::ZERO),
            });
        }
        Ok(counts)
    }

    async fn record_login_failure(&self, keys: &[String], window: Duration) -> TokenResult<()> {
        let mut tx = self.pool.begin().await?;
        for key in keys {
            // Like Redis INCR + EXPIRE NX: the window starts at the first failure.
            sqlx::query(
                "INSERT INTO entries (key, value, expires_at) VALUES (?1, '1', ?2) \
                 ON CONFLICT (key) DO UPDATE SET \
                   value = CASE WHEN expires_at <= ?3 THEN '1' ELSE CAST(CAST(value AS INTEGER) + 1 AS TEXT) END, \
                   expires_at = CASE WHEN expires_at <= ?3 THEN excluded.expires_at ELSE expires_at END",
            )
            .bind(failures_key(key))
            .bind(expiry(window))
            .bind(now_ms())
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    async fn clear_login_failures(&self, key: &str) -> TokenResult<()> {
        self.delete(&failures_key(key)).await
    }

    async fn api_token(&self, token_hash: &str) -> TokenResult<ApiTokenState> {
        let rows: Vec<(String, String)> =
            sqlx::query_as("SELECT key, value FROM entries WHERE key IN (?1, ?2) AND expires_at > ?3")
                .bind(api_token_refused_key(token_hash))
                .bind(api_token_key(token_hash))
                .bind(now_ms())
                .fetch_all(&self.pool)
                .await?;
        let refused = rows.iter().any(|(key, _)| key.starts_with("api_token_refused:"));
        let cached = rows.into_iter().find(|(key, _)| key.starts_with("api_token:")).map(|(_, value)| value);
        ApiTokenState::from_entries(refused, cached)
    }

    async fn cache_api_token(
        &self,
        token_hash: &str,
        grant: &ApiTokenGrant,
        ttl: Duration,
    ) -> TokenResult<()> {
        let json = serde_json::to_string(grant).map_err(|e| TokenStoreError::Other(e.into()))?;
        put(&self.pool, &api_token_key(token_hash), &json, ttl).await
    }

    async fn refuse_api_tokens(&self, token_hashes: &[String], ttl: Duration) -> TokenResult<()> {
        let mut tx = self.pool.begin().await?;
        for hash in token_hashes {
            put(&mut *tx, &api_token_refused_key(hash), "1", ttl).await?;
            sqlx::query("DELETE FROM entries WHERE key = ?1")
                .bind(api_token_key(hash))
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    async fn put_password_reset(
        &self,
        owner: &str,
        token_hash: &str,
        user: Option<UserId>,
        ttl: Duration,
    ) -> TokenResult<()> {
        let owner_key = format!("reset_owner:{owner}");
        let mut tx = self.pool.begin().await?;
        // A write first, so the transaction holds the write lock before it reads the slot: a
        // concurrent request waits, then replaces this one's token in turn.
        sqlx::query("DELETE FROM entries WHERE key = (SELECT 'reset:' || value FROM entries WHERE key = ?1)")
            .bind(&owner_key)
            .execute(&mut *tx)
            .await?;
        put(&mut *tx, &owner_key, token_hash, ttl).await?;
        let user = user.map(|id| id.to_string()).unwrap_or_default();
        put(&mut *tx, &format!("reset:{token_hash}"), &user, ttl).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn claim_password_reset(&self, token_hash: &str) -> TokenResult<Option<UserId>> {
        // One statement deletes and returns: of two claims, only the first finds the row.
        let user: Option<String> =
            sqlx::query_scalar("DELETE FROM entries WHERE key = ?1 AND expires_at > ?2 RETURNING value")
                .bind(format!("reset:{token_hash}"))
                .bind(now_ms())
                .fetch_optional(&self.pool)
                .await?;
        Ok(user.and_then(|id| id.parse().ok()))
    }
}

fn api_token_key(token_hash: &str) -> String {
    format!("api_token:{token_hash}")
}

fn api_token_refused_key(token_hash: &str) -> String {
    format!("api_token_refused:{token_hash}")
}

#[cfg(test)]
mod tests {
    use super::*;

    const USER: UserId = 7;
    const HOUR: Duration = Duration::from_secs(3600);

    async fn open_store() -> (EmbeddedTokenStore, tempfile::TempDir) {
        let dir = tempfile::tempdir().unwrap();
        let store = EmbeddedTokenStore::open(&dir.path().join("tokens.db")).await.unwrap();
        (store, dir)
    }

    fn record(session_id: &str) -> RefreshRecord {
        RefreshRecord { user_id: USER, session_id: session_id.to_owned(), expires_at: 0 }
    }

    /// When `key` expires (Unix ms), whether or not that is past.
    async fn expires_at(store: &EmbeddedTokenStore, key: &str) -> Option<i64> {
        sqlx::query_scalar("SELECT expires_at FROM entries WHERE key = ?1")
            .bind(key)
            .fetch_optional(&store.pool)
            .await
            .unwrap()
    }

    #[tokio::test]
    async fn a_refresh_record_and_its_session_extension_land_together() {
        let (store, _dir) = open_store().await;
        store.start_session(USER, "s1", Duration::from_secs(60)).await.unwrap();
        store.put_refresh("hash", &record("s1"), HOUR).await.unwrap();
        assert_eq!(store.refresh("hash").await.unwrap(), Some(record("s1")));
        let refresh = expires_at(&store, "refresh:hash").await.unwrap();
        assert!(refresh >= now_ms() + 3_590_000, "the record lives an hour");
        for key in [session_key("s1"), user_session_key(USER, "s1")] {
            let session = expires_at(&store, &key).await.unwrap();
            assert!((refresh - session).abs() < 1000, "{key} lives as long as the record");
        }
    }

    #[tokio::test]
    async fn a_refresh_record_does_not_revive_a_revoked_session() {
        let (store, _dir) = open_store().await;
        store.start_session(USER, "s1", HOUR).await.unwrap();
        store.revoke_session(USER, "s1").await.unwrap();
        store.put_refresh("hash", &record("s1"), HOUR).await.unwrap();
        assert!(!store.session_alive("s1").await.unwrap());
        assert_eq!(expires_at(&store, &user_session_key(USER, "s1")).await, None);
    }

    #[tokio::test]
    async fn a_reset_token_is_claimed_once_and_a_newer_one_replaces_it() {
        let (store, _dir) = open_store().await;
        store.put_password_reset("owner", "first", Some(USER), HOUR).await.unwrap();
        store.put_password_reset("owner", "second", Some(USER), HOUR).await.unwrap();
        assert_eq!(store.claim_password_reset("first").await.unwrap(), None, "replaced");
        assert_eq!(store.claim_password_reset("second").await.unwrap(), Some(USER));
        assert_eq!(store.claim_password_reset("second").await.unwrap(), None, "used");
        store.put_password_reset("nobody", "third", None, HOUR).await.unwrap();
        assert_eq!(store.claim_password_reset("third").await.unwrap(), None, "no account");
    }

    #[tokio::test]
    async fn a_refresh_record_that_fails_half_way_is_not_written() {
        let (store, _dir) = open_store().await;
        store.start_session(USER, "s1", Duration::from_secs(60)).await.unwrap();
        // Extending the session fails once the record is written, as a full disk or a crash would
        // make it: a record left behind would outlive its session's expiry.
        sqlx::query(
            "CREATE TRIGGER fail_session_extension BEFORE UPDATE ON entries WHEN NEW.key LIKE 'session:%' \
             BEGIN SELECT RAISE(ABORT, 'injected failure'); END",
        )
        .execute(&store.pool)
        .await
        .unwrap();
        assert!(store.put_refresh("hash", &record("s1"), HOUR).await.is_err());
        assert_eq!(store.refresh("hash").await.unwrap(), None, "all of it or nothing");
    }
}
