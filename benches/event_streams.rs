//! Many open `GET /events` streams. Two servers in this process on one PostgreSQL and one Redis key
//! prefix (the bus is Redis pub/sub); a child process (this bench again, `EVENT_STREAMS_CLIENT`)
//! holds the streams, so that the servers' memory is theirs alone and each process needs one
//! descriptor per stream. `USERS` users, each with many streams, all members of one project, so
//! that every write reaches every stream.
//!
//! 1. `STREAMS` (10,000) streams on server A: the process's resident memory (`VmRSS`) before and
//!    after they opened, per stream, and its CPU while they are held (each re-checks its session
//!    every 2 s), then again after they closed.
//! 2. `LATENCY_STREAMS` (1,000) streams on server B, `WRITES` task updates on server A: the time
//!    from sending each write to A to its event's arrival on each of B's streams, p50/p99/max.
//!
//! `BENCH_DATABASE_URL=postgres://… BENCH_REDIS_URL=redis://… cargo bench --bench event_streams`
//! (see `common/mod.rs`); `BENCH_STREAMS` sets another number of streams for the first part.

// Shared with the reminder benches, which use the rest of it.
#[allow(dead_code)]
mod common;

use std::io::{BufRead, Write};
use std::process::{Child, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use clap::Parser;
use common::{BenchDatabase, Pool};
use serde_json::{Value, json};
use tasktracker::app;
use tasktracker::config::{Cli, Command, JwtSecret};
use tasktracker::http::{self, HttpOptions};
use tasktracker::stall::StallListener;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};

/// As the binary: the servers' memory is what it would be in `tasktracker serve`.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const PASSWORD: &str = "benchmark password";
const USERS: i64 = 10;
const STREAMS: usize = 10_000;
const LATENCY_STREAMS: usize = 1_000;
const WRITES: usize = 50;
/// Between writes: each event reaches every stream before the next.
const WRITE_EVERY: Duration = Duration::from_millis(50);
/// How long the streams of part 1 are held open (and the CPU measured).
const HOLD: Duration = Duration::from_secs(10);
/// Streams the client opens at once.
const OPENING: usize = 256;
/// The bounds.
const RSS_TARGET_KB: f64 = 20.0;
const P99_TARGET_MS: f64 = 100.0;

fn main() -> anyhow::Result<()> {
    let runtime = tokio::runtime::Runtime::new()?;
    match std::env::var("EVENT_STREAMS_CLIENT") {
        Ok(_) => runtime.block_on(client()),
        Err(_) => runtime.block_on(bench()),
    }
}

async fn bench() -> anyhow::Result<()> {
    let (Ok(_), Ok(redis)) = (std::env::var("BENCH_DATABASE_URL"), std::env::var("BENCH_REDIS_URL")) else {
        anyhow::bail!(
            "event_streams needs BENCH_DATABASE_URL and BENCH_REDIS_URL (see benches/common/mod.rs)"
        );
    };
    let db = BenchDatabase::create("streams").await?;
    let redis_prefix = format!("tasktracker-bench-streams:{}:", uuid::Uuid::new_v4().simple());
    let outcome = run(&db, &redis, &redis_prefix).await;
    common::delete_redis_keys(&redis, &redis_prefix)?;
    db.remove().await?;
    outcome
}

