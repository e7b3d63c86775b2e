//! The calendar feed: a secret address per user, rotation, and an RFC 5545 feed that another
//! parser (Python's `icalendar`, in a venv of the suite's own) reads back as the tasks are: due
//! instants, zones, rules (across daylight-saving changes) and alarms.

use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::Mutex;

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::*;

/// Makes the venv once (`scripts/requirements-icalendar.txt`, from PyPI), as
/// `scripts/schemathesis.sh` makes its own; a half-made one is made again.
fn icalendar_python() -> std::path::PathBuf {
    static MADE: Mutex<()> = Mutex::new(());
    let _once = MADE.lock().unwrap_or_else(|e| e.into_inner());
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let venv = root.join(".venv-icalendar");
    let (python, done) = (venv.join("bin/python"), venv.join(".installed"));
    if !done.exists() {
        let _ = std::fs::remove_dir_all(&venv);
        let made = Command::new("python3").arg("-m").arg("venv").arg(&venv).status().unwrap();
        assert!(made.success(), "python3 -m venv");
        let installed = Command::new(venv.join("bin/pip"))
            .args(["install", "--quiet", "-r"])
            .arg(root.join("scripts/requirements-icalendar.txt"))
            .status()
            .unwrap();
        assert!(installed.success(), "pip install icalendar");
        std::fs::write(&done, "").unwrap();
    }
    python
}

