//! The authorization matrix: every project and task route × the caller's role (not a member, viewer,
//! editor, admin, owner) × where it happens (a shared project, someone's own inbox), with the exact
//! status each must answer — and a refused request changes nothing.
//!
//! Two more columns per shared-project row hold API tokens to the same matrix: the editor through a
//! token holding the route's scope answers as the editor does (a token never widens a role), and the
//! owner through a token of another scope is refused (403) and changes nothing.
//! `api_tokens.rs` holds the full scope × route table.
//!
//! Each row runs in a world of its own (fresh accounts and a fresh project), so that a row that
//! deletes or changes something cannot change what the next row sees.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Who {
    Stranger,
    Viewer,
    Editor,
    Admin,
    Owner,
}

const EVERYONE: [Who; 5] = [Who::Stranger, Who::Viewer, Who::Editor, Who::Admin, Who::Owner];

/// A shared project with one member of each role, a spare member to act on, a task in it, and
/// every account's inbox with a task in the owner's.
struct World {
    owner: Session,
    /// Each caller's session, profile, and a task in their own inbox.
    sessions: Vec<(Who, Session, Value, Value)>,
    project: Value,
    task: Value,
    spare: Value,
    inbox: Value,
    inbox_task: Value,
}

impl World {
    async fn new(app: &TestApp) -> World {
        let owner = app.new_user().await;
        let project = created(app.post("/projects", &owner.access, json!({"name": "Shared"})).await).await;
        let mut sessions = Vec::new();
        for who in EVERYONE {
            let email = unique_email();
            let session = if who == Who::Owner {
                app.another_session(me(app, &owner).await["email"].as_str().unwrap()).await
            } else {
                app.signed_up(&email).await
            };
            let role = match who {
                Who::Viewer => Some("viewer"),
                Who::Editor => Some("editor"),
                Who::Admin => Some("admin"),
                Who::Stranger | Who::Owner => None,
            };
            if let Some(role) = role {
                let path = format!("/projects/{}/members", project["id"]);
                created(app.post(&path, &owner.access, json!({"email": email, "role": role})).await).await;
            }
            let profile = me(app, &session).await;
            let own = app.task(&session.access, json!({"title": "Own task"})).await;
            sessions.push((who, session, profile, own));
        }
        let spare_email = unique_email();
        let spare_session = app.signed_up(&spare_email).await;
        let path = format!("/projects/{}/members", project["id"]);
        created(app.post(&path, &owner.access, json!({"email": spare_email, "role": "viewer"})).await).await;
        let spare = me(app, &spare_session).await;
        let task =
            app.task(&owner.access, json!({"title": "Shared task", "project_id": project["id"]})).await;
        let projects: Value = app.get("/projects", &owner.access).await.json().await.unwrap();
        let inbox = projects["items"][0].clone();
        assert_eq!(inbox["inbox"], true);
        let inbox_task = app.task(&owner.access, json!({"title": "Private task"})).await;
        World { owner, sessions, project, task, spare, inbox, inbox_task }
    }

    fn session(&self, who: Who) -> &Session {
        &self.sessions.iter().find(|(w, ..)| *w == who).unwrap().1
    }

    fn own_task(&self, who: Who) -> &Value {
        &self.sessions.iter().find(|(w, ..)| *w == who).unwrap().3
    }

    fn profile(&self, who: Who) -> &Value {
        &self.sessions.iter().find(|(w, ..)| *w == who).unwrap().2
    }

    /// Everything a refused request could have changed, as the owner sees it.
    async fn snapshot(&self, app: &TestApp) -> Value {
        let read =
            async |path: String| -> Value { app.get(&path, &self.owner.access).await.json().await.unwrap() };
        json!({
            "project": read(format!("/projects/{}", self.project["id"])).await,
            "members": read(format!("/projects/{}/members", self.project["id"])).await,
            "tasks": read(format!("/tasks?project_id={}", self.project["id"])).await,
            "inbox": read(format!("/projects/{}", self.inbox["id"])).await,
            "inbox_members": read(format!("/projects/{}/members", self.inbox["id"])).await,
            "inbox_tasks": read(format!("/tasks?project_id={}", self.inbox["id"])).await,
            "projects": read("/projects".into()).await,
        })
    }
}

