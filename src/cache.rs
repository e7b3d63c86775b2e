//! The read cache the original design planned: a user's profile and the first page of their
//! unfiltered task list, kept serialised in Redis, so that the commonest reads skip the database
//! and JSON encoding. Only with Redis: the embedded default reads a local SQLite file anyway.
//!
//! Each user has one Redis hash. It is deleted after every committed write to the user's tasks —
//! by the server that wrote, or by the worker that delivered a reminder. A fill is stamped with the
//! hash's generation, read before the database query, and a script stores it only if that
//! generation is still there: a fill that raced a write cannot put the old page back. The hash
//! expires at most `ttl` after it was created, which bounds the life of an entry whose invalidation
//! was lost (Redis unreachable at that moment).

use std::future::Future;
use std::sync::LazyLock;
use std::time::Duration;

use axum::body::Bytes;
use rand::RngCore;
use redis::aio::ConnectionManager;

use crate::domain::{Sort, UserId};
use crate::error::Result;

/// What a request may find in the cache.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entry {
    /// `GET /users/me`.
    Profile,
    /// The first page of `GET /tasks` without filters, in this order, this long.
    TaskPage { sort: Sort, limit: u32 },
}

impl Entry {
    fn field(self) -> String {
        match self {
            Entry::Profile => "me".to_owned(),
            Entry::TaskPage { sort, limit } => format!("tasks:{sort:?}:{limit}"),
        }
    }
}

/// The cached body, if any, and the user's cache generation, if any.
type EntryAndGeneration = (Option<Vec<u8>>, Option<String>);

/// A cache miss, with what a later `fill` needs to know that nothing changed in between.
#[derive(Debug)]
pub struct Miss {
    generation: String,
}

#[derive(Clone)]
pub struct ReadCache {
    conn: ConnectionManager,
    prefix: String,
    ttl: Duration,
}

/// Stores ARGV[2] in field ARGV[1] only while the hash is still the generation ARGV[3] the reader
/// saw before it queried the database. (Sent by its SHA once Redis knows it.)
static FILL: LazyLock<redis::Script> = LazyLock::new(|| {
    redis::Script::new(
        r"
if redis.call('HGET', KEYS[1], 'gen') == ARGV[3] then
  redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
  return 1
end
return 0",
    )
});

impl ReadCache {
    /// Its own connection, set up like the token store's.
    pub fn connect_lazy(url: &str, prefix: &str, ttl: Duration) -> anyhow::Result<Self> {
        Ok(Self { conn: crate::tokens::redis::connection(url)?, prefix: prefix.to_owned(), ttl })
    }

    fn key(&self, user: UserId) -> String {
        format!("{}cache:{user}", self.prefix)
    }

    /// The cached body, or a `Miss` to fill after reading the database. Errors are misses that
    /// must not be filled: the cache is never the reason a read fails.
    pub async fn get(&self, user: UserId, entry: Entry) -> std::result::Result<Bytes, Option<Miss>> {
        let key = self.key(user);
        let fresh = format!("{:016x}", rand::rng().next_u64());
        // One round trip: start a generation if there is none (with the hash's expiry), then read
        // the entry and the generation together.
        let result: redis::RedisResult<(EntryAndGeneration,)> = redis::pipe()
            .atomic()
            .hset_nx(&key, "gen", &fresh)
            .ignore()
            .cmd("EXPIRE")
            .arg(&key)
            .arg(self.ttl.as_secs().max(1))
            .arg("NX")
            .ignore()
            .cmd("HMGET")
            .arg(&key)
            .arg(entry.field())
            .arg("gen")
            .query_async(&mut self.conn.clone())
            .await;
        match result {
            Ok(((Some(body), _),)) => {
                metrics::counter!("cache_requests_total", "result" => "hit").increment(1);
                Ok(Bytes::from(body))
            }
            Ok(((None, Some(generation)),)) => {
                metrics::counter!("cache_requests_total", "result" => "miss").increment(1);
                Err(Some(Miss { generation }))
            }
            Ok(((None, None),)) => Err(None),
            Err(err) => {
                tracing::debug!(error = %err, "cache read failed; reading the database");
                metrics::counter!("cache_requests_total", "result" => "error").increment(1);
                Err(None)
            }
        }
    }

    /// Stores `body` for `entry`, unless the user's data changed since `miss` was seen.
    pub async fn fill(&self, user: UserId, entry: Entry, miss: Miss, body: &[u8]) {
        let stored: redis::RedisResult<i64> = FILL
            .key(self.key(user))
            .arg(entry.field())
            .arg(body)
            .arg(miss.generation)
            .invoke_async(&mut self.conn.clone())
            .await;
        if let Err(err) = stored {
            tracing::debug!(error = %err, "cache fill failed");
        }
    }

    /// Forgets everything cached for these users; called after their data changed.
    pub async fn invalidate(&self, users: &[UserId]) {
        if users.is_empty() {
            return;
        }
        let mut pipe = redis::pipe();
        for user in users {
            pipe.del(self.key(*user)).ignore();
        }
        let done: redis::RedisResult<()> = pipe.query_async(&mut self.conn.clone()).await;
        if let Err(err) = done {
            // The hash's expiry bounds how long the stale entries can be served.
            metrics::counter!("cache_invalidation_failures_total").increment(1);
            tracing::warn!(error = %err, ttl_secs = self.ttl.as_secs(), "cache invalidation failed");
        }
    }
}

/// The body `entry` names for `user`: from the cache when it holds it, else from `load` (which
/// reads the database and serialises), then kept for the next request. With no cache, or no entry
/// (a read the cache does not keep), just `load`.
pub async fn read_through(
    cache: Option<&ReadCache>,
    user: UserId,
    entry: Option<Entry>,
    load: impl Future<Output = Result<Bytes>>,
) -> Result<Bytes> {
    let (Some(cache), Some(entry)) = (cache, entry) else {
        return load.await;
    };
    match cache.get(user, entry).await {
        Ok(body) => Ok(body),
        Err(miss) => {
            let body = load.await?;
            if let Some(miss) = miss {
                cache.fill(user, entry, miss, &body).await;
            }
            Ok(body)
        }
    }
}
