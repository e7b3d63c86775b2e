//! PostgreSQL out of reach: 503, never 500.

use std::time::{Duration, Instant};

use reqwest::StatusCode;
use serde_json::Value;

use super::load::{Load, assert_only_successes_and_503s};
use super::own_postgres::OwnPostgres;
use crate::helpers::*;
use crate::process::free_port;

#[tokio::test]
async fn an_unreachable_database_is_503_never_500() {
    // Nothing listens on port 1: the database is down from the start.
    let app = spawn_app_with(Options {
        backend: Backend::Postgres,
        database_url: Some("postgres://postgres@127.0.0.1:1/nowhere".into()),
        ..Default::default()
    })
    .await;
    assert_eq!(app.client.get(app.url("/healthz")).send().await.unwrap().status(), StatusCode::OK);
    let response = app.client.get(app.url("/readyz")).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
    let body: Value = response.json().await.unwrap();
    assert_eq!(
        (body["checks"]["database"].as_str(), body["checks"]["token_store"].as_str()),
        (Some("unavailable"), Some("ok"))
    );
    assert_error(
        app.register(&unique_email(), PASSWORD).await,
        StatusCode::SERVICE_UNAVAILABLE,
        "unavailable",
    )
    .await;
    assert_error(app.login(&unique_email(), PASSWORD).await, StatusCode::SERVICE_UNAVAILABLE, "unavailable")
        .await;
}

#[tokio::test]
async fn a_database_that_refuses_this_server_is_503_never_500() {
    // PostgreSQL answers, but will not serve: the database is gone (3D000, a wrong name or one
    // dropped), or the role is at its connection limit (53300, as when nodes outgrow
    // max_connections; with password authentication, this role without one fails first, 28P01).
    let admin_url = admin_database_url();
    let admin = sqlx::PgPool::connect(&admin_url).await.unwrap();
    let role = format!("tasktracker_limited_{}", uuid::Uuid::new_v4().simple());
    let create = format!("CREATE ROLE {role} LOGIN CONNECTION LIMIT 0");
    sqlx::query(sqlx::AssertSqlSafe(create)).execute(&admin).await.unwrap();
    let mut missing = reqwest::Url::parse(&admin_url).unwrap();
    missing.set_path(&format!("tasktracker_missing_{}", uuid::Uuid::new_v4().simple()));
    let mut limited = reqwest::Url::parse(&admin_url).unwrap();
    limited.set_username(&role).unwrap();
    limited.set_password(None).unwrap();

    let mut answers = Vec::new();
    for url in [missing, limited] {
        let app = spawn_app_with(Options {
            backend: Backend::Postgres,
            database_url: Some(url.to_string()),
            ..Default::default()
        })
        .await;
        let register = app.register(&unique_email(), PASSWORD).await;
        let ready = app.client.get(app.url("/readyz")).send().await.unwrap().status();
        answers.push((url.to_string(), register, ready));
    }
    sqlx::query(sqlx::AssertSqlSafe(format!("DROP ROLE {role}"))).execute(&admin).await.unwrap();
    for (url, register, ready) in answers {
        assert_eq!(ready, StatusCode::SERVICE_UNAVAILABLE, "/readyz with {url}");
        assert_error(register, StatusCode::SERVICE_UNAVAILABLE, "unavailable").await;
    }
}

#[tokio::test]
async fn postgres_stopping_under_load_gives_503s_and_a_restart_gives_200s_within_two_seconds() {
    let postgres = OwnPostgres::start(free_port());
    let app = spawn_app_with(Options {
        backend: Backend::Postgres,
        database_url: Some(postgres.url()),
        ..Default::default()
    })
    .await;
    tasktracker::app::migrate(&app.settings.database).await.unwrap();
    let session = app.new_user().await;
    let load = Load::start(app.api(""), session.access.clone(), 4);
    tokio::time::sleep(Duration::from_millis(500)).await;

    postgres.stop();
    tokio::time::sleep(Duration::from_secs(3)).await;
    postgres.resume();
    let restarted = Instant::now();
    while app.get("/tasks", &session.access).await.status() != StatusCode::OK {
        assert!(restarted.elapsed() < Duration::from_secs(2), "no 200 within 2 s of PostgreSQL's restart");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    let answers = load.stop().await;
    // 3 s is the pool's wait for a connection; nothing may hang past it (plus slack for the machine).
    assert_only_successes_and_503s(&answers, Duration::from_secs(5));
}
