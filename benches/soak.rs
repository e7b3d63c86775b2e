//! Soak: minutes of mixed traffic against the release binary, sampling its resident memory.
//! Passes when no request failed and memory shows no growth trend after warm-up.
//!
//! `make soak` (or `cargo bench --bench soak`). `SOAK_SECS` (default 600) sets the duration; the
//! server runs on the embedded default in a temporary folder, on loopback, unless
//! `SOAK_DATABASE_URL` and `SOAK_REDIS_URL` name a PostgreSQL database and a Redis.

use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

const CLIENTS: usize = 8;
const SAMPLE_EVERY: Duration = Duration::from_secs(5);
/// Memory that grows by more than this per minute after warm-up is a leak, not noise.
const MAX_GROWTH_KB_PER_MIN: f64 = 512.0;

fn rss_kb(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let line = status.lines().find(|l| l.starts_with("VmRSS:")).unwrap_or("VmRSS: 0 kB");
    line.split_whitespace().nth(1).and_then(|kb| kb.parse().ok()).unwrap_or(0)
}

/// The shared Redis keeps everyone else's keys: SCAN and DEL this run's only, never FLUSH.
fn delete_keys(url: &str, prefix: &str) -> anyhow::Result<()> {
    use redis::TypedCommands;
    let mut conn = redis::Client::open(url)?.get_connection()?;
    let keys: Vec<String> = conn.scan_match(format!("{prefix}*"))?.filter_map(Result::ok).collect();
    for chunk in keys.chunks(500) {
        redis::cmd("DEL").arg(chunk).query::<()>(&mut conn)?;
    }
    Ok(())
}

/// Least-squares slope of `points` (x in minutes, y in kB).
fn slope(points: &[(f64, f64)]) -> f64 {
    let n = points.len() as f64;
    let (mx, my) = (points.iter().map(|p| p.0).sum::<f64>() / n, points.iter().map(|p| p.1).sum::<f64>() / n);
    let covariance: f64 = points.iter().map(|(x, y)| (x - mx) * (y - my)).sum();
    let variance: f64 = points.iter().map(|(x, _)| (x - mx).powi(2)).sum();
    covariance / variance
}

