//! A worker in another process hears about new reminders through PostgreSQL's LISTEN/NOTIFY.

use std::time::{Duration, Instant};

use chrono::Utc;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::*;

#[tokio::test]
async fn a_worker_elsewhere_is_woken_by_notify_instead_of_waiting_for_its_poll() {
    let app = spawn_app_with(Options {
        backend: Backend::Postgres,
        tweak: Box::new(|s| s.reminders.reminder_poll_ms = 30_000),
        ..Default::default()
    })
    .await;
    let session = app.new_user().await;
    let _worker = app.start_worker().await;
    tokio::time::sleep(Duration::from_millis(300)).await;

    let remind_at = Utc::now() + chrono::Duration::milliseconds(500);
    let created = app
        .create_task(
            &session.access,
            json!({"title": "Heard", "reminders": [{"at": remind_at.to_rfc3339()}]}),
        )
        .await;
    assert_eq!(created.status(), StatusCode::CREATED);
    let deadline = Instant::now() + Duration::from_secs(3);
    loop {
        let body: Value = app.get("/notifications", &session.access).await.json().await.unwrap();
        if let Some(first) = body["items"].as_array().unwrap().first() {
            let delivered =
                chrono::DateTime::parse_from_rfc3339(first["created_at"].as_str().unwrap()).unwrap();
            let lag = delivered.with_timezone(&Utc) - remind_at;
            assert!(lag < chrono::Duration::milliseconds(300), "lag {lag}");
            return;
        }
        assert!(Instant::now() < deadline, "not delivered within 3 s: the worker waited for its 30 s poll");
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
}