async fn me(app: &TestApp, session: &Session) -> Value {
    app.me(&session.access).await.json().await.unwrap()
}

async fn created(response: reqwest::Response) -> Value {
    assert_eq!(response.status(), StatusCode::CREATED);
    response.json().await.unwrap()
}

impl TestApp {
    async fn post(&self, path: &str, access: &str, body: Value) -> reqwest::Response {
        self.send(Method::POST, path, access, Some(body)).await
    }

    async fn send(&self, method: Method, path: &str, access: &str, body: Option<Value>) -> reqwest::Response {
        let request = self.client.request(method, self.api(path)).bearer_auth(access);
        let request = match body {
            Some(body) => request.json(&body),
            None => request,
        };
        request.send().await.unwrap()
    }
}

/// One route as a caller sends it in a world: method, path and body.
type Request = fn(&World, Who) -> (Method, String, Option<Value>);

/// The statuses for the callers, in the order of `EVERYONE`.
type Expected = [u16; 5];

fn shared_project_rows() -> Vec<(&'static str, Request, Expected)> {
    vec![
        (
            "read the project",
            |w, _| (Method::GET, format!("/projects/{}", w.project["id"]), None),
            [404, 200, 200, 200, 200],
        ),
        (
            "rename the project",
            |w, _| {
                (Method::PATCH, format!("/projects/{}", w.project["id"]), Some(json!({"name": "Renamed"})))
            },
            [404, 403, 403, 200, 200],
        ),
        (
            "delete the project",
            |w, _| (Method::DELETE, format!("/projects/{}", w.project["id"]), None),
            [404, 403, 403, 403, 204],
        ),
        (
            "list the members",
            |w, _| (Method::GET, format!("/projects/{}/members", w.project["id"]), None),
            [404, 200, 200, 200, 200],
        ),
        (
            "add a member",
            |w, _| {
                let email = w.profile(Who::Stranger)["email"].clone();
                (
                    Method::POST,
                    format!("/projects/{}/members", w.project["id"]),
                    Some(json!({"email": email, "role": "viewer"})),
                )
            },
            [404, 403, 403, 201, 201],
        ),
        (
            "change a member's role",
            |w, _| {
                let path = format!("/projects/{}/members/{}", w.project["id"], w.spare["id"]);
                (Method::PATCH, path, Some(json!({"role": "editor"})))
            },
            [404, 403, 403, 200, 200],
        ),
        (
            "remove a member",
            |w, _| (Method::DELETE, format!("/projects/{}/members/{}", w.project["id"], w.spare["id"]), None),
            [404, 403, 403, 204, 204],
        ),
        (
            "leave",
            |w, who| {
                (
                    Method::DELETE,
                    format!("/projects/{}/members/{}", w.project["id"], w.profile(who)["id"]),
                    None,
                )
            },
            // The owner cannot leave their own project.
            [404, 204, 204, 204, 422],
        ),
        (
            "list its tasks",
            |w, _| (Method::GET, format!("/tasks?project_id={}", w.project["id"]), None),
            [404, 200, 200, 200, 200],
        ),
        (
            "create a task in it",
            |w, _| {
                (Method::POST, "/tasks".into(), Some(json!({"title": "New", "project_id": w.project["id"]})))
            },
            [404, 403, 201, 201, 201],
        ),
        (
            "read a task",
            |w, _| (Method::GET, format!("/tasks/{}", w.task["id"]), None),
            [404, 200, 200, 200, 200],
        ),
        (
            "edit a task",
            |w, _| (Method::PATCH, format!("/tasks/{}", w.task["id"]), Some(json!({"title": "Edited"}))),
            [404, 403, 200, 200, 200],
        ),
        (
            "complete a task",
            |w, _| (Method::PATCH, format!("/tasks/{}", w.task["id"]), Some(json!({"completed": true}))),
            [404, 403, 200, 200, 200],
        ),
        (
            "assign a task",
            |w, _| {
                (
                    Method::PATCH,
                    format!("/tasks/{}", w.task["id"]),
                    Some(json!({"assignee_id": w.spare["id"]})),
                )
            },
            [404, 403, 200, 200, 200],
        ),
        (
            "move a task to their inbox",
            |w, who| {
                let inbox = if who == Who::Owner { w.inbox["id"].clone() } else { json!(null) };
                let body = json!({"project_id": inbox});
                (Method::PATCH, format!("/tasks/{}", w.task["id"]), Some(body))
            },
            // Only the owner's inbox is named (the others' is looked up in `run`).
            [404, 403, 200, 200, 200],
        ),
        (
            "move a task of their own inbox into the project",
            |w, who| {
                let path = format!("/tasks/{}", w.own_task(who)["id"]);
                (Method::PATCH, path, Some(json!({"project_id": w.project["id"]})))
            },
            [404, 403, 200, 200, 200],
        ),
        (
            "delete a task",
            |w, _| (Method::DELETE, format!("/tasks/{}", w.task["id"]), None),
            [404, 403, 204, 204, 204],
        ),
        (
            "read a task's occurrences",
            |w, _| (Method::GET, format!("/tasks/{}/occurrences", w.task["id"]), None),
            [404, 200, 200, 200, 200],
        ),
        (
            "read a task's completions",
            |w, _| (Method::GET, format!("/tasks/{}/completions", w.task["id"]), None),
            [404, 200, 200, 200, 200],
        ),
        // Routes about the caller's own things, not one project: every caller may.
        ("list their projects", |_, _| (Method::GET, "/projects".into(), None), [200; 5]),
        (
            "create a project",
            |_, _| (Method::POST, "/projects".into(), Some(json!({"name": "Mine"}))),
            [201; 5],
        ),
        ("list every project's tasks", |_, _| (Method::GET, "/tasks".into(), None), [200; 5]),
        (
            "create a task in their inbox",
            |_, _| (Method::POST, "/tasks".into(), Some(json!({"title": "Mine"}))),
            [201; 5],
        ),
        ("list their labels", |_, _| (Method::GET, "/labels".into(), None), [200; 5]),
        // Issue 15: the sidebar's counts and "Mark all read" are about the caller's own things too.
        ("count their tasks by view", |_, _| (Method::GET, "/tasks/counts".into(), None), [200; 5]),
        ("list their notifications", |_, _| (Method::GET, "/notifications".into(), None), [200; 5]),
        (
            "mark all their notifications read",
            |_, _| (Method::POST, "/notifications/read-all".into(), None),
            [200; 5],
        ),
        (
            "preview a schedule",
            |_, _| {
                (
                    Method::GET,
                    "/occurrences?due_date=2026-12-01T09:00:00Z&recurrence=FREQ%3DDAILY".into(),
                    None,
                )
            },
            [200; 5],
        ),
        ("open the live stream", |_, _| (Method::GET, "/events".into(), None), [200; 5]),
        // Issue 14: routes open to anyone (a bearer token changes nothing).
        ("read what the server offers", |_, _| (Method::GET, "/server".into(), None), [200; 5]),
        (
            "ask for a password reset (this server sends no email)",
            |w, who| {
                let email = w.profile(who)["email"].clone();
                (Method::POST, "/auth/password-reset".into(), Some(json!({"email": email})))
            },
            [503; 5],
        ),
        (
            "confirm a password reset with a token never issued",
            |_, _| {
                let body = json!({"token": "never-issued", "new_password": "a long new password"});
                (Method::POST, "/auth/password-reset/confirm".into(), Some(body))
            },
            [400; 5],
        ),
        // Calendar feed, export and import (issue 14): the caller's own account.
        (
            "read their calendar feed address",
            |_, _| (Method::GET, "/users/me/calendar".into(), None),
            [200; 5],
        ),
        (
            "rotate their calendar feed address",
            |_, _| (Method::POST, "/users/me/calendar/rotate".into(), None),
            [200; 5],
        ),
        ("export their account", |_, _| (Method::GET, "/users/me/export".into(), None), [200; 5]),
        (
            "import into their account",
            |_, _| {
                let document = json!({"format": "tasktracker-export", "version": 1,
                    "projects": [{"name": "Imported", "tasks": []}]});
                (Method::POST, "/users/me/import".into(), Some(document))
            },
            [201; 5],
        ),
    ]
}

