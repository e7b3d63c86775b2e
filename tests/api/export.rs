//! Export and import: the account's data as one document, streamed; and that document recreated
//! in another account, all or nothing.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::*;

async fn export(app: &TestApp, session: &Session) -> Value {
    let response = app.get("/users/me/export", &session.access).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["content-type"], "application/json");
    let disposition = response.headers()["content-disposition"].to_str().unwrap().to_owned();
    let today = chrono::Utc::now().format("%Y-%m-%d").to_string();
    assert_eq!(disposition, format!("attachment; filename=\"tasktracker-export-{today}.json\""));
    response.json().await.unwrap()
}

async fn import(app: &TestApp, session: &Session, document: &Value) -> reqwest::Response {
    app.client
        .post(app.api("/users/me/import"))
        .bearer_auth(&session.access)
        .json(document)
        .send()
        .await
        .unwrap()
}

async fn post(app: &TestApp, session: &Session, path: &str, body: Value) -> Value {
    let response =
        app.client.post(app.api(path)).bearer_auth(&session.access).json(&body).send().await.unwrap();
    assert!(response.status().is_success(), "POST {path}: {}", response.status());
    response.json().await.unwrap()
}

/// Every task the user can see as the API shows it, without what an import makes anew (ids,
/// versions, the project's id, the creator), by title.
async fn tasks_as_shown(app: &TestApp, session: &Session) -> Vec<Value> {
    let projects: Value = app.get("/projects", &session.access).await.json().await.unwrap();
    let name_of = |id: &Value| {
        projects["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["id"] == *id)
            .map(|p| p["name"].clone())
            .unwrap()
    };
    let mut all = Vec::new();
    let mut query = "limit=100&sort=created_at".to_owned();
    loop {
        let (items, next) = app.list(&session.access, &query).await;
        for mut task in items {
            task["project"] = name_of(&task["project_id"]);
            for key in ["id", "version", "project_id", "created_by"] {
                task.as_object_mut().unwrap().remove(key);
            }
            for reminder in task["reminders"].as_array_mut().unwrap() {
                reminder.as_object_mut().unwrap().remove("id");
            }
            all.push(task);
        }
        match next {
            Some(cursor) => query = format!("limit=100&sort=created_at&cursor={cursor}"),
            None => break,
        }
    }
    all.sort_by_key(|t| t["title"].as_str().unwrap().to_owned());
    all
}

/// An account with something of everything: an inbox, a coloured project with a member, labels,
/// reminders of both kinds, a repeating task completed once, a completed task, a notification.
async fn busy_account(app: &TestApp) -> Session {
    let me = app.new_user().await;
    let project = post(app, &me, "/projects", json!({"name": "Work", "color": "#3366ff"})).await;
    let friend = unique_email();
    app.signed_up(&friend).await;
    post(
        app,
        &me,
        &format!("/projects/{}/members", project["id"]),
        json!({"email": friend, "role": "editor"}),
    )
    .await;
    app.task(&me.access, json!({"title": "Plain"})).await;
    app.task(
        &me.access,
        json!({"title": "Weekly", "due_date": "2027-03-22T08:00:00Z", "time_zone": "Europe/Berlin",
               "recurrence": "FREQ=WEEKLY;COUNT=5", "labels": ["Team", "ritual"], "priority": "high",
               "reminders": [{"before_due_minutes": 60}, {"at": "2027-03-21T18:00:00Z"}]}),
    )
    .await;
    let weekly =
        app.list(&me.access, "limit=100").await.0.into_iter().find(|t| t["title"] == "Weekly").unwrap();
    assert_eq!(app.patch_task(&me.access, &weekly["id"], json!({"completed": true})).await.status(), 200);
    for n in 0..4 {
        app.task(
            &me.access,
            json!({"title": format!("Work {n}"), "project_id": project["id"], "description": "x".repeat(n * 10),
                   "due_date": "2027-01-01T09:00:00Z"}),
        )
        .await;
    }
    let done = app.task(&me.access, json!({"title": "Done", "project_id": project["id"]})).await;
    assert_eq!(app.patch_task(&me.access, &done["id"], json!({"completed": true})).await.status(), 200);
    me
}

#[tokio::test]
async fn an_export_imported_into_a_fresh_account_shows_the_same_tasks() {
    let app = spawn_app().await;
    let me = busy_account(&app).await;
    let document = export(&app, &me).await;
    assert_eq!(
        (document["format"].as_str(), document["version"].as_i64()),
        (Some("tasktracker-export"), Some(1))
    );
    let profile: Value = app.me(&me.access).await.json().await.unwrap();
    assert_eq!(document["user"]["email"], profile["email"]);
    let projects = document["projects"].as_array().unwrap();
    assert_eq!(projects.len(), 2);
    assert_eq!(projects[0]["inbox"], true);
    assert_eq!(projects[1]["members"].as_array().unwrap().len(), 2);
    let text = document.to_string();
    for secret in ["password", "hash", "token", "$2b$"] {
        assert!(!text.contains(secret), "the export holds {secret:?}");
    }

    let fresh = app.new_user().await;
    let response = import(&app, &fresh, &document).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    assert_eq!(response.json::<Value>().await.unwrap(), json!({"projects": 1, "tasks": 7}));
    let (mine, theirs) = (tasks_as_shown(&app, &me).await, tasks_as_shown(&app, &fresh).await);
    assert_eq!(theirs.len(), 7);
    assert_eq!(mine, theirs);
    let projects: Value = app.get("/projects", &fresh.access).await.json().await.unwrap();
    let work = projects["items"].as_array().unwrap().iter().find(|p| p["name"] == "Work").unwrap();
    assert_eq!(work["color"], "#3366ff");
    // Members are not imported: the new project is the importer's alone.
    let members: Value =
        app.get(&format!("/projects/{}/members", work["id"]), &fresh.access).await.json().await.unwrap();
    assert_eq!(members["items"].as_array().unwrap().len(), 1);
    // The repeating task's completion came along, and its series still ends after five.
    let weekly =
        app.list(&fresh.access, "limit=100").await.0.into_iter().find(|t| t["title"] == "Weekly").unwrap();
    let completions: Value =
        app.get(&format!("/tasks/{}/completions", weekly["id"]), &fresh.access).await.json().await.unwrap();
    assert_eq!(completions["items"].as_array().unwrap().len(), 1);
    let occurrences: Value = app
        .get(&format!("/tasks/{}/occurrences?limit=10", weekly["id"]), &fresh.access)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(occurrences["items"].as_array().unwrap().len(), 4);
}

#[tokio::test]
async fn a_document_with_one_bad_task_deep_inside_imports_nothing() {
    let app = spawn_app().await;
    let me = busy_account(&app).await;
    let document = export(&app, &me).await;
    let fresh = app.new_user().await;
    let before = app.list(&fresh.access, "limit=100").await.0.len();

    let mut corrupt = document.clone();
    corrupt["projects"][1]["tasks"][3]["title"] = json!("   ");
    let body = assert_error(
        import(&app, &fresh, &corrupt).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert!(body["error"]["fields"]["projects[1].tasks[3].title"].is_string(), "{body}");

    let mut corrupt = document.clone();
    corrupt["projects"][0]["tasks"][1]["recurrence"] = json!("FREQ=HOURLY");
    let body = assert_error(
        import(&app, &fresh, &corrupt).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert!(body["error"]["fields"]["projects[0].tasks[1].recurrence"].is_string(), "{body}");

    let mut corrupt = document.clone();
    corrupt["projects"][1]["tasks"][2]["priority"] = json!(7);
    let body = assert_error(
        import(&app, &fresh, &corrupt).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert!(body["error"]["fields"]["projects[1].tasks[2].priority"].is_string(), "{body}");

    for (key, value) in [("format", json!("something-else")), ("version", json!(2))] {
        let mut wrong = document.clone();
        wrong[key] = value;
        let body = assert_error(
            import(&app, &fresh, &wrong).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        )
        .await;
        assert!(body["error"]["fields"][key].is_string(), "{body}");
    }
    let not_json = app
        .client
        .post(app.api("/users/me/import"))
        .bearer_auth(&fresh.access)
        .header("content-type", "application/json")
        .body("{\"format\": ")
        .send()
        .await
        .unwrap();
    assert_error(not_json, StatusCode::BAD_REQUEST, "bad_request").await;

    assert_eq!(app.list(&fresh.access, "limit=100").await.0.len(), before);
    let projects: Value = app.get("/projects", &fresh.access).await.json().await.unwrap();
    assert_eq!(projects["items"].as_array().unwrap().len(), 1, "only the inbox");
}

#[tokio::test]
async fn the_import_has_its_own_body_limit_and_every_other_route_keeps_64_kib() {
    let app = spawn_app_with(Options {
        tweak: Box::new(|s| s.import_max_bytes = 200 * 1024),
        ..Default::default()
    })
    .await;
    let me = app.new_user().await;
    let task = |n: usize| {
        json!({"title": format!("Long {n}"), "description": "d".repeat(9_000), "priority": "medium",
               "time_zone": "UTC", "created_at": "2026-12-01T09:00:00Z", "updated_at": "2026-12-01T09:00:00Z"})
    };
    let document = |tasks: usize| {
        json!({"format": "tasktracker-export", "version": 1,
               "projects": [{"name": "Big", "tasks": (0..tasks).map(task).collect::<Vec<_>>()}]})
    };
    // About 110 KiB: over the 64 KiB of the other routes, within this one's limit.
    let response = import(&app, &me, &document(12)).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    assert_eq!(response.json::<Value>().await.unwrap(), json!({"projects": 1, "tasks": 12}));
    assert_error(import(&app, &me, &document(25)).await, StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large")
        .await;
    let big_task = json!({"title": "Big", "description": "d".repeat(70 * 1024)});
    assert_error(
        app.create_task(&me.access, big_task).await,
        StatusCode::PAYLOAD_TOO_LARGE,
        "payload_too_large",
    )
    .await;
    let text = app
        .client
        .post(app.api("/users/me/import"))
        .bearer_auth(&me.access)
        .header("content-type", "text/plain")
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_error(text, StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type").await;
}
