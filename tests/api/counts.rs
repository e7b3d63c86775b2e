//! `GET /tasks/counts`: what the sidebar shows beside each view and project, with days in the
//! caller's time zone, over every project they are in and no other.

use chrono::{DateTime, Duration, NaiveTime, TimeZone as _, Utc};
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::*;

/// Far enough east that "today" there is rarely today in UTC, so a count taken in the server's
/// zone instead of the user's would be wrong most hours of the day.
const ZONE: &str = "Pacific/Kiritimati";

async fn user_in_zone(app: &TestApp) -> (Session, Value) {
    let email = unique_email();
    let response = app
        .client
        .post(app.api("/auth/register"))
        .json(&json!({"email": email, "password": "correct horse battery", "time_zone": ZONE}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::CREATED);
    let session = session_of(app.login(&email, "correct horse battery").await).await;
    let me: Value = app.me(&session.access).await.json().await.unwrap();
    (session, me)
}

/// The start of tomorrow in `ZONE`.
fn start_of_tomorrow(now: DateTime<Utc>) -> DateTime<Utc> {
    let tz: chrono_tz::Tz = ZONE.parse().unwrap();
    let tomorrow = now.with_timezone(&tz).date_naive() + Duration::days(1);
    tz.from_local_datetime(&tomorrow.and_time(NaiveTime::MIN)).unwrap().with_timezone(&Utc)
}

async fn counts(app: &TestApp, access: &str) -> Value {
    let response = app.get("/tasks/counts", access).await;
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.unwrap()
}

#[tokio::test]
async fn counts_each_view_in_the_users_time_zone_over_their_projects_only() {
    let app = spawn_app().await;
    let (me, my) = user_in_zone(&app).await;
    let (other, _) = user_in_zone(&app).await;
    let now = Utc::now();
    let later_today = now + (start_of_tomorrow(now) - now) / 2;
    let projects: Value = app.get("/projects", &me.access).await.json().await.unwrap();
    let inbox = projects["items"][0]["id"].clone();

    // In my inbox: overdue, later today, in three days, in ten days, undated, and a completed one.
    for (title, due) in [
        ("overdue", Some(now - Duration::days(3))),
        ("later today", Some(later_today)),
        ("in three days", Some(now + Duration::days(3))),
        ("in ten days", Some(now + Duration::days(10))),
        ("undated", None),
    ] {
        app.task(&me.access, json!({"title": title, "due_date": due.map(|d| d.to_rfc3339())})).await;
    }
    let done = app.task(&me.access, json!({"title": "done", "due_date": now.to_rfc3339()})).await;
    let response = app.patch_task(&me.access, &done["id"], json!({"completed": true})).await;
    assert_eq!(response.status(), StatusCode::OK);

    // A project shared with me as viewer: one open task assigned to me, due later today.
    let shared = app.shared_project(&other, &[(my["email"].as_str().unwrap(), "viewer")]).await;
    app.task(
        &other.access,
        json!({"title": "theirs, mine to do", "project_id": shared["id"], "assignee_id": my["id"],
               "due_date": later_today.to_rfc3339()}),
    )
    .await;
    // The other user's inbox is not mine to count.
    app.task(&other.access, json!({"title": "not mine", "due_date": (now - Duration::days(1)).to_rfc3339()}))
        .await;

    let body = counts(&app, &me.access).await;
    assert_eq!(body["overdue"], 1, "{body}");
    assert_eq!(body["today"], 3, "overdue + later today + the shared one: {body}");
    assert_eq!(body["upcoming"], 3, "later today, the shared one, in three days: {body}");
    assert_eq!(body["assigned"], 1, "{body}");
    assert_eq!(body["completed"], 1, "{body}");
    let mut projects = body["projects"].as_array().unwrap().clone();
    projects.sort_by_key(|p| p["project_id"].as_i64());
    assert_eq!(
        projects,
        vec![json!({"project_id": inbox, "open": 5}), json!({"project_id": shared["id"], "open": 1})]
    );

    // Someone with nothing gets zeros, and their inbox with 0.
    let (empty, _) = user_in_zone(&app).await;
    let body = counts(&app, &empty.access).await;
    assert_eq!((&body["today"], &body["completed"]), (&json!(0), &json!(0)));
    assert_eq!(body["projects"].as_array().unwrap().len(), 1);
    assert_eq!(body["projects"][0]["open"], 0);

    assert_error(app.get("/tasks/counts", "not-a-token").await, StatusCode::UNAUTHORIZED, "unauthorized")
        .await;
}
