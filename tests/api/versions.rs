//! Every change makes a new version of a task, sent as its `ETag`; `If-Match` makes a change apply
//! only to the version the client saw, so two tabs never overwrite each other unawares.

use std::time::Duration;

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::*;
use crate::reminders::{notifications, wait_for_notifications};

fn etag(response: &reqwest::Response) -> String {
    response.headers()["etag"].to_str().unwrap().to_owned()
}

impl TestApp {
    async fn patch_if(&self, access: &str, id: &Value, if_match: &str, body: Value) -> reqwest::Response {
        let url = self.api(&format!("/tasks/{id}"));
        self.client
            .patch(url)
            .bearer_auth(access)
            .header("if-match", if_match)
            .json(&body)
            .send()
            .await
            .unwrap()
    }

    async fn delete_if(&self, access: &str, id: &Value, if_match: &str) -> reqwest::Response {
        let url = self.api(&format!("/tasks/{id}"));
        self.client.delete(url).bearer_auth(access).header("if-match", if_match).send().await.unwrap()
    }
}

#[tokio::test]
async fn a_task_starts_at_version_1_and_each_change_adds_one_in_the_body_and_the_etag() {
    let app = spawn_app().await;
    let session = app.new_user().await;
    let response = app.create_task(&session.access, json!({"title": "Draft"})).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    assert_eq!(etag(&response), r#""1""#);
    let task: Value = response.json().await.unwrap();
    assert_eq!(task["version"], 1);

    let response = app.patch_task(&session.access, &task["id"], json!({"title": "Report"})).await;
    assert_eq!(etag(&response), r#""2""#);
    let patched: Value = response.json().await.unwrap();
    assert_eq!(patched["version"], 2);

    let response = app.get(&format!("/tasks/{}", task["id"]), &session.access).await;
    assert_eq!(etag(&response), r#""2""#);
    assert_eq!(response.json::<Value>().await.unwrap()["version"], 2);
}

#[tokio::test]
async fn a_patch_that_changes_nothing_keeps_the_version_and_updated_at() {
    let app = spawn_app().await;
    let session = app.new_user().await;
    let task = app.task(&session.access, json!({"title": "Same", "priority": "high"})).await;
    let response =
        app.patch_task(&session.access, &task["id"], json!({"title": " Same ", "priority": "high"})).await;
    assert_eq!(response.status(), StatusCode::OK);
    let after: Value = response.json().await.unwrap();
    assert_eq!((&after["version"], &after["updated_at"]), (&task["version"], &task["updated_at"]));
}

#[tokio::test]
async fn a_stale_if_match_is_412_and_changes_nothing_a_current_one_applies() {
    let app = spawn_app().await;
    let session = app.new_user().await;
    let task = app.task(&session.access, json!({"title": "Shared"})).await;
    app.patch_task(&session.access, &task["id"], json!({"title": "Edited in another tab"})).await;

    let response = app.patch_if(&session.access, &task["id"], r#""1""#, json!({"title": "Mine"})).await;
    assert_error(response, StatusCode::PRECONDITION_FAILED, "precondition_failed").await;
    let response = app.delete_if(&session.access, &task["id"], r#"W/"1""#).await;
    assert_error(response, StatusCode::PRECONDITION_FAILED, "precondition_failed").await;
    assert_eq!(app.titles(&session.access, "").await, vec!["Edited in another tab"]);

    for if_match in [r#""2""#, r#"W/"3""#, "*"] {
        let response =
            app.patch_if(&session.access, &task["id"], if_match, json!({"description": if_match})).await;
        assert_eq!(response.status(), StatusCode::OK, "{if_match}");
    }
    let response = app.delete_if(&session.access, &task["id"], r#""5""#).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert!(app.titles(&session.access, "").await.is_empty());
}

#[tokio::test]
async fn a_malformed_if_match_is_400_and_one_on_a_missing_task_is_404() {
    let app = spawn_app().await;
    let session = app.new_user().await;
    let task = app.task(&session.access, json!({"title": "Here"})).await;
    let response = app.patch_if(&session.access, &task["id"], "2", json!({"title": "x"})).await;
    assert_error(response, StatusCode::BAD_REQUEST, "bad_request").await;
    let response =
        app.delete_if(&session.access, &json!(task["id"].as_i64().unwrap() + 1000), r#""1""#).await;
    assert_error(response, StatusCode::NOT_FOUND, "not_found").await;
    let other = app.new_user().await;
    let response = app.patch_if(&other.access, &task["id"], "*", json!({"title": "x"})).await;
    assert_error(response, StatusCode::NOT_FOUND, "not_found").await;
    assert_eq!(app.titles(&session.access, "").await, vec!["Here"]);
}

#[tokio::test]
async fn two_tabs_saving_from_the_same_version_at_once_one_wins_and_the_other_gets_412() {
    let app = spawn_app().await;
    let session = app.new_user().await;
    let task = app.task(&session.access, json!({"title": "Race"})).await;
    for round in 0..5 {
        let version = format!(r#""{}""#, round + 1);
        let (a, b) = tokio::join!(
            app.patch_if(&session.access, &task["id"], &version, json!({"title": format!("A{round}")})),
            app.patch_if(&session.access, &task["id"], &version, json!({"title": format!("B{round}")})),
        );
        let mut statuses = [a.status(), b.status()];
        statuses.sort();
        assert_eq!(statuses, [StatusCode::OK, StatusCode::PRECONDITION_FAILED], "round {round}");
    }
    let response = app.get(&format!("/tasks/{}", task["id"]), &session.access).await;
    assert_eq!(response.json::<Value>().await.unwrap()["version"], 6, "five changes, one each");
}

#[tokio::test]
async fn without_if_match_concurrent_changes_to_different_fields_are_all_kept() {
    let app = spawn_app().await;
    let session = app.new_user().await;
    let task = app.task(&session.access, json!({"title": "Many hands"})).await;
    let (a, b, c) = tokio::join!(
        app.patch_task(&session.access, &task["id"], json!({"priority": "urgent"})),
        app.patch_task(&session.access, &task["id"], json!({"description": "notes"})),
        app.patch_task(&session.access, &task["id"], json!({"completed": true})),
    );
    assert!([a.status(), b.status(), c.status()].iter().all(|s| *s == StatusCode::OK));
    let task: Value = app.get(&format!("/tasks/{}", task["id"]), &session.access).await.json().await.unwrap();
    assert_eq!(
        (&task["priority"], &task["description"], &task["completed"]),
        (&json!("urgent"), &json!("notes"), &json!(true))
    );
    assert_eq!(task["version"], 4);
}

#[tokio::test]
async fn the_worker_delivering_a_reminder_changes_no_version_and_a_stale_save_never_resends_it() {
    let app = spawn_app_with(Options { worker: true, ..Default::default() }).await;
    let session = app.new_user().await;
    let remind_at = (chrono::Utc::now() + chrono::Duration::milliseconds(300)).to_rfc3339();
    let task = app.task(&session.access, json!({"title": "Call", "reminders": [{"at": remind_at}]})).await;
    let delivered = wait_for_notifications(&app, &session.access, 1, Duration::from_secs(10)).await;
    assert_eq!(delivered.len(), 1);
    let response = app.get(&format!("/tasks/{}", task["id"]), &session.access).await;
    let now: Value = response.json().await.unwrap();
    assert_eq!(now["version"], 1);
    assert!(now["reminders"][0]["sent_at"].is_string());
    // A save from before the delivery (the same reminder) must not re-arm it.
    let response = app
        .patch_if(
            &session.access,
            &task["id"],
            r#""1""#,
            json!({"title": "Call back", "reminders": [{"at": remind_at}]}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(notifications(&app, &session.access, "").await.len(), 1, "sent once");
}