/// The feed as `scripts/ical_check.py` reads it, with each VTIMEZONE's offsets at `probes`.
fn parse_independently(ics: &str, probes: &[&str]) -> Value {
    use std::io::Write;
    let python = icalendar_python();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/ical_check.py");
    let mut child = Command::new(python)
        .arg(script)
        .args(probes)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(ics.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "the feed does not parse:\n{}\n{ics}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// The path of the feed address (its host is `PUBLIC_URL`'s, not the test server's).
async fn feed_path(app: &TestApp, session: &Session) -> String {
    let response = app.get("/users/me/calendar", &session.access).await;
    assert_eq!(response.status(), StatusCode::OK);
    let body: Value = response.json().await.unwrap();
    let url = body["url"].as_str().unwrap();
    assert!(url.starts_with(&app.settings.public_url()), "{url}");
    let path = &url[url.find("/ical/").unwrap()..];
    assert!(path.ends_with(".ics") && path.len() >= "/ical/".len() + 22 + 4, "{path}");
    path.to_owned()
}

async fn fetch(app: &TestApp, path: &str) -> reqwest::Response {
    app.client.get(app.url(path)).send().await.unwrap()
}

async fn feed_text(app: &TestApp, path: &str) -> String {
    let response = fetch(app, path).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["content-type"], "text/calendar; charset=utf-8");
    response.text().await.unwrap()
}

/// An instant of the API as iCalendar writes it: to the second, in UTC.
fn whole_seconds(instant: &Value) -> String {
    let instant = chrono::DateTime::parse_from_rfc3339(instant.as_str().unwrap()).unwrap();
    instant.with_timezone(&chrono::Utc).format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

fn event<'a>(feed: &'a Value, summary: &str) -> &'a Value {
    feed["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["summary"] == summary)
        .unwrap_or_else(|| panic!("no event {summary:?} in {feed:#}"))
}

#[tokio::test]
async fn the_feed_reads_back_in_another_parser_as_the_tasks_are() {
    let app = spawn_app().await;
    let me = app.new_user().await;
    // Weekly at 09:00 in Berlin from Monday 22 March 2027, across the change to summer time on
    // the 28th: 08:00Z, then 07:00Z.
    let weekly = app
        .task(
            &me.access,
            json!({"title": "Stand-up", "description": "Ten minutes", "due_date": "2027-03-22T08:00:00Z",
                   "time_zone": "Europe/Berlin", "recurrence": "FREQ=WEEKLY", "priority": "urgent",
                   "reminders": [{"before_due_minutes": 60}]}),
        )
        .await;
    // New York falls back at 06:00Z on 7 November 2027: 06:30Z is the second 01:30 of the night.
    let fall_back = app
        .task(
            &me.access,
            json!({"title": "Night shift", "due_date": "2027-11-07T06:30:00Z", "time_zone": "America/New_York",
                   "priority": "low",
                   "reminders": [{"at": "2027-11-07T05:45:00Z"}, {"before_due_minutes": 30}]}),
        )
        .await;
    app.task(&me.access, json!({"title": "No date"})).await;
    let done = app.task(&me.access, json!({"title": "Done", "due_date": "2027-01-01T09:00:00Z"})).await;
    assert_eq!(app.patch_task(&me.access, &done["id"], json!({"completed": true})).await.status(), 200);
    // A shared project's task shows; a stranger's does not.
    let other = app.new_user().await;
    let email = app.me(&me.access).await.json::<Value>().await.unwrap()["email"].clone();
    let shared = app.shared_project(&other, &[(email.as_str().unwrap(), "viewer")]).await;
    app.task(
        &other.access,
        json!({"title": "Shared", "due_date": "2027-02-01T12:00:00Z", "project_id": shared["id"]}),
    )
    .await;
    app.task(&other.access, json!({"title": "Not yours", "due_date": "2027-02-01T12:00:00Z"})).await;

    let path = feed_path(&app, &me).await;
    let probes =
        ["2027-03-28T00:59:59Z", "2027-03-28T01:00:00Z", "2027-10-31T00:59:59Z", "2027-10-31T01:00:00Z"];
    let feed = parse_independently(&feed_text(&app, &path).await, &probes);
    assert_eq!(feed["version"], "2.0");
    let mut summaries: Vec<&str> =
        feed["events"].as_array().unwrap().iter().map(|e| e["summary"].as_str().unwrap()).collect();
    summaries.sort_unstable();
    assert_eq!(summaries, ["Night shift", "Shared", "Stand-up"]);

    let stand_up = event(&feed, "Stand-up");
    assert!(stand_up["uid"].as_str().unwrap().starts_with(&format!("task-{}@", weekly["id"])));
    assert_eq!(stand_up["start"], "2027-03-22T08:00:00Z");
    assert_eq!(stand_up["tzid"], "Europe/Berlin");
    assert_eq!(stand_up["rrule"], "FREQ=WEEKLY");
    assert_eq!(
        stand_up["occurrences"],
        json!([
            "2027-03-22T08:00:00Z",
            "2027-03-29T07:00:00Z",
            "2027-04-05T07:00:00Z",
            "2027-04-12T07:00:00Z",
            "2027-04-19T07:00:00Z"
        ])
    );
    assert_eq!(stand_up["priority"], 1);
    assert_eq!(stand_up["description"], "Ten minutes");
    assert_eq!(stand_up["alarms"], json!([{"before_minutes": 60}]));
    assert_eq!(stand_up["last_modified"], whole_seconds(&weekly["updated_at"]));
    // The feed's own VTIMEZONE (not the parser's tz database) has Berlin's changes.
    assert_eq!(feed["zones"]["Europe/Berlin"], json!([3600, 7200, 7200, 3600]));

    let night = event(&feed, "Night shift");
    assert!(night["uid"].as_str().unwrap().starts_with(&format!("task-{}@", fall_back["id"])));
    assert_eq!(night["start"], "2027-11-07T06:30:00Z");
    assert_eq!(night["tzid"], Value::Null, "a plain task is in UTC");
    assert_eq!(night["rrule"], Value::Null);
    assert_eq!(night["priority"], 9);
    let mut alarms = night["alarms"].as_array().unwrap().clone();
    alarms.sort_by_key(|a| a.to_string());
    assert_eq!(alarms, [json!({"at": "2027-11-07T05:45:00Z"}), json!({"before_minutes": 30})]);
    // Only the zones of repeating tasks are described.
    assert_eq!(feed["zones"].as_object().unwrap().len(), 1);
}

#[tokio::test]
async fn the_address_is_made_once_and_a_rotated_one_answers_404_at_once() {
    let app = spawn_app().await;
    let me = app.new_user().await;
    let path = feed_path(&app, &me).await;
    assert_eq!(feed_path(&app, &me).await, path, "the same address until rotated");
    feed_text(&app, &path).await;

    let rotated =
        app.client.post(app.api("/users/me/calendar/rotate")).bearer_auth(&me.access).send().await.unwrap();
    assert_eq!(rotated.status(), StatusCode::OK);
    let new_url = rotated.json::<Value>().await.unwrap()["url"].as_str().unwrap().to_owned();
    let new_path = &new_url[new_url.find("/ical/").unwrap()..];
    assert_ne!(new_path, path);
    assert_error(fetch(&app, &path).await, StatusCode::NOT_FOUND, "not_found").await;
    feed_text(&app, new_path).await;
    assert_eq!(feed_path(&app, &me).await, new_path);

    for unknown in ["/ical/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.ics", "/ical/nope.ics", "/ical/x"] {
        assert_error(fetch(&app, unknown).await, StatusCode::NOT_FOUND, "not_found").await;
    }
    // The secret is the only credential: no session needed, and none is asked for.
    let anonymous = reqwest::Client::new().get(app.url(new_path)).send().await.unwrap();
    assert_eq!(anonymous.status(), StatusCode::OK);
    // Another user's address is theirs.
    let other = app.new_user().await;
    assert_ne!(feed_path(&app, &other).await, new_path);
}

#[tokio::test]
async fn an_unchanged_feed_answers_304_to_its_etag_and_a_change_makes_a_new_one() {
    let app = spawn_app().await;
    let me = app.new_user().await;
    let task = app.task(&me.access, json!({"title": "Due", "due_date": "2027-01-01T09:00:00Z"})).await;
    let path = feed_path(&app, &me).await;
    let first = fetch(&app, &path).await;
    let etag = first.headers()["etag"].to_str().unwrap().to_owned();
    assert!(etag.starts_with('"') && etag.ends_with('"'), "{etag}");

    let again = app.client.get(app.url(&path)).header("if-none-match", &etag).send().await.unwrap();
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
    assert_eq!(again.headers()["etag"], etag.as_str());
    assert!(again.text().await.unwrap().is_empty());

    for change in [json!({"title": "Renamed"}), json!({"completed": true})] {
        assert_eq!(app.patch_task(&me.access, &task["id"], change).await.status(), StatusCode::OK);
        let after = app.client.get(app.url(&path)).header("if-none-match", &etag).send().await.unwrap();
        assert_eq!(after.status(), StatusCode::OK);
        assert_ne!(after.headers()["etag"], etag.as_str());
    }
    // A new task, too.
    let before = fetch(&app, &path).await.headers()["etag"].to_str().unwrap().to_owned();
    app.task(&me.access, json!({"title": "Another", "due_date": "2027-01-02T09:00:00Z"})).await;
    let after = app.client.get(app.url(&path)).header("if-none-match", &before).send().await.unwrap();
    assert_eq!(after.status(), StatusCode::OK);
    assert!(after.text().await.unwrap().contains("SUMMARY:Another"));
}