async fn run(db: &BenchDatabase, redis: &str, redis_prefix: &str) -> anyhow::Result<()> {
    let wanted: usize = match std::env::var("BENCH_STREAMS") {
        Ok(n) => n.parse()?,
        Err(_) => STREAMS,
    };
    // One descriptor per stream in each process, and some to spare.
    let descriptors = raise_fd_limit(wanted.max(LATENCY_STREAMS) as u64 + 1024)?;
    let streams = wanted.min(descriptors.saturating_sub(1024) as usize);
    println!(
        "event streams, PostgreSQL + Redis, two servers in one process, load average {}, RLIMIT_NOFILE {descriptors}",
        load()
    );
    if streams < wanted {
        println!("  only {streams} of {wanted} streams: RLIMIT_NOFILE cannot be raised past {descriptors}");
    }

    let Pool::Postgres(pool) = db.connect().await? else { anyhow::bail!("not PostgreSQL") };
    let project = seed(&pool).await?;
    let a = serve(db, redis, redis_prefix).await?;
    let b = serve(db, redis, redis_prefix).await?;
    let http = reqwest::Client::new();
    let mut tokens = Vec::new();
    for n in 1..=USERS {
        let login: Value = http
            .post(format!("http://{a}/api/v1/auth/login"))
            .json(&json!({"email": format!("streams-{n}@bench.invalid"), "password": PASSWORD}))
            .send()
            .await?
            .error_for_status()?
            .json()
            .await?;
        let Some(token) = login["access_token"].as_str() else { anyhow::bail!("no access token: {login}") };
        tokens.push(token.to_owned());
    }

    // 1. Memory per stream on A.
    tokio::time::sleep(Duration::from_secs(1)).await;
    let before = rss_kb();
    let mut holder = spawn_client(&a, streams, &tokens)?;
    let opening = Instant::now();
    let (opened, failed) = wait_ready(&mut holder)?;
    let open_secs = opening.elapsed().as_secs_f64();
    tokio::time::sleep(Duration::from_secs(2)).await;
    let open = rss_kb();
    let cpu_start = cpu_seconds();
    tokio::time::sleep(HOLD).await;
    let cpu = (cpu_seconds() - cpu_start) / HOLD.as_secs_f64() * 100.0;
    let held = rss_kb();
    drop(holder.stdin.take());
    holder.wait()?;
    tokio::time::sleep(Duration::from_secs(3)).await;
    let after = rss_kb();
    let per_stream = (open as f64 - before as f64) / opened.max(1) as f64;
    println!("  1. {opened} streams open on server A in {open_secs:.1} s ({failed} failed)");
    println!(
        "     VmRSS {:.1} MiB before, {:.1} MiB open, {:.1} MiB after {} s held, {:.1} MiB 3 s after they closed",
        before as f64 / 1024.0,
        open as f64 / 1024.0,
        held as f64 / 1024.0,
        HOLD.as_secs(),
        after as f64 / 1024.0
    );
    println!(
        "     {per_stream:.1} KB per stream (target ≤ {RSS_TARGET_KB:.0} KB: {}); the servers' CPU while held: {cpu:.0}% of one core",
        if per_stream <= RSS_TARGET_KB { "met" } else { "MISSED" }
    );

    // 2. From a write on A to B's streams.
    let task: Value = http
        .post(format!("http://{a}/api/v1/tasks"))
        .bearer_auth(&tokens[0])
        .json(&json!({"title": "watched", "project_id": project}))
        .send()
        .await?
        .error_for_status()?
        .json()
        .await?;
    let Some(task) = task["id"].as_i64() else { anyhow::bail!("a task without an id: {task}") };
    let mut watcher = spawn_client(&b, LATENCY_STREAMS, &tokens)?;
    let (watching, failed) = wait_ready(&mut watcher)?;
    anyhow::ensure!(failed == 0, "{failed} of B's {LATENCY_STREAMS} streams did not open");
    // Sent at (unix µs), by the version the write made.
    let mut sent = std::collections::HashMap::new();
    let mut write_ms = Vec::new();
    for i in 0..WRITES {
        let started = Instant::now();
        let at = unix_micros();
        let updated: Value = http
            .patch(format!("http://{a}/api/v1/tasks/{task}"))
            .bearer_auth(&tokens[0])
            .json(&json!({"title": format!("watched {i}")}))
            .send()
            .await?
            .error_for_status()?
            .json()
            .await?;
        write_ms.push(started.elapsed().as_secs_f64() * 1000.0);
        let Some(version) = updated["version"].as_i64() else { anyhow::bail!("no version: {updated}") };
        sent.insert(version, at);
        tokio::time::sleep(WRITE_EVERY.saturating_sub(started.elapsed())).await;
    }
    tokio::time::sleep(Duration::from_secs(1)).await;
    drop(watcher.stdin.take());
    let mut lags_ms = Vec::new();
    let output = watcher.wait_with_output()?;
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        let Some((arrived, data)) = line.split_once(' ') else { continue };
        let event: Value = serde_json::from_str(data)?;
        let version = event["version"].as_i64().unwrap_or_default();
        if let (Some(at), Ok(arrived)) = (sent.get(&version), arrived.parse::<i64>())
            && event["id"].as_i64() == Some(task)
        {
            lags_ms.push((arrived - at) as f64 / 1000.0);
        }
    }
    let expected = WRITES * watching;
    println!(
        "  2. {WRITES} task updates on server A, {WRITE_EVERY:?} apart, to {watching} streams on server B: \
         {} of {expected} events arrived",
        lags_ms.len()
    );
    anyhow::ensure!(!lags_ms.is_empty(), "no event arrived");
    let (p50, p99, max) = percentiles(&mut lags_ms);
    let (write_p50, _, _) = percentiles(&mut write_ms);
    println!(
        "     write sent → event read: p50 {p50:.1} ms   p99 {p99:.1} ms   max {max:.1} ms   (target p99 < {P99_TARGET_MS:.0} ms: {}); \
         the write's own response: p50 {write_p50:.1} ms",
        if p99 < P99_TARGET_MS && lags_ms.len() == expected { "met" } else { "MISSED" }
    );
    anyhow::ensure!(lags_ms.len() == expected, "{} events missing", expected - lags_ms.len());
    Ok(())
}

