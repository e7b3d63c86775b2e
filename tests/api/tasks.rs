//! Task create, read, update, delete, and isolation between users.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::*;

#[tokio::test]
async fn creating_a_task_returns_it_with_its_location_and_defaults() {
    let app = spawn_app().await;
    let session = app.new_user().await;
    let response = app.create_task(&session.access, json!({"title": "  Write report  "})).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let location = response.headers().get("location").unwrap().to_str().unwrap().to_owned();
    let task: Value = response.json().await.unwrap();
    assert_eq!(location, format!("/api/v1/tasks/{}", task["id"]));
    assert_eq!(task["title"], "Write report", "stored and returned trimmed");
    assert_eq!(task["priority"], "medium");
    assert_eq!(task["completed"], false);
    for field in ["description", "due_date", "completed_at", "recurrence"] {
        assert!(task[field].is_null(), "{field} should be null in {task}");
    }
    assert_eq!(task["reminders"], json!([]));
    assert_eq!(task["created_at"], task["updated_at"]);
}

#[tokio::test]
async fn what_post_returns_get_returns_identically() {
    let app = spawn_app().await;
    let session = app.new_user().await;
    let created = app
        .task(
            &session.access,
            json!({"title": "Q4", "description": "numbers", "due_date": "2026-12-01T19:00:00.1234567+02:00",
                   "priority": "urgent", "reminders": [{"at": "2026-12-01T09:00:00Z"}, {"before_due_minutes": 60}],
                   "completed": true}),
        )
        .await;
    assert_eq!(created["due_date"], "2026-12-01T17:00:00.123456Z", "UTC, at most microseconds");
    let reminders = created["reminders"].as_array().unwrap();
    assert_eq!(reminders[0]["at"], "2026-12-01T09:00:00Z");
    assert_eq!(
        (&reminders[1]["before_due_minutes"], &reminders[1]["fires_at"]),
        (&json!(60), &json!("2026-12-01T16:00:00.123456Z"))
    );
    assert!(reminders.iter().all(|r| r["id"].is_i64() && r["sent_at"].is_null()));
    assert_eq!(created["completed_at"], created["created_at"]);
    let fetched: Value =
        app.get(&format!("/tasks/{}", created["id"]), &session.access).await.json().await.unwrap();
    assert_eq!(fetched, created);
    let (listed, _) = app.list(&session.access, "").await;
    assert_eq!(listed, [created]);
}

