//! The error table: every status comes with the contract's JSON body.

use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::*;

#[tokio::test]
async fn unknown_routes_are_404_json() {
    let app = spawn_app().await;
    let response = app.client.get(app.api("/nope")).send().await.unwrap();
    assert_error(response, StatusCode::NOT_FOUND, "not_found").await;
    let session = app.new_user().await;
    assert_error(app.get("/tasks/999999", &session.access).await, StatusCode::NOT_FOUND, "not_found").await;
    assert_error(app.get("/tasks/not-a-number", &session.access).await, StatusCode::NOT_FOUND, "not_found")
        .await;
}

#[tokio::test]
async fn a_wrong_method_is_405_json() {
    let app = spawn_app().await;
    let response = app.client.delete(app.api("/auth/login")).send().await.unwrap();
    assert_error(response, StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed").await;
    let response = app.client.put(app.api("/tasks")).send().await.unwrap();
    assert_error(response, StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed").await;
}

#[tokio::test]
async fn a_body_that_is_not_json_is_400() {
    let app = spawn_app().await;
    let response = app
        .client
        .post(app.api("/auth/register"))
        .header("content-type", "application/json")
        .body(r#"{"email": "a@example.com", "password": "#)
        .send()
        .await
        .unwrap();
    assert_error(response, StatusCode::BAD_REQUEST, "bad_request").await;
}

#[tokio::test]
async fn another_content_type_is_415() {
    let app = spawn_app().await;
    let body = json!({"email": "a@example.com", "password": PASSWORD}).to_string();
    for content_type in [None, Some("text/plain"), Some("application/x-www-form-urlencoded")] {
        let mut request = app.client.post(app.api("/auth/register")).body(body.clone());
        if let Some(content_type) = content_type {
            request = request.header("content-type", content_type);
        }
        assert_error(
            request.send().await.unwrap(),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
        )
        .await;
    }
    let charset = app
        .client
        .post(app.api("/auth/register"))
        .header("content-type", "application/json; charset=utf-8")
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(charset.status(), StatusCode::CREATED);
}

#[tokio::test]
async fn a_body_over_64_kib_is_413_and_creates_nothing() {
    let app = spawn_app().await;
    let session = app.new_user().await;
    let body = json!({"title": "big", "description": "x".repeat(70 * 1024)});
    let response = app.create_task(&session.access, body).await;
    assert_error(response, StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large").await;
    assert_eq!(app.sql_count("SELECT count(*) FROM tasks").await, 0);
}

#[tokio::test]
async fn a_json_body_of_the_wrong_shape_is_422() {
    let app = spawn_app().await;
    for body in [json!([1, 2]), json!("text"), json!({"email": ["a"], "password": PASSWORD})] {
        let response = app.client.post(app.api("/auth/register")).json(&body).send().await.unwrap();
        let body = assert_error(response, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
        assert!(body["error"]["fields"].is_object());
    }
}

#[tokio::test]
async fn non_validation_errors_carry_no_fields() {
    let app = spawn_app().await;
    let body = assert_error(
        app.client.get(app.api("/nope")).send().await.unwrap(),
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    assert!(body["error"].get("fields").is_none());
}
