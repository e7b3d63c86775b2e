//! Projects and sharing as people use them: invite, edit together, move, assign, label, leave,
//! delete — each through the real API on both backends.

use std::time::Duration;

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::*;
use crate::reminders::{reminder_in, wait_for_notifications};

impl TestApp {
    async fn call(&self, method: Method, path: &str, access: &str, body: Option<Value>) -> reqwest::Response {
        let request = self.client.request(method, self.api(path)).bearer_auth(access);
        match body {
            Some(body) => request.json(&body),
            None => request,
        }
        .send()
        .await
        .unwrap()
    }

    async fn json(
        &self,
        method: Method,
        path: &str,
        access: &str,
        body: Option<Value>,
        status: StatusCode,
    ) -> Value {
        let response = self.call(method.clone(), path, access, body).await;
        assert_eq!(response.status(), status, "{method} {path}");
        if status == StatusCode::NO_CONTENT {
            return Value::Null;
        }
        response.json().await.unwrap()
    }

    async fn project(&self, access: &str, name: &str) -> Value {
        self.json(Method::POST, "/projects", access, Some(json!({"name": name})), StatusCode::CREATED).await
    }

    async fn share(&self, access: &str, project: &Value, email: &str, role: &str) -> Value {
        let path = format!("/projects/{}/members", project["id"]);
        let body = json!({"email": email, "role": role});
        self.json(Method::POST, &path, access, Some(body), StatusCode::CREATED).await
    }
}

/// A user with their session, email and id.
struct Person {
    session: Session,
    email: String,
    id: Value,
}

async fn person(app: &TestApp) -> Person {
    let email = unique_email();
    let session = app.signed_up(&email).await;
    let id = app.me(&session.access).await.json::<Value>().await.unwrap()["id"].clone();
    Person { session, email, id }
}

