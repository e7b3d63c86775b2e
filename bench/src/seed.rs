//! Set-up through the API: register and log users in, create tasks, walk cursors, wait for ready.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use serde_json::{Value, json};

use crate::args::Args;
use crate::client::{Conn, call, encode_query_value, request};

/// A seeded user: what the load needs to act as them.
#[derive(Clone, Debug)]
pub struct User {
    pub email: String,
    pub id: i64,
    pub token: String,
    pub cursor: Option<String>,
}

pub fn read_users(path: &str) -> anyhow::Result<Vec<User>> {
    let text = std::fs::read_to_string(path).with_context(|| format!("reading {path}"))?;
    let value: Value = serde_json::from_str(&text)?;
    let users = value
        .as_array()
        .context("users file is not an array")?
        .iter()
        .map(|u| User {
            email: u["email"].as_str().unwrap_or_default().to_owned(),
            id: u["id"].as_i64().unwrap_or_default(),
            token: u["token"].as_str().unwrap_or_default().to_owned(),
            cursor: u["cursor"].as_str().map(str::to_owned),
        })
        .collect::<Vec<_>>();
    if users.is_empty() {
        bail!("{path} holds no users");
    }
    Ok(users)
}

pub fn write_users(path: &str, users: &[User]) -> anyhow::Result<()> {
    let list: Vec<Value> = users
        .iter()
        .map(|u| json!({"email": u.email, "id": u.id, "token": u.token, "cursor": u.cursor}))
        .collect();
    std::fs::write(path, serde_json::to_vec(&list)?).with_context(|| format!("writing {path}"))
}

pub fn email(prefix: &str, i: usize) -> String {
    format!("{prefix}-{i}@bench.example.com")
}

/// Runs `work(i, conn)` for i in 0..n on `concurrency` connections; fails on the first error.
async fn parallel<F, Fut, T>(addr: &str, n: usize, concurrency: usize, work: F) -> anyhow::Result<Vec<T>>
where
    F: Fn(usize, Option<Conn>) -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = anyhow::Result<(T, Option<Conn>)>> + Send,
    T: Send + 'static,
{
    let next = Arc::new(AtomicUsize::new(0));
    let work = Arc::new(work);
    let mut handles = Vec::new();
    for _ in 0..concurrency.max(1).min(n.max(1)) {
        let (next, work, addr) = (next.clone(), work.clone(), addr.to_owned());
        handles.push(tokio::spawn(async move {
            let mut conn = Conn::connect(&addr).await.ok();
            let mut done = Vec::new();
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= n {
                    break;
                }
                let (value, back) = work(i, conn.take()).await?;
                conn = back;
                done.push((i, value));
            }
            anyhow::Ok(done)
        }));
    }
    let mut all = Vec::new();
    for handle in handles {
        all.extend(handle.await??);
    }
    all.sort_by_key(|(i, _)| *i);
    Ok(all.into_iter().map(|(_, v)| v).collect())
}

