//! Catch-up after downtime: 100,000 reminders already due (over the past hour) when the workers
//! start, as after the servers were down. Release `tasktracker worker` processes deliver them, two
//! at once on PostgreSQL (each claims its own batches), one on SQLite (one writer at a time).
//! Fails unless every reminder became exactly one notification. Prints the rate, from starting the
//! workers to the last commit, and each worker's peak resident memory (`VmHWM`).
//!
//! `cargo bench --bench reminder_catchup`: SQLite in a temporary folder. `BENCH_DATABASE_URL` and
//! `BENCH_REDIS_URL` for PostgreSQL (+ Redis): see `common/mod.rs`. `BENCH_CATCHUP_WORKERS` sets
//! another number of workers.

mod common;

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use chrono::Utc;
use common::{BenchDatabase, Pool};

const REMINDERS: i64 = 100_000;
/// The floors, in notifications per second.
const POSTGRES_TARGET: f64 = 5_000.0;
const SQLITE_TARGET: f64 = 2_000.0;
/// Longer than this is a failure, not a slow run.
const TIMEOUT: Duration = Duration::from_secs(300);

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let db = BenchDatabase::create("catchup").await?;
    let outcome = run(&db).await;
    db.remove().await?;
    outcome
}

async fn run(db: &BenchDatabase) -> anyhow::Result<()> {
    let (backend, workers, target) = match db.is_postgres() {
        true if std::env::var("BENCH_REDIS_URL").is_ok() => ("PostgreSQL + Redis", 2, POSTGRES_TARGET),
        true => ("PostgreSQL", 2, POSTGRES_TARGET),
        false => ("SQLite", 1, SQLITE_TARGET),
    };
    let workers = match std::env::var("BENCH_CATCHUP_WORKERS") {
        Ok(n) => n.parse()?,
        Err(_) => workers,
    };
    let pool = db.connect().await?;
    let seeding = Instant::now();
    pool.seed_reminders(
        REMINDERS,
        Utc::now() - chrono::TimeDelta::hours(1),
        chrono::TimeDelta::milliseconds(36),
    )
    .await?;
    println!(
        "reminder catch-up, {backend}: {REMINDERS} reminders due (seeded in {:.1} s), {workers} worker process(es), load average {}",
        seeding.elapsed().as_secs_f64(),
        std::fs::read_to_string("/proc/loadavg")
            .unwrap_or_default()
            .split(' ')
            .take(3)
            .collect::<Vec<_>>()
            .join(" ")
    );

    let redis_prefix = format!("tasktracker-bench-catchup:{}:", uuid::Uuid::new_v4().simple());
    let started = Instant::now();
    let mut children = Vec::new();
    for _ in 0..workers {
        match spawn_worker(db, &redis_prefix) {
            Ok(child) => children.push(child),
            Err(err) => {
                stop(children);
                return Err(err);
            }
        }
    }
    let progress = wait_until_none_armed(&pool, &mut children).await;
    let elapsed = started.elapsed();
    let peaks: Vec<String> = children
        .iter()
        .map(|child| match peak_rss_kb(child.id()) {
            Ok(kb) => format!("{:.1} MiB", kb as f64 / 1024.0),
            Err(err) => format!("unknown ({err})"),
        })
        .collect();
    let exits = stop(children);
    if let Ok(url) = std::env::var("BENCH_REDIS_URL") {
        common::delete_redis_keys(&url, &redis_prefix)?;
    }
    let overlap = progress?;

    let notifications = pool.scalar("SELECT count(*) FROM notifications").await?;
    let distinct = pool.scalar("SELECT count(DISTINCT reminder_id) FROM notifications").await?;
    let unsent = pool.scalar("SELECT count(*) FROM reminders WHERE armed OR sent_at IS NULL").await?;
    let orphans = pool
        .scalar("SELECT count(*) FROM notifications n WHERE NOT EXISTS (SELECT 1 FROM reminders r WHERE r.id = n.reminder_id)")
        .await?;
    let rate = REMINDERS as f64 / elapsed.as_secs_f64();
    println!(
        "  {notifications} notifications ({distinct} distinct reminders) in {:.2} s: {rate:.0}/s (target ≥ {target:.0}/s: {})",
        elapsed.as_secs_f64(),
        if rate >= target { "met" } else { "MISSED" }
    );
    println!("  peak RSS (VmHWM) per worker process: {}", peaks.join(", "));
    if let Some(Overlap { samples, concurrent }) = overlap {
        println!("  two or more workers in a transaction at once in {concurrent} of {samples} samples");
    }
    anyhow::ensure!(
        notifications == REMINDERS && distinct == REMINDERS,
        "not exactly once: {notifications} notifications for {distinct} distinct reminders, of {REMINDERS}"
    );
    anyhow::ensure!(
        unsent == 0 && orphans == 0,
        "{unsent} reminders not marked sent, {orphans} stray notifications"
    );
    for exit in exits {
        anyhow::ensure!(
            exit.as_ref().is_ok_and(|status| status.success()),
            "a worker did not stop cleanly: {exit:?}"
        );
    }
    Ok(())
}

