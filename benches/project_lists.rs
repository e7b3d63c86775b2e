//! The every-project list (`GET /tasks`, no `project` filter) as projects grow: on PostgreSQL it is
//! one keyset page per membership (`CROSS JOIN LATERAL`), merged, so its cost should follow the
//! number of the caller's projects, not the number of tasks. Two datasets, seeded with SQL:
//! small, 100 users × 200 tasks, each user in their inbox only; big, 1,000,000 tasks in 1,000
//! projects of 1,000, with 1,000 users each a member of 20 of them (and of their empty inbox).
//!
//! Each dataset gets a server of its own in this process (the read cache off: no Redis), and
//! random logged-in users read through the real HTTP stack: the first page (`limit=50`) and a deep
//! page (the last of the small dataset's 4, the 20th of the big one's 400, by `next_cursor`), one
//! request at a time and `CONCURRENCY` at once, the two datasets in turn. Prints p50 and p99 of
//! each, the big/small ratio of the p50s, and `EXPLAIN (ANALYZE, BUFFERS)` of the first page's
//! statement for one big-dataset user, its text as the server's store builds it.
//!
//! `BENCH_DATABASE_URL=postgres://… cargo bench --bench project_lists` (PostgreSQL only: SQLite has
//! no lateral form; see `common/mod.rs`).

// Shared with the reminder benches, which use the rest of it.
#[allow(dead_code)]
mod common;

use std::sync::Arc;
use std::time::{Duration, Instant};

use clap::Parser;
use common::{BenchDatabase, Pool};
use rand::seq::{IndexedRandom, SliceRandom};
use serde_json::{Value, json};
use sqlx::postgres::PgPool;
use tasktracker::app;
use tasktracker::config::{Cli, Command, JwtSecret};
use tasktracker::domain::TaskListQuery;
use tasktracker::http::{self, HttpOptions};
use tasktracker::stall::StallListener;
use tasktracker::store::postgres::{PgStore, SESSION_SETTINGS};

const PASSWORD: &str = "benchmark password";
const SMALL_USERS: i64 = 100;
const SMALL_TASKS_PER_USER: i64 = 200;
const BIG_USERS: i64 = 1_000;
const BIG_PROJECTS: i64 = 1_000;
const BIG_TASKS_PER_PROJECT: i64 = 1_000;
const PROJECTS_PER_USER: i64 = 20;
/// Users logged in per dataset (all of the small one's), whom the requests pick at random.
const SAMPLED_USERS: usize = 100;
/// The deep page of each dataset: the small one's last, and the 20th of the big one's.
const SMALL_DEEP_PAGE: usize = 4;
const BIG_DEEP_PAGE: usize = 20;
/// Requests per dataset and scenario, split over `ROUNDS` turns that alternate the datasets (so
/// that a busy moment of this shared machine lands on both), after `WARMUP` unmeasured ones.
const REQUESTS: usize = 400;
const ROUNDS: usize = 4;
const WARMUP: usize = 50;
const CONCURRENCY: usize = 8;
/// The bound on big p50 ÷ small p50.
const RATIO_TARGET: f64 = 1.5;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    anyhow::ensure!(
        std::env::var("BENCH_DATABASE_URL").is_ok(),
        "project_lists measures PostgreSQL's lateral list: set BENCH_DATABASE_URL (see benches/common/mod.rs)"
    );
    let small = BenchDatabase::create("lists_small").await?;
    let big = match BenchDatabase::create("lists_big").await {
        Ok(big) => big,
        Err(err) => {
            small.remove().await?;
            return Err(err);
        }
    };
    let outcome = run(&small, &big).await;
    small.remove().await?;
    big.remove().await?;
    outcome
}

/// One dataset's server, and the users who read from it.
struct Dataset {
    name: &'static str,
    api: Arc<str>,
    users: Arc<Vec<User>>,
}

struct User {
    id: i64,
    access: String,
    /// The cursor that `next_cursor` leads to for the deep page.
    deep_cursor: String,
}