/// `USERS` users (cost-4 bcrypt), their inboxes, and one project that all of them are in: its id.
async fn seed(pool: &sqlx::PgPool) -> anyhow::Result<i64> {
    let hash = bcrypt::hash(PASSWORD, 4)?;
    let mut tx = pool.begin().await?;
    sqlx::query(
        "INSERT INTO users (email, password_hash, created_at) \
         SELECT 'streams-' || n || '@bench.invalid', $2, now() FROM generate_series(1, $1) AS n",
    )
    .bind(USERS)
    .bind(&hash)
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "INSERT INTO projects (owner_id, name, inbox, created_at, updated_at) \
         SELECT id, 'Inbox', TRUE, now(), now() FROM users",
    )
    .execute(&mut *tx)
    .await?;
    let project: i64 = sqlx::query_scalar(
        "INSERT INTO projects (owner_id, name, inbox, created_at, updated_at) \
         SELECT min(id), 'Everyone', FALSE, now(), now() FROM users RETURNING id",
    )
    .fetch_one(&mut *tx)
    .await?;
    sqlx::query(
        "INSERT INTO memberships (project_id, user_id, role, added_at) \
         SELECT p.id, u.id, CASE WHEN p.owner_id = u.id THEN 'owner' ELSE 'editor' END, now() \
         FROM projects p JOIN users u ON u.id = p.owner_id OR NOT p.inbox",
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(project)
}

/// A server on `db` and the Redis prefix in this process, bcrypt at its cheapest: its address.
async fn serve(db: &BenchDatabase, redis: &str, redis_prefix: &str) -> anyhow::Result<String> {
    let Command::Serve(args) = Cli::parse_from(["tasktracker", "serve"]).command else { unreachable!() };
    let mut settings = args.settings;
    settings.database.database_url = db.url.clone();
    settings.redis_url = Some(redis.to_owned());
    settings.redis_key_prefix = redis_prefix.to_owned();
    settings.data_dir = db.dir().to_owned();
    settings.jwt_secret = Some(JwtSecret::new("event-streams-bench-secret-0123456789").unwrap());
    settings.bcrypt_cost = 4;
    let (state, _effects) = app::build_state(&settings).await?;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?.to_string();
    let router = http::router(state, &HttpOptions::from(&settings));
    let listener = StallListener::new(listener, Duration::from_secs(settings.write_stall_secs));
    tokio::spawn(app::run(router, listener, std::future::pending(), Duration::from_secs(1)));
    Ok(addr)
}

/// This bench again, as the client holding `streams` streams to `addr`, round-robin over `tokens`.
fn spawn_client(addr: &str, streams: usize, tokens: &[String]) -> anyhow::Result<Child> {
    Ok(std::process::Command::new(std::env::current_exe()?)
        .env("EVENT_STREAMS_CLIENT", addr)
        .env("EVENT_STREAMS_COUNT", streams.to_string())
        .env("EVENT_STREAMS_TOKENS", tokens.join(","))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()?)
}

/// Waits for the client's `ready <opened> <failed>` line.
fn wait_ready(child: &mut Child) -> anyhow::Result<(usize, usize)> {
    let stdout = child.stdout.as_mut().expect("piped");
    let mut line = String::new();
    // One byte at a time: the rest of its output is read after it exits.
    let mut byte = [0u8; 1];
    while !line.ends_with('\n') {
        anyhow::ensure!(
            std::io::Read::read(stdout, &mut byte)? == 1,
            "the client exited before it was ready"
        );
        line.push(byte[0] as char);
    }
    let mut words = line.split_whitespace().skip(1).map(str::parse::<usize>);
    match (words.next(), words.next()) {
        (Some(Ok(opened)), Some(Ok(failed))) => Ok((opened, failed)),
        _ => anyhow::bail!("the client said {line:?}"),
    }
}

