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
