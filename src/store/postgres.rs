//! PostgreSQL: connecting, migrating, and what its dialect does its own way. The statements
//! themselves are in `sql.rs`, shared with SQLite.

use std::time::Duration;

use sqlx::encode::IsNull;
use sqlx::error::BoxDynError;
use sqlx::migrate::MigrateDatabase;
use sqlx::postgres::{
    PgArgumentBuffer, PgConnectOptions, PgListener, PgPoolOptions, PgQueryResult, PgTypeInfo, PgValueRef,
};
use sqlx::{Decode, Encode, Postgres, QueryBuilder, Type};
use tokio::sync::Mutex;

use super::StoreResult;
use super::rows::StoredTime;
use super::sql::{Dialect, SqlStore};
use crate::domain::time::Timestamp;

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

/// Notified by a trigger (see the migrations) whenever a reminder is armed or moved.
const REMINDER_CHANNEL: &str = "tasktracker_reminders";

pub type PgStore = SqlStore<PgDialect>;

/// Set on every connection the server opens. sqlx prepares each statement once per connection;
/// PostgreSQL then plans it afresh on every run for as long as its generic plan's estimated cost
/// stays a little above the custom plans' — on a large `tasks` table, forever for the
/// every-project list, whose planning (0.6–1 ms) costs more than running it. Every statement here
/// finds its rows by ids through the same indexes whatever the values, so the generic plan is as
/// good a plan, made once (docs/SCALING.md).
pub const SESSION_SETTINGS: &[(&str, &str)] = &[("plan_cache_mode", "force_generic_plan")];

pub struct PgDialect {
    /// LISTENs for `REMINDER_CHANNEL` on a connection of its own, opened on first use.
    listener: Mutex<Option<PgListener>>,
    options: PgConnectOptions,
}

impl PgStore {
    /// Connects lazily (the first query opens a connection), so a database that is down at start-up
    /// answers 503 instead of keeping the server from starting.
    pub fn connect_lazy(url: &str, max_connections: u32) -> anyhow::Result<Self> {
        let options = url.parse::<PgConnectOptions>()?.options(SESSION_SETTINGS.iter().copied());
        let pool = PgPoolOptions::new()
            .max_connections(max_connections)
            // A request waits this long for a connection before it is told 503.
            .acquire_timeout(Duration::from_secs(3))
            .connect_lazy_with(options.clone());
        Ok(Self { pool, dialect: PgDialect { listener: Mutex::new(None), options } })
    }

    /// The text of the statement `list_tasks` runs for `query` (what a bench explains).
    pub fn list_statement_text(user: crate::domain::UserId, query: &crate::domain::TaskListQuery) -> String {
        super::sql::list_statement::<PgDialect>(user, query, crate::domain::time::now())
            .sql()
            .as_str()
            .to_owned()
    }

    /// Creates the database when it does not exist yet, then applies pending migrations.
    pub async fn migrate(url: &str) -> anyhow::Result<()> {
        if !Postgres::database_exists(url).await? {
            Postgres::create_database(url).await?;
        }
        let pool = PgPoolOptions::new().max_connections(1).connect(url).await?;
        MIGRATOR.run(&pool).await?;
        pool.close().await;
        Ok(())
    }
}

impl Dialect for PgDialect {
    type Db = Postgres;

    const SKIP_LOCKED: &'static str = " FOR UPDATE SKIP LOCKED";
    // NO KEY UPDATE: it does not wait for the key-share locks that foreign-key checks (a new
    // notification of the task) take, so a snooze never deadlocks with the worker.
    const LOCK_FOR_WRITE: &'static str = " FOR NO KEY UPDATE";
    const LATERAL: bool = true;

    fn push_search(sql: &mut QueryBuilder<Postgres>, search: &str) {
        let pattern = format!("%{}%", escape_like(search));
        sql.push(" AND (title ILIKE ").push_bind(pattern.clone()).push(" ESCAPE '\\' OR description ILIKE ");
        sql.push_bind(pattern).push(" ESCAPE '\\')");
    }

    fn rows_affected(result: &PgQueryResult) -> u64 {
        result.rows_affected()
    }

    async fn reminders_changed(&self) -> StoreResult<()> {
        let mut guard = self.listener.lock().await;
        let listener = match &mut *guard {
            Some(listener) => listener,
            empty => {
                let connection =
                    PgPoolOptions::new().max_connections(1).connect_lazy_with(self.options.clone());
                let mut fresh = PgListener::connect_with(&connection).await?;
                fresh.listen(REMINDER_CHANNEL).await?;
                empty.insert(fresh)
            }
        };
        // `recv` reconnects by itself after a lost connection.
        if let Err(err) = listener.recv().await {
            *guard = None;
            return Err(err.into());
        }
        Ok(())
    }
}

/// `timestamptz`, as chrono's `DateTime<Utc>` encodes it.
impl Type<Postgres> for StoredTime {
    fn type_info() -> PgTypeInfo {
        <Timestamp as Type<Postgres>>::type_info()
    }
}

impl Encode<'_, Postgres> for StoredTime {
    fn encode_by_ref(&self, buf: &mut PgArgumentBuffer) -> Result<IsNull, BoxDynError> {
        Encode::<Postgres>::encode_by_ref(&self.0, buf)
    }
}

impl<'r> Decode<'r, Postgres> for StoredTime {
    fn decode(value: PgValueRef<'r>) -> Result<Self, BoxDynError> {
        <Timestamp as Decode<Postgres>>::decode(value).map(Self)
    }
}

/// Makes `%`, `_` and `\` in user input match themselves in a LIKE pattern.
fn escape_like(input: &str) -> String {
    let mut escaped = String::with_capacity(input.len());
    for c in input.chars() {
        if matches!(c, '%' | '_' | '\\') {
            escaped.push('\\');
        }
        escaped.push(c);
    }
    escaped
}
