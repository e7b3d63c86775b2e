//! What the reminder benchmarks share: a database of their own, migrated by the app and seeded with
//! plain SQL (not through the API: 100,000 reminders in seconds), and the cleanup afterwards.
//!
//! `BENCH_DATABASE_URL=postgres://user@host:port/db` names a PostgreSQL server: each run creates a
//! uniquely named database there and drops it at the end (`db` is only where it connects to drop
//! it). Unset: SQLite in a temporary folder. `BENCH_REDIS_URL`: the Redis to use beside PostgreSQL,
//! under a key prefix of the run's own, whose keys are deleted at the end (SCAN + DEL, never FLUSH).

use std::str::FromStr;

use chrono::{DateTime, Utc};
use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqlitePool, SqlitePoolOptions};
use sqlx::{ConnectOptions, Connection};
use tasktracker::app;
use tasktracker::config::DatabaseSettings;

/// Users the seeded reminders belong to; each has `count / SEED_USERS` tasks of one reminder each.
pub const SEED_USERS: i64 = 1_000;

/// A database for one run, dropped (PostgreSQL) or deleted (SQLite) by `remove`.
pub struct BenchDatabase {
    /// What the app is given as `DATABASE_URL`.
    pub url: String,
    /// The server and the database created on it, when PostgreSQL.
    postgres: Option<(String, String)>,
    dir: tempfile::TempDir,
}

impl BenchDatabase {
    /// A fresh database, with the app's migrations applied.
    pub async fn create(label: &str) -> anyhow::Result<Self> {
        let dir = tempfile::tempdir()?;
        let (url, postgres) = match std::env::var("BENCH_DATABASE_URL") {
            Ok(server) => {
                let name = format!("tasktracker_{label}_{}", uuid::Uuid::new_v4().simple());
                (with_database(&server, &name), Some((server, name)))
            }
            Err(_) => (format!("sqlite://{}", dir.path().join("bench.db").display()), None),
        };
        let db = Self { url, postgres, dir };
        let settings = DatabaseSettings { database_url: db.url.clone(), database_max_connections: 1 };
        if let Err(err) = app::migrate(&settings).await {
            db.remove().await?;
            return Err(err);
        }
        Ok(db)
    }

    pub fn is_postgres(&self) -> bool {
        self.postgres.is_some()
    }

    /// The temporary folder of the run (the SQLite file, the embedded token store).
    pub fn dir(&self) -> &std::path::Path {
        self.dir.path()
    }

    /// A small pool of the bench's own, to seed and to check.
    pub async fn connect(&self) -> anyhow::Result<Pool> {
        Ok(match self.postgres {
            Some(_) => Pool::Postgres(PgPoolOptions::new().max_connections(1).connect(&self.url).await?),
            None => Pool::Sqlite(
                SqlitePoolOptions::new()
                    .max_connections(1)
                    .connect_with(SqliteConnectOptions::from_str(&self.url)?.foreign_keys(true))
                    .await?,
            ),
        })
    }

    pub async fn remove(self) -> anyhow::Result<()> {
        if let Some((server, name)) = &self.postgres {
            let mut admin = PgConnectOptions::from_str(server)?.connect().await?;
            sqlx::query(sqlx::AssertSqlSafe(format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)")))
                .execute(&mut admin)
                .await?;
            admin.close().await?;
        }
        Ok(())
    }
}

/// `url` with its database (the path) replaced by `name`, keeping any query string.
fn with_database(url: &str, name: &str) -> String {
    let (base, query) = url.split_once('?').map_or((url, None), |(base, query)| (base, Some(query)));
    let authority_start = base.find("://").map_or(0, |i| i + 3);
    let server = match base[authority_start..].find('/') {
        Some(slash) => &base[..authority_start + slash],
        None => base,
    };
    match query {
        Some(query) => format!("{server}/{name}?{query}"),
        None => format!("{server}/{name}"),
    }
}

pub enum Pool {
    Postgres(PgPool),
    Sqlite(SqlitePool),
}

impl Pool {
    /// One integer that `sql` (the same text on both) selects.
    pub async fn scalar(&self, sql: &'static str) -> anyhow::Result<i64> {
        Ok(match self {
            Self::Postgres(pool) => sqlx::query_scalar(sql).fetch_one(pool).await?,
            Self::Sqlite(pool) => sqlx::query_scalar(sql).fetch_one(pool).await?,
        })
    }

