//! Data written before a migration survives it: each test builds the schema as it was, fills it
//! the way that version of the server did, then runs the server's own migrations and reads the
//! result through the API.

use std::path::Path;

use chrono::{DateTime, Utc};
use reqwest::StatusCode;
use serde_json::{Value, json};
use sqlx::migrate::Migrator;

use crate::helpers::*;

/// The last migration before reminders got their own table.
const BEFORE_REMINDERS: i64 = 20261201000004;

/// An instant as that backend's SQL literal.
fn literal(backend: Backend, at: &str) -> String {
    let at: DateTime<Utc> = at.parse().unwrap();
    match backend {
        Backend::Postgres => format!("TIMESTAMPTZ '{}'", at.to_rfc3339()),
        Backend::Sqlite => at.timestamp_micros().to_string(),
    }
}

/// A database at `version`, with `statements` run on it; its URL, and the PostgreSQL database to
/// keep alive.
async fn database_at(version: i64, statements: &[String], dir: &Path) -> (String, Option<TestDatabase>) {
    match Backend::from_env() {
        Backend::Postgres => {
            let database = TestDatabase::create().await;
            let pool = sqlx::PgPool::connect(&database.url).await.unwrap();
            let migrator = Migrator::new(Path::new("migrations/postgres")).await.unwrap();
            migrator.run_to(version, &pool).await.unwrap();
            for sql in statements {
                sqlx::query(sqlx::AssertSqlSafe(sql.clone())).execute(&pool).await.unwrap();
            }
            pool.close().await;
            (database.url.clone(), Some(database))
        }
        Backend::Sqlite => {
            let url = format!("sqlite://{}", dir.join("old.db").display());
            let options: sqlx::sqlite::SqliteConnectOptions = url.parse().unwrap();
            let pool = sqlx::SqlitePool::connect_with(options.create_if_missing(true).foreign_keys(true))
                .await
                .unwrap();
            let migrator = Migrator::new(Path::new("migrations/sqlite")).await.unwrap();
            migrator.run_to(version, &pool).await.unwrap();
            for sql in statements {
                sqlx::query(sqlx::AssertSqlSafe(sql.clone())).execute(&pool).await.unwrap();
            }
            pool.close().await;
            (url, None)
        }
    }
}

#[tokio::test]
async fn each_remind_at_becomes_one_absolute_reminder_with_its_sent_state() {
    let backend = Backend::from_env();
    let dir = tempfile::tempdir().unwrap();
    let email = unique_email();
    let hash = bcrypt::hash(PASSWORD, 4).unwrap();
    let t = |at| literal(backend, at);
    let (created, nine, ten) =
        (t("2026-11-30T08:00:00Z"), t("2026-11-30T09:00:00Z"), t("2026-11-30T10:00:00Z"));
    let (yes, no) = match backend {
        Backend::Postgres => ("TRUE", "FALSE"),
        Backend::Sqlite => ("1", "0"),
    };
    let statements = [
        format!(
            "INSERT INTO users (email, password_hash, created_at) VALUES ('{email}', '{hash}', {created})"
        ),
        // Armed; sent; armed but completed (so never to fire); none.
        format!(
            "INSERT INTO tasks (user_id, title, completed, completed_at, remind_at, reminded_at, created_at, updated_at) VALUES \
             (1, 'pending', {no}, NULL, {nine}, NULL, {created}, {created}), \
             (1, 'sent', {no}, NULL, {nine}, {ten}, {created}, {created}), \
             (1, 'done', {yes}, {ten}, {nine}, NULL, {created}, {created}), \
             (1, 'plain', {no}, NULL, NULL, NULL, {created}, {created})"
        ),
        format!(
            "INSERT INTO notifications (user_id, task_id, kind, message, created_at) \
             VALUES (1, 2, 'task_reminder', 'Reminder: sent', {ten})"
        ),
    ];
    let (url, _database) = database_at(BEFORE_REMINDERS, &statements, dir.path()).await;

    let app = spawn_app_with(Options { database_url: Some(url), migrate: true, ..Default::default() }).await;
    let response = app.login(&email, PASSWORD).await;
    assert_eq!(response.status(), StatusCode::OK);
    let access = session_of(response).await.access;
    let (tasks, _) = app.list(&access, "sort=created_at").await;
    let reminders = |title: &str| -> Value {
        let task = tasks.iter().find(|t| t["title"] == title).unwrap();
        let mut reminders = task["reminders"].clone();
        for reminder in reminders.as_array_mut().unwrap() {
            assert!(reminder["id"].is_i64(), "{reminder}");
            reminder.as_object_mut().unwrap().remove("id");
        }
        reminders
    };
    let at_nine = |sent_at: Value| json!([{"at": "2026-11-30T09:00:00Z", "fires_at": "2026-11-30T09:00:00Z", "sent_at": sent_at}]);
    assert_eq!(reminders("pending"), at_nine(Value::Null));
    assert_eq!(reminders("sent"), at_nine(json!("2026-11-30T10:00:00Z")));
    assert_eq!(reminders("done"), at_nine(Value::Null));
    assert_eq!(reminders("plain"), json!([]));
    // Only the pending one of an open task is still to fire.
    assert_eq!(app.sql_count("SELECT count(*) FROM reminders WHERE armed").await, 1);

    let body: Value = app.get("/notifications", &access).await.json().await.unwrap();
    let notification = &body["items"][0];
    assert_eq!(notification["message"], "Reminder: sent");
    assert_eq!(notification["fires_at"], "2026-11-30T10:00:00Z", "when it was sent");
    assert_eq!(
        app.sql_count("SELECT count(*) FROM notifications n JOIN reminders r ON r.id = n.reminder_id AND r.task_id = n.task_id")
            .await,
        1,
        "linked to the reminder it came from"
    );
}

