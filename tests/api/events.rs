//! Live updates (`GET /events`): each member's open stream hears of a change within a second, no one
//! else does, and a stream ends with its session, its token, a client that stops reading, and the
//! server.

use std::pin::Pin;
use std::time::{Duration, Instant};

use axum::body::Bytes;
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};
use tokio_stream::{Stream, StreamExt};

use crate::helpers::*;
use crate::process::{BinaryServer, free_port};

/// The contract's bound from a committed change to its event.
pub const WITHIN: Duration = Duration::from_secs(1);
/// The contract's bound from a revocation to the end of the stream.
pub const REVOKED_WITHIN: Duration = Duration::from_secs(5);

/// An open `GET /events`, read as a browser's `EventSource` would.
pub struct EventStream {
    body: Pin<Box<dyn Stream<Item = reqwest::Result<Bytes>> + Send>>,
    buffer: String,
    ended: bool,
}

/// One event: its name and its data.
pub type Event = (String, Value);

impl EventStream {
    /// Opens the stream at `url` with `access`, asserting the 200 and the content type.
    pub async fn open(url: &str, access: &str) -> Self {
        let response = Client::new().get(url).bearer_auth(access).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        let content_type = response.headers()["content-type"].to_str().unwrap();
        assert!(content_type.starts_with("text/event-stream"), "{content_type}");
        Self { body: Box::pin(response.bytes_stream()), buffer: String::new(), ended: false }
    }

    /// The next event within `within`, skipping comment lines; `None` if none comes or it ended.
    pub async fn next(&mut self, within: Duration) -> Option<Event> {
        let deadline = tokio::time::Instant::now() + within;
        loop {
            while let Some(end) = self.buffer.find("\n\n") {
                let frame: String = self.buffer.drain(..end + 2).collect();
                if let Some(event) = parse(&frame) {
                    return Some(event);
                }
            }
            if self.ended {
                return None;
            }
            match tokio::time::timeout_at(deadline, self.body.next()).await {
                Ok(Some(Ok(bytes))) => self.buffer.push_str(std::str::from_utf8(&bytes).unwrap()),
                Ok(Some(Err(_)) | None) => self.ended = true,
                Err(_) => return None,
            }
        }
    }

    /// Whether the stream ends within `within` (skipping what comes before the end).
    pub async fn ends_within(&mut self, within: Duration) -> bool {
        let deadline = Instant::now() + within;
        while !self.ended && Instant::now() < deadline {
            self.next(deadline - Instant::now()).await;
        }
        self.ended
    }

    /// Asserts that nothing comes for a while: what a non-member sees of a change.
    pub async fn assert_quiet(&mut self) {
        let event = self.next(Duration::from_millis(300)).await;
        assert_eq!(event, None, "an event reached a stream it was not for");
    }
}

fn parse(frame: &str) -> Option<Event> {
    let (mut name, mut data) = (None, None);
    for line in frame.lines() {
        if let Some(value) = line.strip_prefix("event: ") {
            name = Some(value.to_owned());
        } else if let Some(value) = line.strip_prefix("data: ") {
            data = Some(serde_json::from_str(value).unwrap());
        }
    }
    Some((name?, data?))
}

impl TestApp {
    pub async fn events(&self, access: &str) -> EventStream {
        EventStream::open(&self.api("/events"), access).await
    }

    pub async fn send_json(&self, method: reqwest::Method, path: &str, access: &str, body: Value) -> Value {
        let response =
            self.client.request(method, self.api(path)).bearer_auth(access).json(&body).send().await;
        let response = response.unwrap();
        assert!(response.status().is_success(), "{path}: {}", response.status());
        response.json().await.unwrap_or(Value::Null)
    }