async fn run(small_db: &BenchDatabase, big_db: &BenchDatabase) -> anyhow::Result<()> {
    println!(
        "project lists (GET /api/v1/tasks, every project), PostgreSQL, read cache off, load average {}",
        load()
    );
    let hash = bcrypt::hash(PASSWORD, 4)?;
    let small_pool = postgres(small_db).await?;
    let started = Instant::now();
    seed_small(&small_pool, &hash).await?;
    println!(
        "  small: {SMALL_USERS} users × {SMALL_TASKS_PER_USER} tasks, each user in their inbox only (seeded in {:.1} s)",
        started.elapsed().as_secs_f64()
    );
    let big_pool = postgres(big_db).await?;
    let started = Instant::now();
    seed_big(&big_pool, &hash).await?;
    let tasks: i64 = sqlx::query_scalar("SELECT count(*) FROM tasks").fetch_one(&big_pool).await?;
    println!(
        "  big: {tasks} tasks in {BIG_PROJECTS} projects of {BIG_TASKS_PER_PROJECT}, {BIG_USERS} users each in \
         {PROJECTS_PER_USER} of them + their inbox (seeded in {:.1} s)",
        started.elapsed().as_secs_f64()
    );

    let client = reqwest::Client::new();
    let small = Dataset::open("small", small_db, &small_pool, SMALL_USERS, SMALL_DEEP_PAGE, &client).await?;
    let big = Dataset::open("big", big_db, &big_pool, BIG_USERS, BIG_DEEP_PAGE, &client).await?;
    println!(
        "  {} random users of each logged in; {REQUESTS} requests per dataset and row after {WARMUP} unmeasured, \
         the datasets alternating {ROUNDS} times",
        SAMPLED_USERS.min(SMALL_USERS as usize)
    );

    println!("  {:<34} {:>20} {:>20} {:>14}", "", "small p50 / p99", "big p50 / p99", "big/small p50");
    let mut missed = Vec::new();
    for (page, deep, concurrency) in [
        ("first page", false, 1),
        ("first page", false, CONCURRENCY),
        ("deep page", true, 1),
        ("deep page", true, CONCURRENCY),
    ] {
        for dataset in [&small, &big] {
            dataset.measure(&client, deep, concurrency, WARMUP).await?;
        }
        let (mut small_ms, mut big_ms) = (Vec::new(), Vec::new());
        for _ in 0..ROUNDS {
            small_ms.extend(small.measure(&client, deep, concurrency, REQUESTS / ROUNDS).await?);
            big_ms.extend(big.measure(&client, deep, concurrency, REQUESTS / ROUNDS).await?);
        }
        let (small_p50, small_p99) = percentiles(&mut small_ms);
        let (big_p50, big_p99) = percentiles(&mut big_ms);
        let ratio = big_p50 / small_p50;
        let at_once =
            if concurrency == 1 { "1 at a time".to_owned() } else { format!("{concurrency} at once") };
        let label = match deep {
            true => format!("{page} ({SMALL_DEEP_PAGE} / {BIG_DEEP_PAGE}), {at_once}"),
            false => format!("{page}, {at_once}"),
        };
        println!(
            "  {label:<34} {:>20} {:>20} {:>13.2}×",
            format!("{small_p50:.2} / {small_p99:.2} ms"),
            format!("{big_p50:.2} / {big_p99:.2} ms"),
            ratio
        );
        if ratio > RATIO_TARGET {
            missed.push(label);
        }
    }
    match missed.is_empty() {
        true => println!("  target big/small p50 ≤ {RATIO_TARGET}×: met on every row"),
        false => println!("  target big/small p50 ≤ {RATIO_TARGET}×: MISSED on {}", missed.join(", ")),
    }

    explain_first_page(&big_pool, &big, &client).await
}

impl Dataset {
    /// Starts a server on `db` and logs in `SAMPLED_USERS` random users of its `users`, walking
    /// each one's pages to the deep page's cursor.
    async fn open(
        name: &'static str,
        db: &BenchDatabase,
        pool: &PgPool,
        users: i64,
        deep_page: usize,
        client: &reqwest::Client,
    ) -> anyhow::Result<Self> {
        let api = serve(db).await?;
        let mut numbers: Vec<i64> = (1..=users).collect();
        numbers.shuffle(&mut rand::rng());
        numbers.truncate(SAMPLED_USERS);
        let mut dataset = Self { name, api: api.into(), users: Arc::default() };
        let mut logged_in = Vec::new();
        for n in numbers {
            let email = format!("lists-{n}@bench.invalid");
            let id: i64 = sqlx::query_scalar("SELECT id FROM users WHERE email = $1")
                .bind(&email)
                .fetch_one(pool)
                .await?;
            let login: Value = client
                .post(format!("{}/auth/login", dataset.api))
                .json(&json!({"email": email, "password": PASSWORD}))
                .send()
                .await?
                .error_for_status()?
                .json()
                .await?;
            let Some(access) = login["access_token"].as_str().map(str::to_owned) else {
                anyhow::bail!("a login without an access token: {login}");
            };
            let mut cursor = None;
            for _ in 1..deep_page {
                let page = dataset.page(client, &access, cursor.as_deref()).await?;
                let page: Value = serde_json::from_slice(&page)?;
                cursor = page["next_cursor"].as_str().map(str::to_owned);
                anyhow::ensure!(cursor.is_some(), "{name}: fewer than {deep_page} pages for {email}");
            }
            let deep_cursor = cursor.unwrap_or_default();
            logged_in.push(User { id, access, deep_cursor });
        }
        dataset.users = logged_in.into();
        Ok(dataset)
    }