/// The last migration before projects.
const BEFORE_PROJECTS: i64 = 20261201000005;

#[tokio::test]
async fn each_user_gets_an_inbox_holding_their_tasks_with_everything_that_hangs_on_them() {
    let backend = Backend::from_env();
    let dir = tempfile::tempdir().unwrap();
    let (email, other) = (unique_email(), unique_email());
    let hash = bcrypt::hash(PASSWORD, 4).unwrap();
    let t = |at| literal(backend, at);
    let (created, nine) = (t("2026-11-30T08:00:00Z"), t("2026-11-30T09:00:00Z"));
    let no = match backend {
        Backend::Postgres => "FALSE",
        Backend::Sqlite => "0",
    };
    let statements = [
        format!(
            "INSERT INTO users (email, password_hash, created_at) VALUES ('{email}', '{hash}', {created}), \
             ('{other}', '{hash}', {created})"
        ),
        format!(
            "INSERT INTO tasks (user_id, title, created_at, updated_at) VALUES \
             (1, 'first', {created}, {created}), (1, 'second', {created}, {created}), (2, 'theirs', {created}, {created})"
        ),
        format!(
            "INSERT INTO reminders (task_id, at, fires_at, sent_at, armed) VALUES (1, {nine}, {nine}, {nine}, {no})"
        ),
        format!(
            "INSERT INTO notifications (user_id, task_id, reminder_id, kind, message, fires_at, created_at) \
             VALUES (1, 1, 1, 'task_reminder', 'Reminder: first', {nine}, {nine})"
        ),
        format!(
            "INSERT INTO completions (task_id, due_date, completed_at, completed_by) VALUES (2, NULL, {nine}, 1)"
        ),
    ];
    let (url, _database) = database_at(BEFORE_PROJECTS, &statements, dir.path()).await;

    let app = spawn_app_with(Options { database_url: Some(url), migrate: true, ..Default::default() }).await;
    let access = session_of(app.login(&email, PASSWORD).await).await.access;
    let projects: Value = app.get("/projects", &access).await.json().await.unwrap();
    let projects = projects["items"].as_array().unwrap();
    assert_eq!(projects.len(), 1, "{projects:?}");
    let inbox = &projects[0];
    assert_eq!(
        (&inbox["inbox"], &inbox["role"], &inbox["name"]),
        (&json!(true), &json!("owner"), &json!("Inbox"))
    );
    let me: Value = app.me(&access).await.json().await.unwrap();
    let (tasks, _) = app.list(&access, "sort=created_at").await;
    let titles: Vec<&str> = tasks.iter().map(|t| t["title"].as_str().unwrap()).collect();
    assert_eq!(titles, ["first", "second"], "only their own, in their inbox");
    assert!(tasks.iter().all(|t| t["project_id"] == inbox["id"] && t["created_by"] == me["id"]));
    assert!(tasks.iter().all(|t| t["labels"] == json!([]) && t["assignee_id"].is_null()));
    // What hangs on the tasks survived the move (SQLite rebuilds the table to get there).
    assert_eq!(tasks[0]["reminders"][0]["sent_at"], "2026-11-30T09:00:00Z");
    let notifications: Value = app.get("/notifications", &access).await.json().await.unwrap();
    assert_eq!(notifications["items"][0]["message"], "Reminder: first");
    let completions: Value =
        app.get(&format!("/tasks/{}/completions", tasks[1]["id"]), &access).await.json().await.unwrap();
    assert_eq!(completions["items"][0]["completed_by"], me["id"]);
    // A task created now lands in the same inbox, and a new account gets one of its own.
    let created = app.task(&access, json!({"title": "third"})).await;
    assert_eq!(created["project_id"], inbox["id"]);
    let newcomer = app.new_user().await;
    let theirs: Value = app.get("/projects", &newcomer.access).await.json().await.unwrap();
    assert_eq!(theirs["items"][0]["inbox"], true);
    assert_ne!(theirs["items"][0]["id"], inbox["id"]);
}
