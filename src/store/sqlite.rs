//! SQLite, the embedded default: opening the file, migrating, and what its dialect does its own
//! way. The statements themselves are in `sql.rs`, shared with PostgreSQL.
//!
//! One file in the data folder, in WAL mode (readers never block the writer), foreign keys on (so the
//! cascade works), and a busy timeout so that concurrent writers queue instead of failing.

use std::str::FromStr;
use std::time::Duration;

use sqlx::encode::IsNull;
use sqlx::error::BoxDynError;
use sqlx::sqlite::{
    SqliteArgumentsBuffer, SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteQueryResult,
    SqliteSynchronous, SqliteTypeInfo, SqliteValueRef,
};
use sqlx::{Decode, Encode, QueryBuilder, Sqlite, Type};

use super::rows::StoredTime;
use super::sql::{Dialect, SqlStore};
use crate::domain::time::Timestamp;

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");

pub type SqliteStore = SqlStore<SqliteDialect>;

pub struct SqliteDialect;

/// Connection options shared by the store and the embedded token store.
pub fn connect_options(url: &str) -> anyhow::Result<SqliteConnectOptions> {
    let options = SqliteConnectOptions::from_str(url)?;
    if let Some(dir) = options.get_filename().parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    Ok(options
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        // FULL: a write that was acknowledged survives a power cut, not only a crash.
        .synchronous(SqliteSynchronous::Full)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(5))
        .with_regexp())
}

impl SqliteStore {
    /// Opens (creating if needed) the database file and applies pending migrations.
    pub async fn open(url: &str, max_connections: u32) -> anyhow::Result<Self> {
        let pool = SqlitePoolOptions::new()
            .max_connections(max_connections)
            .acquire_timeout(Duration::from_secs(5))
            .connect_with(connect_options(url)?)
            .await?;
        MIGRATOR.run(&pool).await?;
        Ok(Self { pool, dialect: SqliteDialect })
    }
}

impl Dialect for SqliteDialect {
    type Db = Sqlite;

    const SKIP_LOCKED: &'static str = "";
    const LOCK_FOR_WRITE: &'static str = "";
    const LATERAL: bool = false;

    fn push_search(sql: &mut QueryBuilder<Sqlite>, search: &str) {
        // SQLite's LIKE folds only ASCII letters; a case-insensitive regex of the escaped text folds
        // every script, as PostgreSQL's ILIKE does.
        let pattern = format!("(?i){}", regex::escape(search));
        sql.push(" AND (title REGEXP ").push_bind(pattern.clone()).push(" OR description REGEXP ");
        sql.push_bind(pattern).push(")");
    }

    fn rows_affected(result: &SqliteQueryResult) -> u64 {
        result.rows_affected()
    }
}

/// Integer microseconds since the Unix epoch: they compare, sort and index as numbers.
impl Type<Sqlite> for StoredTime {
    fn type_info() -> SqliteTypeInfo {
        <i64 as Type<Sqlite>>::type_info()
    }
}

impl Encode<'_, Sqlite> for StoredTime {
    fn encode_by_ref(&self, buf: &mut SqliteArgumentsBuffer) -> Result<IsNull, BoxDynError> {
        Encode::<Sqlite>::encode_by_ref(&self.0.timestamp_micros(), buf)
    }
}

impl<'r> Decode<'r, Sqlite> for StoredTime {
    fn decode(value: SqliteValueRef<'r>) -> Result<Self, BoxDynError> {
        let micros = <i64 as Decode<Sqlite>>::decode(value)?;
        Timestamp::from_timestamp_micros(micros).map(Self).ok_or_else(|| "instant out of range".into())
    }
}
