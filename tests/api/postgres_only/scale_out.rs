//! Several stateless nodes on one PostgreSQL and one Redis: two `serve --no-worker` and two
//! `worker` processes behave as one service.

use std::time::{Duration, Instant};

use chrono::Utc;
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{PASSWORD, RedisPrefix, TestDatabase, redis_url, session_of};
use crate::process::{BinaryServer, BinaryWorker, free_port};

struct Cluster {
    a: BinaryServer,
    b: BinaryServer,
    _workers: [BinaryWorker; 2],
    database: TestDatabase,
    _redis: RedisPrefix,
    _dir: tempfile::TempDir,
}

async fn cluster() -> Cluster {
    let dir = tempfile::tempdir().unwrap();
    let database = TestDatabase::create().await;
    let redis = RedisPrefix::new();
    let env = vec![
        ("DATABASE_URL", database.url.clone()),
        ("REDIS_URL", redis_url()),
        ("REDIS_KEY_PREFIX", redis.0.clone()),
        ("JWT_SECRET", "shared-cluster-secret-shared-cluster-secret".to_owned()),
        ("LOGIN_MAX_FAILURES", "3".to_owned()),
        ("REMINDER_POLL_MS", "200".to_owned()),
    ];
    let a = BinaryServer::start_with(&["serve", "--no-worker"], dir.path(), free_port(), &env).await;
    let b = BinaryServer::start_with(&["serve", "--no-worker"], dir.path(), free_port(), &env).await;
    let workers = [BinaryWorker::start(&env), BinaryWorker::start(&env)];
    Cluster { a, b, _workers: workers, database, _redis: redis, _dir: dir }
}

async fn me(node: &BinaryServer, access: &str) -> StatusCode {
    Client::new().get(node.url("/api/v1/users/me")).bearer_auth(access).send().await.unwrap().status()
}

#[tokio::test]
async fn two_nodes_and_two_workers_behave_as_one_service() {
    let cluster = cluster().await;
    let (a, b) = (&cluster.a, &cluster.b);
    let client = Client::new();
    a.register("everywhere@example.com").await;

    // A login on A works on B, and a refresh on B of A's cookie too.
    let session = session_of(a.login("everywhere@example.com", PASSWORD).await).await;
    assert_eq!(me(b, &session.access).await, StatusCode::OK);
    let refreshed = client
        .post(b.url("/api/v1/auth/refresh"))
        .header("cookie", format!("refresh_token={}", session.refresh))
        .send()
        .await
        .unwrap();
    assert_eq!(refreshed.status(), StatusCode::OK);
    let session = session_of(refreshed).await;

    // A logout on A refuses the token on B at once.
    let logout = client.post(a.url("/api/v1/auth/logout")).bearer_auth(&session.access).send().await.unwrap();
    assert_eq!(logout.status(), StatusCode::NO_CONTENT);
    assert_eq!(me(b, &session.access).await, StatusCode::UNAUTHORIZED);

    // The failure limit is shared: failures on A and B add up.
    for node in [a, b, a] {
        assert_eq!(
            node.login("everywhere@example.com", "wrong password").await.status(),
            StatusCode::UNAUTHORIZED
        );
    }
    assert_eq!(b.login("everywhere@example.com", PASSWORD).await.status(), StatusCode::TOO_MANY_REQUESTS);

    // 200 reminders, created through both nodes, are each delivered exactly once by the two workers.
    b.register("reminded@example.com").await;
    let access = b.session("reminded@example.com").await.access;
    let due = (Utc::now() + chrono::Duration::milliseconds(500)).to_rfc3339();
    let mut creations = tokio::task::JoinSet::new();
    for i in 0..200 {
        let node = if i % 2 == 0 { a.url("/api/v1/tasks") } else { b.url("/api/v1/tasks") };
        let (client, access, due) = (client.clone(), access.clone(), due.clone());
        creations.spawn(async move {
            let body = json!({"title": format!("reminder {i}"), "reminders": [{"at": due}]});
            client.post(node).bearer_auth(access).json(&body).send().await.unwrap().status()
        });
        if creations.len() >= 8 {
            assert_eq!(creations.join_next().await.unwrap().unwrap(), StatusCode::CREATED);
        }
    }
    for status in creations.join_all().await {
        assert_eq!(status, StatusCode::CREATED);
    }
    // The items of a page, read through `node`.
    let items = async |node: &BinaryServer, path: &str| -> Vec<Value> {
        let request = client.get(node.url(path)).bearer_auth(&access);
        let page: Value = request.send().await.unwrap().json().await.unwrap();
        page["items"].as_array().unwrap().clone()
    };
    // Both nodes read (and cache) the first page while reminders are still arriving.
    items(a, "/api/v1/tasks?limit=100").await;
    items(b, "/api/v1/tasks?limit=100").await;
    let pool = sqlx::PgPool::connect(&cluster.database.url).await.unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let reminded: i64 = sqlx::query_scalar("SELECT count(*) FROM reminders WHERE sent_at IS NOT NULL")
            .fetch_one(&pool)
            .await
            .unwrap();
        if reminded == 200 {
            break;
        }
        assert!(Instant::now() < deadline, "{reminded} of 200 reminders delivered within 20 s");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    let (total, distinct): (i64, i64) =
        sqlx::query_as("SELECT count(*), count(DISTINCT reminder_id) FROM notifications")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!((total, distinct), (200, 200), "each reminder exactly once");
    // The workers, in other processes, dropped what the nodes had cached.
    for node in [a, b] {
        let tasks = items(node, "/api/v1/tasks?limit=100").await;
        assert_eq!(tasks.len(), 100);
        assert!(tasks.iter().all(|t| t["reminders"][0]["sent_at"].is_string()), "a node served a stale page");
    }
    let notifications = items(a, "/api/v1/notifications?limit=100").await;
    assert_eq!(notifications.len(), 100, "visible through the API on either node");
    pool.close().await;
}