    /// One page of 50 for `access`, as bytes (the timing ends with the last one).
    async fn page(
        &self,
        client: &reqwest::Client,
        access: &str,
        cursor: Option<&str>,
    ) -> anyhow::Result<Vec<u8>> {
        page(client, &self.api, access, cursor).await
    }

    /// `requests` pages, each for a random user, from `concurrency` clients at once (tasks of
    /// their own, so that they run on every core): each one's latency in milliseconds.
    async fn measure(
        &self,
        client: &reqwest::Client,
        deep: bool,
        concurrency: usize,
        requests: usize,
    ) -> anyhow::Result<Vec<f64>> {
        let per_client = requests.div_ceil(concurrency);
        let mut clients = tokio::task::JoinSet::new();
        for _ in 0..concurrency {
            let (client, api, users, name) =
                (client.clone(), self.api.clone(), self.users.clone(), self.name);
            clients.spawn(async move {
                let mut latencies = Vec::with_capacity(per_client);
                for _ in 0..per_client {
                    let user = users.choose(&mut rand::rng()).expect("logged-in users");
                    let cursor = deep.then_some(user.deep_cursor.as_str());
                    let started = Instant::now();
                    let page = page(&client, &api, &user.access, cursor).await?;
                    latencies.push(started.elapsed().as_secs_f64() * 1000.0);
                    anyhow::ensure!(
                        page.len() > 1000,
                        "{name}: a short page: {}",
                        String::from_utf8_lossy(&page)
                    );
                }
                anyhow::Ok(latencies)
            });
        }
        let mut all = Vec::with_capacity(requests);
        while let Some(latencies) = clients.join_next().await {
            all.extend(latencies??);
        }
        Ok(all)
    }
}

/// One page of 50 for `access` from `api`: its body (the timing ends with its last byte).
async fn page(
    client: &reqwest::Client,
    api: &str,
    access: &str,
    cursor: Option<&str>,
) -> anyhow::Result<Vec<u8>> {
    // Cursors are URL-safe base64: nothing to escape.
    let url = match cursor {
        Some(cursor) => format!("{api}/tasks?limit=50&cursor={cursor}"),
        None => format!("{api}/tasks?limit=50"),
    };
    Ok(client.get(url).bearer_auth(access).send().await?.error_for_status()?.bytes().await?.to_vec())
}

/// p50 and p99 of `samples`, in place.
fn percentiles(samples: &mut [f64]) -> (f64, f64) {
    samples.sort_by(f64::total_cmp);
    let at = |p: f64| samples[((samples.len() as f64 - 1.0) * p).round() as usize];
    (at(0.5), at(0.99))
}

fn load() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .unwrap_or_default()
        .split(' ')
        .take(3)
        .collect::<Vec<_>>()
        .join(" ")
}

async fn postgres(db: &BenchDatabase) -> anyhow::Result<PgPool> {
    match db.connect().await? {
        Pool::Postgres(pool) => Ok(pool),
        Pool::Sqlite(_) => anyhow::bail!("not PostgreSQL"),
    }
}

/// A server on `db` in this process, the cache off (no Redis: the embedded token store in the
/// run's folder), bcrypt at its cheapest: its API's base address.
async fn serve(db: &BenchDatabase) -> anyhow::Result<String> {
    let Command::Serve(args) = Cli::parse_from(["tasktracker", "serve"]).command else { unreachable!() };
    let mut settings = args.settings;
    settings.database.database_url = db.url.clone();
    settings.redis_url = None;
    settings.cache_ttl_secs = 0;
    settings.data_dir = db.dir().to_owned();
    settings.jwt_secret = Some(JwtSecret::new("project-lists-bench-secret-0123456789").unwrap());
    settings.bcrypt_cost = 4;
    let (state, _effects) = app::build_state(&settings).await?;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let api = format!("http://{}/api/v1", listener.local_addr()?);
    let router = http::router(state, &HttpOptions::from(&settings));
    let listener = StallListener::new(listener, Duration::from_secs(settings.write_stall_secs));
    tokio::spawn(app::run(router, listener, std::future::pending(), Duration::from_secs(1)));
    Ok(api)
}

