//! Repeating tasks through the API: a rule is checked when written, completing moves the task to its
//! next occurrence (past the missed ones), COUNT ends the series for real, `If-Match` makes a double
//! completion advance once, and `/occurrences` previews the series in the task's zone.

use chrono::{Duration, Utc};
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::*;

async fn occurrences(app: &TestApp, access: &str, task: &Value, query: &str) -> Vec<String> {
    let response = app.get(&format!("/tasks/{}/occurrences?{query}", task["id"]), access).await;
    assert_eq!(response.status(), StatusCode::OK);
    let body: Value = response.json().await.unwrap();
    body["items"].as_array().unwrap().iter().map(|t| t.as_str().unwrap().to_owned()).collect()
}

async fn complete(app: &TestApp, access: &str, task: &Value) -> Value {
    let response = app.patch_task(access, &task["id"], json!({"completed": true})).await;
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.unwrap()
}

#[tokio::test]
async fn a_daily_task_keeps_its_wall_clock_time_across_daylight_saving() {
    let app = spawn_app().await;
    let session = app.new_user().await;
    // 09:00 in Berlin on Saturday 28 March 2026 (UTC+1); the clocks go forward on the 29th.
    let task = app
        .task(
            &session.access,
            json!({"title": "Stand-up", "due_date": "2026-03-28T08:00:00Z", "time_zone": "Europe/Berlin",
                   "recurrence": "rrule:freq=daily"}),
        )
        .await;
    assert_eq!(task["recurrence"], "FREQ=DAILY", "returned upper-cased without the prefix");
    assert_eq!(
        occurrences(&app, &session.access, &task, "limit=3").await,
        vec!["2026-03-28T08:00:00Z", "2026-03-29T07:00:00Z", "2026-03-30T07:00:00Z"]
    );
    assert_eq!(occurrences(&app, &session.access, &task, "").await.len(), 10, "ten by default");
}

#[tokio::test]
async fn completing_an_overdue_repeating_task_moves_it_once_to_the_next_future_occurrence() {
    let app = spawn_app().await;
    let session = app.new_user().await;
    let three_days_ago = (Utc::now() - Duration::days(3)).to_rfc3339();
    let task = app
        .task(
            &session.access,
            json!({"title": "Water plants", "due_date": three_days_ago, "recurrence": "FREQ=DAILY"}),
        )
        .await;
    let due_before: chrono::DateTime<Utc> = task["due_date"].as_str().unwrap().parse().unwrap();
    let after = complete(&app, &session.access, &task).await;
    assert_eq!(after["completed"], false, "a repeating task moves on instead of completing");
    assert!(after["completed_at"].is_null());
    let due: chrono::DateTime<Utc> = after["due_date"].as_str().unwrap().parse().unwrap();
    assert!(due > Utc::now(), "past every missed occurrence: {due}");
    assert!(due <= Utc::now() + Duration::days(1));
    assert_eq!((due - due_before).num_seconds() % 86_400, 0, "same time of day");
    assert_eq!(after["version"], 2);
}

#[tokio::test]
async fn count_ends_the_series_for_real_on_its_last_occurrence() {
    let app = spawn_app().await;
    let session = app.new_user().await;
    let tomorrow = (Utc::now() + Duration::days(1)).to_rfc3339();
    let task = app
        .task(
            &session.access,
            json!({"title": "Course", "due_date": tomorrow, "recurrence": "FREQ=WEEKLY;COUNT=3"}),
        )
        .await;
    let second = complete(&app, &session.access, &task).await;
    let third = complete(&app, &session.access, &second).await;
    assert_eq!(third["completed"], false);
    let done = complete(&app, &session.access, &third).await;
    assert_eq!(done["completed"], true, "the third completion ends it");
    assert!(done["completed_at"].is_string());
    assert_eq!(done["due_date"], third["due_date"]);

    // Each completed occurrence is recorded, the final one too, newest first.
    let (items, next) = completions(&app, &session.access, &task, "").await;
    let due_dates: Vec<&Value> = items.iter().map(|c| &c["due_date"]).collect();
    assert_eq!(due_dates, [&third["due_date"], &second["due_date"], &task["due_date"]]);
    assert!(next.is_none());
    assert_eq!(items[0]["completed_at"], done["completed_at"]);
    let me: Value = app.me(&session.access).await.json().await.unwrap();
    assert!(items.iter().all(|c| c["completed_by"] == me["id"]));
    // A page at a time visits the same three.
    let (first, cursor) = completions(&app, &session.access, &task, "limit=2").await;
    let (rest, end) =
        completions(&app, &session.access, &task, &format!("limit=2&cursor={}", cursor.unwrap())).await;
    assert_eq!([first, rest].concat(), items);
    assert!(end.is_none());
}

