//! `report`: reads the JSON lines that one run of scripts/bench.sh collected and prints the
//! summary table, the ratios to the floor measured in that run, and the targets of issue 7.

use anyhow::Context;
use serde_json::Value;

use crate::args::Args;

fn f(v: &Value, key: &str) -> f64 {
    v[key].as_f64().unwrap_or(f64::NAN)
}

fn median(mut xs: Vec<f64>) -> f64 {
    xs.retain(|x| x.is_finite());
    if xs.is_empty() {
        return f64::NAN;
    }
    xs.sort_by(f64::total_cmp);
    let n = xs.len();
    if n % 2 == 1 { xs[n / 2] } else { (xs[n / 2 - 1] + xs[n / 2]) / 2.0 }
}

fn thousands(x: f64) -> String {
    if !x.is_finite() {
        return "-".into();
    }
    if x < 100.0 {
        return format!("{x:.1}");
    }
    let s = format!("{:.0}", x);
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn describe(label: &str, meta: &Value) -> String {
    let deep = |key: &str| meta[key].as_i64().map(|p| format!(" (page {p})")).unwrap_or_default();
    match label {
        "list" => "list     GET /tasks?limit=50".into(),
        "profile" => "profile  GET /users/me".into(),
        "deep" => format!("deep     GET /tasks?cursor=…{}", deep("deep_page")),
        "deep-1M" => format!("deep     GET /tasks?cursor=…{}", deep("deep_page_big")),
        "list-ref" => "list     100×200, beside the 1M rows".into(),
        "deep-ref" => format!("deep     100×200{}, beside 1M", deep("deep_page")),
        "create" => "create   POST /tasks".into(),
        "patch" => "patch    PATCH /tasks/{id}".into(),
        "mixed" => "mixed    list50 me20 get10 create10 patch10".into(),
        "login" => "login    POST /auth/login".into(),
        "storm-list" => "list     beside a login storm".into(),
        "list-api-token" => "list     with an API token (tasks:read)".into(),
        "storm-login" => "login    storm (beside list)".into(),
        other => other.into(),
    }
}

struct Row {
    tag: String,
    label: String,
    lines: Vec<Value>,
}

impl Row {
    fn med(&self, key: &str) -> f64 {
        median(self.lines.iter().map(|l| f(l, key)).collect())
    }
    fn sum(&self, key: &str) -> u64 {
        self.lines.iter().map(|l| l[key].as_u64().unwrap_or(0)).sum()
    }
    fn max(&self, key: &str) -> f64 {
        self.lines.iter().map(|l| f(l, key)).filter(|x| x.is_finite()).fold(f64::NAN, f64::max)
    }
    fn errors(&self) -> u64 {
        self.sum("non2xx") + self.sum("socket_errors") + self.sum("timeouts")
    }
}

pub fn report(args: &Args) -> anyhow::Result<()> {
    let path = args.req("results")?;
    let text = std::fs::read_to_string(path).with_context(|| format!("reading {path}"))?;
    let lines: Vec<Value> = text.lines().filter_map(|l| serde_json::from_str(l).ok()).collect();
    let of_kind = |kind: &'static str| lines.iter().filter(move |l| l["kind"] == kind);
    let meta = of_kind("meta").next().cloned().unwrap_or(Value::Null);

    // The floor: per round, the lower of Redis GETs and the list SELECT through pgbench.
    let floors: Vec<(i64, f64, f64)> = of_kind("floor")
        .map(|l| (l["round"].as_i64().unwrap_or(1), f(l, "redis_get_rps"), f(l, "pgbench_tps")))
        .collect();
    let floor_of_round = |round: Option<i64>| -> f64 {
        let matching: Vec<f64> = floors
            .iter()
            .filter(|(r, _, _)| round.is_none_or(|want| *r == want))
            .map(|(_, redis, pg)| redis.min(*pg))
            .collect();
        if matching.is_empty() {
            median(floors.iter().map(|(_, a, b)| a.min(*b)).collect())
        } else {
            median(matching)
        }
    };
    let floor = floor_of_round(None);
    let bcrypt = of_kind("bcrypt").next().cloned().unwrap_or(Value::Null);
    let bound = f(&bcrypt, "bound_per_s");

    let mut rows: Vec<Row> = Vec::new();
    for l in of_kind("scenario") {
        let (tag, label) = (l["tag"].as_str().unwrap_or(""), l["label"].as_str().unwrap_or(""));
        match rows.iter_mut().find(|r| r.tag == tag && r.label == label) {
            Some(row) => row.lines.push(l.clone()),
            None => rows.push(Row { tag: tag.into(), label: label.into(), lines: vec![l.clone()] }),
        }
    }
    let find = |tag: &str, label: &str| rows.iter().find(|r| r.tag == tag && r.label == label);
    let ratio_to_floor = |row: &Row| -> f64 {
        median(row.lines.iter().map(|l| f(l, "rps") / floor_of_round(l["round"].as_i64())).collect())
    };

    let rounds = floors.len().max(1);
    println!();
    println!("=== Task Tracker benchmark ===");
    println!(
        "{} | {} cores | {} connections | {} s per scenario after {} s warm-up | commit {}",
        meta["date"].as_str().unwrap_or("?"),
        meta["cores"].as_i64().unwrap_or(0),
        meta["connections"].as_i64().unwrap_or(0),
        meta["duration"].as_f64().unwrap_or(0.0),
        meta["warmup"].as_f64().unwrap_or(0.0),
        meta["commit"].as_str().unwrap_or("?"),
    );
    println!(
        "server: release build, serve --no-worker, BCRYPT_COST=12, DATABASE_MAX_CONNECTIONS {}; load: ttbench (bench/), {} thread(s), closed loop, keep-alive",
        meta["db_max_connections"].as_str().unwrap_or("default (8)"),
        meta["loadgen_threads"].as_i64().unwrap_or(1),
    );
    println!();
    for (round, redis, pg) in &floors {
        println!(
            "floor round {round}: redis-benchmark GET (c=64): {}/s | pgbench list SELECT (c=64, prepared): {}/s | min = {}/s",
            thousands(*redis),
            thousands(*pg),
            thousands(redis.min(*pg)),
        );
    }
    println!(
        "floor = min(Redis GET rate, pgbench list-SELECT rate){}: {}/s — each scenario's \"× floor\" is its req/s ÷ that",
        if rounds > 1 { ", median over rounds; ratios are per round, then the median" } else { "" },
        thousands(floor)
    );
    println!(
        "bcrypt verify at cost {}: {:.1} ms (median of 5, just before the login rows) → login bound = {} cores ÷ {:.3} s = {:.2} logins/s ({} threads verifying at once got {:.2}/s)",
        bcrypt["cost"].as_i64().unwrap_or(12),
        f(&bcrypt, "verify_ms"),
        bcrypt["cores"].as_i64().unwrap_or(0),
        f(&bcrypt, "verify_ms") / 1000.0,
        bound,
        bcrypt["cores"].as_i64().unwrap_or(0),
        f(&bcrypt, "parallel_per_s"),
    );
    let end = of_kind("end").next().cloned().unwrap_or(Value::Null);
    println!(
        "machine load average (1/5/15 min) at start: {}, at end: {} (a shared machine: other work competes for the 2 cores)",
        meta["loadavg_start"].as_str().unwrap_or("?"),
        end["loadavg_end"].as_str().unwrap_or("?"),
    );
    println!();
    let header = format!(
        "{:<7} {:<42} {:>2} {:>5} {:>9} {:>8} {:>8} {:>7} {:>11} {:>8} {:>6} {:>6} {:>6} {:>6} {:>9}",
        "backend",
        "scenario",
        "n",
        "conns",
        "req/s",
        "p50 ms",
        "p99 ms",
        "p99/p50",
        "errors",
        "peak RSS",
        "server",
        "pg+rds",
        "irq",
        "others",
        "ratio"
    );
    println!("{header}");
    println!("{}", "-".repeat(header.chars().count()));
    for row in &rows {
        let rps = row.med("rps");
        let ratio = if row.label.contains("login") {
            format!("{:.2}×bcb", rps / bound)
        } else {
            format!("{:.2}×fl", ratio_to_floor(row))
        };
        println!(
            "{:<7} {:<42} {:>2} {:>5} {:>9} {:>8.2} {:>8.2} {:>7.2} {:>11} {:>6.1}MB {:>5.0}% {:>5.0}% {:>5.0}% {:>5.0}% {:>9}",
            row.tag,
            describe(&row.label, &meta),
            row.lines.len(),
            row.lines[0]["connections"].as_i64().unwrap_or(0),
            thousands(rps),
            row.med("p50_ms"),
            row.med("p99_ms"),
            row.med("p99_ms") / row.med("p50_ms"),
            format!("{}/{}/{}", row.sum("non2xx"), row.sum("socket_errors"), row.sum("timeouts")),
            row.max("server_peak_rss_kb") / 1024.0,
            row.med("server_cpu_pct"),
            row.med("db_cpu_pct"),
            row.med("irq_cpu_pct"),
            row.med("others_cpu_pct"),
            ratio,
        );
    }
    println!("{}", "-".repeat(header.chars().count()));
    println!(
        "n: runs of the row (figures are medians; errors are summed). errors: non-2xx / socket errors / timeouts."
    );
    println!(
        "ratio: ×fl = req/s ÷ floor (the floor is PostgreSQL + Redis; SQLite rows use it too, for scale); ×bcb = login/s ÷ bcrypt bound."
    );
    println!(
        "peak RSS: the server's VmHWM over the row's measured window (reset before each). CPU, in % of one core (the machine has {}%):",
        meta["cores"].as_i64().unwrap_or(0) * 100
    );
    println!(
        "  server; pg+rds = every postgres and redis-server process; irq = interrupts and softirqs (mostly the loopback network stack);\n  others = the rest of the machine minus the load generator: other work on this shared machine, i.e. noise."
    );
    println!();

    for l in of_kind("explain") {
        println!(
            "EXPLAIN {:<36} {}; {} rows; execution {:.3} ms; shared buffers hit {} read {} → {}",
            l["name"].as_str().unwrap_or(""),
            l["node"].as_str().unwrap_or("?"),
            l["rows"].as_i64().unwrap_or(-1),
            f(l, "exec_ms"),
            l["hit"].as_i64().unwrap_or(-1),
            l["read"].as_i64().unwrap_or(-1),
            if l["ok"].as_bool() == Some(true) {
                "no Seq Scan, no OFFSET"
            } else {
                "PROBLEM: see the plan above"
            },
        );
    }

    // Targets of issue 7, judged on this run's own figures.
    println!();
    println!("targets (issue 7), on this run:");
    let check = |what: String, value: String, ok: Option<bool>| {
        let verdict = match ok {
            Some(true) => "met",
            Some(false) => "MISSED",
            None => "",
        };
        println!("  {:<72} {:>32}  {}", what, value, verdict);
    };
    let mut max_rss = f64::NAN;
    for row in rows.iter().filter(|r| r.tag.starts_with("pg")) {
        max_rss = max_rss.max(row.max("server_peak_rss_kb") / 1024.0);
    }
    for label in ["list", "profile"] {
        if let Some(row) = find("pg", label) {
            let ratio = ratio_to_floor(row);
            check(
                format!("{label}: ≥ 0.5× floor (ambitious 0.6×)"),
                format!("{ratio:.2}×"),
                Some(ratio >= 0.5),
            );
            let (p50, p99) = (row.med("p50_ms"), row.med("p99_ms"));
            check(
                format!("{label}: p99 < 20 ms and ≤ 2× p50"),
                format!("p99 {p99:.1} ms, {:.2}× p50", p99 / p50),
                Some(p99 < 20.0 && p99 <= 2.0 * p50),
            );
            check(
                format!("{label}: zero errors and timeouts"),
                format!("{}", row.errors()),
                Some(row.errors() == 0),
            );
        }
    }
    // The Redis read cache (issue 7 asks for both numbers): the same reads with it off.
    for label in ["list", "profile"] {
        if let (Some(on), Some(off)) = (find("pg", label), find("pg-nc", label)) {
            let (a, b) = (ratio_to_floor(off), ratio_to_floor(on));
            check(
                format!("{label}: the read cache's gain (pg-nc = cache off)"),
                format!("{a:.2}× → {b:.2}× floor = {:.2}×", b / a),
                None,
            );
        }
    }
    // Issue 14: an API token's check (one token-store round trip) against a JWT's.
    for tag in ["pg", "pg-nc"] {
        if let (Some(jwt), Some(token)) = (find(tag, "list"), find(tag, "list-api-token")) {
            let (a, b) = (jwt.med("rps"), token.med("rps"));
            check(
                format!("list ({tag}): API token vs JWT throughput"),
                format!("{}/s vs {}/s = {:.2}×", thousands(b), thousands(a), b / a),
                None,
            );
        }
    }
    if let Some(row) = find("pg", "login") {
        let share = row.med("rps") / bound;
        check(
            "login: ≥ 90% of the bcrypt bound".into(),
            format!("{}/s of {:.2}/s = {:.0}%", thousands(row.med("rps")), bound, share * 100.0),
            Some(share >= 0.9),
        );
    }
    if let (Some(quiet), Some(storm)) = (find("pg", "list"), find("pg", "storm-list")) {
        let (q, s) = (quiet.med("p99_ms"), storm.med("p99_ms"));
        check(
            "list p99 during a login storm < 2× quiet p99".into(),
            format!("{s:.1} ms vs {q:.1} ms = {:.1}×", s / q),
            Some(s < 2.0 * q),
        );
    }
    check(
        "server peak RSS < 50 MB under load (PostgreSQL rows)".into(),
        format!("{max_rss:.1} MB"),
        Some(max_rss < 50.0),
    );
    for (big, small, what) in
        [("list", "list-ref", "first page"), ("deep-1M", "deep-ref", "deep cursor page")]
    {
        if let (Some(b), Some(s)) = (find("pg-1M", big), find("pg-nc", small).or(find("pg", small))) {
            let (pb, ps) = (b.med("p50_ms"), s.med("p50_ms"));
            check(
                format!("1M tasks: {what} p50 ≤ 1.5× small dataset's (measured beside)"),
                format!("{pb:.2} ms vs {ps:.2} ms = {:.2}×", pb / ps),
                Some(pb <= 1.5 * ps),
            );
        }
    }
    let plans: Vec<&Value> = of_kind("explain").collect();
    if !plans.is_empty() {
        let ok = plans.iter().all(|l| l["ok"].as_bool() == Some(true));
        check(
            "1M tasks: EXPLAIN shows index scans, no Seq Scan, no OFFSET".into(),
            format!("{} plans", plans.len()),
            Some(ok),
        );
    }

    let phases: Vec<&Value> = of_kind("phase").collect();
    if !phases.is_empty() {
        let parts: Vec<String> = phases
            .iter()
            .map(|p| format!("{} {:.0} s", p["name"].as_str().unwrap_or("?"), f(p, "seconds")))
            .collect();
        let total: f64 = phases.iter().map(|p| f(p, "seconds")).sum();
        println!();
        println!("time: {} | total {:.0} s", parts.join(", "), total);
    }
    Ok(())
}
