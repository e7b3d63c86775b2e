//! Nothing acknowledged is lost: every task whose creation was answered 201 is there after the
//! server is killed with SIGKILL under write load and started again.

use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use reqwest::{Client, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{Backend, RedisPrefix, TestDatabase, redis_url};
use crate::process::{BinaryServer, free_port};

#[tokio::test]
async fn tasks_acknowledged_before_a_kill_9_are_there_after_restart() {
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    // On PostgreSQL, a database of the test's own; on SQLite, the defaults in `dir`.
    let database = match Backend::from_env() {
        Backend::Postgres => Some(TestDatabase::create().await),
        Backend::Sqlite => None,
    };
    let redis = RedisPrefix::new();
    let mut env = vec![("JWT_SECRET", "crash-test-secret-crash-test-secret!".to_owned())];
    if let Some(database) = &database {
        env.push(("DATABASE_URL", database.url.clone()));
        env.push(("REDIS_URL", redis_url()));
        env.push(("REDIS_KEY_PREFIX", redis.0.clone()));
    }

    let server = BinaryServer::start(dir.path(), port, &env).await;
    let client = Client::new();
    server.register("crash@example.com").await;
    let access = server.session("crash@example.com").await.access;

    // Eight writers create tasks as fast as they can; each remembers what was acknowledged.
    let acknowledged = Arc::new(Mutex::new(HashSet::new()));
    let mut writers = tokio::task::JoinSet::new();
    for writer in 0..8 {
        let (client, url, access, acknowledged) =
            (client.clone(), server.url("/api/v1/tasks"), access.clone(), acknowledged.clone());
        writers.spawn(async move {
            for i in 0.. {
                let body = json!({"title": format!("writer {writer} task {i}")});
                let Ok(response) = client.post(&url).bearer_auth(&access).json(&body).send().await else {
                    return; // the server is gone
                };
                if response.status() == StatusCode::CREATED {
                    let Ok(task) = response.json::<Value>().await else { return };
                    acknowledged.lock().unwrap().insert(task["id"].as_i64().unwrap());
                }
            }
        });
    }
    tokio::time::sleep(Duration::from_millis(1500)).await;
    server.kill_hard();
    writers.join_all().await;
    let acknowledged = acknowledged.lock().unwrap().clone();
    assert!(acknowledged.len() > 20, "the load was real: {} tasks acknowledged", acknowledged.len());

    let server = BinaryServer::start(dir.path(), port, &env).await;
    let mut stored = HashSet::new();
    let mut query = "limit=100".to_owned();
    loop {
        let page: Value = client
            .get(server.url(&format!("/api/v1/tasks?{query}")))
            .bearer_auth(&access)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        stored.extend(page["items"].as_array().unwrap().iter().map(|t| t["id"].as_i64().unwrap()));
        match page["next_cursor"].as_str() {
            Some(cursor) => query = format!("limit=100&cursor={cursor}"),
            None => break,
        }
    }
    let lost: Vec<_> = acknowledged.difference(&stored).collect();
    assert!(lost.is_empty(), "{} acknowledged tasks were lost: {lost:?}", lost.len());
    server.stop();
}