async fn completions(app: &TestApp, access: &str, task: &Value, query: &str) -> (Vec<Value>, Option<String>) {
    let response = app.get(&format!("/tasks/{}/completions?{query}", task["id"]), access).await;
    assert_eq!(response.status(), StatusCode::OK);
    let body: Value = response.json().await.unwrap();
    (body["items"].as_array().unwrap().clone(), body["next_cursor"].as_str().map(str::to_owned))
}

#[tokio::test]
async fn completions_of_a_plain_task_are_listed_and_belong_to_its_owner() {
    let app = spawn_app().await;
    let session = app.new_user().await;
    let other = app.new_user().await;
    let task = app.task(&session.access, json!({"title": "Once"})).await;
    assert!(completions(&app, &session.access, &task, "").await.0.is_empty());
    let done = complete(&app, &session.access, &task).await;
    complete(&app, &session.access, &done).await;
    let (items, _) = completions(&app, &session.access, &task, "").await;
    assert_eq!(items.len(), 1, "completing again is no new completion");
    assert_eq!((&items[0]["due_date"], &items[0]["completed_at"]), (&Value::Null, &done["completed_at"]));
    let theirs = app.get(&format!("/tasks/{}/completions", task["id"]), &other.access).await;
    assert_error(theirs, StatusCode::NOT_FOUND, "not_found").await;
    for bad in ["limit=0", "limit=101", "cursor=nonsense"] {
        let refused = app.get(&format!("/tasks/{}/completions?{bad}", task["id"]), &session.access).await;
        assert_error(refused, StatusCode::BAD_REQUEST, "bad_request").await;
    }
}