    /// `count` armed reminders, one per task, across `SEED_USERS` users, the first firing at `first`
    /// and each next one `step` later. Consecutive ones belong to different users, as reminders
    /// from many users are. Into a fresh database: the seeded users are all of its users.
    pub async fn seed_reminders(
        &self,
        count: i64,
        first: DateTime<Utc>,
        step: chrono::TimeDelta,
    ) -> anyhow::Result<()> {
        let per_user = count / SEED_USERS;
        anyhow::ensure!(
            per_user * SEED_USERS == count,
            "{count} reminders do not split over {SEED_USERS} users"
        );
        let step_us = step.num_microseconds().unwrap_or(i64::MAX);
        match self {
            Self::Postgres(pool) => {
                let mut tx = pool.begin().await?;
                sqlx::query(
                    "INSERT INTO users (email, password_hash, created_at) \
                     SELECT 'seed-' || n || '@bench.invalid', 'not a hash', now() FROM generate_series(1, $1) AS n",
                )
                .bind(SEED_USERS)
                .execute(&mut *tx)
                .await?;
                // Each user's inbox, as registration makes it.
                sqlx::query(
                    "INSERT INTO projects (owner_id, name, inbox, created_at, updated_at) \
                     SELECT id, 'Inbox', TRUE, now(), now() FROM users",
                )
                .execute(&mut *tx)
                .await?;
                sqlx::query(
                    "INSERT INTO memberships (project_id, user_id, role, added_at) \
                     SELECT id, owner_id, 'owner', now() FROM projects",
                )
                .execute(&mut *tx)
                .await?;
                sqlx::query(
                    "INSERT INTO tasks (project_id, created_by, title, created_at, updated_at) \
                     SELECT p.id, p.owner_id, 'seeded task ' || n, now(), now() \
                     FROM generate_series(1, $1) AS n CROSS JOIN projects p ORDER BY n, p.id",
                )
                .bind(per_user)
                .execute(&mut *tx)
                .await?;
                sqlx::query(
                    "INSERT INTO reminders (task_id, at, fires_at, armed) \
                     SELECT id, f, f, TRUE FROM ( \
                       SELECT id, $1 + (row_number() OVER (ORDER BY id) - 1) * $2 * interval '1 microsecond' AS f \
                       FROM tasks) AS s",
                )
                .bind(first)
                .bind(step_us)
                .execute(&mut *tx)
                .await?;
                tx.commit().await?;
                // What autovacuum does within a minute of such an insert.
                sqlx::query("ANALYZE").execute(pool).await?;
            }
            Self::Sqlite(pool) => {
                let mut tx = pool.begin().await?;
                let now = Utc::now().timestamp_micros();
                sqlx::query(
                    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $1) \
                     INSERT INTO users (email, password_hash, created_at) \
                     SELECT 'seed-' || i || '@bench.invalid', 'not a hash', $2 FROM n",
                )
                .bind(SEED_USERS)
                .bind(now)
                .execute(&mut *tx)
                .await?;
                sqlx::query(
                    "INSERT INTO projects (owner_id, name, inbox, created_at, updated_at) \
                     SELECT id, 'Inbox', 1, $1, $1 FROM users",
                )
                .bind(now)
                .execute(&mut *tx)
                .await?;
                sqlx::query(
                    "INSERT INTO memberships (project_id, user_id, role, added_at) \
                     SELECT id, owner_id, 'owner', $1 FROM projects",
                )
                .bind(now)
                .execute(&mut *tx)
                .await?;
                sqlx::query(
                    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $1) \
                     INSERT INTO tasks (project_id, created_by, title, created_at, updated_at) \
                     SELECT p.id, p.owner_id, 'seeded task ' || i, $2, $2 FROM n CROSS JOIN projects p ORDER BY i, p.id",
                )
                .bind(per_user)
                .bind(now)
                .execute(&mut *tx)
                .await?;
                sqlx::query(
                    "INSERT INTO reminders (task_id, at, fires_at, armed) \
                     SELECT id, f, f, 1 FROM ( \
                       SELECT id, $1 + (row_number() OVER (ORDER BY id) - 1) * $2 AS f FROM tasks) AS s",
                )
                .bind(first.timestamp_micros())
                .bind(step_us)
                .execute(&mut *tx)
                .await?;
                tx.commit().await?;
            }
        }
        let seeded = self.scalar("SELECT count(*) FROM reminders WHERE armed").await?;
        anyhow::ensure!(seeded == count, "seeded {seeded} reminders, not {count}");
        Ok(())
    }
}

/// The shared Redis keeps everyone else's keys: SCAN and DEL this run's only, never FLUSH.
pub fn delete_redis_keys(url: &str, prefix: &str) -> anyhow::Result<()> {
    use redis::TypedCommands;
    let mut conn = redis::Client::open(url)?.get_connection()?;
    let keys: Vec<String> = conn.scan_match(format!("{prefix}*"))?.filter_map(Result::ok).collect();
    for chunk in keys.chunks(500) {
        redis::cmd("DEL").arg(chunk).query::<()>(&mut conn)?;
    }
    Ok(())
}