/// The child: opens the streams, says `ready <opened> <failed>`, reads them until its stdin closes,
/// then prints each event's arrival (`<unix µs> <data>`, one a line) and exits.
async fn client() -> anyhow::Result<()> {
    let addr = std::env::var("EVENT_STREAMS_CLIENT")?;
    let count: usize = std::env::var("EVENT_STREAMS_COUNT")?.parse()?;
    let tokens: Vec<String> = std::env::var("EVENT_STREAMS_TOKENS")?.split(',').map(str::to_owned).collect();
    let (arrivals, mut arrived) = tokio::sync::mpsc::unbounded_channel::<(i64, String)>();
    let opening = std::sync::Arc::new(tokio::sync::Semaphore::new(OPENING));
    let mut opened = tokio::task::JoinSet::new();
    for i in 0..count {
        let (addr, token, arrivals, opening) =
            (addr.clone(), tokens[i % tokens.len()].clone(), arrivals.clone(), opening.clone());
        opened.spawn(async move {
            let permit = opening.acquire_owned().await?;
            let mut reader = open_stream(&addr, &token).await?;
            drop(permit);
            // The rest of the stream, read for as long as this process lives.
            tokio::spawn(async move {
                let mut line = String::new();
                while reader.read_line(&mut line).await.is_ok_and(|n| n > 0) {
                    if let Some(data) = line.trim_end().strip_prefix("data: ") {
                        let _ = arrivals.send((unix_micros(), data.to_owned()));
                    }
                    line.clear();
                }
            });
            anyhow::Ok(())
        });
    }
    drop(arrivals);
    let (mut ok, mut failed) = (0, 0);
    while let Some(result) = opened.join_next().await {
        match result {
            Ok(Ok(())) => ok += 1,
            Ok(Err(err)) => {
                if failed == 0 {
                    eprintln!("event_streams client: a stream failed: {err:#}");
                }
                failed += 1;
            }
            Err(err) => return Err(err.into()),
        }
    }
    println!("ready {ok} {failed}");
    std::io::stdout().flush()?;
    // Until the parent closes stdin, on a thread of its own.
    tokio::task::spawn_blocking(|| std::io::stdin().lock().lines().count()).await?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    while let Ok((at, data)) = arrived.try_recv() {
        writeln!(out, "{at} {data}")?;
    }
    out.flush()?;
    // The streams' tasks are still reading: leave without waiting for them.
    std::process::exit(0);
}

/// Sends `GET /api/v1/events` and reads the response head: the reader, at the body.
async fn open_stream(addr: &str, token: &str) -> anyhow::Result<BufReader<tokio::net::TcpStream>> {
    let mut socket = tokio::net::TcpStream::connect(addr).await?;
    let request = format!(
        "GET /api/v1/events HTTP/1.1\r\nhost: {addr}\r\naccept: text/event-stream\r\nauthorization: Bearer {token}\r\n\r\n"
    );
    socket.write_all(request.as_bytes()).await?;
    let mut reader = BufReader::new(socket);
    let mut line = String::new();
    reader.read_line(&mut line).await?;
    anyhow::ensure!(line.starts_with("HTTP/1.1 200"), "answered {line:?}");
    loop {
        line.clear();
        anyhow::ensure!(reader.read_line(&mut line).await? > 0, "closed in the head");
        if line == "\r\n" {
            return Ok(reader);
        }
    }
}

/// Raises this process's RLIMIT_NOFILE (and so its children's) to `wanted`, the hard limit too if
/// allowed: the limit it has now.
fn raise_fd_limit(wanted: u64) -> anyhow::Result<u64> {
    let mut limit = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
    // SAFETY: getrlimit and setrlimit only read and write the struct given.
    unsafe {
        anyhow::ensure!(libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) == 0, "getrlimit failed");
        if limit.rlim_cur >= wanted {
            return Ok(limit.rlim_cur);
        }
        let raised = libc::rlimit { rlim_cur: wanted, rlim_max: limit.rlim_max.max(wanted) };
        if libc::setrlimit(libc::RLIMIT_NOFILE, &raised) == 0 {
            return Ok(wanted);
        }
        // Not allowed past the hard limit: up to it.
        let capped = libc::rlimit { rlim_cur: limit.rlim_max, rlim_max: limit.rlim_max };
        anyhow::ensure!(libc::setrlimit(libc::RLIMIT_NOFILE, &capped) == 0, "setrlimit failed");
        Ok(limit.rlim_max)
    }
}

/// This process's resident memory, in KB.
fn rss_kb() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let line = status.lines().find(|l| l.starts_with("VmRSS:")).unwrap_or("VmRSS: 0 kB");
    line.split_whitespace().nth(1).and_then(|kb| kb.parse().ok()).unwrap_or(0)
}

/// This process's CPU time (user + system), in seconds.
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // After the command name's closing parenthesis: utime and stime are the 12th and 13th fields.
    let fields: Vec<&str> = stat.rsplit_once(')').map_or("", |(_, rest)| rest).split_whitespace().collect();
    let ticks = |i: usize| fields.get(i).and_then(|t| t.parse::<f64>().ok()).unwrap_or(0.0);
    // SAFETY: sysconf has no preconditions.
    let per_second = unsafe { libc::sysconf(libc::_SC_CLK_TCK) } as f64;
    (ticks(11) + ticks(12)) / per_second
}

fn unix_micros() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_micros() as i64)
}

/// p50, p99 and max of `samples`, in place.
fn percentiles(samples: &mut [f64]) -> (f64, f64, f64) {
    samples.sort_by(f64::total_cmp);
    let at = |p: f64| samples[((samples.len() as f64 - 1.0) * p).round() as usize];
    (at(0.5), at(0.99), at(1.0))
}

fn load() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .unwrap_or_default()
        .split(' ')
        .take(3)
        .collect::<Vec<_>>()
        .join(" ")
}
