//! The profile, password change and account deletion.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::*;

#[tokio::test]
async fn me_returns_the_logged_in_user() {
    let app = spawn_app().await;
    let email = unique_email();
    let session = app.signed_up(&email).await;
    let me: Value = app.me(&session.access).await.json().await.unwrap();
    assert_eq!(me["email"], email.as_str());
    assert_eq!(me["time_zone"], "UTC");
    assert_eq!(me.as_object().unwrap().len(), 4, "id, email, time_zone, created_at and nothing else: {me}");
}

#[tokio::test]
async fn changing_the_password_keeps_this_session_and_ends_the_others() {
    let app = spawn_app().await;
    let email = unique_email();
    let laptop = app.signed_up(&email).await;
    let phone = app.another_session(&email).await;
    let response = app
        .client
        .put(app.api("/users/me/password"))
        .bearer_auth(&laptop.access)
        .json(&json!({"current_password": PASSWORD, "new_password": "a brand new secret"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(app.me(&laptop.access).await.status(), StatusCode::OK);
    assert_error(app.me(&phone.access).await, StatusCode::UNAUTHORIZED, "unauthorized").await;
    assert_error(app.refresh_with(&phone.refresh).await, StatusCode::UNAUTHORIZED, "unauthorized").await;
    assert_eq!(app.login(&email, PASSWORD).await.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(app.login(&email, "a brand new secret").await.status(), StatusCode::OK);
}

#[tokio::test]
async fn a_wrong_current_password_changes_nothing() {
    let app = spawn_app().await;
    let email = unique_email();
    let session = app.signed_up(&email).await;
    let response = app
        .client
        .put(app.api("/users/me/password"))
        .bearer_auth(&session.access)
        .json(&json!({"current_password": "not my password", "new_password": "a brand new secret"}))
        .send()
        .await
        .unwrap();
    assert_error(response, StatusCode::UNAUTHORIZED, "unauthorized").await;
    assert_eq!(app.login(&email, PASSWORD).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn a_new_password_must_be_valid() {
    let app = spawn_app().await;
    let session = app.new_user().await;
    let response = app
        .client
        .put(app.api("/users/me/password"))
        .bearer_auth(&session.access)
        .json(&json!({"current_password": PASSWORD, "new_password": "short"}))
        .send()
        .await
        .unwrap();
    let body = assert_error(response, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    assert!(body["error"]["fields"]["new_password"].is_string());
}

#[tokio::test]
async fn deleting_the_account_deletes_its_tasks_and_ends_its_sessions() {
    let app = spawn_app().await;
    let email = unique_email();
    let session = app.signed_up(&email).await;
    let other_device = app.another_session(&email).await;
    app.task(&session.access, json!({"title": "doomed"})).await;
    let neighbour = app.new_user().await;
    app.task(&neighbour.access, json!({"title": "survivor"})).await;

    let wrong = app.delete_account(&session.access, "nope nope").await;
    assert_error(wrong, StatusCode::UNAUTHORIZED, "unauthorized").await;
    assert_eq!(app.sql_count("SELECT count(*) FROM tasks").await, 2, "a refused deletion changes nothing");

    let response = app.delete_account(&session.access, PASSWORD).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(app.sql_count("SELECT count(*) FROM tasks").await, 1, "the cascade took the user's tasks");
    assert_error(app.me(&session.access).await, StatusCode::UNAUTHORIZED, "unauthorized").await;
    assert_error(app.me(&other_device.access).await, StatusCode::UNAUTHORIZED, "unauthorized").await;
    assert_error(app.refresh_with(&other_device.refresh).await, StatusCode::UNAUTHORIZED, "unauthorized")
        .await;
    assert_eq!(app.login(&email, PASSWORD).await.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(app.titles(&neighbour.access, "").await, ["survivor"]);
    // The email is free again.
    assert_eq!(app.register(&email, PASSWORD).await.status(), StatusCode::CREATED);
}
