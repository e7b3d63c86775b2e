//! API tokens for scripts: each scope allows its routes and refuses the rest (one table), a token
//! never works on account or auth routes, it is shown once and stored only hashed, and a revoked,
//! expired or orphaned token is refused at once.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::events::{EventStream, REVOKED_WITHIN};
use crate::helpers::*;

const ALL_SCOPES: [&str; 7] = [
    "tasks:read",
    "tasks:write",
    "projects:read",
    "projects:write",
    "notifications:read",
    "notifications:write",
    "account:export",
];

/// Makes a token of `session`'s user with `scopes`; its JSON (with `token`, the secret).
pub async fn api_token(app: &TestApp, session: &Session, scopes: &[&str]) -> Value {
    let response = app
        .client
        .post(app.api("/users/me/api-tokens"))
        .bearer_auth(&session.access)
        .json(&json!({"name": "script", "scopes": scopes}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::CREATED);
    response.json().await.unwrap()
}

pub fn secret(token: &Value) -> &str {
    token["token"].as_str().unwrap()
}

async fn send(
    app: &TestApp,
    method: Method,
    path: &str,
    bearer: &str,
    body: Option<Value>,
) -> reqwest::Response {
    let request = app.client.request(method, app.api(path)).bearer_auth(bearer);
    let request = match body {
        Some(body) => request.json(&body),
        None => request,
    };
    request.send().await.unwrap()
}

/// What a row acts on: a fresh project of the token's owner with a task, and another account to
/// add as a member — made anew for each row, so that a row that deletes cannot affect the next.
struct Fixture {
    project: i64,
    task: i64,
    /// A viewer of the project.
    member: i64,
    /// An email with no account.
    stranger_email: String,
}

async fn fixture(app: &TestApp, owner: &Session) -> Fixture {
    let member_email = unique_email();
    let member: Value = app.register(&member_email, PASSWORD).await.json().await.unwrap();
    let project: Value =
        send(app, Method::POST, "/projects", &owner.access, Some(json!({"name": "Scripts"})))
            .await
            .json()
            .await
            .unwrap();
    let project = project["id"].as_i64().unwrap();
    let added = send(
        app,
        Method::POST,
        &format!("/projects/{project}/members"),
        &owner.access,
        Some(json!({"email": member_email, "role": "viewer"})),
    )
    .await;
    assert_eq!(added.status(), StatusCode::CREATED);
    let task = app
        .task(&owner.access, json!({"title": "scripted", "project_id": project, "recurrence": "FREQ=DAILY", "due_date": "2030-01-01T09:00:00Z"}))
        .await;
    Fixture {
        project,
        task: task["id"].as_i64().unwrap(),
        member: member["id"].as_i64().unwrap(),
        stranger_email: unique_email(),
    }
}

/// One route as a script sends it: method, path and body, given the fixture.
type Request = fn(&Fixture) -> (Method, String, Option<Value>);

/// Every resource route, the scope it needs, and what it answers when allowed.
fn scoped_routes() -> Vec<(&'static str, Request, &'static str, u16)> {
    vec![
        ("list tasks", |_| (Method::GET, "/tasks".into(), None), "tasks:read", 200),
        ("read a task", |f| (Method::GET, format!("/tasks/{}", f.task), None), "tasks:read", 200),
        (
            "a task's occurrences",
            |f| (Method::GET, format!("/tasks/{}/occurrences", f.task), None),
            "tasks:read",
            200,
        ),
        (
            "a task's completions",
            |f| (Method::GET, format!("/tasks/{}/completions", f.task), None),
            "tasks:read",
            200,
        ),
        ("labels", |_| (Method::GET, "/labels".into(), None), "tasks:read", 200),
        ("the sidebar's counts", |_| (Method::GET, "/tasks/counts".into(), None), "tasks:read", 200),
        (
            "schedule preview",
            |_| {
                (
                    Method::GET,
                    "/occurrences?recurrence=FREQ%3DDAILY&due_date=2030-01-01T09%3A00%3A00Z".into(),
                    None,
                )
            },
            "tasks:read",
            200,
        ),
        (
            "create a task",
            |_| (Method::POST, "/tasks".into(), Some(json!({"title": "from a script"}))),
            "tasks:write",
            201,
        ),
        (
            "edit a task",
            |f| (Method::PATCH, format!("/tasks/{}", f.task), Some(json!({"title": "renamed"}))),
            "tasks:write",
            200,
        ),
        ("delete a task", |f| (Method::DELETE, format!("/tasks/{}", f.task), None), "tasks:write", 204),
        ("list projects", |_| (Method::GET, "/projects".into(), None), "projects:read", 200),
        ("read a project", |f| (Method::GET, format!("/projects/{}", f.project), None), "projects:read", 200),
        (
            "list members",
            |f| (Method::GET, format!("/projects/{}/members", f.project), None),
            "projects:read",
            200,
        ),
        (
            "create a project",
            |_| (Method::POST, "/projects".into(), Some(json!({"name": "Scripted"}))),
            "projects:write",
            201,
        ),
        (
            "rename a project",
            |f| (Method::PATCH, format!("/projects/{}", f.project), Some(json!({"name": "Renamed"}))),
            "projects:write",
            200,
        ),
        (
            "delete a project",
            |f| (Method::DELETE, format!("/projects/{}", f.project), None),
            "projects:write",
            204,
        ),
        (
            "add a member",
            |f| {
                (
                    Method::POST,
                    format!("/projects/{}/members", f.project),
                    Some(json!({"email": f.stranger_email, "role": "editor"})),
                )
            },
            "projects:write",
            // Allowed, the lookup runs: that email has no account.
            422,
        ),
        (
            "change a role",
            |f| {
                (
                    Method::PATCH,
                    format!("/projects/{}/members/{}", f.project, f.member),
                    Some(json!({"role": "editor"})),
                )
            },
            "projects:write",
            200,
        ),
        (
            "remove a member",
            |f| (Method::DELETE, format!("/projects/{}/members/{}", f.project, f.member), None),
            "projects:write",
            204,
        ),
        ("list notifications", |_| (Method::GET, "/notifications".into(), None), "notifications:read", 200),
        // No notification has that id: allowed means the lookup runs (404), refused is 403.
        (
            "mark a notification read",
            |_| (Method::POST, "/notifications/999999/read".into(), None),
            "notifications:write",
            404,
        ),
        (
            "snooze a notification",
            |_| (Method::POST, "/notifications/999999/snooze".into(), Some(json!({"minutes": 10}))),
            "notifications:write",
            404,
        ),
        (
            "mark every notification read",
            |_| (Method::POST, "/notifications/read-all".into(), None),
            "notifications:write",
            200,
        ),
        // The one account route a token may use, for scripted backups.
        ("export the account", |_| (Method::GET, "/users/me/export".into(), None), "account:export", 200),
    ]
}

/// A `:write` scope includes its `:read`.
fn grants(scope: &str, needed: &str) -> bool {
    scope == needed || needed.strip_suffix(":read").is_some_and(|family| scope == format!("{family}:write"))
}

#[tokio::test]
async fn each_scope_allows_exactly_its_routes() {
    let app = spawn_app().await;
    let owner = app.new_user().await;
    let mut tokens = Vec::new();
    for scope in ALL_SCOPES {
        tokens.push((scope, api_token(&app, &owner, &[scope]).await));
    }
    let mut wrong = Vec::new();
    for (name, request, needed, allowed) in scoped_routes() {
        for (scope, token) in &tokens {
            let fixture = fixture(&app, &owner).await;
            let (method, path, body) = request(&fixture);
            let status = send(&app, method, &path, secret(token), body).await.status().as_u16();
            let expected = if grants(scope, needed) { allowed } else { 403 };
            if status != expected {
                wrong.push(format!("{name} with {scope}: {status}, expected {expected}"));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[tokio::test]
async fn the_live_stream_needs_tasks_read_carries_what_the_scopes_read_and_ends_at_revocation() {
    let app = spawn_app().await;
    let owner = app.new_user().await;
    let projects_only = api_token(&app, &owner, &["projects:write"]).await;
    let refused = send(&app, Method::GET, "/events", secret(&projects_only), None).await;
    assert_error(refused, StatusCode::FORBIDDEN, "forbidden").await;

    let reader = api_token(&app, &owner, &["tasks:read"]).await;
    let both = api_token(&app, &owner, &["tasks:read", "projects:read"]).await;
    let mut stream = EventStream::open(&app.api("/events"), secret(&reader)).await;
    let mut wider = EventStream::open(&app.api("/events"), secret(&both)).await;
    // A project event is not for a token without `projects:read`: the task event comes first.
    let project = send(&app, Method::POST, "/projects", &owner.access, Some(json!({"name": "Later"}))).await;
    assert_eq!(project.status(), StatusCode::CREATED);
    app.task(&owner.access, json!({"title": "seen by the script"})).await;
    let (kind, _) = stream.next(crate::events::WITHIN).await.expect("the task event");
    assert_eq!(kind, "task");
    let (kind, _) = wider.next(crate::events::WITHIN).await.expect("the project event");
    assert_eq!(kind, "project");
    let revoked =
        send(&app, Method::DELETE, &format!("/users/me/api-tokens/{}", reader["id"]), &owner.access, None)
            .await;
    assert_eq!(revoked.status(), StatusCode::NO_CONTENT);
    assert!(stream.ends_within(REVOKED_WITHIN).await, "the stream outlived its token");
}

#[tokio::test]
async fn a_token_with_every_scope_never_works_on_account_or_auth_routes() {
    let app = spawn_app().await;
    let email = unique_email();
    let owner = app.signed_up(&email).await;
    let token = api_token(&app, &owner, &ALL_SCOPES).await;
    let bearer = secret(&token);
    let routes: Vec<(Method, String, Option<Value>)> = vec![
        (Method::GET, "/users/me".into(), None),
        (Method::PATCH, "/users/me".into(), Some(json!({"time_zone": "Europe/Paris"}))),
        (
            Method::PUT,
            "/users/me/password".into(),
            Some(json!({"current_password": PASSWORD, "new_password": "another-password"})),
        ),
        (Method::DELETE, "/users/me".into(), Some(json!({"password": PASSWORD}))),
        (Method::GET, "/users/me/api-tokens".into(), None),
        (
            Method::POST,
            "/users/me/api-tokens".into(),
            Some(json!({"name": "more", "scopes": ["tasks:read"]})),
        ),
        (Method::DELETE, format!("/users/me/api-tokens/{}", token["id"]), None),
        (Method::GET, "/users/me/calendar".into(), None),
        (Method::POST, "/users/me/calendar/rotate".into(), None),
        (
            Method::POST,
            "/users/me/import".into(),
            Some(json!({"format": "tasktracker-export", "version": 1, "projects": []})),
        ),
        (Method::POST, "/auth/register".into(), Some(json!({"email": unique_email(), "password": PASSWORD}))),
        (Method::POST, "/auth/login".into(), Some(json!({"email": email, "password": PASSWORD}))),
        (Method::POST, "/auth/refresh".into(), None),
        (Method::POST, "/auth/logout".into(), None),
        (Method::POST, "/auth/logout-all".into(), None),
        (Method::POST, "/auth/password-reset".into(), Some(json!({"email": email}))),
        (
            Method::POST,
            "/auth/password-reset/confirm".into(),
            Some(json!({"token": "x", "new_password": "another-password"})),
        ),
    ];
    for (method, path, body) in routes {
        let response = send(&app, method.clone(), &path, bearer, body).await;
        let status = response.status();
        let error: Value = response.json().await.unwrap();
        assert_eq!(status, StatusCode::FORBIDDEN, "{method} {path}: {error}");
        assert_eq!(error["error"]["code"], "forbidden", "{method} {path}");
    }
    // Nothing of those happened: the account, its zone, password, session and the token stand.
    let me: Value = app.me(&owner.access).await.json().await.unwrap();
    assert_eq!(me["time_zone"], "UTC");
    assert_eq!(app.login(&email, PASSWORD).await.status(), StatusCode::OK);
    let listed = send(&app, Method::GET, "/users/me/api-tokens", &owner.access, None).await;
    assert_eq!(listed.json::<Value>().await.unwrap()["items"].as_array().unwrap().len(), 1);
    assert_eq!(send(&app, Method::GET, "/tasks", bearer, None).await.status(), StatusCode::OK);
    // A route that needs no credential ignores one.
    assert_eq!(send(&app, Method::GET, "/server", bearer, None).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn a_token_is_shown_once_and_stored_only_as_a_hash() {
    let app = spawn_app().await;
    let owner = app.new_user().await;
    let response = app
        .client
        .post(app.api("/users/me/api-tokens"))
        .bearer_auth(&owner.access)
        .json(&json!({"name": "  backup  ", "scopes": ["account:export", "tasks:write", "tasks:write"], "expires_in_days": 30}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::CREATED);
    assert_eq!(response.headers()["cache-control"], "no-store");
    let created: Value = response.json().await.unwrap();
    let token = secret(&created).to_owned();
    assert!(token.starts_with("tt_") && token.len() >= 3 + 43, "{token}");
    assert_eq!(created["name"], "backup");
    assert_eq!(created["scopes"], json!(["tasks:write", "account:export"]));
    assert_eq!(created["last_used_at"], Value::Null);
    let created_at = chrono::DateTime::parse_from_rfc3339(created["created_at"].as_str().unwrap()).unwrap();
    let expires_at = chrono::DateTime::parse_from_rfc3339(created["expires_at"].as_str().unwrap()).unwrap();
    assert_eq!(expires_at - created_at, chrono::Duration::days(30));

    // Listed without the secret; the first use is recorded.
    assert_eq!(send(&app, Method::GET, "/tasks", &token, None).await.status(), StatusCode::OK);
    let listed: Value =
        send(&app, Method::GET, "/users/me/api-tokens", &owner.access, None).await.json().await.unwrap();
    let item = &listed["items"][0];
    assert_eq!(item["id"], created["id"]);
    assert!(item.get("token").is_none(), "{item}");
    assert!(item["last_used_at"].is_string(), "{item}");

    // The row holds the SHA-256 of the secret, and the secret nowhere.
    let hash: String = Sha256::digest(token.as_bytes()).iter().map(|b| format!("{b:02x}")).collect();
    let by_hash = format!("SELECT COUNT(*) FROM api_tokens WHERE token_hash = '{hash}'");
    assert_eq!(app.sql_count(Box::leak(by_hash.into_boxed_str())).await, 1);
    let plain = format!(
        "SELECT COUNT(*) FROM api_tokens WHERE token_hash = '{token}' OR name = '{token}' OR scopes LIKE '%{token}%'"
    );
    assert_eq!(app.sql_count(Box::leak(plain.into_boxed_str())).await, 0);
}

#[tokio::test]
async fn a_bad_token_request_names_each_field_and_makes_nothing() {
    let app = spawn_app().await;
    let owner = app.new_user().await;
    let bad = json!({"name": " ", "scopes": ["tasks:read", "tasks:admin"], "expires_in_days": 0});
    let response = send(&app, Method::POST, "/users/me/api-tokens", &owner.access, Some(bad)).await;
    let error = assert_error(response, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    let fields = &error["error"]["fields"];
    assert!(fields["name"].is_string() && fields["expires_in_days"].is_string(), "{error}");
    assert!(fields["scopes"].as_str().unwrap().contains("tasks:admin"), "{error}");
    let none = json!({"name": "x", "scopes": []});
    let response = send(&app, Method::POST, "/users/me/api-tokens", &owner.access, Some(none)).await;
    assert_error(response, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    let too_long = json!({"name": "x", "scopes": ["tasks:read"], "expires_in_days": 3651});
    let response = send(&app, Method::POST, "/users/me/api-tokens", &owner.access, Some(too_long)).await;
    assert_error(response, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    assert_eq!(app.sql_count("SELECT COUNT(*) FROM api_tokens").await, 0);
}

#[tokio::test]
async fn a_revoked_token_is_refused_at_once_and_only_its_owner_can_revoke_it() {
    let app = spawn_app().await;
    let owner = app.new_user().await;
    let stranger = app.new_user().await;
    let token = api_token(&app, &owner, &["tasks:read"]).await;
    // Used once, so that its grant is cached in the token store.
    assert_eq!(send(&app, Method::GET, "/tasks", secret(&token), None).await.status(), StatusCode::OK);

    let path = format!("/users/me/api-tokens/{}", token["id"]);
    assert_error(
        send(&app, Method::DELETE, &path, &stranger.access, None).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    assert_eq!(send(&app, Method::GET, "/tasks", secret(&token), None).await.status(), StatusCode::OK);

    assert_eq!(send(&app, Method::DELETE, &path, &owner.access, None).await.status(), StatusCode::NO_CONTENT);
    let refused = send(&app, Method::GET, "/tasks", secret(&token), None).await;
    assert_eq!(refused.headers().get("www-authenticate").map(|v| v.to_str().unwrap()), Some("Bearer"));
    assert_error(refused, StatusCode::UNAUTHORIZED, "unauthorized").await;
    assert_error(
        send(&app, Method::DELETE, &path, &owner.access, None).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
}

#[tokio::test]
async fn an_expired_or_unknown_token_is_refused() {
    let app = spawn_app().await;
    let owner = app.new_user().await;
    let token = api_token(&app, &owner, &["tasks:read"]).await;
    // Expired before its first use (so no grant is cached yet).
    app.sql_execute("UPDATE api_tokens SET expires_at = created_at").await;
    assert_error(
        send(&app, Method::GET, "/tasks", secret(&token), None).await,
        StatusCode::UNAUTHORIZED,
        "unauthorized",
    )
    .await;
    let forged = "tt_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
    assert_error(
        send(&app, Method::GET, "/tasks", forged, None).await,
        StatusCode::UNAUTHORIZED,
        "unauthorized",
    )
    .await;
}

#[tokio::test]
async fn logging_out_everywhere_keeps_tokens_and_deleting_the_account_ends_them() {
    let app = spawn_app().await;
    let email = unique_email();
    let owner = app.signed_up(&email).await;
    let token = api_token(&app, &owner, &["tasks:write"]).await;
    assert_eq!(
        send(&app, Method::POST, "/tasks", secret(&token), Some(json!({"title": "scripted"}))).await.status(),
        StatusCode::CREATED
    );
    let logout_all = send(&app, Method::POST, "/auth/logout-all", &owner.access, None).await;
    assert_eq!(logout_all.status(), StatusCode::NO_CONTENT);
    assert_eq!(send(&app, Method::GET, "/tasks", secret(&token), None).await.status(), StatusCode::OK);

    let again = app.another_session(&email).await;
    assert_eq!(app.delete_account(&again.access, PASSWORD).await.status(), StatusCode::NO_CONTENT);
    assert_error(
        send(&app, Method::GET, "/tasks", secret(&token), None).await,
        StatusCode::UNAUTHORIZED,
        "unauthorized",
    )
    .await;
}