#[tokio::test]
async fn an_unsaved_schedule_is_previewed_in_the_zone_given_or_the_users() {
    let app = spawn_app().await;
    let session = app.new_user().await;
    let preview = |query: String| {
        let app = &app;
        let access = session.access.clone();
        async move { app.get(&format!("/occurrences?{query}"), &access).await }
    };
    // Every Tuesday at 09:00 Berlin, from 24 March 2026: the clocks change on the 29th.
    let weekly = "recurrence=FREQ%3DWEEKLY%3BBYDAY%3DTU&due_date=2026-03-24T08:00:00Z&limit=3";
    let body: Value = preview(format!("{weekly}&time_zone=Europe/Berlin")).await.json().await.unwrap();
    assert_eq!(
        body["items"],
        json!(["2026-03-24T08:00:00Z", "2026-03-31T07:00:00Z", "2026-04-07T07:00:00Z"])
    );
    // Without a zone, the user's own (UTC here): no shift.
    let body: Value = preview(weekly.to_owned()).await.json().await.unwrap();
    assert_eq!(body["items"][1], "2026-03-31T08:00:00Z");
    let plain: Value = preview("due_date=2026-03-24T08:00:00Z".into()).await.json().await.unwrap();
    assert_eq!(plain["items"], json!(["2026-03-24T08:00:00Z"]));
    for (query, field) in [
        ("recurrence=FREQ%3DHOURLY&due_date=2026-03-24T08:00:00Z", "recurrence"),
        ("recurrence=FREQ%3DDAILY", "due_date"),
        ("recurrence=FREQ%3DDAILY&due_date=2026-03-24T08:00:00Z&time_zone=Mars/Olympus", "time_zone"),
    ] {
        let refused = preview(query.to_owned()).await;
        let body = assert_error(refused, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
        assert!(body["error"]["fields"][field].is_string(), "{query}: {body}");
    }
    let unauthenticated =
        app.client.get(app.api("/occurrences?due_date=2026-03-24T08:00:00Z")).send().await.unwrap();
    assert_error(unauthenticated, StatusCode::UNAUTHORIZED, "unauthorized").await;
}

#[tokio::test]
async fn two_completions_sent_with_the_same_if_match_advance_once() {
    let app = spawn_app().await;
    let session = app.new_user().await;
    let tomorrow = (Utc::now() + Duration::days(1)).to_rfc3339();
    let task = app
        .task(&session.access, json!({"title": "Gym", "due_date": tomorrow, "recurrence": "FREQ=DAILY"}))
        .await;
    let send = || {
        app.client
            .patch(app.api(&format!("/tasks/{}", task["id"])))
            .bearer_auth(&session.access)
            .header("if-match", r#""1""#)
            .json(&json!({"completed": true}))
            .send()
    };
    let (a, b) = tokio::join!(send(), send());
    let mut statuses = [a.unwrap().status(), b.unwrap().status()];
    statuses.sort();
    assert_eq!(statuses, [StatusCode::OK, StatusCode::PRECONDITION_FAILED]);
    let now: Value = app.get(&format!("/tasks/{}", task["id"]), &session.access).await.json().await.unwrap();
    let first: chrono::DateTime<Utc> = task["due_date"].as_str().unwrap().parse().unwrap();
    let moved: chrono::DateTime<Utc> = now["due_date"].as_str().unwrap().parse().unwrap();
    assert_eq!(moved - first, Duration::days(1), "advanced one day, not two");
}

#[tokio::test]
async fn bad_rules_and_rules_without_a_due_date_are_422s_that_change_nothing() {
    let app = spawn_app().await;
    let session = app.new_user().await;
    for (body, field) in [
        (json!({"title": "x", "recurrence": "FREQ=DAILY"}), "recurrence"),
        (
            json!({"title": "x", "due_date": "2026-12-01T09:00:00Z", "recurrence": "FREQ=HOURLY"}),
            "recurrence",
        ),
        (
            json!({"title": "x", "due_date": "2026-12-01T09:00:00Z", "recurrence": "FREQ=DAILY;BYHOUR=9"}),
            "recurrence",
        ),
        (
            json!({"title": "x", "due_date": "2026-12-01T09:00:00Z", "recurrence": "FREQ=DAILY;UNTIL=20261101T000000Z"}),
            "recurrence",
        ),
    ] {
        let response = app.create_task(&session.access, body.clone()).await;
        let error = assert_error(response, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
        assert!(error["error"]["fields"][field].is_string(), "{body}: {error}");
    }
    assert!(app.titles(&session.access, "").await.is_empty());

    let task = app
        .task(&session.access, json!({"title": "Repeats", "due_date": "2026-12-01T09:00:00Z", "recurrence": "FREQ=MONTHLY;BYDAY=-1FR"}))
        .await;
    let response = app.patch_task(&session.access, &task["id"], json!({"due_date": null})).await;
    let error = assert_error(response, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    assert!(error["error"]["fields"]["due_date"].is_string(), "{error}");
    let response = app.patch_task(&session.access, &task["id"], json!({"recurrence": "FREQ=SECONDLY"})).await;
    assert_error(response, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    let now: Value = app.get(&format!("/tasks/{}", task["id"]), &session.access).await.json().await.unwrap();
    assert_eq!((&now["recurrence"], &now["version"]), (&json!("FREQ=MONTHLY;BYDAY=-1FR"), &json!(1)));

    // `null` makes it a plain task: completing then completes it.
    let response = app.patch_task(&session.access, &task["id"], json!({"recurrence": null})).await;
    assert!(response.json::<Value>().await.unwrap()["recurrence"].is_null());
    assert_eq!(complete(&app, &session.access, &task).await["completed"], true);
    assert_eq!(occurrences(&app, &session.access, &task, "").await, vec!["2026-12-01T09:00:00Z"]);
}

#[tokio::test]
async fn occurrences_refuse_a_bad_limit_and_belong_to_the_owner() {
    let app = spawn_app().await;
    let session = app.new_user().await;
    let task = app.task(&session.access, json!({"title": "Plain"})).await;
    assert!(occurrences(&app, &session.access, &task, "").await.is_empty(), "no due date, no occurrence");
    for bad in ["limit=0", "limit=101", "limit=x", "colour=red"] {
        let response = app.get(&format!("/tasks/{}/occurrences?{bad}", task["id"]), &session.access).await;
        assert_error(response, StatusCode::BAD_REQUEST, "bad_request").await;
    }
    let other = app.new_user().await;
    let response = app.get(&format!("/tasks/{}/occurrences", task["id"]), &other.access).await;
    assert_error(response, StatusCode::NOT_FOUND, "not_found").await;
}
