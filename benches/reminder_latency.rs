//! How long after `remind_at` a reminder becomes a notification: 100 reminders spread over a few
//! seconds, through the real HTTP API and the real worker, with the default poll interval.
//! Prints p50, p99 and max. `cargo bench --bench reminder_latency` (SQLite in a temporary folder;
//! set `BENCH_DATABASE_URL=postgres://…` and `BENCH_REDIS_URL=redis://…` for PostgreSQL and Redis).

use std::time::Duration;

use chrono::{DateTime, Utc};
use clap::Parser;
use serde_json::{Value, json};
use tasktracker::app;
use tasktracker::config::{Cli, Command, JwtSecret};
use tasktracker::http::{self, HttpOptions};
use tokio_util::sync::CancellationToken;

const REMINDERS: usize = 100;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let Command::Serve(args) = Cli::parse_from(["tasktracker", "serve"]).command else { unreachable!() };
    let mut settings = args.settings;
    settings.database.database_url = std::env::var("BENCH_DATABASE_URL")
        .unwrap_or_else(|_| format!("sqlite://{}", dir.path().join("bench.db").display()));
    settings.redis_url = std::env::var("BENCH_REDIS_URL").ok();
    settings.redis_key_prefix = format!("tasktracker-bench:{}:", uuid::Uuid::new_v4().simple());
    settings.data_dir = dir.path().to_owned();
    settings.jwt_secret = Some(JwtSecret::new("reminder-latency-bench-secret-0123456789").unwrap());
    settings.bcrypt_cost = 10;
    app::migrate(&settings.database).await?;

    let (state, effects) = app::build_state(&settings).await?;
    let worker = app::reminder_worker(state.store.clone(), &settings.reminders, effects)?;
    let stop = CancellationToken::new();
    let worker = tokio::spawn(worker.run(stop.clone()));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let api = format!("http://{}/api/v1", listener.local_addr()?);
    let router = http::router(state, &HttpOptions::from(&settings));
    tokio::spawn(app::run(router, listener, std::future::pending(), Duration::from_secs(1)));

    let client = reqwest::Client::new();
    let credentials = json!({"email": format!("bench-{}@example.com", uuid::Uuid::new_v4().simple()), "password": "benchmark password"});
    client.post(format!("{api}/auth/register")).json(&credentials).send().await?.error_for_status()?;
    let login: Value =
        client.post(format!("{api}/auth/login")).json(&credentials).send().await?.json().await?;
    let access = login["access_token"].as_str().unwrap_or_default().to_owned();

    // Reminders every 40 ms from three seconds from now (all created before the first is due):
    // some land mid-sleep, some mid-pass.
    let start = Utc::now() + chrono::Duration::seconds(3);
    for i in 0..REMINDERS {
        let remind_at = start + chrono::Duration::milliseconds(40 * i as i64);
        let body = json!({"title": format!("reminder {i}"), "remind_at": remind_at.to_rfc3339()});
        client
            .post(format!("{api}/tasks"))
            .bearer_auth(&access)
            .json(&body)
            .send()
            .await?
            .error_for_status()?;
    }
    let last = start + chrono::Duration::milliseconds(40 * REMINDERS as i64);
    tokio::time::sleep((last - Utc::now()).to_std().unwrap_or_default() + Duration::from_secs(2)).await;

    let tasks: Value =
        client.get(format!("{api}/tasks?limit=100")).bearer_auth(&access).send().await?.json().await?;
    let notifications: Value = client
        .get(format!("{api}/notifications?limit=100"))
        .bearer_auth(&access)
        .send()
        .await?
        .json()
        .await?;
    let remind_at = |id: &Value| -> Option<DateTime<Utc>> {
        let task = tasks["items"].as_array()?.iter().find(|t| &t["id"] == id)?;
        task["remind_at"].as_str()?.parse().ok()
    };
    let mut lags_ms: Vec<f64> = notifications["items"]
        .as_array()
        .map(|items| {
            items
                .iter()
                .filter_map(|n| {
                    let delivered: DateTime<Utc> = n["created_at"].as_str()?.parse().ok()?;
                    Some((delivered - remind_at(&n["task_id"])?).num_microseconds()? as f64 / 1000.0)
                })
                .collect()
        })
        .unwrap_or_default();
    stop.cancel();
    worker.await?;

    lags_ms.sort_by(f64::total_cmp);
    let percentile = |p: f64| lags_ms[((lags_ms.len() as f64 - 1.0) * p).round() as usize];
    println!(
        "reminder latency (remind_at → notification), {} of {REMINDERS} delivered, poll {} ms, {}:",
        lags_ms.len(),
        settings.reminders.reminder_poll_ms,
        if settings.redis_url.is_some() { "PostgreSQL + Redis" } else { "SQLite + embedded" },
    );
    if lags_ms.len() < REMINDERS {
        anyhow::bail!("only {} of {REMINDERS} reminders were delivered", lags_ms.len());
    }
    println!(
        "  p50 {:.1} ms   p99 {:.1} ms   max {:.1} ms",
        percentile(0.5),
        percentile(0.99),
        percentile(1.0)
    );
    Ok(())
}