#[tokio::test]
async fn an_invited_member_sees_the_project_and_its_tasks_and_may_do_what_their_role_allows() {
    let app = spawn_app().await;
    let (alice, bob, carol) = (person(&app).await, person(&app).await, person(&app).await);
    let project = app.project(&alice.session.access, "  Garden ").await;
    assert_eq!(
        (&project["name"], &project["role"], &project["inbox"]),
        (&json!("Garden"), &json!("owner"), &json!(false))
    );
    let task =
        app.task(&alice.session.access, json!({"title": "Plant tulips", "project_id": project["id"]})).await;
    assert_eq!(task["created_by"], alice.id);

    let member = app.share(&alice.session.access, &project, &bob.email.to_uppercase(), "editor").await;
    assert_eq!((&member["user_id"], &member["role"]), (&bob.id, &json!("editor")));
    app.share(&alice.session.access, &project, &carol.email, "viewer").await;

    // Bob lists it (after his inbox) and its task, in the every-project list too.
    let projects: Value = app.get("/projects", &bob.session.access).await.json().await.unwrap();
    let names: Vec<&Value> = projects["items"].as_array().unwrap().iter().map(|p| &p["name"]).collect();
    assert_eq!(names, [&json!("Inbox"), &json!("Garden")]);
    assert_eq!(projects["items"][1]["role"], "editor");
    assert_eq!(app.titles(&bob.session.access, "").await, ["Plant tulips"]);
    let members: Value = app
        .get(&format!("/projects/{}/members", project["id"]), &carol.session.access)
        .await
        .json()
        .await
        .unwrap();
    let roles: Vec<&Value> = members["items"].as_array().unwrap().iter().map(|m| &m["role"]).collect();
    assert_eq!(roles[0], &json!("owner"), "the owner first");
    assert_eq!(roles.len(), 3);

    // The editor edits; the viewer cannot, and their refusal changes nothing.
    let path = format!("/tasks/{}", task["id"]);
    let edited = app
        .json(
            Method::PATCH,
            &path,
            &bob.session.access,
            Some(json!({"title": "Plant bulbs"})),
            StatusCode::OK,
        )
        .await;
    assert_eq!(edited["title"], "Plant bulbs");
    let refused = app.call(Method::PATCH, &path, &carol.session.access, Some(json!({"title": "Nope"}))).await;
    assert_error(refused, StatusCode::FORBIDDEN, "forbidden").await;
    let seen: Value = app.get(&path, &carol.session.access).await.json().await.unwrap();
    assert_eq!(seen["title"], "Plant bulbs");

    // Inviting again is a conflict (the owner too); an unknown email or the owner's role are 422s.
    for email in [&bob.email, &alice.email] {
        let again = app
            .call(
                Method::POST,
                &format!("/projects/{}/members", project["id"]),
                &alice.session.access,
                Some(json!({"email": email, "role": "viewer"})),
            )
            .await;
        assert_error(again, StatusCode::CONFLICT, "conflict").await;
    }
    for (body, field) in [
        (json!({"email": "nobody@example.com", "role": "viewer"}), "email"),
        (json!({"email": bob.email, "role": "owner"}), "role"),
        (json!({"email": "not an email", "role": "viewer"}), "email"),
    ] {
        let refused = app
            .call(
                Method::POST,
                &format!("/projects/{}/members", project["id"]),
                &alice.session.access,
                Some(body),
            )
            .await;
        let error = assert_error(refused, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
        assert!(error["error"]["fields"][field].is_string(), "{error}");
    }
    let demote = app
        .call(
            Method::PATCH,
            &format!("/projects/{}/members/{}", project["id"], alice.id),
            &alice.session.access,
            Some(json!({"role": "viewer"})),
        )
        .await;
    assert_error(demote, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
}

#[tokio::test]
async fn projects_are_named_and_coloured_and_the_inbox_stays_private() {
    let app = spawn_app().await;
    let alice = person(&app).await;
    let bob = person(&app).await;
    let access = &alice.session.access;
    app.project(access, "zebra").await;
    let coloured = app
        .json(
            Method::POST,
            "/projects",
            access,
            Some(json!({"name": "Apples", "color": "#A0B1C2"})),
            StatusCode::CREATED,
        )
        .await;
    assert_eq!(coloured["color"], "#a0b1c2");
    let projects: Value = app.get("/projects", access).await.json().await.unwrap();
    let names: Vec<&Value> = projects["items"].as_array().unwrap().iter().map(|p| &p["name"]).collect();
    assert_eq!(names, [&json!("Inbox"), &json!("Apples"), &json!("zebra")], "inbox first, then by name");
    let inbox = projects["items"][0].clone();

    for (body, field) in
        [(json!({}), "name"), (json!({"name": " "}), "name"), (json!({"name": "x", "color": "red"}), "color")]
    {
        let refused = app.call(Method::POST, "/projects", access, Some(body)).await;
        let error = assert_error(refused, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
        assert!(error["error"]["fields"][field].is_string(), "{error}");
    }
    let cleared = app
        .json(
            Method::PATCH,
            &format!("/projects/{}", coloured["id"]),
            access,
            Some(json!({"color": null})),
            StatusCode::OK,
        )
        .await;
    assert!(cleared["color"].is_null());
    let renamed = app
        .json(
            Method::PATCH,
            &format!("/projects/{}", inbox["id"]),
            access,
            Some(json!({"name": "Mine"})),
            StatusCode::OK,
        )
        .await;
    assert_eq!((&renamed["name"], &renamed["inbox"]), (&json!("Mine"), &json!(true)));
    let shared = app
        .call(
            Method::POST,
            &format!("/projects/{}/members", inbox["id"]),
            access,
            Some(json!({"email": bob.email, "role": "viewer"})),
        )
        .await;
    assert_error(shared, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    let deleted = app.call(Method::DELETE, &format!("/projects/{}", inbox["id"]), access, None).await;
    assert_error(deleted, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    // Someone else's inbox does not exist for them.
    let theirs = app.get(&format!("/projects/{}", inbox["id"]), &bob.session.access).await;
    assert_error(theirs, StatusCode::NOT_FOUND, "not_found").await;
    let into_it =
        app.create_task(&bob.session.access, json!({"title": "Sneaky", "project_id": inbox["id"]})).await;
    assert_error(into_it, StatusCode::NOT_FOUND, "not_found").await;
    let filter = app.get(&format!("/tasks?project_id={}", inbox["id"]), &bob.session.access).await;
    assert_error(filter, StatusCode::NOT_FOUND, "not_found").await;
}

#[tokio::test]
async fn removing_a_member_ends_their_access_at_once_and_clears_their_assignments() {
    let app = spawn_app().await;
    let (alice, bob) = (person(&app).await, person(&app).await);
    let project = app.project(&alice.session.access, "Shared").await;
    app.share(&alice.session.access, &project, &bob.email, "editor").await;
    let task = app
        .task(
            &alice.session.access,
            json!({"title": "Bob's job", "project_id": project["id"], "assignee_id": bob.id}),
        )
        .await;
    assert_eq!(task["assignee_id"], bob.id);
    let (mine, _) = app.list(&bob.session.access, "assignee=me").await;
    assert_eq!(mine.len(), 1);

    let path = format!("/projects/{}/members/{}", project["id"], bob.id);
    app.json(Method::DELETE, &path, &alice.session.access, None, StatusCode::NO_CONTENT).await;
    let gone = app.get(&format!("/tasks/{}", task["id"]), &bob.session.access).await;
    assert_error(gone, StatusCode::NOT_FOUND, "not_found").await;
    assert!(app.titles(&bob.session.access, "").await.is_empty());
    let now: Value =
        app.get(&format!("/tasks/{}", task["id"]), &alice.session.access).await.json().await.unwrap();
    assert!(now["assignee_id"].is_null(), "unassigned");
    assert_eq!(now["version"], task["version"].as_i64().unwrap() + 1, "a change of the task");

    // A member who leaves: the same.
    app.share(&alice.session.access, &project, &bob.email, "viewer").await;
    app.json(Method::DELETE, &path, &bob.session.access, None, StatusCode::NO_CONTENT).await;
    let projects: Value = app.get("/projects", &bob.session.access).await.json().await.unwrap();
    assert_eq!(projects["items"].as_array().unwrap().len(), 1, "only the inbox is left");
}

#[tokio::test]
async fn a_task_moves_between_projects_and_an_assignee_who_cannot_follow_is_cleared() {
    let app = spawn_app().await;
    let (alice, bob) = (person(&app).await, person(&app).await);
    let (home, work) =
        (app.project(&alice.session.access, "Home").await, app.project(&alice.session.access, "Work").await);
    app.share(&alice.session.access, &home, &bob.email, "editor").await;
    let task = app
        .task(
            &alice.session.access,
            json!({"title": "Fix the sink", "project_id": home["id"], "assignee_id": bob.id}),
        )
        .await;
    let path = format!("/tasks/{}", task["id"]);
    let moved = app
        .json(
            Method::PATCH,
            &path,
            &alice.session.access,
            Some(json!({"project_id": work["id"]})),
            StatusCode::OK,
        )
        .await;
    assert_eq!(moved["project_id"], work["id"]);
    assert!(moved["assignee_id"].is_null(), "Bob is not in Work");
    assert_error(app.get(&path, &bob.session.access).await, StatusCode::NOT_FOUND, "not_found").await;
    assert_eq!(
        app.titles(&alice.session.access, &format!("project_id={}", work["id"])).await,
        ["Fix the sink"]
    );
    assert!(app.titles(&alice.session.access, &format!("project_id={}", home["id"])).await.is_empty());

    // An assignee must be a member of the task's project.
    let refused =
        app.call(Method::PATCH, &path, &alice.session.access, Some(json!({"assignee_id": bob.id}))).await;
    let error = assert_error(refused, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    assert!(error["error"]["fields"]["assignee_id"].is_string());
    let (empty, _) = app.list(&alice.session.access, &format!("assignee={}", bob.id)).await;
    assert!(empty.is_empty(), "a non-member's id gives an empty page");
}

#[tokio::test]
async fn deleting_a_project_takes_its_tasks_reminders_and_notifications_with_it() {
    let app = spawn_app_with(Options { worker: true, ..Default::default() }).await;
    let alice = person(&app).await;
    let project = app.project(&alice.session.access, "Doomed").await;
    app.task(
        &alice.session.access,
        json!({"title": "Past", "project_id": project["id"], "reminders": reminder_in(0)}),
    )
    .await;
    wait_for_notifications(&app, &alice.session.access, 1, Duration::from_secs(3)).await;
    app.task(
        &alice.session.access,
        json!({"title": "Later", "project_id": project["id"], "reminders": reminder_in(600_000)}),
    )
    .await;
    app.json(
        Method::DELETE,
        &format!("/projects/{}", project["id"]),
        &alice.session.access,
        None,
        StatusCode::NO_CONTENT,
    )
    .await;
    assert!(app.titles(&alice.session.access, "").await.is_empty());
    assert_eq!(app.sql_count("SELECT count(*) FROM reminders").await, 0);
    assert_eq!(app.sql_count("SELECT count(*) FROM notifications").await, 0);
    assert_error(
        app.get(&format!("/projects/{}", project["id"]), &alice.session.access).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
}

#[tokio::test]
async fn a_deleted_account_leaves_the_tasks_it_created_in_others_projects() {
    let app = spawn_app().await;
    let (alice, bob) = (person(&app).await, person(&app).await);
    let project = app.project(&alice.session.access, "Team").await;
    app.share(&alice.session.access, &project, &bob.email, "editor").await;
    let bobs = app
        .task(
            &bob.session.access,
            json!({"title": "Bob's idea", "project_id": project["id"], "assignee_id": bob.id}),
        )
        .await;
    let own = app.project(&bob.session.access, "Bob's own").await;
    app.task(&bob.session.access, json!({"title": "Private", "project_id": own["id"]})).await;

    assert_eq!(app.delete_account(&bob.session.access, PASSWORD).await.status(), StatusCode::NO_CONTENT);
    let kept: Value =
        app.get(&format!("/tasks/{}", bobs["id"]), &alice.session.access).await.json().await.unwrap();
    assert_eq!(kept["title"], "Bob's idea");
    assert!(kept["created_by"].is_null() && kept["assignee_id"].is_null());
    assert_eq!(app.sql_count("SELECT count(*) FROM tasks").await, 1, "his own project went with him");
    let members: Value = app
        .get(&format!("/projects/{}/members", project["id"]), &alice.session.access)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(members["items"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn labels_fold_case_filter_together_and_are_counted_over_what_the_caller_sees() {
    let app = spawn_app().await;
    let (alice, bob) = (person(&app).await, person(&app).await);
    let access = &alice.session.access;
    let first = app.task(access, json!({"title": "One", "labels": [" Work ", "urgent", "WORK"]})).await;
    assert_eq!(first["labels"], json!(["Work", "urgent"]));
    app.task(access, json!({"title": "Two", "labels": ["work"]})).await;
    app.task(access, json!({"title": "Three", "labels": ["home"]})).await;
    app.task(&bob.session.access, json!({"title": "Bob's", "labels": ["secret"]})).await;

    let labels: Value = app.get("/labels", access).await.json().await.unwrap();
    assert_eq!(
        labels["items"],
        json!([{"name": "home", "count": 1}, {"name": "urgent", "count": 1}, {"name": "Work", "count": 2}]),
        "by name, the first spelling, only what Alice can see"
    );
    let mut work = app.titles(access, "label=WORK").await;
    work.sort();
    assert_eq!(work, ["One", "Two"]);
    assert_eq!(app.titles(access, "label=work&label=Urgent").await, ["One"], "every label must match");
    assert!(app.titles(access, "label=secret").await.is_empty());

    let relabelled = app
        .json(
            Method::PATCH,
            &format!("/tasks/{}", first["id"]),
            access,
            Some(json!({"labels": []})),
            StatusCode::OK,
        )
        .await;
    assert_eq!(relabelled["labels"], json!([]));
    assert_eq!(app.titles(access, "label=urgent").await, Vec::<String>::new());
    let too_many: Vec<String> = (0..21).map(|n| format!("l{n}")).collect();
    for labels in [json!(too_many), json!([""]), json!("work"), json!(null)] {
        let refused = app.create_task(access, json!({"title": "Bad", "labels": labels})).await;
        let error = assert_error(refused, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
        assert!(error["error"]["fields"]["labels"].is_string(), "{labels}: {error}");
    }
    let (none, _) = app.list(access, "assignee=none").await;
    assert_eq!(none.len(), 3);
    assert_error(app.get("/tasks?assignee=someone", access).await, StatusCode::BAD_REQUEST, "bad_request")
        .await;
}

#[tokio::test]
async fn a_reminder_goes_to_the_assignee_if_there_is_one_else_to_the_creator() {
    let app = spawn_app_with(Options { worker: true, ..Default::default() }).await;
    let (alice, bob) = (person(&app).await, person(&app).await);
    let project = app.project(&alice.session.access, "Shared").await;
    app.share(&alice.session.access, &project, &bob.email, "editor").await;
    app.task(
        &alice.session.access,
        json!({"title": "For Bob", "project_id": project["id"], "assignee_id": bob.id, "reminders": reminder_in(0)}),
    )
    .await;
    app.task(
        &alice.session.access,
        json!({"title": "For me", "project_id": project["id"], "reminders": reminder_in(0)}),
    )
    .await;
    let bobs = wait_for_notifications(&app, &bob.session.access, 1, Duration::from_secs(3)).await;
    let alices = wait_for_notifications(&app, &alice.session.access, 1, Duration::from_secs(3)).await;
    assert_eq!(bobs[0]["message"], "Reminder: For Bob");
    assert_eq!(alices[0]["message"], "Reminder: For me");
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(app.sql_count("SELECT count(*) FROM notifications").await, 2);
}