#[tokio::test]
async fn invalid_task_fields_are_each_named_and_nothing_is_created() {
    let app = spawn_app().await;
    let session = app.new_user().await;
    let response = app
        .create_task(
            &session.access,
            json!({"title": "   ", "description": "x".repeat(10_001), "priority": "critical",
                   "due_date": "next tuesday", "reminders": [{"at": "2026-12-01T09:00:00"}]}),
        )
        .await;
    let body = assert_error(response, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    let fields = body["error"]["fields"].as_object().unwrap();
    let mut names: Vec<&str> = fields.keys().map(String::as_str).collect();
    names.sort();
    assert_eq!(names, ["description", "due_date", "priority", "reminders", "title"]);

    let missing = app.create_task(&session.access, json!({"description": "no title"})).await;
    let body = assert_error(missing, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    assert_eq!(body["error"]["fields"]["title"], "is required");
    let too_long = app.create_task(&session.access, json!({"title": "t".repeat(201)})).await;
    assert_error(too_long, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    let wrong_type = app.create_task(&session.access, json!({"title": 5})).await;
    let body = assert_error(wrong_type, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    assert!(body["error"]["fields"]["title"].is_string());
    let unknown = app.create_task(&session.access, json!({"title": "x", "owner": 1})).await;
    let body = assert_error(unknown, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    assert!(body["error"]["fields"]["owner"].is_string());
    assert_eq!(app.sql_count("SELECT count(*) FROM tasks").await, 0);
}

#[tokio::test]
async fn a_title_of_200_multibyte_characters_is_accepted() {
    let app = spawn_app().await;
    let session = app.new_user().await;
    let task =
        app.task(&session.access, json!({"title": "ж".repeat(200), "description": "ж".repeat(10_000)})).await;
    assert_eq!(task["title"].as_str().unwrap().chars().count(), 200);
}

#[tokio::test]
async fn patch_changes_only_the_fields_sent_and_null_clears_the_clearable_ones() {
    let app = spawn_app().await;
    let session = app.new_user().await;
    let task = app
        .task(&session.access, json!({"title": "Draft", "description": "d", "due_date": "2026-12-01T17:00:00Z", "recurrence": "FREQ=DAILY"}))
        .await;
    let response = app.patch_task(&session.access, &task["id"], json!({"priority": "high"})).await;
    assert_eq!(response.status(), StatusCode::OK);
    let patched: Value = response.json().await.unwrap();
    assert_eq!(patched["priority"], "high");
    assert_eq!((&patched["title"], &patched["description"]), (&task["title"], &task["description"]));
    assert_eq!(patched["created_at"], task["created_at"]);
    assert!(patched["updated_at"].as_str() >= task["updated_at"].as_str());

    let cleared: Value = app
        .patch_task(
            &session.access,
            &task["id"],
            json!({"description": null, "due_date": null, "recurrence": null}),
        )
        .await
        .json()
        .await
        .unwrap();
    assert!(
        cleared["description"].is_null() && cleared["due_date"].is_null() && cleared["recurrence"].is_null()
    );
    assert_eq!(cleared["title"], "Draft");

    for field in ["title", "priority", "completed"] {
        let response = app.patch_task(&session.access, &task["id"], json!({ field: null })).await;
        let body = assert_error(response, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
        assert_eq!(body["error"]["fields"][field], "must not be null");
    }
    let refused =
        app.patch_task(&session.access, &task["id"], json!({"title": "", "priority": "high"})).await;
    assert_error(refused, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    let after: Value =
        app.get(&format!("/tasks/{}", task["id"]), &session.access).await.json().await.unwrap();
    assert_eq!(after, cleared, "a refused patch changes nothing");
}

#[tokio::test]
async fn completing_sets_completed_at_and_reopening_clears_it() {
    let app = spawn_app().await;
    let session = app.new_user().await;
    let task = app.task(&session.access, json!({"title": "Ship it"})).await;
    let done: Value =
        app.patch_task(&session.access, &task["id"], json!({"completed": true})).await.json().await.unwrap();
    assert_eq!(done["completed"], true);
    assert!(done["completed_at"].is_string());
    let again: Value =
        app.patch_task(&session.access, &task["id"], json!({"completed": true})).await.json().await.unwrap();
    assert_eq!(again["completed_at"], done["completed_at"], "completing twice keeps the first time");
    let reopened: Value =
        app.patch_task(&session.access, &task["id"], json!({"completed": false})).await.json().await.unwrap();
    assert!(reopened["completed_at"].is_null());
}

#[tokio::test]
async fn rewriting_reminders_keeps_equal_ones_with_their_sent_state_and_arms_new_ones() {
    let app = spawn_app().await;
    let session = app.new_user().await;
    let task = app
        .task(&session.access, json!({"title": "Call", "reminders": [{"at": "2026-12-01T09:00:00Z"}]}))
        .await;
    // Stand in for the reminder worker, which marks a delivered reminder.
    app.sql_execute("UPDATE reminders SET sent_at = fires_at, armed = FALSE").await;

    let same: Value = app
        .patch_task(&session.access, &task["id"], json!({"reminders": [{"at": "2026-12-01T10:00:00+01:00"}]}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(same["reminders"][0]["id"], task["reminders"][0]["id"]);
    assert!(same["reminders"][0]["sent_at"].is_string(), "the same instant does not re-arm");
    assert_eq!(same["version"], task["version"], "nothing changed");
    let moved: Value = app
        .patch_task(
            &session.access,
            &task["id"],
            json!({"reminders": [{"at": "2026-12-01T09:00:00Z"}, {"at": "2026-12-02T09:00:00Z"}]}),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(moved["reminders"][0]["id"], task["reminders"][0]["id"]);
    assert!(moved["reminders"][1]["sent_at"].is_null(), "a new one is armed");
    assert_eq!(app.sql_count("SELECT count(*) FROM reminders WHERE armed").await, 1);
}

#[tokio::test]
async fn deleting_a_task_removes_it() {
    let app = spawn_app().await;
    let session = app.new_user().await;
    let task = app.task(&session.access, json!({"title": "Temporary"})).await;
    assert_eq!(app.delete_task(&session.access, &task["id"]).await.status(), StatusCode::NO_CONTENT);
    assert_error(
        app.get(&format!("/tasks/{}", task["id"]), &session.access).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    assert_error(app.delete_task(&session.access, &task["id"]).await, StatusCode::NOT_FOUND, "not_found")
        .await;
}

#[tokio::test]
async fn another_users_task_is_not_found_and_untouched() {
    let app = spawn_app().await;
    let owner = app.new_user().await;
    let intruder = app.new_user().await;
    let task = app.task(&owner.access, json!({"title": "Private"})).await;
    let path = format!("/tasks/{}", task["id"]);

    assert_error(app.get(&path, &intruder.access).await, StatusCode::NOT_FOUND, "not_found").await;
    let patch = app.patch_task(&intruder.access, &task["id"], json!({"title": "Mine now"})).await;
    assert_error(patch, StatusCode::NOT_FOUND, "not_found").await;
    assert_error(app.delete_task(&intruder.access, &task["id"]).await, StatusCode::NOT_FOUND, "not_found")
        .await;
    assert!(app.list(&intruder.access, "").await.0.is_empty());
    // An invalid patch to someone else's task may be refused as invalid first, and changes nothing.
    let invalid = app.patch_task(&intruder.access, &task["id"], json!({"title": ""})).await;
    assert_error(invalid, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;

    let unchanged: Value = app.get(&path, &owner.access).await.json().await.unwrap();
    assert_eq!(unchanged, task);
}

#[tokio::test]
async fn task_routes_need_a_valid_access_token() {
    let app = spawn_app().await;
    let no_token = app.client.get(app.api("/tasks")).send().await.unwrap();
    assert_error(no_token, StatusCode::UNAUTHORIZED, "unauthorized").await;
    let no_token = app.client.post(app.api("/tasks")).json(&json!({"title": "x"})).send().await.unwrap();
    assert_error(no_token, StatusCode::UNAUTHORIZED, "unauthorized").await;
    assert_eq!(app.sql_count("SELECT count(*) FROM tasks").await, 0);
}

#[tokio::test]
async fn fifty_parallel_creations_by_one_user_all_succeed() {
    let app = spawn_app().await;
    let session = app.new_user().await;
    let mut creations = tokio::task::JoinSet::new();
    for i in 0..50 {
        let (client, url, access) = (app.new_browser(), app.api("/tasks"), session.access.clone());
        creations.spawn(async move {
            client
                .post(url)
                .bearer_auth(access)
                .json(&json!({"title": format!("parallel {i}")}))
                .send()
                .await
                .unwrap()
                .status()
        });
    }
    let statuses = creations.join_all().await;
    assert!(statuses.iter().all(|s| *s == StatusCode::CREATED), "{statuses:?}");
    assert_eq!(app.sql_count("SELECT count(*) FROM tasks").await, 50);
}