/// `seed-users`: registers (unless `--register false`) and logs in `--users` users, then writes
/// `--out` with their ids and access tokens.
pub async fn seed_users(args: &Args) -> anyhow::Result<()> {
    let addr = args.req("addr")?.to_owned();
    let prefix = args.req("prefix")?.to_owned();
    let password = args.req("password")?.to_owned();
    let n: usize = args.num("users", 100)?;
    let first: usize = args.num("first", 1)?;
    let register = args.opt("register") != Some("false");
    let concurrency: usize = args.num("concurrency", 4)?;
    let out = args.req("out")?.to_owned();
    let started = Instant::now();
    let host = addr.clone();
    let users = parallel(&addr, n, concurrency, move |i, mut conn| {
        let (addr, host, prefix, password) = (host.clone(), host.clone(), prefix.clone(), password.clone());
        async move {
            let email = email(&prefix, first + i);
            let credentials = json!({"email": email, "password": password}).to_string();
            if register {
                let req = request("POST", &host, "/api/v1/auth/register", None, Some(&credentials));
                let (status, body) = call(&mut conn, &addr, &req).await?;
                if status != 201 && status != 409 {
                    bail!("register {email}: {status} {body}");
                }
            }
            let req = request("POST", &host, "/api/v1/auth/login", None, Some(&credentials));
            let (status, body) = call(&mut conn, &addr, &req).await?;
            let Some(token) = body["access_token"].as_str().filter(|_| status == 200) else {
                bail!("login {email}: {status} {body}");
            };
            let token = token.to_owned();
            let req = request("GET", &host, "/api/v1/users/me", Some(&token), None);
            let (status, body) = call(&mut conn, &addr, &req).await?;
            let Some(id) = body["id"].as_i64().filter(|_| status == 200) else {
                bail!("profile {email}: {status} {body}");
            };
            Ok((User { email, id, token, cursor: None }, conn))
        }
    })
    .await?;
    write_users(&out, &users)?;
    eprintln!(
        "seed-users: {} users {} in {:.1} s",
        users.len(),
        if register { "registered and logged in" } else { "logged in" },
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// `seed-tasks`: creates `--per-user` tasks for every user of `--users` through the API.
pub async fn seed_tasks(args: &Args) -> anyhow::Result<()> {
    let addr = args.req("addr")?.to_owned();
    let users = Arc::new(read_users(args.req("users")?)?);
    let per_user: usize = args.num("per-user", 200)?;
    let concurrency: usize = args.num("concurrency", 16)?;
    let started = Instant::now();
    let total = users.len() * per_user;
    let a = addr.clone();
    parallel(&addr, total, concurrency, move |i, mut conn| {
        let (addr, users) = (a.clone(), users.clone());
        async move {
            // Task j of every user in turn, so that created_at interleaves as in real use.
            let (user, j) = (&users[i % users.len()], i / users.len());
            let body = task_body(j);
            let req = request("POST", &addr, "/api/v1/tasks", Some(&user.token), Some(&body));
            let (status, body) = call(&mut conn, &addr, &req).await?;
            if status != 201 {
                bail!("create task for {}: {status} {body}", user.email);
            }
            Ok(((), conn))
        }
    })
    .await?;
    eprintln!("seed-tasks: {total} tasks created in {:.1} s", started.elapsed().as_secs_f64());
    Ok(())
}

/// A task like the ones bench/sql/seed_tasks.sql inserts.
pub fn task_body(j: usize) -> String {
    let priority = ["low", "medium", "high", "urgent"][j % 4];
    let mut body =
        json!({"title": format!("Task {j}"), "priority": priority, "completed": j.is_multiple_of(5)});
    if !j.is_multiple_of(3) {
        body["description"] = json!(format!(
            "Benchmark task description number {j}, long enough to look like a real note about the work to be done."
        ));
    }
    if !j.is_multiple_of(4) {
        body["due_date"] = json!("2027-01-04T09:30:00Z");
    }
    body.to_string()
}

/// `cursors`: for every user, follows `next_cursor` through `--page - 1` pages of `--limit` and
/// keeps the cursor that fetches page `--page` (the deepest one when there are fewer pages).
pub async fn cursors(args: &Args) -> anyhow::Result<()> {
    let addr = args.req("addr")?.to_owned();
    let path = args.req("users")?;
    let users = Arc::new(read_users(path)?);
    let page: usize = args.num("page", 4)?;
    let limit: usize = args.num("limit", 50)?;
    let concurrency: usize = args.num("concurrency", 16)?;
    let out = args.req("out")?.to_owned();
    let started = Instant::now();
    let a = addr.clone();
    let list = users.clone();
    let cursors = parallel(&addr, users.len(), concurrency, move |i, mut conn| {
        let (addr, users) = (a.clone(), list.clone());
        async move {
            let user = &users[i];
            let mut cursor: Option<String> = None;
            let mut reached = 1;
            while reached < page {
                let path = match &cursor {
                    Some(c) => format!("/api/v1/tasks?limit={limit}&cursor={}", encode_query_value(c)),
                    None => format!("/api/v1/tasks?limit={limit}"),
                };
                let req = request("GET", &addr, &path, Some(&user.token), None);
                let (status, body) = call(&mut conn, &addr, &req).await?;
                if status != 200 {
                    bail!("list for {}: {status} {body}", user.email);
                }
                match body["next_cursor"].as_str() {
                    Some(next) => cursor = Some(next.to_owned()),
                    None => break,
                }
                reached += 1;
            }
            Ok(((cursor, reached), conn))
        }
    })
    .await?;
    let shallowest = cursors.iter().map(|(_, reached)| *reached).min().unwrap_or(0);
    let with_cursor: Vec<User> =
        users.iter().zip(cursors).map(|(u, (cursor, _))| User { cursor, ..u.clone() }).collect();
    write_users(&out, &with_cursor)?;
    eprintln!(
        "cursors: {} users walked to page {page} (shallowest reached: {shallowest}) in {:.1} s",
        with_cursor.len(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// `wait-ready`: polls GET /readyz until it answers 200.
pub async fn wait_ready(args: &Args) -> anyhow::Result<()> {
    let addr = args.req("addr")?.to_owned();
    let deadline = Instant::now() + Duration::from_secs(args.num("timeout", 60)?);
    let req = request("GET", &addr, "/readyz", None, None);
    loop {
        let mut conn = None;
        if let Ok((200, _)) = call(&mut conn, &addr, &req).await {
            return Ok(());
        }
        if Instant::now() > deadline {
            bail!("{addr} did not become ready");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}