/// The release binary `cargo bench` built, as `tasktracker worker` with only its own settings.
fn spawn_worker(db: &BenchDatabase, redis_prefix: &str) -> anyhow::Result<Child> {
    let mut command = Command::new(env!("CARGO_BIN_EXE_tasktracker"));
    command.arg("worker").env_clear().env("DATABASE_URL", &db.url).env("RUST_LOG", "warn");
    if let (true, Ok(redis)) = (db.is_postgres(), std::env::var("BENCH_REDIS_URL")) {
        command.env("REDIS_URL", redis).env("REDIS_KEY_PREFIX", redis_prefix);
    }
    Ok(command.current_dir(db.dir()).stdout(Stdio::null()).spawn()?)
}

/// How often the workers were seen working at the same time (PostgreSQL's sessions show it).
struct Overlap {
    samples: u64,
    concurrent: u64,
}

/// Polls until no reminder is armed: the last batch committed. Fails if a worker exits first.
async fn wait_until_none_armed(pool: &Pool, children: &mut [Child]) -> anyhow::Result<Option<Overlap>> {
    let started = Instant::now();
    let mut overlap = matches!(pool, Pool::Postgres(_)).then_some(Overlap { samples: 0, concurrent: 0 });
    while pool.scalar("SELECT count(*) FROM (SELECT 1 FROM reminders WHERE armed LIMIT 1) AS s").await? > 0 {
        if let Some(overlap) = &mut overlap {
            let busy = pool
                .scalar(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() \
                     AND pid <> pg_backend_pid() AND state IN ('active', 'idle in transaction')",
                )
                .await?;
            overlap.samples += 1;
            overlap.concurrent += u64::from(busy >= 2);
        }
        for child in children.iter_mut() {
            if let Some(status) = child.try_wait()? {
                anyhow::bail!("worker {} exited early: {status}", child.id());
            }
        }
        anyhow::ensure!(started.elapsed() < TIMEOUT, "not caught up after {} s", TIMEOUT.as_secs());
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    Ok(overlap)
}

/// SIGTERM to each worker still running (our own children, by id), then its exit.
fn stop(children: Vec<Child>) -> Vec<std::io::Result<std::process::ExitStatus>> {
    children
        .into_iter()
        .map(|mut child| {
            if let Ok(None) = child.try_wait() {
                // SAFETY: kill(2) on the id of a child not yet reaped, so not reused.
                unsafe { libc::kill(child.id() as libc::pid_t, libc::SIGTERM) };
            }
            child.wait()
        })
        .collect()
}

/// The peak resident set of process `pid` so far (`VmHWM`), in kB.
fn peak_rss_kb(pid: u32) -> anyhow::Result<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status"))?;
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|value| value.split_whitespace().next()?.parse().ok())
        .ok_or_else(|| anyhow::anyhow!("no VmHWM in /proc/{pid}/status"))
}
