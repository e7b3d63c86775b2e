//! Every user and every task has an IANA time zone: the user's is UTC unless they say otherwise, a
//! new task takes its creator's, and an unknown zone is refused with a 422 that changes nothing.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::*;

impl TestApp {
    async fn set_time_zone(&self, access: &str, zone: &str) -> reqwest::Response {
        let body = json!({"time_zone": zone});
        self.client.patch(self.api("/users/me")).bearer_auth(access).json(&body).send().await.unwrap()
    }

    async fn me_json(&self, access: &str) -> Value {
        self.me(access).await.json().await.unwrap()
    }
}

#[tokio::test]
async fn a_new_user_is_in_utc_unless_registered_with_a_zone() {
    let app = spawn_app().await;
    let plain = app.new_user().await;
    assert_eq!(app.me_json(&plain.access).await["time_zone"], "UTC");

    let email = unique_email();
    let body = json!({"email": email, "password": PASSWORD, "time_zone": "Europe/Berlin"});
    let response = app.client.post(app.api("/auth/register")).json(&body).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::CREATED);
    assert_eq!(response.json::<Value>().await.unwrap()["time_zone"], "Europe/Berlin");
    let session = session_of(app.login(&email, PASSWORD).await).await;
    assert_eq!(app.me_json(&session.access).await["time_zone"], "Europe/Berlin");
}

#[tokio::test]
async fn registering_with_an_unknown_zone_is_a_422_naming_it_and_creates_no_account() {
    let app = spawn_app().await;
    let email = unique_email();
    let body = json!({"email": email, "password": PASSWORD, "time_zone": "Mars/Olympus_Mons"});
    let response = app.client.post(app.api("/auth/register")).json(&body).send().await.unwrap();
    let error = assert_error(response, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    assert!(error["error"]["fields"]["time_zone"].is_string(), "{error}");
    assert_eq!(app.login(&email, PASSWORD).await.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn patch_users_me_changes_the_zone_at_once_and_refuses_an_unknown_one() {
    let app = spawn_app().await;
    let session = app.new_user().await;
    app.me(&session.access).await; // read once, so a cache (with Redis) holds the profile
    let response = app.set_time_zone(&session.access, "America/New_York").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.json::<Value>().await.unwrap()["time_zone"], "America/New_York");
    assert_eq!(app.me_json(&session.access).await["time_zone"], "America/New_York");

    for bad in ["Europe/Atlantis", "", "+02:00"] {
        let response = app.set_time_zone(&session.access, bad).await;
        let error = assert_error(response, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
        assert!(error["error"]["fields"]["time_zone"].is_string(), "{bad:?}: {error}");
    }
    assert_eq!(app.me_json(&session.access).await["time_zone"], "America/New_York");
}

#[tokio::test]
async fn a_task_takes_its_creators_zone_or_its_own_and_keeps_it_when_the_user_moves() {
    let app = spawn_app().await;
    let session = app.new_user().await;
    app.set_time_zone(&session.access, "Asia/Kolkata").await;
    let inherited = app.task(&session.access, json!({"title": "Inherited"})).await;
    assert_eq!(inherited["time_zone"], "Asia/Kolkata");
    let own = app.task(&session.access, json!({"title": "Own", "time_zone": "Pacific/Chatham"})).await;
    assert_eq!(own["time_zone"], "Pacific/Chatham");

    app.set_time_zone(&session.access, "Europe/Berlin").await;
    let response = app.get(&format!("/tasks/{}", inherited["id"]), &session.access).await;
    assert_eq!(
        response.json::<Value>().await.unwrap()["time_zone"],
        "Asia/Kolkata",
        "existing tasks keep theirs"
    );

    let response =
        app.patch_task(&session.access, &own["id"], json!({"time_zone": "Australia/Sydney"})).await;
    assert_eq!(response.json::<Value>().await.unwrap()["time_zone"], "Australia/Sydney");
    let listed: Vec<Value> = app.list(&session.access, "").await.0;
    let zones: Vec<&str> = listed.iter().map(|t| t["time_zone"].as_str().unwrap()).collect();
    assert_eq!(zones, vec!["Australia/Sydney", "Asia/Kolkata"]);
}

#[tokio::test]
async fn a_task_with_an_unknown_or_null_zone_is_a_422_and_changes_nothing() {
    let app = spawn_app().await;
    let session = app.new_user().await;
    let response = app.create_task(&session.access, json!({"title": "x", "time_zone": "Nowhere/Land"})).await;
    let error = assert_error(response, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    assert!(error["error"]["fields"]["time_zone"].is_string());
    let task = app.task(&session.access, json!({"title": "Kept"})).await;
    for bad in [json!("Nowhere/Land"), Value::Null] {
        let response =
            app.patch_task(&session.access, &task["id"], json!({"time_zone": bad, "title": "Changed"})).await;
        assert_error(response, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    }
    assert_eq!(app.titles(&session.access, "").await, vec!["Kept"]);
}
