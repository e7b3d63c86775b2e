//! PostgreSQL out of reach: 503, never 500.

use reqwest::StatusCode;
use serde_json::Value;

use crate::helpers::*;

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