/// In someone's inbox only its owner is a member: everyone else is a stranger to it.
fn inbox_rows() -> Vec<(&'static str, Request, [u16; 2])> {
    vec![
        ("read the inbox", |w, _| (Method::GET, format!("/projects/{}", w.inbox["id"]), None), [404, 200]),
        (
            "rename the inbox",
            |w, _| (Method::PATCH, format!("/projects/{}", w.inbox["id"]), Some(json!({"name": "In"}))),
            [404, 200],
        ),
        (
            "delete the inbox",
            |w, _| (Method::DELETE, format!("/projects/{}", w.inbox["id"]), None),
            [404, 422],
        ),
        (
            "list the inbox's members",
            |w, _| (Method::GET, format!("/projects/{}/members", w.inbox["id"]), None),
            [404, 200],
        ),
        (
            "share the inbox",
            |w, _| {
                let email = w.profile(Who::Editor)["email"].clone();
                (
                    Method::POST,
                    format!("/projects/{}/members", w.inbox["id"]),
                    Some(json!({"email": email, "role": "editor"})),
                )
            },
            [404, 422],
        ),
        (
            "list the inbox's tasks",
            |w, _| (Method::GET, format!("/tasks?project_id={}", w.inbox["id"]), None),
            [404, 200],
        ),
        (
            "create a task in the inbox",
            |w, _| {
                (Method::POST, "/tasks".into(), Some(json!({"title": "Mine", "project_id": w.inbox["id"]})))
            },
            [404, 201],
        ),
        (
            "read an inbox task",
            |w, _| (Method::GET, format!("/tasks/{}", w.inbox_task["id"]), None),
            [404, 200],
        ),
        (
            "edit an inbox task",
            |w, _| {
                (Method::PATCH, format!("/tasks/{}", w.inbox_task["id"]), Some(json!({"title": "Edited"})))
            },
            [404, 200],
        ),
        (
            "delete an inbox task",
            |w, _| (Method::DELETE, format!("/tasks/{}", w.inbox_task["id"]), None),
            [404, 204],
        ),
        (
            "move an inbox task into the shared project",
            |w, _| {
                (
                    Method::PATCH,
                    format!("/tasks/{}", w.inbox_task["id"]),
                    Some(json!({"project_id": w.project["id"]})),
                )
            },
            [404, 200],
        ),
    ]
}