    /// A project of `owner`'s, shared with each `(email, role)`.
    pub async fn shared_project(&self, owner: &Session, members: &[(&str, &str)]) -> Value {
        let project = self
            .send_json(reqwest::Method::POST, "/projects", &owner.access, json!({"name": "Shared"}))
            .await;
        for (email, role) in members {
            let path = format!("/projects/{}/members", project["id"]);
            self.send_json(
                reqwest::Method::POST,
                &path,
                &owner.access,
                json!({"email": email, "role": role}),
            )
            .await;
        }
        project
    }
}

/// Waits for the next event, asserting it comes within the contract's second; returns it and how
/// long it took from `since`.
pub async fn arrives(stream: &mut EventStream, since: Instant) -> (Event, Duration) {
    let event = stream.next(WITHIN).await.expect("an event within 1 s");
    (event, since.elapsed())
}

fn task_event(op: &str, task: &Value) -> Event {
    let data =
        json!({"op": op, "id": task["id"], "project_id": task["project_id"], "version": task["version"]});
    ("task".to_owned(), data)
}

#[tokio::test]
async fn a_change_reaches_every_member_within_a_second_and_no_one_else() {
    let app = spawn_app().await;
    let owner = app.new_user().await;
    let email = unique_email();
    let member = app.signed_up(&email).await;
    let outsider = app.new_user().await;
    let project = app.shared_project(&owner, &[(&email, "editor")]).await;
    let mut members = app.events(&member.access).await;
    let mut owners = app.events(&owner.access).await;
    let mut outsiders = app.events(&outsider.access).await;

    let started = Instant::now();
    let task = app.task(&owner.access, json!({"title": "Shared work", "project_id": project["id"]})).await;
    let (event, latency) = arrives(&mut members, started).await;
    assert_eq!(event, task_event("created", &task));
    eprintln!("task created → member's stream: {latency:?}");
    assert_eq!(arrives(&mut owners, started).await.0, task_event("created", &task));

    // The member's change reaches the owner.
    let started = Instant::now();
    let patched = app.patch_task(&member.access, &task["id"], json!({"title": "Renamed"})).await;
    let patched: Value = patched.json().await.unwrap();
    assert_eq!(arrives(&mut owners, started).await.0, task_event("updated", &patched));
    assert_eq!(arrives(&mut members, started).await.0, task_event("updated", &patched));

    let path = format!("/projects/{}", project["id"]);
    app.send_json(reqwest::Method::PATCH, &path, &owner.access, json!({"name": "Renamed project"})).await;
    let project_updated = ("project".to_owned(), json!({"op": "updated", "id": project["id"]}));
    assert_eq!(members.next(WITHIN).await, Some(project_updated));

    assert_eq!(app.delete_task(&owner.access, &task["id"]).await.status(), StatusCode::NO_CONTENT);
    assert_eq!(members.next(WITHIN).await, Some(task_event("deleted", &patched)));

    // The outsider's own stream works, and heard none of it.
    let own = app.task(&outsider.access, json!({"title": "Mine"})).await;
    assert_eq!(outsiders.next(WITHIN).await, Some(task_event("created", &own)));
    members.assert_quiet().await;
}

#[tokio::test]
async fn a_move_is_updated_for_who_sees_it_and_deleted_for_who_lost_sight_of_it() {
    let app = spawn_app().await;
    let owner = app.new_user().await;
    let (leaving_email, arriving_email) = (unique_email(), unique_email());
    let leaving = app.signed_up(&leaving_email).await;
    let arriving = app.signed_up(&arriving_email).await;
    let from = app.shared_project(&owner, &[(&leaving_email, "viewer")]).await;
    let to = app.shared_project(&owner, &[(&arriving_email, "viewer")]).await;
    let task = app.task(&owner.access, json!({"title": "Moving", "project_id": from["id"]})).await;
    let mut owners = app.events(&owner.access).await;
    let mut leavings = app.events(&leaving.access).await;
    let mut arrivings = app.events(&arriving.access).await;

    let started = Instant::now();
    let moved = app.patch_task(&owner.access, &task["id"], json!({"project_id": to["id"]})).await;
    assert_eq!(moved.status(), StatusCode::OK);
    let moved: Value = moved.json().await.unwrap();
    assert_eq!(moved["project_id"], to["id"]);
    assert_eq!(arrives(&mut arrivings, started).await.0, task_event("updated", &moved));
    assert_eq!(arrives(&mut owners, started).await.0, task_event("updated", &moved));
    assert_eq!(arrives(&mut leavings, started).await.0, task_event("deleted", &moved));
    // One event each: the owner, who sees both projects, is not told it was deleted.
    owners.assert_quiet().await;
    leavings.assert_quiet().await;
}

