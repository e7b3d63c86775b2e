//! How long after its `fires_at` a reminder becomes a notification, with 100,000 other reminders
//! pending far in the future (seeded with SQL): 100 reminders spread over a few seconds, written
//! through the real HTTP API (`"reminders": [{"at": …}]`) and delivered by the real worker with
//! the default poll interval. Prints p50, p99 and max of each notification's `created_at` minus its
//! `fires_at`. `cargo bench --bench reminder_latency`: SQLite in a temporary folder;
//! `BENCH_DATABASE_URL` and `BENCH_REDIS_URL` for PostgreSQL and Redis (see `common/mod.rs`).

mod common;

use std::collections::HashMap;
use std::time::Duration;

use chrono::{DateTime, Utc};
use clap::Parser;
use common::BenchDatabase;
use serde_json::{Value, json};
use tasktracker::app;
use tasktracker::config::{Cli, Command, JwtSecret};
use tasktracker::http::{self, HttpOptions};
use tasktracker::stall::StallListener;
use tokio_util::sync::CancellationToken;

const REMINDERS: usize = 100;
/// Pending beside them, from a year ahead, a minute apart.
const PENDING: i64 = 100_000;
/// The bound.
const P99_TARGET_MS: f64 = 50.0;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let db = BenchDatabase::create("latency").await?;
    let redis_prefix = format!("tasktracker-bench:{}:", uuid::Uuid::new_v4().simple());
    let outcome = run(&db, &redis_prefix).await;
    if let Ok(url) = std::env::var("BENCH_REDIS_URL") {
        common::delete_redis_keys(&url, &redis_prefix)?;
    }
    db.remove().await?;
    outcome
}

async fn run(db: &BenchDatabase, redis_prefix: &str) -> anyhow::Result<()> {
    db.connect()
        .await?
        .seed_reminders(PENDING, Utc::now() + chrono::TimeDelta::days(365), chrono::TimeDelta::minutes(1))
        .await?;

    let Command::Serve(args) = Cli::parse_from(["tasktracker", "serve"]).command else { unreachable!() };
    let mut settings = args.settings;
    settings.database.database_url = db.url.clone();
    settings.redis_url = std::env::var("BENCH_REDIS_URL").ok();
    settings.redis_key_prefix = redis_prefix.to_owned();
    settings.data_dir = db.dir().to_owned();
    settings.jwt_secret = Some(JwtSecret::new("reminder-latency-bench-secret-0123456789").unwrap());
    settings.bcrypt_cost = 10;
    settings.register_max_per_client = u64::MAX;

    let (state, effects) = app::build_state(&settings).await?;
    let worker = app::reminder_worker(state.store.clone(), &settings.reminders, effects)?;
    let stop = CancellationToken::new();
    let worker = tokio::spawn(worker.run(stop.clone()));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let api = format!("http://{}/api/v1", listener.local_addr()?);
    let router = http::router(state, &HttpOptions::from(&settings));
    let listener = StallListener::new(listener, Duration::from_secs(settings.write_stall_secs));
    tokio::spawn(app::run(router, listener, std::future::pending(), Duration::from_secs(1)));

    let client = reqwest::Client::new();
    let credentials = json!({"email": format!("bench-{}@example.com", uuid::Uuid::new_v4().simple()), "password": "benchmark password"});
    client.post(format!("{api}/auth/register")).json(&credentials).send().await?.error_for_status()?;
    let login: Value =
        client.post(format!("{api}/auth/login")).json(&credentials).send().await?.json().await?;
    let access = login["access_token"].as_str().unwrap_or_default().to_owned();

    // Reminders every 40 ms from three seconds from now (all created before the first is due):
    // some land mid-sleep, some mid-pass. Each task's reminder `fires_at`, as the API answered it.
    let start = Utc::now() + chrono::Duration::seconds(3);
    let mut fires_at: HashMap<i64, DateTime<Utc>> = HashMap::new();
    for i in 0..REMINDERS {
        let at = start + chrono::Duration::milliseconds(40 * i as i64);
        let body = json!({"title": format!("reminder {i}"), "reminders": [{"at": at.to_rfc3339()}]});
        let task: Value = client
            .post(format!("{api}/tasks"))
            .bearer_auth(&access)
            .json(&body)
            .send()
            .await?
            .error_for_status()?
            .json()
            .await?;
        let fires = task["reminders"][0]["fires_at"].as_str().and_then(|t| t.parse().ok());
        let (Some(id), Some(fires)) = (task["id"].as_i64(), fires) else {
            anyhow::bail!("a created task without its id or its reminder's fires_at: {task}");
        };
        fires_at.insert(id, fires);
    }
    let last = start + chrono::Duration::milliseconds(40 * REMINDERS as i64);
    tokio::time::sleep((last - Utc::now()).to_std().unwrap_or_default() + Duration::from_secs(2)).await;

    let notifications: Value = client
        .get(format!("{api}/notifications?limit={REMINDERS}"))
        .bearer_auth(&access)
        .send()
        .await?
        .error_for_status()?
        .json()
        .await?;
    stop.cancel();
    worker.await?;

    let items = notifications["items"].as_array().cloned().unwrap_or_default();
    let mut lags_ms = Vec::with_capacity(items.len());
    for n in &items {
        let created: Option<DateTime<Utc>> = n["created_at"].as_str().and_then(|t| t.parse().ok());
        let fired: Option<DateTime<Utc>> = n["fires_at"].as_str().and_then(|t| t.parse().ok());
        let (Some(created), Some(fired)) = (created, fired) else {
            anyhow::bail!("a notification without created_at or fires_at: {n}");
        };
        // Each notification is of one of the tasks above, once, at its reminder's instant.
        let task = n["task_id"].as_i64().unwrap_or_default();
        anyhow::ensure!(fires_at.remove(&task) == Some(fired), "an unexpected notification: {n}");
        lags_ms.push((created - fired).num_microseconds().unwrap_or(i64::MAX) as f64 / 1000.0);
    }

    lags_ms.sort_by(f64::total_cmp);
    println!(
        "reminder latency (fires_at → notification created_at), {} of {REMINDERS} delivered, {PENDING} more pending, poll {} ms, {}:",
        lags_ms.len(),
        settings.reminders.reminder_poll_ms,
        match (db.is_postgres(), settings.redis_url.is_some()) {
            (true, true) => "PostgreSQL + Redis",
            (true, false) => "PostgreSQL + embedded",
            (false, _) => "SQLite + embedded",
        },
    );
    if lags_ms.len() < REMINDERS {
        anyhow::bail!("only {} of {REMINDERS} reminders were delivered", lags_ms.len());
    }
    let percentile = |p: f64| lags_ms[((lags_ms.len() as f64 - 1.0) * p).round() as usize];
    let p99 = percentile(0.99);
    println!(
        "  p50 {:.1} ms   p99 {p99:.1} ms   max {:.1} ms   (target p99 < {P99_TARGET_MS:.0} ms: {})",
        percentile(0.5),
        percentile(1.0),
        if p99 < P99_TARGET_MS { "met" } else { "MISSED" }
    );
    Ok(())
}