/// The scope an API token needs for a request, as the contract says: `tasks:*` for `/tasks*`,
/// `/labels`, `/occurrences` and `/events`, `projects:*` for `/projects*`, `notifications:*` for
/// `/notifications*`; `:read` for GET. `None`
/// for the rows about other routes (auth, server), which `api_tokens.rs` covers.
fn scope_needed(method: &Method, path: &str) -> Option<&'static str> {
    let read = *method == Method::GET;
    let tasks = ["/tasks", "/labels", "/occurrences", "/events"].iter().any(|p| path.starts_with(p));
    if path.starts_with("/notifications") {
        return Some(if read { "notifications:read" } else { "notifications:write" });
    }
    match (path.starts_with("/projects"), tasks, read) {
        (true, _, true) => Some("projects:read"),
        (true, _, false) => Some("projects:write"),
        (false, true, true) => Some("tasks:read"),
        (false, true, false) => Some("tasks:write"),
        (false, false, _) => None,
    }
}

/// A scope of another family than `needed`.
fn other_scope(needed: &str) -> &'static str {
    if needed.starts_with("tasks") { "projects:write" } else { "tasks:write" }
}

/// Sends the row's request as `who`; the status, and whether the world is unchanged.
async fn run(app: &TestApp, world: &World, who: Who, request: Request) -> (u16, bool) {
    run_as(app, world, who, request, None).await
}