#[tokio::test]
async fn a_member_hears_of_being_added_and_removed_and_nothing_of_the_project_after() {
    let app = spawn_app().await;
    let owner = app.new_user().await;
    let email = unique_email();
    let member = app.signed_up(&email).await;
    let project = app.shared_project(&owner, &[]).await;
    let mut members = app.events(&member.access).await;

    let added = app.shared_project_member(&owner, &project, &email).await;
    let expected = |op: &str| Some(("project".to_owned(), json!({"op": op, "id": project["id"]})));
    assert_eq!(members.next(WITHIN).await, expected("member_added"));

    let path = format!("/projects/{}/members/{}", project["id"], added["user_id"]);
    let removed = app.client.delete(app.api(&path)).bearer_auth(&owner.access).send().await.unwrap();
    assert_eq!(removed.status(), StatusCode::NO_CONTENT);
    assert_eq!(members.next(WITHIN).await, expected("member_removed"));
    app.task(&owner.access, json!({"title": "Private again", "project_id": project["id"]})).await;
    members.assert_quiet().await;
}

impl TestApp {
    async fn shared_project_member(&self, owner: &Session, project: &Value, email: &str) -> Value {
        let path = format!("/projects/{}/members", project["id"]);
        self.send_json(reqwest::Method::POST, &path, &owner.access, json!({"email": email, "role": "viewer"}))
            .await
    }
}

#[tokio::test]
async fn a_delivered_reminder_reaches_its_owners_stream() {
    let app = spawn_app_with(Options { worker: true, ..Default::default() }).await;
    let owner = app.new_user().await;
    let mut stream = app.events(&owner.access).await;
    let at = (chrono::Utc::now() + chrono::Duration::milliseconds(300)).to_rfc3339();
    let task = app.task(&owner.access, json!({"title": "Call back", "reminders": [{"at": at}]})).await;
    assert_eq!(stream.next(WITHIN).await, Some(task_event("created", &task)));

    let (name, data) = stream.next(Duration::from_secs(3)).await.expect("the notification's event");
    let notifications: Value = app.get("/notifications", &owner.access).await.json().await.unwrap();
    let notification = &notifications["items"][0];
    assert_eq!(name, "notification");
    assert_eq!(data, json!({"id": notification["id"], "task_id": task["id"]}));
}

/// Ends `session` from elsewhere, one of the contract's ways.
enum Revocation {
    /// POST /auth/logout with the session's refresh cookie, from another browser.
    Logout,
    /// POST /auth/logout-all from another session.
    LogoutEverywhere,
    PasswordChange,
    AccountDeletion,
}