/// Users `lists-<n>@bench.invalid` (n from 1) with `hash` for `PASSWORD`, and their inboxes.
async fn seed_users(tx: &mut sqlx::PgConnection, users: i64, hash: &str) -> anyhow::Result<()> {
    sqlx::query(
        "INSERT INTO users (email, password_hash, created_at) \
         SELECT 'lists-' || n || '@bench.invalid', $2, now() FROM generate_series(1, $1) AS n",
    )
    .bind(users)
    .bind(hash)
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "INSERT INTO projects (owner_id, name, inbox, created_at, updated_at) \
         SELECT id, 'Inbox', TRUE, now(), now() FROM users ORDER BY id",
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "INSERT INTO memberships (project_id, user_id, role, added_at) \
         SELECT id, owner_id, 'owner', now() FROM projects",
    )
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// `per_project` tasks in each inbox (`inbox`) or each shared project, looking like the ones of
/// `bench/sql/seed_tasks.sql` (a third without a description, a quarter undated, a fifth done),
/// inserted in the order they were "created" (a minute apart per project, a millisecond apart
/// between projects), so that a project's rows are spread over the table as real ones are. Every
/// tenth has a (sent) reminder, but none of the three newest of a project: the big dataset's first
/// pages have none, so the list statement is their connection's last (`explain_first_page`).
async fn seed_tasks(tx: &mut sqlx::PgConnection, per_project: i64, inbox: bool) -> anyhow::Result<()> {
    sqlx::query(
        "INSERT INTO tasks (project_id, created_by, title, description, due_date, completed, completed_at, \
                            priority, created_at, updated_at) \
         SELECT p.id, p.owner_id, 'Task ' || g, \
                CASE WHEN g % 3 = 0 THEN NULL ELSE 'Benchmark task description number ' || g || \
                     ', long enough to look like a real note about the work to be done.' END, \
                CASE WHEN g % 4 = 0 THEN NULL ELSE t.ts + interval '3 days' END, \
                g % 5 = 0, CASE WHEN g % 5 = 0 THEN t.ts + interval '1 day' END, (g % 4)::smallint, t.ts, t.ts \
         FROM projects p CROSS JOIN generate_series(1, $1) AS g \
         CROSS JOIN LATERAL (SELECT timestamptz '2026-01-01 00:00:00+00' + g * interval '1 minute' \
                                    + p.id * interval '1 millisecond' AS ts) AS t \
         WHERE p.inbox = $2 ORDER BY g, p.id",
    )
    .bind(per_project)
    .bind(inbox)
    .execute(&mut *tx)
    .await?;
    // Disarmed (sent): the worker is not running, and an armed insert would notify it.
    sqlx::query(
        "INSERT INTO reminders (task_id, at, fires_at, sent_at, armed) \
         SELECT id, created_at + interval '1 day', created_at + interval '1 day', created_at + interval '1 day', FALSE \
         FROM tasks WHERE title LIKE '%5'",
    )
    .execute(&mut *tx)
    .await?;
    Ok(())
}

async fn seed_small(pool: &PgPool, hash: &str) -> anyhow::Result<()> {
    let mut tx = pool.begin().await?;
    seed_users(&mut tx, SMALL_USERS, hash).await?;
    seed_tasks(&mut tx, SMALL_TASKS_PER_USER, true).await?;
    tx.commit().await?;
    analyze(pool).await
}

