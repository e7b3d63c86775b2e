//! `run`: closed-loop load, bounded in time, on N keep-alive connections per group.
//!
//! Each connection sends its next request as soon as the previous answer is in (like wrk, so
//! latencies are not corrected for coordinated omission). Requests that start during the warm-up
//! are not counted. At the deadline no new request starts, and the ones in flight are waited for
//! and counted: throughput is counted requests ÷ (last counted answer − end of warm-up). That
//! matters for login, where 64 bcrypt verifies finish almost together every few seconds.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use serde_json::{Value, json};

use crate::args::Args;
use crate::client::{Conn, call, encode_query_value, request};
use crate::seed::{User, read_users, task_body};
use crate::sys;

#[derive(Clone, Copy, Debug, PartialEq)]
enum Op {
    List,
    DeepList,
    Profile,
    GetTask,
    Create,
    Patch,
    Login,
}

/// The mixed scenario, per 20 requests: 10 list, 4 profile, 2 get, 2 create, 2 patch.
const MIXED: [Op; 20] = [
    Op::List,
    Op::Profile,
    Op::List,
    Op::Create,
    Op::List,
    Op::GetTask,
    Op::List,
    Op::Profile,
    Op::Patch,
    Op::List,
    Op::List,
    Op::Profile,
    Op::List,
    Op::Create,
    Op::List,
    Op::GetTask,
    Op::List,
    Op::Profile,
    Op::Patch,
    Op::List,
];

fn ops_of(scenario: &str) -> anyhow::Result<Vec<Op>> {
    Ok(match scenario {
        "list" => vec![Op::List],
        "deep" => vec![Op::DeepList],
        "profile" => vec![Op::Profile],
        "get" => vec![Op::GetTask],
        "create" => vec![Op::Create],
        "patch" => vec![Op::Patch],
        "login" => vec![Op::Login],
        "mixed" => MIXED.to_vec(),
        other => bail!("unknown scenario {other:?}"),
    })
}

struct Group {
    label: String,
    scenario: String,
    ops: Vec<Op>,
    connections: usize,
}

struct Ctx {
    addr: String,
    users: Vec<User>,
    /// Per user: some of their task ids, for get and patch.
    task_ids: Vec<Vec<i64>>,
    password: String,
    limit: usize,
    measure_from: Instant,
    deadline: Instant,
    timeout: Duration,
}

#[derive(Default)]
struct Tally {
    latencies_us: Vec<u32>,
    statuses: BTreeMap<u16, u64>,
    socket_errors: u64,
    timeouts: u64,
    last_answer: Option<Instant>,
}

impl Tally {
    fn merge(&mut self, other: Tally) {
        self.latencies_us.extend(other.latencies_us);
        for (status, n) in other.statuses {
            *self.statuses.entry(status).or_default() += n;
        }
        self.socket_errors += other.socket_errors;
        self.timeouts += other.timeouts;
        self.last_answer = self.last_answer.max(other.last_answer);
    }
}

impl Ctx {
    fn build(&self, op: Op, user: usize, k: usize) -> Vec<u8> {
        let u = &self.users[user];
        let token = Some(u.token.as_str());
        let host = &self.addr;
        match op {
            Op::List => request("GET", host, &format!("/api/v1/tasks?limit={}", self.limit), token, None),
            Op::DeepList => {
                let path = match &u.cursor {
                    Some(c) => format!("/api/v1/tasks?limit={}&cursor={}", self.limit, encode_query_value(c)),
                    None => format!("/api/v1/tasks?limit={}", self.limit),
                };
                request("GET", host, &path, token, None)
            }
            Op::Profile => request("GET", host, "/api/v1/users/me", token, None),
            Op::GetTask => {
                let ids = &self.task_ids[user];
                request("GET", host, &format!("/api/v1/tasks/{}", ids[k % ids.len()]), token, None)
            }
            Op::Create => request("POST", host, "/api/v1/tasks", token, Some(&task_body(k))),
            Op::Patch => {
                let ids = &self.task_ids[user];
                let body = json!({"title": format!("Edited task {k}"), "completed": k.is_multiple_of(2)})
                    .to_string();
                request("PATCH", host, &format!("/api/v1/tasks/{}", ids[k % ids.len()]), token, Some(&body))
            }
            Op::Login => {
                let body = json!({"email": u.email, "password": self.password}).to_string();
                request("POST", host, "/api/v1/auth/login", None, Some(&body))
            }
        }
    }
}