async fn client_loop(
    api: String,
    index: usize,
    running: Arc<AtomicBool>,
    ok: Arc<AtomicU64>,
    failed: Arc<AtomicU64>,
) {
    let client =
        reqwest::Client::builder().cookie_store(true).timeout(Duration::from_secs(10)).build().unwrap();
    let credentials = json!({"email": format!("soak-{index}@example.com"), "password": "soak test password"});
    let _ = client.post(format!("{api}/auth/register")).json(&credentials).send().await;
    let login: Value = client
        .post(format!("{api}/auth/login"))
        .json(&credentials)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let mut access = login["access_token"].as_str().unwrap().to_owned();
    // A fixed set of tasks per user, so that the data (and the database's caches) stop growing
    // early and only a leak can make memory climb.
    for i in 0..200 {
        let body = json!({"title": format!("standing task {i}"), "priority": "low"});
        client.post(format!("{api}/tasks")).bearer_auth(&access).json(&body).send().await.unwrap();
    }
    let count = |response: Result<reqwest::Response, reqwest::Error>| match response {
        Ok(r) if r.status().is_success() => {
            ok.fetch_add(1, Ordering::Relaxed);
            Some(r)
        }
        other => {
            eprintln!("soak: failed request: {other:?}");
            failed.fetch_add(1, Ordering::Relaxed);
            None
        }
    };
    let mut round = 0u64;
    while running.load(Ordering::Relaxed) {
        round += 1;
        let body = json!({"title": format!("soak {index}-{round}"), "description": "x".repeat(200), "priority": "high",
                          "due_date": "2030-01-01T00:00:00Z"});
        let created =
            count(client.post(format!("{api}/tasks")).bearer_auth(&access).json(&body).send().await);
        let id = match created {
            Some(r) => r.json::<Value>().await.map(|t| t["id"].clone()).unwrap_or_default(),
            None => continue,
        };
        count(client.get(format!("{api}/tasks?limit=50&sort=-priority")).bearer_auth(&access).send().await);
        count(client.get(format!("{api}/tasks?q=soak&completed=false")).bearer_auth(&access).send().await);
        count(
            client
                .patch(format!("{api}/tasks/{id}"))
                .bearer_auth(&access)
                .json(&json!({"completed": true}))
                .send()
                .await,
        );
        count(client.get(format!("{api}/users/me")).bearer_auth(&access).send().await);
        count(client.get(format!("{api}/notifications?unread=true")).bearer_auth(&access).send().await);
        count(client.delete(format!("{api}/tasks/{id}")).bearer_auth(&access).send().await);
        if round.is_multiple_of(50)
            && let Some(r) = count(client.post(format!("{api}/auth/refresh")).send().await)
        {
            let tokens: Value = r.json().await.unwrap_or_default();
            access = tokens["access_token"].as_str().unwrap_or(&access).to_owned();
        }
    }
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    // Ten minutes: the first fifth is warm-up, and on SQLite with mimalloc the per-thread heaps and
    // page caches take ~2.5 minutes to fill (a 5-minute run judged that filling as growth; the
    // 10-minute run shows it flat from 2.6 to 10 minutes).
    let secs: u64 = std::env::var("SOAK_SECS").ok().and_then(|s| s.parse().ok()).unwrap_or(600);
    // `cargo bench` builds the binary with the bench profile (release), wherever its target folder is.
    let binary =
        std::env::var("TASKTRACKER_BIN").unwrap_or_else(|_| env!("CARGO_BIN_EXE_tasktracker").into());
    let binary = std::fs::canonicalize(&binary)?;
    let dir = tempfile::tempdir()?;
    let port = std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
    let mut command = Command::new(binary);
    command.env_clear();
    let redis_prefix = format!("tasktracker-soak:{}:", std::process::id());
    if let (Ok(database), Ok(redis)) = (std::env::var("SOAK_DATABASE_URL"), std::env::var("SOAK_REDIS_URL")) {
        command.env("DATABASE_URL", database).env("REDIS_URL", redis);
        command.env("REDIS_KEY_PREFIX", &redis_prefix);
    }
    let mut server = command
        .arg("serve")
        .current_dir(dir.path())
        .env("BIND_ADDR", format!("127.0.0.1:{port}"))
        .env("COOKIE_SECURE", "false")
        .env("BCRYPT_COST", "10")
        // Every soak user registers from loopback.
        .env("REGISTER_MAX_PER_CLIENT", "1000000")
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .spawn()?;
    let pid = server.id();
    let api = format!("http://127.0.0.1:{port}/api/v1");
    let started = Instant::now();
    while reqwest::get(format!("http://127.0.0.1:{port}/healthz")).await.is_err() {
        anyhow::ensure!(started.elapsed() < Duration::from_secs(30), "the server did not start");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }

    let (running, ok, failed) =
        (Arc::new(AtomicBool::new(true)), Arc::new(AtomicU64::new(0)), Arc::new(AtomicU64::new(0)));
    let mut clients = tokio::task::JoinSet::new();
    for index in 0..CLIENTS {
        clients.spawn(client_loop(api.clone(), index, running.clone(), ok.clone(), failed.clone()));
    }
    let started = Instant::now();
    let mut samples = Vec::new();
    println!(
        "soak: {secs} s of mixed traffic from {CLIENTS} clients; RSS every {} s",
        SAMPLE_EVERY.as_secs()
    );
    while started.elapsed() < Duration::from_secs(secs) {
        tokio::time::sleep(SAMPLE_EVERY).await;
        let minutes = started.elapsed().as_secs_f64() / 60.0;
        let rss = rss_kb(pid);
        samples.push((minutes, rss as f64));
        println!(
            "  {:>6.1} min  rss {:>7} kB  requests ok {:>8}  failed {}",
            minutes,
            rss,
            ok.load(Ordering::Relaxed),
            failed.load(Ordering::Relaxed)
        );
    }
    running.store(false, Ordering::Relaxed);
    clients.join_all().await;
    let _ = Command::new("kill").args(["-TERM", &pid.to_string()]).status();
    let exit = server.wait()?;
    if let Ok(url) = std::env::var("SOAK_REDIS_URL") {
        delete_keys(&url, &redis_prefix)?;
    }

    // The first fifth is warm-up (pools, caches, allocator arenas filling).
    let settled: Vec<(f64, f64)> = samples.iter().copied().skip(samples.len() / 5).collect();
    let growth = if settled.len() >= 3 { slope(&settled) } else { 0.0 };
    let peak = samples.iter().map(|s| s.1 as u64).max().unwrap_or(0);
    let (ok, failed) = (ok.load(Ordering::Relaxed), failed.load(Ordering::Relaxed));
    println!(
        "soak: {ok} requests ({:.0}/s), {failed} failed; RSS peak {peak} kB, trend after warm-up {growth:+.1} kB/min; exit {exit}",
        ok as f64 / secs as f64
    );
    anyhow::ensure!(failed == 0, "{failed} requests failed");
    anyhow::ensure!(growth < MAX_GROWTH_KB_PER_MIN, "memory grows {growth:.1} kB/min after warm-up");
    anyhow::ensure!(exit.success(), "the server did not stop cleanly: {exit}");
    println!("soak: passed");
    Ok(())
}