async fn seed_big(pool: &PgPool, hash: &str) -> anyhow::Result<()> {
    let mut tx = pool.begin().await?;
    seed_users(&mut tx, BIG_USERS, hash).await?;
    // Project i (in user order) is owned by user i and shared with the users `i - k × stride`
    // (k < PROJECTS_PER_USER): every project has PROJECTS_PER_USER members, and every user is in
    // PROJECTS_PER_USER projects spread over all of them.
    sqlx::query(
        "INSERT INTO projects (owner_id, name, inbox, created_at, updated_at) \
         SELECT id, 'Shared ' || id, FALSE, now(), now() FROM users ORDER BY id LIMIT $1",
    )
    .bind(BIG_PROJECTS)
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "WITH u AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS i FROM users), \
              p AS (SELECT id, owner_id, row_number() OVER (ORDER BY id) - 1 AS i FROM projects WHERE NOT inbox) \
         INSERT INTO memberships (project_id, user_id, role, added_at) \
         SELECT p.id, u.id, CASE WHEN p.owner_id = u.id THEN 'owner' ELSE 'editor' END, now() \
         FROM u CROSS JOIN generate_series(0, $1 - 1) AS k JOIN p ON p.i = (u.i + k * ($2 / $1)) % $2",
    )
    .bind(PROJECTS_PER_USER)
    .bind(BIG_PROJECTS)
    .execute(&mut *tx)
    .await?;
    seed_tasks(&mut tx, BIG_TASKS_PER_PROJECT, false).await?;
    tx.commit().await?;
    let per_user: Vec<i64> = sqlx::query_scalar(
        "SELECT DISTINCT count(*) FROM memberships m JOIN projects p ON p.id = m.project_id \
         WHERE NOT p.inbox GROUP BY m.user_id",
    )
    .fetch_all(pool)
    .await?;
    anyhow::ensure!(per_user == [PROJECTS_PER_USER], "users in {per_user:?} shared projects");
    analyze(pool).await
}

/// What autovacuum does soon after such an insert (the visibility map, the statistics).
async fn analyze(pool: &PgPool) -> anyhow::Result<()> {
    for table in ["tasks", "reminders", "users", "projects", "memberships"] {
        sqlx::query(sqlx::AssertSqlSafe(format!("VACUUM ANALYZE {table}"))).execute(pool).await?;
    }
    Ok(())
}

/// `EXPLAIN (ANALYZE, BUFFERS)` of the first page's statement for one big-dataset user, prepared
/// as the server's connections prepare it (sqlx caches its statements; the settings of
/// `postgres::SESSION_SETTINGS`) and run a few times first, so that the plan shown is the one
/// PostgreSQL's plan cache settles on; with how many runs it planned afresh (custom) and how many
/// reused the generic plan. The text is the one the server's store builds for `GET /tasks`
/// (`PgStore::list_statement_text`).
async fn explain_first_page(pool: &PgPool, big: &Dataset, client: &reqwest::Client) -> anyhow::Result<()> {
    let user = big.users.first().expect("logged-in users");
    big.page(client, &user.access, None).await?;
    let text = PgStore::list_statement_text(user.id, &TaskListQuery::default());
    let params = text.matches('$').count();
    anyhow::ensure!(params == 5 && text.ends_with("LIMIT 51"), "an unexpected statement: {text}");
    let mut conn = pool.acquire().await?;
    for (name, value) in SESSION_SETTINGS {
        sqlx::query(sqlx::AssertSqlSafe(format!("SET {name} = {value}"))).execute(&mut *conn).await?;
    }
    sqlx::query(sqlx::AssertSqlSafe(format!("PREPARE first_page AS {text}"))).execute(&mut *conn).await?;
    // The binds of `list_tasks` for an unfiltered first page are all the user: in the full-row
    // branch (for a user in a few projects) and in the key-first one (in many) the memberships
    // read and how many they are, and in the key-first one also the page bound's memberships.
    let execute = |u: i64| format!("EXECUTE first_page({})", vec![u.to_string(); params].join(", "));
    // Left to itself (plan_cache_mode = auto), PostgreSQL would plan the first five runs for
    // their values and then weigh the generic plan against them.
    for other in big.users.iter().skip(1).take(8) {
        sqlx::query(sqlx::AssertSqlSafe(execute(other.id))).execute(&mut *conn).await?;
    }
    let plan: Vec<String> =
        sqlx::query_scalar(sqlx::AssertSqlSafe(format!("EXPLAIN (ANALYZE, BUFFERS) {}", execute(user.id))))
            .fetch_all(&mut *conn)
            .await?;
    let (generic, custom): (i64, i64) = sqlx::query_as(
        "SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE name = 'first_page'",
    )
    .fetch_one(&mut *conn)
    .await?;
    sqlx::query("DEALLOCATE first_page").execute(&mut *conn).await?;
    println!("  the first page's statement, as the server sent it:\n    {text}");
    println!(
        "  plan cache after {} runs: {generic} with the generic plan, {custom} planned afresh",
        generic + custom
    );
    println!("  EXPLAIN (ANALYZE, BUFFERS) of the next run, big dataset, user {}:", user.id);
    for line in plan {
        println!("    {line}");
    }
    Ok(())
}
