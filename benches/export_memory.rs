//! Export of a big account in bounded memory (issue 14): 100,000 tasks (a tenth with a reminder,
//! every one with a label) seeded with SQL into one user's inbox, exported through the release
//! `tasktracker serve` over HTTP. Prints the export's time and size and the server's peak
//! resident memory (`VmHWM`, from start-up on) and its growth during the export; fails at 100 MB
//! or more. Then the calendar feed of the same account: the time to build it once, and how many
//! polls a second an unchanged feed answers with 304.
//!
//! `cargo bench --bench export_memory`: SQLite in a temporary folder; `BENCH_DATABASE_URL` (and
//! `BENCH_REDIS_URL`) for PostgreSQL (+ Redis): see `common/mod.rs`.

#[allow(dead_code)]
mod common;

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::{BenchDatabase, Pool};
use serde_json::{Value, json};

const TASKS: i64 = 100_000;
const RSS_LIMIT_MB: f64 = 100.0;
const POLLS: usize = 500;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let db = BenchDatabase::create("export").await?;
    let redis_prefix = format!("tasktracker-bench-export:{}:", uuid::Uuid::new_v4().simple());
    let outcome = run(&db, &redis_prefix).await;
    if let Ok(url) = std::env::var("BENCH_REDIS_URL") {
        common::delete_redis_keys(&url, &redis_prefix)?;
    }
    db.remove().await?;
    outcome
}

async fn run(db: &BenchDatabase, redis_prefix: &str) -> anyhow::Result<()> {
    let backend = match (db.is_postgres(), std::env::var("BENCH_REDIS_URL").is_ok()) {
        (true, true) => "PostgreSQL + Redis",
        (true, false) => "PostgreSQL",
        (false, _) => "SQLite",
    };
    let port = free_port()?;
    let mut server = spawn_server(db, port, redis_prefix)?;
    let outcome = measure(db, port, &mut server, backend).await;
    // SAFETY: kill(2) on our own child, not yet reaped.
    unsafe { libc::kill(server.id() as libc::pid_t, libc::SIGTERM) };
    server.wait()?;
    outcome
}

async fn measure(db: &BenchDatabase, port: u16, server: &mut Child, backend: &str) -> anyhow::Result<()> {
    let base = format!("http://127.0.0.1:{port}");
    let client = reqwest::Client::new();
    wait_until_up(&client, &base, server).await?;
    let email = format!("bench-{}@example.com", uuid::Uuid::new_v4().simple());
    let credentials = json!({"email": email, "password": "benchmark password"});
    client
        .post(format!("{base}/api/v1/auth/register"))
        .json(&credentials)
        .send()
        .await?
        .error_for_status()?;
    let login: Value = client
        .post(format!("{base}/api/v1/auth/login"))
        .json(&credentials)
        .send()
        .await?
        .error_for_status()?
        .json()
        .await?;
    let token = login["access_token"].as_str().unwrap_or_default().to_owned();

    let pool = db.connect().await?;
    let seeding = Instant::now();
    seed(&pool).await?;
    println!(
        "export, {backend}: {TASKS} tasks in one inbox (seeded in {:.1} s)",
        seeding.elapsed().as_secs_f64()
    );

    let before_kb = status_kb(server.id(), "VmRSS:")?;
    let started = Instant::now();
    let mut response = client
        .get(format!("{base}/api/v1/users/me/export"))
        .bearer_auth(&token)
        .send()
        .await?
        .error_for_status()?;
    let (mut bytes, mut peak_kb) = (0usize, before_kb);
    let mut last_sample = Instant::now();
    let mut tail = Vec::new();
    while let Some(chunk) = response.chunk().await? {
        bytes += chunk.len();
        tail = chunk.to_vec();
        if last_sample.elapsed() > Duration::from_millis(20) {
            peak_kb = peak_kb.max(status_kb(server.id(), "VmRSS:")?);
            last_sample = Instant::now();
        }
    }
    let elapsed = started.elapsed();
    let hwm_kb = status_kb(server.id(), "VmHWM:")?;
    anyhow::ensure!(tail.ends_with(b"]}"), "the export did not end as a whole document");
    println!(
        "  export: {:.1} MiB in {:.2} s ({:.0} tasks/s); server RSS {:.1} MiB before, {:.1} MiB at most during it (sampled); peak RSS (VmHWM) {:.1} MiB (limit {RSS_LIMIT_MB} MB: {})",
        bytes as f64 / 1048576.0,
        elapsed.as_secs_f64(),
        TASKS as f64 / elapsed.as_secs_f64(),
        before_kb as f64 / 1024.0,
        peak_kb as f64 / 1024.0,
        hwm_kb as f64 / 1024.0,
        if (hwm_kb as f64) * 1024.0 < RSS_LIMIT_MB * 1e6 { "met" } else { "MISSED" }
    );
    anyhow::ensure!(
        (hwm_kb as f64) * 1024.0 < RSS_LIMIT_MB * 1e6,
        "the server's peak RSS reached {hwm_kb} kB"
    );

    let feed: Value = client
        .get(format!("{base}/api/v1/users/me/calendar"))
        .bearer_auth(&token)
        .send()
        .await?
        .error_for_status()?
        .json()
        .await?;
    let url = feed["url"].as_str().unwrap_or_default();
    let path = &url[url.find("/ical/").unwrap_or(0)..];
    let started = Instant::now();
    let full = client.get(format!("{base}{path}")).send().await?.error_for_status()?;
    let etag = full.headers()["etag"].to_str()?.to_owned();
    let size = full.bytes().await?.len();
    let build = started.elapsed();
    let started = Instant::now();
    for _ in 0..POLLS {
        let poll = client.get(format!("{base}{path}")).header("if-none-match", &etag).send().await?;
        anyhow::ensure!(poll.status() == 304, "an unchanged feed answered {}", poll.status());
    }
    let polls = started.elapsed();
    println!(
        "  calendar feed: {:.1} MiB built in {:.2} s; {POLLS} polls of the unchanged feed, each 304: {:.0}/s ({:.2} ms each, one at a time); peak RSS (VmHWM) now {:.1} MiB",
        size as f64 / 1048576.0,
        build.as_secs_f64(),
        POLLS as f64 / polls.as_secs_f64(),
        polls.as_secs_f64() * 1000.0 / POLLS as f64,
        status_kb(server.id(), "VmHWM:")? as f64 / 1024.0,
    );
    Ok(())
}