async fn stream_ends_within_5s_of(revocation: Revocation) {
    let app = spawn_app().await;
    let email = unique_email();
    let watched = app.signed_up(&email).await;
    let other = app.another_session(&email).await;
    let mut stream = app.events(&watched.access).await;
    let mut others = app.events(&other.access).await;

    let started = Instant::now();
    let status = match revocation {
        Revocation::Logout => {
            let request = app.new_browser().post(app.api("/auth/logout"));
            let request = request.header("cookie", format!("refresh_token={}", watched.refresh));
            request.send().await.unwrap().status()
        }
        Revocation::LogoutEverywhere => {
            let request = app.new_browser().post(app.api("/auth/logout-all")).bearer_auth(&other.access);
            request.send().await.unwrap().status()
        }
        Revocation::PasswordChange => {
            let body = json!({"current_password": PASSWORD, "new_password": "a brand new secret"});
            let request = app.new_browser().put(app.api("/users/me/password")).bearer_auth(&other.access);
            request.json(&body).send().await.unwrap().status()
        }
        Revocation::AccountDeletion => app.delete_account(&other.access, PASSWORD).await.status(),
    };
    assert!(status.is_success(), "{status}");
    assert!(stream.ends_within(REVOKED_WITHIN).await, "the stream outlived its session by 5 s");
    eprintln!("revocation → stream ended: {:?}", started.elapsed());
    // A plain logout ends only its own session: the other stream still gets events.
    if matches!(revocation, Revocation::Logout) {
        let task = app.task(&other.access, json!({"title": "Still here"})).await;
        assert_eq!(others.next(WITHIN).await, Some(task_event("created", &task)));
    }
}

#[tokio::test]
async fn a_stream_ends_within_5s_of_a_logout_elsewhere() {
    stream_ends_within_5s_of(Revocation::Logout).await;
}

#[tokio::test]
async fn a_stream_ends_within_5s_of_a_logout_everywhere() {
    stream_ends_within_5s_of(Revocation::LogoutEverywhere).await;
}

#[tokio::test]
async fn a_stream_ends_within_5s_of_a_password_change_elsewhere() {
    stream_ends_within_5s_of(Revocation::PasswordChange).await;
}

#[tokio::test]
async fn a_stream_ends_within_5s_of_the_accounts_deletion() {
    stream_ends_within_5s_of(Revocation::AccountDeletion).await;
}

#[tokio::test]
async fn a_stream_ends_when_its_access_token_expires() {
    let app =
        spawn_app_with(Options { tweak: Box::new(|s| s.access_token_ttl_secs = 2), ..Default::default() })
            .await;
    let session = app.new_user().await;
    let mut stream = app.events(&session.access).await;
    let started = Instant::now();
    assert!(stream.ends_within(Duration::from_secs(4)).await, "the stream outlived its token");
    assert!(started.elapsed() <= Duration::from_secs(3), "ended {:?} after opening", started.elapsed());
}

#[tokio::test]
async fn without_a_valid_token_there_is_no_stream() {
    let app = spawn_app().await;
    let anonymous = app.client.get(app.api("/events")).send().await.unwrap();
    assert_error(anonymous, StatusCode::UNAUTHORIZED, "unauthorized").await;
    let forged = app.client.get(app.api("/events")).bearer_auth("not.a.token").send().await.unwrap();
    assert_error(forged, StatusCode::UNAUTHORIZED, "unauthorized").await;
}

#[tokio::test]
async fn the_stream_is_documented_as_an_event_stream() {
    let app = spawn_app().await;
    let document: Value =
        app.client.get(app.url("/api/openapi.json")).send().await.unwrap().json().await.unwrap();
    let operation = &document["paths"]["/api/v1/events"]["get"];
    assert!(operation["responses"]["200"]["content"]["text/event-stream"].is_object(), "{operation}");
    assert_eq!(operation["security"][0]["bearer"], json!([]));
}

#[tokio::test]
async fn open_streams_end_at_shutdown_and_the_server_exits_promptly() {
    let dir = tempfile::tempdir().unwrap();
    // Longer than `stop` waits: a stream that kept its connection open would fail the test.
    let env = [("SHUTDOWN_GRACE_SECS", "60".to_owned()), ("JWT_SECRET", JWT_SECRET.to_owned())];
    let server = BinaryServer::start(dir.path(), free_port(), &env).await;
    server.register("streaming@example.com").await;
    let session = server.session("streaming@example.com").await;
    let mut stream = EventStream::open(&server.url("/api/v1/events"), &session.access).await;
    let started = Instant::now();
    server.stop();
    assert!(started.elapsed() < Duration::from_secs(5), "stopping took {:?}", started.elapsed());
    assert!(stream.ends_within(Duration::from_secs(1)).await);
}