async fn connection(ctx: Arc<Ctx>, ops: Arc<Vec<Op>>, index: usize, spread: usize) -> Tally {
    let mut tally = Tally::default();
    let mut conn: Option<Conn> = None;
    let n_users = ctx.users.len();
    // Connection i starts on user i and steps by the number of connections: tokens rotate
    // across every user, and at any moment the connections act as different users.
    let mut k = index;
    let mut round = index;
    loop {
        let started = Instant::now();
        if started >= ctx.deadline {
            break;
        }
        let counted = started >= ctx.measure_from;
        let op = ops[round % ops.len()];
        let req = ctx.build(op, k % n_users, k);
        k += spread;
        round += 1;
        if conn.is_none() {
            match tokio::time::timeout(ctx.timeout, Conn::connect(&ctx.addr)).await {
                Ok(Ok(c)) => conn = Some(c),
                Ok(Err(_)) | Err(_) => {
                    if counted {
                        tally.socket_errors += 1;
                    }
                    tokio::time::sleep(Duration::from_millis(10)).await;
                    continue;
                }
            }
        }
        let c = conn.as_mut().expect("connected above");
        let t0 = Instant::now();
        match tokio::time::timeout(ctx.timeout, c.send(&req)).await {
            Ok(Ok(status)) => {
                let done = Instant::now();
                if counted {
                    tally.latencies_us.push((done - t0).as_micros().min(u32::MAX as u128) as u32);
                    *tally.statuses.entry(status).or_default() += 1;
                    tally.last_answer = Some(done);
                }
                if c.closed {
                    conn = None;
                }
            }
            Ok(Err(_)) => {
                if counted {
                    tally.socket_errors += 1;
                }
                conn = None;
            }
            Err(_) => {
                if counted {
                    tally.timeouts += 1;
                }
                conn = None;
            }
        }
    }
    tally
}

fn percentile(sorted: &[u32], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1] as f64 / 1000.0
}

/// Fetches up to 100 task ids of every user, for the get and patch requests.
async fn task_ids(addr: &str, users: &[User]) -> anyhow::Result<Vec<Vec<i64>>> {
    let mut conn = None;
    let mut all = Vec::with_capacity(users.len());
    for u in users {
        let req = request("GET", addr, "/api/v1/tasks?limit=100", Some(&u.token), None);
        let (status, body) = call(&mut conn, addr, &req).await?;
        let ids: Vec<i64> = body["items"]
            .as_array()
            .map(|items| items.iter().filter_map(|t| t["id"].as_i64()).collect())
            .unwrap_or_default();
        if status != 200 || ids.is_empty() {
            bail!("no tasks for {} ({status})", u.email);
        }
        all.push(ids);
    }
    Ok(all)
}