/// The user's inbox gets `TASKS` tasks; every tenth has a reminder an hour before its due date,
/// disarmed (the worker is off anyway), every one the label `bench`, three quarters a due date.
async fn seed(pool: &Pool) -> anyhow::Result<()> {
    match pool {
        Pool::Postgres(pool) => {
            sqlx::query(
                "INSERT INTO tasks (project_id, created_by, title, description, due_date, priority, created_at, updated_at, labels) \
                 SELECT p.id, p.owner_id, 'Task ' || g, 'Benchmark task description number ' || g || ', long enough to look like a real note.', \
                   CASE WHEN g % 4 = 0 THEN NULL ELSE timestamptz '2027-01-01 09:00:00+00' + g * interval '1 hour' END, \
                   (g % 4)::smallint, timestamptz '2026-01-01 00:00:00+00' + g * interval '1 minute', \
                   timestamptz '2026-01-01 00:00:00+00' + g * interval '1 minute', '[\"bench\"]' \
                 FROM projects p CROSS JOIN generate_series(1, $1) AS g WHERE p.inbox",
            )
            .bind(TASKS)
            .execute(pool)
            .await?;
            sqlx::query(
                "INSERT INTO task_labels (task_id, folded, name) SELECT id, 'bench', 'bench' FROM tasks",
            )
            .execute(pool)
            .await?;
            sqlx::query(
                "INSERT INTO reminders (task_id, before_due_minutes, fires_at, armed) \
                 SELECT id, 60, due_date - interval '1 hour', FALSE FROM tasks WHERE id % 10 = 0 AND due_date IS NOT NULL",
            )
            .execute(pool)
            .await?;
            sqlx::query("VACUUM ANALYZE tasks").execute(pool).await?;
        }
        Pool::Sqlite(pool) => {
            // Instants are microseconds since the epoch; 2026-01-01 and 2027-01-01 09:00 UTC.
            sqlx::query(
                "WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < $1) \
                 INSERT INTO tasks (project_id, created_by, title, description, due_date, priority, created_at, updated_at, labels) \
                 SELECT p.id, p.owner_id, 'Task ' || n, 'Benchmark task description number ' || n || ', long enough to look like a real note.', \
                   CASE WHEN n % 4 = 0 THEN NULL ELSE 1798794000000000 + n * 3600000000 END, n % 4, \
                   1767225600000000 + n * 60000000, 1767225600000000 + n * 60000000, '[\"bench\"]' \
                 FROM projects p CROSS JOIN g WHERE p.inbox",
            )
            .bind(TASKS)
            .execute(pool)
            .await?;
            sqlx::query(
                "INSERT INTO task_labels (task_id, folded, name) SELECT id, 'bench', 'bench' FROM tasks",
            )
            .execute(pool)
            .await?;
            sqlx::query(
                "INSERT INTO reminders (task_id, before_due_minutes, fires_at, armed) \
                 SELECT id, 60, due_date - 3600000000, 0 FROM tasks WHERE id % 10 = 0 AND due_date IS NOT NULL",
            )
            .execute(pool)
            .await?;
        }
    }
    Ok(())
}

fn free_port() -> anyhow::Result<u16> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

/// The release binary `cargo bench` built, as `tasktracker serve` with only its own settings.
fn spawn_server(db: &BenchDatabase, port: u16, redis_prefix: &str) -> anyhow::Result<Child> {
    let mut command = Command::new(env!("CARGO_BIN_EXE_tasktracker"));
    command
        .args(["serve", "--no-worker"])
        .env_clear()
        .env("DATABASE_URL", &db.url)
        .env("BIND_ADDR", format!("127.0.0.1:{port}"))
        .env("COOKIE_SECURE", "false")
        .env("BCRYPT_COST", "10") // the lowest `serve` accepts
        .env("REGISTER_MAX_PER_CLIENT", "1000000")
        .env("RUST_LOG", "warn");
    if let (true, Ok(redis)) = (db.is_postgres(), std::env::var("BENCH_REDIS_URL")) {
        command.env("REDIS_URL", redis).env("REDIS_KEY_PREFIX", redis_prefix);
    }
    Ok(command.current_dir(db.dir()).stdout(Stdio::null()).spawn()?)
}

async fn wait_until_up(client: &reqwest::Client, base: &str, server: &mut Child) -> anyhow::Result<()> {
    for _ in 0..200 {
        if let Some(status) = server.try_wait()? {
            anyhow::bail!("the server exited: {status}");
        }
        if client.get(format!("{base}/healthz")).send().await.is_ok_and(|r| r.status().is_success()) {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    anyhow::bail!("the server did not start")
}

/// A `kB` line of `/proc/{pid}/status` (`VmRSS:`, `VmHWM:`).
fn status_kb(pid: u32, key: &str) -> anyhow::Result<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status"))?;
    status
        .lines()
        .find_map(|line| line.strip_prefix(key))
        .and_then(|value| value.split_whitespace().next()?.parse().ok())
        .ok_or_else(|| anyhow::anyhow!("no {key} in /proc/{pid}/status"))
}