/// Sends the row's request as `who` through an API token of theirs with `scope`.
async fn run_with_token(
    app: &TestApp,
    world: &World,
    who: Who,
    request: Request,
    scope: &str,
) -> (u16, bool) {
    let token = crate::api_tokens::api_token(app, world.session(who), &[scope]).await;
    run_as(app, world, who, request, Some(crate::api_tokens::secret(&token))).await
}

async fn run_as(
    app: &TestApp,
    world: &World,
    who: Who,
    request: Request,
    bearer: Option<&str>,
) -> (u16, bool) {
    let (method, path, mut body) = request(world, who);
    // "Their inbox" for a caller other than the owner: looked up now.
    if let Some(body) = body.as_mut()
        && body.get("project_id") == Some(&Value::Null)
    {
        let projects: Value = app.get("/projects", &world.session(who).access).await.json().await.unwrap();
        body["project_id"] = projects["items"][0]["id"].clone();
    }
    let before = world.snapshot(app).await;
    let bearer = bearer.unwrap_or(&world.session(who).access);
    let response = app.send(method, &path, bearer, body).await;
    let status = response.status().as_u16();
    let unchanged = world.snapshot(app).await == before;
    (status, unchanged)
}

#[tokio::test]
async fn every_project_and_task_route_answers_each_role_as_the_contract_says() {
    let app = spawn_app().await;
    let mut failures = Vec::new();
    for (name, request, expected) in shared_project_rows() {
        for (who, status) in EVERYONE.into_iter().zip(expected) {
            let world = World::new(&app).await;
            let (got, unchanged) = run(&app, &world, who, request).await;
            if got != status {
                failures.push(format!("shared project, {name}, as {who:?}: {got}, expected {status}"));
            }
            if got >= 400 && !unchanged {
                failures.push(format!(
                    "shared project, {name}, as {who:?}: refused with {got} but changed something"
                ));
            }
        }
        let world = World::new(&app).await;
        let (method, path, _) = request(&world, Who::Editor);
        let Some(needed) = scope_needed(&method, &path) else { continue };
        let (got, _) = run_with_token(&app, &world, Who::Editor, request, needed).await;
        let editor = expected[EVERYONE.iter().position(|w| *w == Who::Editor).unwrap()];
        if got != editor {
            failures.push(format!(
                "shared project, {name}, as Editor via a {needed} token: {got}, expected {editor}"
            ));
        }
        let world = World::new(&app).await;
        let wrong = other_scope(needed);
        let (got, unchanged) = run_with_token(&app, &world, Who::Owner, request, wrong).await;
        if got != 403 || !unchanged {
            failures.push(format!(
                "shared project, {name}, as Owner via a {wrong} token: {got} (changed: {}), expected 403, unchanged",
                !unchanged
            ));
        }
    }
    for (name, request, [stranger, owner]) in inbox_rows() {
        for (who, status) in [(Who::Viewer, stranger), (Who::Owner, owner)] {
            let world = World::new(&app).await;
            let (got, unchanged) = run(&app, &world, who, request).await;
            if got != status {
                failures.push(format!("inbox, {name}, as {who:?}: {got}, expected {status}"));
            }
            if got >= 400 && !unchanged {
                failures.push(format!("inbox, {name}, as {who:?}: refused with {got} but changed something"));
            }
        }
    }
    assert!(failures.is_empty(), "{} cells wrong:\n{}", failures.len(), failures.join("\n"));
}