pub async fn run(args: &Args) -> anyhow::Result<()> {
    let addr = args.req("addr")?.to_owned();
    let users = read_users(args.req("users")?)?;
    let duration = Duration::from_secs_f64(args.num("duration", 10.0)?);
    let warmup = Duration::from_secs_f64(args.num("warmup", 1.0)?);
    let timeout = Duration::from_secs_f64(args.num("timeout", 10.0)?);
    let server_pid = args.opt("server-pid").map(str::to_owned);
    let tag = args.opt("tag").unwrap_or("").to_owned();
    let round: i64 = args.num("round", 0)?;

    // --scenario NAME:CONNECTIONS[:LABEL], repeatable: the groups run side by side.
    let mut groups = Vec::new();
    for spec in args.all("scenario") {
        let mut parts = spec.splitn(3, ':');
        let scenario = parts.next().unwrap_or_default().to_owned();
        let connections: usize = parts.next().unwrap_or("64").parse().context("connections")?;
        let label = parts.next().unwrap_or(&scenario).to_owned();
        groups.push(Group { ops: ops_of(&scenario)?, label, scenario, connections });
    }
    if groups.is_empty() {
        bail!("give at least one --scenario NAME:CONNECTIONS[:LABEL]");
    }
    let needs_ids = groups.iter().any(|g| g.ops.iter().any(|op| matches!(op, Op::GetTask | Op::Patch)));
    let task_ids = if needs_ids { task_ids(&addr, &users).await? } else { vec![Vec::new(); users.len()] };
    if groups.iter().any(|g| g.ops.contains(&Op::DeepList)) && users.iter().any(|u| u.cursor.is_none()) {
        bail!("the deep scenario needs a users file with cursors (see `cursors`)");
    }

    let start = Instant::now();
    let ctx = Arc::new(Ctx {
        addr,
        users,
        task_ids,
        password: args.opt("password").unwrap_or_default().to_owned(),
        limit: args.num("limit", 50)?,
        measure_from: start + warmup,
        deadline: start + warmup + duration,
        timeout,
    });

    let mut handles = Vec::new();
    for group in &groups {
        let ops = Arc::new(group.ops.clone());
        let conns: Vec<_> = (0..group.connections)
            .map(|i| tokio::spawn(connection(ctx.clone(), ops.clone(), i, group.connections)))
            .collect();
        handles.push(conns);
    }

    // The server's peak RSS and CPU over the measured window only.
    tokio::time::sleep_until(ctx.measure_from.into()).await;
    let pid = server_pid.as_deref();
    let rss_reset = pid.is_some_and(sys::reset_peak_rss);
    let server_cpu0 = pid.and_then(sys::cpu_time);
    let own_cpu0 = sys::cpu_time("self");
    const DATABASES: [&str; 2] = ["postgres", "redis-server"];
    let db_cpu0 = sys::cpu_time_of(&DATABASES);
    let machine0 = sys::machine_jiffies();
    let window_start = Instant::now();

    let mut tallies = Vec::new();
    for conns in handles {
        let mut tally = Tally::default();
        for handle in conns {
            tally.merge(handle.await?);
        }
        tallies.push(tally);
    }
    let window = window_start.elapsed().as_secs_f64();
    let server_cpu = match (server_cpu0, pid.and_then(sys::cpu_time)) {
        (Some(a), Some(b)) => Some((b - a).as_secs_f64() / window * 100.0),
        _ => None,
    };
    let own_cpu = match (own_cpu0, sys::cpu_time("self")) {
        (Some(a), Some(b)) => Some((b - a).as_secs_f64() / window * 100.0),
        _ => None,
    };
    let peak_kb = pid.and_then(|p| sys::status_kb(p, "VmHWM"));
    // Everything on the machine, and the databases' share (every postgres and redis-server
    // process, so other users of the shared databases count too): what the rest of the machine
    // took shows how much a run was disturbed.
    let db_cpu = (sys::cpu_time_of(&DATABASES).saturating_sub(db_cpu0)).as_secs_f64() / window * 100.0;
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1) as f64;
    let (machine_cpu, irq_cpu) = match (machine0, sys::machine_jiffies()) {
        (Some(a), Some(b)) if b.total > a.total => {
            let scale = cores * 100.0 / (b.total - a.total) as f64;
            (Some((b.busy - a.busy) as f64 * scale), Some((b.irq - a.irq) as f64 * scale))
        }
        _ => (None, None),
    };
    let others_cpu = machine_cpu.map(|m| {
        (m - irq_cpu.unwrap_or(0.0) - server_cpu.unwrap_or(0.0) - own_cpu.unwrap_or(0.0) - db_cpu).max(0.0)
    });

    for (group, mut tally) in groups.iter().zip(tallies) {
        tally.latencies_us.sort_unstable();
        let ok: u64 = tally.statuses.iter().filter(|(s, _)| (200..300).contains(*s)).map(|(_, n)| n).sum();
        let answered: u64 = tally.statuses.values().sum();
        let elapsed = tally
            .last_answer
            .map(|t| t.saturating_duration_since(ctx.measure_from).as_secs_f64())
            .unwrap_or(duration.as_secs_f64())
            .max(0.001);
        let lat = &tally.latencies_us;
        let result = json!({
            "kind": "scenario",
            "tag": tag,
            "round": round,
            "label": group.label,
            "scenario": group.scenario,
            "connections": group.connections,
            "duration_s": duration.as_secs_f64(),
            "elapsed_s": elapsed,
            "requests": answered,
            "ok": ok,
            "rps": ok as f64 / elapsed,
            "p50_ms": percentile(lat, 50.0),
            "p90_ms": percentile(lat, 90.0),
            "p99_ms": percentile(lat, 99.0),
            "max_ms": percentile(lat, 100.0),
            "non2xx": answered - ok,
            "socket_errors": tally.socket_errors,
            "timeouts": tally.timeouts,
            "statuses": tally.statuses.iter().map(|(s, n)| (s.to_string(), json!(n))).collect::<serde_json::Map<String, Value>>(),
            "server_peak_rss_kb": peak_kb,
            "rss_window_reset": rss_reset,
            "server_cpu_pct": server_cpu,
            "loadgen_cpu_pct": own_cpu,
            "db_cpu_pct": db_cpu,
            "machine_cpu_pct": machine_cpu,
            "irq_cpu_pct": irq_cpu,
            "others_cpu_pct": others_cpu,
        });
        eprintln!(
            "  {:<28} c={:<3} {:>9.1} req/s  p50 {:>8.2} ms  p99 {:>8.2} ms  non-2xx {} sock {} timeouts {}  rss {:.1} MB  cpu: server {:.0}% loadgen {:.0}% pg+redis {:.0}% irq {:.0}% others {:.0}%",
            format!("{tag} {}", group.label),
            group.connections,
            result["rps"].as_f64().unwrap_or(0.0),
            result["p50_ms"].as_f64().unwrap_or(0.0),
            result["p99_ms"].as_f64().unwrap_or(0.0),
            answered - ok,
            tally.socket_errors,
            tally.timeouts,
            peak_kb.unwrap_or(0) as f64 / 1024.0,
            server_cpu.unwrap_or(0.0),
            own_cpu.unwrap_or(0.0),
            db_cpu,
            irq_cpu.unwrap_or(0.0),
            others_cpu.unwrap_or(0.0),
        );
        println!("{result}");
    }
    Ok(())
}
