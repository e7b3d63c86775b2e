//! ttbench: the load generator and helpers behind `scripts/bench.sh`.
//!
//!   ttbench bcrypt-time --cost 12 [--rounds 5]     one bcrypt verify, median, as a JSON line
//!   ttbench bcrypt-hash --cost 4 --password P      prints a hash (for users inserted by SQL)
//!   ttbench free-port                              prints a free loopback port
//!   ttbench wait-ready --addr HOST:PORT            waits for GET /readyz = 200
//!   ttbench seed-users --addr … --prefix P --password P --users N [--register false] --out F
//!   ttbench seed-tasks --addr … --users F --per-user N
//!   ttbench cursors --addr … --users F --page N --out F
//!   ttbench run --addr … --users F --scenario NAME:CONNS[:LABEL]… [--duration S] [--server-pid PID]
//!   ttbench report --results F                     the summary table
//!
//! `--threads N` (default 1) sets the load generator's runtime threads.

mod args;
mod client;
mod report;
mod run;
mod seed;
mod sys;

use std::time::Instant;

use anyhow::{Context, bail};

use args::Args;

fn main() -> anyhow::Result<()> {
    let mut raw = std::env::args().skip(1);
    let command = raw.next().context("usage: ttbench COMMAND [--flag value]…")?;
    let args = Args::parse(raw)?;
    let threads: usize = args.num("threads", 1)?;
    let runtime = if threads <= 1 {
        tokio::runtime::Builder::new_current_thread().enable_all().build()?
    } else {
        tokio::runtime::Builder::new_multi_thread().worker_threads(threads).enable_all().build()?
    };
    match command.as_str() {
        "bcrypt-time" => bcrypt_time(&args),
        "bcrypt-hash" => {
            let cost: u32 = args.num("cost", 4)?;
            println!("{}", bcrypt::hash(args.req("password")?, cost)?);
            Ok(())
        }
        "free-port" => {
            let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
            println!("{}", listener.local_addr()?.port());
            Ok(())
        }
        "wait-ready" => runtime.block_on(seed::wait_ready(&args)),
        "seed-users" => runtime.block_on(seed::seed_users(&args)),
        "seed-tasks" => runtime.block_on(seed::seed_tasks(&args)),
        "cursors" => runtime.block_on(seed::cursors(&args)),
        "run" => runtime.block_on(run::run(&args)),
        "report" => report::report(&args),
        other => bail!("unknown command {other:?}"),
    }
}

/// The time of one bcrypt verify at `--cost`, median of `--rounds`, and the login bound it sets:
/// cores ÷ that time.
fn bcrypt_time(args: &Args) -> anyhow::Result<()> {
    let cost: u32 = args.num("cost", 12)?;
    let rounds: usize = args.num("rounds", 5)?;
    let password = "correct horse battery staple";
    let hash = bcrypt::hash(password, cost)?;
    let mut times = Vec::with_capacity(rounds);
    for _ in 0..rounds {
        let t0 = Instant::now();
        let ok = bcrypt::verify(password, &hash)?;
        times.push(t0.elapsed().as_secs_f64() * 1000.0);
        if !ok {
            bail!("bcrypt verify failed");
        }
    }
    times.sort_by(f64::total_cmp);
    let median = times[times.len() / 2];
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);

    // The same verify on every core at once for `--parallel-secs`: what this machine gives right
    // now (on a shared machine, other processes take their share).
    let secs: f64 = args.num("parallel-secs", 3.0)?;
    let t0 = Instant::now();
    let threads: Vec<_> = (0..cores)
        .map(|_| {
            let hash = hash.clone();
            std::thread::spawn(move || {
                let mut n = 0u64;
                while t0.elapsed().as_secs_f64() < secs {
                    let _ = bcrypt::verify(password, &hash);
                    n += 1;
                }
                n
            })
        })
        .collect();
    let verified: u64 = threads.into_iter().map(|t| t.join().unwrap_or(0)).sum();
    let parallel = verified as f64 / t0.elapsed().as_secs_f64();

    let bound = cores as f64 / (median / 1000.0);
    let line = serde_json::json!({
        "kind": "bcrypt",
        "cost": cost,
        "verify_ms": median,
        "verify_ms_all": times,
        "cores": cores,
        "bound_per_s": bound,
        "parallel_per_s": parallel,
    });
    eprintln!(
        "  bcrypt verify at cost {cost}: {median:.1} ms (median of {rounds}); bound {cores} cores ÷ that = {bound:.2} logins/s; {cores} threads at once: {parallel:.2} verifies/s"
    );
    println!("{line}");
    Ok(())
}
