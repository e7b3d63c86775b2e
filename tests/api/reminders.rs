//! The reminder worker: each due reminder becomes exactly one notification (and email, with SMTP),
//! with several workers, after a crash, and after downtime.

use std::time::{Duration, Instant};

use chrono::Utc;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::*;
use crate::process::free_port;
use crate::smtp::SmtpSink;

pub(crate) fn in_ms(ms: i64) -> String {
    (Utc::now() + chrono::Duration::milliseconds(ms)).to_rfc3339()
}

/// One absolute reminder, `ms` from now.
pub(crate) fn reminder_in(ms: i64) -> Value {
    json!([{"at": in_ms(ms)}])
}

pub(crate) async fn notifications(app: &TestApp, access: &str, query: &str) -> Vec<Value> {
    let response = app.get(&format!("/notifications?{query}"), access).await;
    assert_eq!(response.status(), StatusCode::OK);
    let body: Value = response.json().await.unwrap();
    body["items"].as_array().unwrap().clone()
}

/// Waits until the user has `count` notifications, failing after `within`.
pub(crate) async fn wait_for_notifications(
    app: &TestApp,
    access: &str,
    count: usize,
    within: Duration,
) -> Vec<Value> {
    let deadline = Instant::now() + within;
    loop {
        let items = notifications(app, access, "limit=100").await;
        if items.len() >= count {
            return items;
        }
        assert!(Instant::now() < deadline, "{} of {count} notifications after {within:?}", items.len());
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
}

async fn wait_for_count(app: &TestApp, sql: &'static str, expected: i64, within: Duration) {
    let deadline = Instant::now() + within;
    while app.sql_count(sql).await < expected {
        assert!(Instant::now() < deadline, "{sql} did not reach {expected} within {within:?}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn wait_until_all_sent(app: &TestApp, count: i64) {
    let sql = "SELECT count(*) FROM reminders WHERE sent_at IS NOT NULL";
    wait_for_count(app, sql, count, Duration::from_secs(30)).await;
}

/// Exactly `count` notifications, one per reminder: none lost, none twice.
async fn assert_each_delivered_once(app: &TestApp, count: i64) {
    assert_eq!(app.sql_count("SELECT count(*) FROM notifications").await, count);
    assert_eq!(app.sql_count("SELECT count(DISTINCT reminder_id) FROM notifications").await, count);
}

fn with_worker() -> Options {
    Options { worker: true, ..Default::default() }
}

#[tokio::test]
async fn a_reminder_one_second_ahead_arrives_once_and_only_once() {
    let app = spawn_app_with(with_worker()).await;
    let session = app.new_user().await;
    let task =
        app.task(&session.access, json!({"title": "Call the bank", "reminders": reminder_in(1000)})).await;
    assert!(notifications(&app, &session.access, "").await.is_empty(), "not before it is due");

    let items = wait_for_notifications(&app, &session.access, 1, Duration::from_secs(5)).await;
    assert_eq!(items[0]["task_id"], task["id"]);
    assert_eq!(items[0]["kind"], "task_reminder");
    assert_eq!(items[0]["message"], "Reminder: Call the bank");
    assert!(items[0]["read_at"].is_null());
    assert_eq!(items[0]["fires_at"], task["reminders"][0]["fires_at"]);
    let fired: Value =
        app.get(&format!("/tasks/{}", task["id"]), &session.access).await.json().await.unwrap();
    assert!(fired["reminders"][0]["sent_at"].is_string());
    assert_eq!(fired["version"], task["version"], "sending changes no version");

    tokio::time::sleep(Duration::from_millis(600)).await;
    assert_eq!(notifications(&app, &session.access, "").await.len(), 1, "only once");
}

#[tokio::test]
async fn a_reminder_already_past_at_creation_arrives_promptly() {
    let app = spawn_app_with(with_worker()).await;
    let session = app.new_user().await;
    app.task(
        &session.access,
        json!({"title": "Overdue call", "reminders": [{"at": "2020-01-01T09:00:00Z"}]}),
    )
    .await;
    wait_for_notifications(&app, &session.access, 1, Duration::from_secs(2)).await;
}

#[tokio::test]
async fn several_reminders_of_one_task_each_arrive_once() {
    let app = spawn_app_with(with_worker()).await;
    let session = app.new_user().await;
    let reminders = json!([{"at": in_ms(0)}, {"at": in_ms(200)}, {"at": in_ms(400)}]);
    let task = app.task(&session.access, json!({"title": "Three times", "reminders": reminders})).await;
    assert_eq!(task["reminders"].as_array().unwrap().len(), 3);
    let items = wait_for_notifications(&app, &session.access, 3, Duration::from_secs(4)).await;
    tokio::time::sleep(Duration::from_millis(400)).await;
    assert_eq!(notifications(&app, &session.access, "").await.len(), 3, "each once");
    let fired: Vec<&Value> = items.iter().map(|n| &n["fires_at"]).collect();
    let written: Vec<&Value> =
        task["reminders"].as_array().unwrap().iter().rev().map(|r| &r["fires_at"]).collect();
    assert_eq!(fired, written, "one notification per reminder, newest first");
}

#[tokio::test]
async fn a_relative_reminder_moves_with_the_due_date_and_fires_again() {
    let app = spawn_app_with(with_worker()).await;
    let session = app.new_user().await;
    // Due in 60 s, reminded 60 s before: that is now.
    let task = app
        .task(&session.access, json!({"title": "Water plants", "due_date": in_ms(60_000), "reminders": [{"before_due_minutes": 1}]}))
        .await;
    assert_eq!(task["reminders"][0]["before_due_minutes"], 1);
    wait_for_notifications(&app, &session.access, 1, Duration::from_secs(3)).await;
    let sent: Value = app.get(&format!("/tasks/{}", task["id"]), &session.access).await.json().await.unwrap();
    assert!(sent["reminders"][0]["sent_at"].is_string());

    // Saving the same set (and the same due date) again sends nothing again.
    let same = app
        .patch_task(
            &session.access,
            &task["id"],
            json!({"reminders": [{"before_due_minutes": 1}], "due_date": task["due_date"]}),
        )
        .await;
    let same: Value = same.json().await.unwrap();
    assert_eq!(same["reminders"][0]["id"], task["reminders"][0]["id"]);
    assert_eq!(same["reminders"][0]["sent_at"], sent["reminders"][0]["sent_at"]);

    // Moving the due date moves the reminder (300 ms from now) and arms it again.
    let moved = app.patch_task(&session.access, &task["id"], json!({"due_date": in_ms(60_300)})).await;
    assert_eq!(moved.status(), StatusCode::OK);
    let moved: Value = moved.json().await.unwrap();
    assert_eq!(moved["reminders"][0]["id"], task["reminders"][0]["id"], "the same reminder");
    assert!(moved["reminders"][0]["sent_at"].is_null(), "armed again");
    let items = wait_for_notifications(&app, &session.access, 2, Duration::from_secs(3)).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(notifications(&app, &session.access, "").await.len(), 2, "once per instant");
    assert_eq!(items[0]["fires_at"], moved["reminders"][0]["fires_at"]);
}

#[tokio::test]
async fn after_a_repeating_task_advances_its_relative_reminder_fires_for_the_next_occurrence() {
    let app = spawn_app_with(with_worker()).await;
    let session = app.new_user().await;
    // Every day, due a day minus 300 ms ago... so that the next occurrence is 300 ms ahead of
    // "24 h before due": the reminder of the next occurrence fires right away after completing.
    let due = Utc::now() - chrono::Duration::days(1) + chrono::Duration::milliseconds(400);
    let task = app
        .task(
            &session.access,
            json!({"title": "Daily standup", "due_date": due.to_rfc3339(), "time_zone": "UTC",
            "recurrence": "FREQ=DAILY", "reminders": [{"before_due_minutes": 1440}]}),
        )
        .await;
    wait_for_notifications(&app, &session.access, 1, Duration::from_secs(3)).await;
    let done = app.patch_task(&session.access, &task["id"], json!({"completed": true})).await;
    let done: Value = done.json().await.unwrap();
    assert_eq!(done["completed"], false, "moved on");
    assert_ne!(done["due_date"], task["due_date"]);
    assert!(done["reminders"][0]["sent_at"].is_null(), "armed for the next occurrence");
    let items = wait_for_notifications(&app, &session.access, 2, Duration::from_secs(3)).await;
    assert_eq!(items[0]["fires_at"], done["reminders"][0]["fires_at"]);
}

#[tokio::test]
async fn completing_or_deleting_a_task_before_it_fires_means_no_reminder() {
    let app = spawn_app_with(with_worker()).await;
    let session = app.new_user().await;
    let done = app.task(&session.access, json!({"title": "Done early", "reminders": reminder_in(800)})).await;
    let gone = app.task(&session.access, json!({"title": "Deleted", "reminders": reminder_in(800)})).await;
    let cleared = app.task(&session.access, json!({"title": "Cleared", "reminders": reminder_in(800)})).await;
    app.patch_task(&session.access, &done["id"], json!({"completed": true})).await;
    app.delete_task(&session.access, &gone["id"]).await;
    app.patch_task(&session.access, &cleared["id"], json!({"reminders": []})).await;
    // A control task proves the worker ran past the others' time.
    app.task(&session.access, json!({"title": "Control", "reminders": reminder_in(1200)})).await;
    let items = wait_for_notifications(&app, &session.access, 1, Duration::from_secs(4)).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let items_after = notifications(&app, &session.access, "").await;
    assert_eq!(items.len(), 1);
    assert_eq!(items_after.len(), 1);
    assert_eq!(items_after[0]["message"], "Reminder: Control");

    // Un-completing after its time has passed does not send the missed one late.
    app.patch_task(&session.access, &done["id"], json!({"completed": false})).await;
    tokio::time::sleep(Duration::from_millis(400)).await;
    assert_eq!(notifications(&app, &session.access, "").await.len(), 1);
}

async fn snooze(app: &TestApp, access: &str, id: &Value, body: Value) -> reqwest::Response {
    let url = app.api(&format!("/notifications/{id}/snooze"));
    app.client.post(url).bearer_auth(access).json(&body).send().await.unwrap()
}

#[tokio::test]
async fn a_snoozed_reminder_fires_once_more_exactly_once_even_with_two_workers() {
    let app = spawn_app().await;
    let session = app.new_user().await;
    let task = app.task(&session.access, json!({"title": "Stretch", "reminders": reminder_in(0)})).await;
    let (first_worker, second_worker) = (app.start_worker().await, app.start_worker().await);
    let first = wait_for_notifications(&app, &session.access, 1, Duration::from_secs(3)).await;
    let snoozed = snooze(&app, &session.access, &first[0]["id"], json!({"minutes": 10})).await;
    assert_eq!(snoozed.status(), StatusCode::NO_CONTENT);
    assert!(notifications(&app, &session.access, "").await[0]["read_at"].is_string(), "marked read");
    let shown: Value =
        app.get(&format!("/tasks/{}", task["id"]), &session.access).await.json().await.unwrap();
    assert_eq!(
        shown["reminders"].as_array().unwrap().len(),
        1,
        "a snooze is not one of the task's reminders"
    );
    assert_eq!(shown["version"], task["version"]);
    let pending = "SELECT count(*) FROM reminders WHERE snoozed_from IS NOT NULL AND armed";
    assert_eq!(app.sql_count(pending).await, 1);
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(notifications(&app, &session.access, "").await.len(), 1, "not before its end");

    // Rather than wait ten minutes, bring the snooze's end forward to the reminder's own instant.
    app.sql_execute(
        "UPDATE reminders SET fires_at = (SELECT fires_at FROM reminders WHERE snoozed_from IS NULL) \
         WHERE snoozed_from IS NOT NULL",
    )
    .await;
    let items = wait_for_notifications(&app, &session.access, 2, Duration::from_secs(3)).await;
    assert_eq!(items[0]["message"], "Reminder: Stretch");
    assert!(items[0]["read_at"].is_null(), "a new, unread notification");
    tokio::time::sleep(Duration::from_millis(300)).await;
    first_worker.stop().await;
    second_worker.stop().await;
    assert_eq!(app.sql_count("SELECT count(*) FROM notifications").await, 2, "exactly once more");
    assert_eq!(app.sql_count(pending).await, 0);
}

#[tokio::test]
async fn snoozing_a_completed_task_is_a_conflict_and_bad_minutes_are_refused() {
    let app = spawn_app_with(with_worker()).await;
    let session = app.new_user().await;
    let other = app.new_user().await;
    let task = app.task(&session.access, json!({"title": "Reply", "reminders": reminder_in(0)})).await;
    let items = wait_for_notifications(&app, &session.access, 1, Duration::from_secs(3)).await;
    let id = &items[0]["id"];
    for minutes in [json!(0), json!(1441), json!("ten"), json!(1.5)] {
        let refused = snooze(&app, &session.access, id, json!({ "minutes": minutes })).await;
        let body = assert_error(refused, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
        assert!(body["error"]["fields"]["minutes"].is_string(), "{minutes}: {body}");
    }
    let theirs = snooze(&app, &other.access, id, json!({"minutes": 10})).await;
    assert_error(theirs, StatusCode::NOT_FOUND, "not_found").await;
    app.patch_task(&session.access, &task["id"], json!({"completed": true})).await;
    let late = snooze(&app, &session.access, id, json!({"minutes": 10})).await;
    assert_error(late, StatusCode::CONFLICT, "conflict").await;
    assert!(notifications(&app, &session.access, "").await[0]["read_at"].is_null(), "stays unread");
    assert_eq!(app.sql_count("SELECT count(*) FROM reminders WHERE snoozed_from IS NOT NULL").await, 0);
}

#[tokio::test]
async fn reminders_are_checked_as_a_whole_and_a_refused_write_changes_nothing() {
    let app = spawn_app().await;
    let session = app.new_user().await;
    let task = app
        .task(
            &session.access,
            json!({"title": "Plan", "due_date": in_ms(3_600_000),
        "reminders": [{"before_due_minutes": 30}]}),
        )
        .await;
    for (body, field) in [
        (json!({"reminders": [{"at": in_ms(0), "before_due_minutes": 5}]}), "reminders"),
        (json!({"reminders": [{"minutes": 5}]}), "reminders"),
        (json!({"reminders": [{"before_due_minutes": 5}, {"before_due_minutes": 5}]}), "reminders"),
        (
            json!({"reminders": (0..11).map(|n| json!({"before_due_minutes": n})).collect::<Vec<_>>()}),
            "reminders",
        ),
        (json!({"reminders": null}), "reminders"),
        (json!({"due_date": null}), "due_date"),
        (json!({"remind_at": in_ms(0)}), "remind_at"),
    ] {
        let refused = app.patch_task(&session.access, &task["id"], body.clone()).await;
        let error = assert_error(refused, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
        assert!(error["error"]["fields"][field].is_string(), "{body}: {error}");
    }
    let unchanged: Value =
        app.get(&format!("/tasks/{}", task["id"]), &session.access).await.json().await.unwrap();
    assert_eq!(unchanged, task);
    let plain = app
        .create_task(&session.access, json!({"title": "Undated", "reminders": [{"before_due_minutes": 5}]}))
        .await;
    let error = assert_error(plain, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    assert!(error["error"]["fields"]["reminders"].is_string(), "{error}");
}

/// Creates `count` tasks with `per_task` reminders each, all due in the past minute, eight requests
/// at a time.
async fn due_tasks(app: &TestApp, access: &str, count: usize, per_task: usize) {
    let mut creations = tokio::task::JoinSet::new();
    for i in 0..count {
        let (client, url, access) = (app.new_browser(), app.api("/tasks"), access.to_owned());
        let reminders: Vec<Value> = (0..per_task).map(|n| json!({"at": in_ms(-60_000 + n as i64)})).collect();
        creations.spawn(async move {
            let body = json!({"title": format!("due {i}"), "reminders": reminders});
            client.post(url).bearer_auth(access).json(&body).send().await.unwrap().status()
        });
        if creations.len() >= 8 {
            assert_eq!(creations.join_next().await.unwrap().unwrap(), StatusCode::CREATED);
        }
    }
    for status in creations.join_all().await {
        assert_eq!(status, StatusCode::CREATED);
    }
}

#[tokio::test]
async fn reminders_due_while_no_worker_ran_are_delivered_when_one_starts() {
    let app = spawn_app().await;
    let session = app.new_user().await;
    due_tasks(&app, &session.access, 3, 1).await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert!(notifications(&app, &session.access, "").await.is_empty());
    let _worker = app.start_worker().await;
    wait_for_notifications(&app, &session.access, 3, Duration::from_secs(3)).await;
}

#[tokio::test]
async fn two_workers_racing_over_1000_due_reminders_deliver_each_exactly_once() {
    let app = spawn_app().await;
    let session = app.new_user().await;
    due_tasks(&app, &session.access, 100, 10).await;
    let (first, second) = (app.start_worker().await, app.start_worker().await);
    wait_until_all_sent(&app, 1000).await;
    // Let both finish any pass in flight, so a duplicate would have been written by now.
    first.stop().await;
    second.stop().await;
    assert_each_delivered_once(&app, 1000).await;
}

#[tokio::test]
async fn a_worker_killed_mid_run_loses_nothing_and_the_next_sends_none_twice() {
    let app = spawn_app().await;
    let session = app.new_user().await;
    due_tasks(&app, &session.access, 100, 3).await;
    let doomed = app.start_worker().await;
    wait_for_count(&app, "SELECT count(*) FROM notifications", 1, Duration::from_secs(10)).await;
    doomed.kill();
    let survivor = app.start_worker().await;
    wait_until_all_sent(&app, 300).await;
    survivor.stop().await;
    assert_each_delivered_once(&app, 300).await;
}

#[tokio::test]
async fn notifications_are_listed_newest_first_filtered_paged_and_marked_read() {
    let app = spawn_app_with(with_worker()).await;
    let session = app.new_user().await;
    for (i, delay) in [0, 150, 300].iter().enumerate() {
        app.task(&session.access, json!({"title": format!("n{i}"), "reminders": reminder_in(*delay)})).await;
        wait_for_notifications(&app, &session.access, i + 1, Duration::from_secs(3)).await;
    }
    let all = notifications(&app, &session.access, "").await;
    let messages: Vec<&str> = all.iter().map(|n| n["message"].as_str().unwrap()).collect();
    assert_eq!(messages, ["Reminder: n2", "Reminder: n1", "Reminder: n0"]);

    let read = app
        .client
        .post(app.api(&format!("/notifications/{}/read", all[1]["id"])))
        .bearer_auth(&session.access)
        .send()
        .await
        .unwrap();
    assert_eq!(read.status(), StatusCode::NO_CONTENT);
    let again = app
        .client
        .post(app.api(&format!("/notifications/{}/read", all[1]["id"])))
        .bearer_auth(&session.access)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), StatusCode::NO_CONTENT, "marking read twice is fine");
    let unread = notifications(&app, &session.access, "unread=true").await;
    let unread: Vec<&Value> = unread.iter().map(|n| &n["id"]).collect();
    assert_eq!(unread, [&all[0]["id"], &all[2]["id"]]);
    let all_again = notifications(&app, &session.access, "unread=false").await;
    assert!(all_again[1]["read_at"].is_string());

    // Pages of one visit all three, in order.
    let mut seen = Vec::new();
    let mut query = "limit=1".to_owned();
    loop {
        let body: Value =
            app.get(&format!("/notifications?{query}"), &session.access).await.json().await.unwrap();
        seen.extend(body["items"].as_array().unwrap().iter().map(|n| n["id"].clone()));
        match body["next_cursor"].as_str() {
            Some(cursor) => query = format!("limit=1&cursor={cursor}"),
            None => break,
        }
    }
    assert_eq!(seen, all.iter().map(|n| n["id"].clone()).collect::<Vec<_>>());
    assert_error(
        app.get("/notifications?unread=maybe", &session.access).await,
        StatusCode::BAD_REQUEST,
        "bad_request",
    )
    .await;
}

#[tokio::test]
async fn mark_all_read_reads_every_unread_notification_of_the_caller_only() {
    let app = spawn_app_with(with_worker()).await;
    let (me, other) = (app.new_user().await, app.new_user().await);
    for (session, title) in [(&me, "a"), (&me, "b"), (&me, "c"), (&other, "theirs")] {
        app.task(&session.access, json!({"title": title, "reminders": reminder_in(0)})).await;
    }
    let mine = wait_for_notifications(&app, &me.access, 3, Duration::from_secs(5)).await;
    wait_for_notifications(&app, &other.access, 1, Duration::from_secs(5)).await;
    // One read already: its read_at stays as it was.
    let read = app
        .client
        .post(app.api(&format!("/notifications/{}/read", mine[0]["id"])))
        .bearer_auth(&me.access)
        .send()
        .await
        .unwrap();
    assert_eq!(read.status(), StatusCode::NO_CONTENT);
    let first_read_at = notifications(&app, &me.access, "").await[0]["read_at"].clone();

    let mark_all = || app.client.post(app.api("/notifications/read-all")).bearer_auth(&me.access).send();
    let response = mark_all().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.json::<Value>().await.unwrap(), json!({"marked": 2}));
    assert!(notifications(&app, &me.access, "unread=true").await.is_empty());
    assert_eq!(notifications(&app, &me.access, "").await[0]["read_at"], first_read_at);
    assert_eq!(notifications(&app, &other.access, "unread=true").await.len(), 1, "another's stay unread");

    let again = mark_all().await.unwrap();
    assert_eq!(again.json::<Value>().await.unwrap(), json!({"marked": 0}));
}

#[tokio::test]
async fn notifications_belong_to_their_user_and_go_with_the_account() {
    let app = spawn_app_with(with_worker()).await;
    let owner = app.new_user().await;
    let other = app.new_user().await;
    app.task(&owner.access, json!({"title": "Mine", "reminders": reminder_in(0)})).await;
    let items = wait_for_notifications(&app, &owner.access, 1, Duration::from_secs(3)).await;
    assert!(notifications(&app, &other.access, "").await.is_empty());
    let steal = app
        .client
        .post(app.api(&format!("/notifications/{}/read", items[0]["id"])))
        .bearer_auth(&other.access)
        .send()
        .await
        .unwrap();
    assert_error(steal, StatusCode::NOT_FOUND, "not_found").await;
    assert!(notifications(&app, &owner.access, "").await[0]["read_at"].is_null(), "untouched");
    let unknown = app
        .client
        .post(app.api("/notifications/999999/read"))
        .bearer_auth(&owner.access)
        .send()
        .await
        .unwrap();
    assert_error(unknown, StatusCode::NOT_FOUND, "not_found").await;
    let unauthenticated = app.client.get(app.api("/notifications")).send().await.unwrap();
    assert_error(unauthenticated, StatusCode::UNAUTHORIZED, "unauthorized").await;

    let deleted = app.delete_account(&owner.access, PASSWORD).await;
    assert_eq!(deleted.status(), StatusCode::NO_CONTENT);
    assert_eq!(app.sql_count("SELECT count(*) FROM notifications").await, 0, "cascaded with the user");
}

fn with_smtp(url: String) -> Options {
    Options {
        worker: true,
        tweak: Box::new(move |s| s.reminders.smtp_url = Some(tasktracker::config::Secret::new(url))),
        ..Default::default()
    }
}

#[tokio::test]
async fn with_smtp_configured_each_reminder_is_also_emailed_to_the_owner() {
    let sink = SmtpSink::start(0).await;
    let app = spawn_app_with(with_smtp(sink.url())).await;
    let email = unique_email();
    let session = app.signed_up(&email).await;
    app.task(&session.access, json!({"title": "Renew passport", "reminders": reminder_in(0)})).await;
    let deadline = Instant::now() + Duration::from_secs(5);
    while sink.messages().is_empty() {
        assert!(Instant::now() < deadline, "no email within 5 s");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    let messages = sink.messages();
    assert_eq!(messages.len(), 1, "one email per reminder");
    assert!(messages[0].contains("Renew passport"));
    assert!(messages[0].contains(&format!("To: {email}")), "{}", messages[0]);
    assert_eq!(app.sql_count("SELECT count(*) FROM notifications WHERE emailed_at IS NOT NULL").await, 1);
}

#[tokio::test]
async fn an_email_refused_while_smtp_is_down_is_retried_and_arrives_once_it_is_back() {
    let port = free_port();
    let app = spawn_app_with(with_smtp(format!("smtp://127.0.0.1:{port}"))).await;
    let session = app.new_user().await;
    app.task(&session.access, json!({"title": "Pay the invoice", "reminders": reminder_in(0)})).await;
    // The in-app notification does not wait for email.
    wait_for_notifications(&app, &session.access, 1, Duration::from_secs(3)).await;
    wait_for_count(
        &app,
        "SELECT CAST(max(email_attempts) AS BIGINT) FROM notifications",
        1,
        Duration::from_secs(5),
    )
    .await;
    assert_eq!(
        app.sql_count("SELECT count(*) FROM notifications WHERE email_pending").await,
        1,
        "still queued"
    );

    let sink = SmtpSink::start(port).await;
    let deadline = Instant::now() + Duration::from_secs(15);
    while sink.messages().is_empty() {
        assert!(Instant::now() < deadline, "the retried email did not arrive within 15 s");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(sink.messages().len(), 1);
    assert!(sink.messages()[0].contains("Pay the invoice"));
    assert_eq!(app.sql_count("SELECT count(*) FROM notifications WHERE email_pending").await, 0);
}

#[tokio::test]
async fn a_reminder_is_delivered_on_time_even_with_a_long_poll_interval() {
    let app = spawn_app_with(Options {
        worker: true,
        tweak: Box::new(|s| s.reminders.reminder_poll_ms = 30_000),
        ..Default::default()
    })
    .await;
    let session = app.new_user().await;
    // Let the worker fall asleep for its long poll before the reminder exists.
    tokio::time::sleep(Duration::from_millis(200)).await;
    let task = app.task(&session.access, json!({"title": "On the dot", "reminders": reminder_in(700)})).await;
    let items = wait_for_notifications(&app, &session.access, 1, Duration::from_secs(3)).await;
    let remind_at =
        chrono::DateTime::parse_from_rfc3339(task["reminders"][0]["fires_at"].as_str().unwrap()).unwrap();
    let delivered = chrono::DateTime::parse_from_rfc3339(items[0]["created_at"].as_str().unwrap()).unwrap();
    let lag = delivered - remind_at;
    assert!(lag >= chrono::Duration::zero(), "never early: {lag}");
    assert!(lag < chrono::Duration::milliseconds(300), "woken for it, not by the 30 s poll: {lag}");
}
