//! Reads are never stale though the server caches them (with Redis: profiles and first pages): a
//! read after a write shows the write, a reminder delivered by a worker elsewhere shows too, and a
//! deleted account leaves nothing in the cache. Only where a cache exists (PostgreSQL + Redis):
//! elsewhere these would pass with nothing to prove.

use std::time::{Duration, Instant};

use chrono::Utc;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::*;

fn cached() -> Options {
    Options { backend: Backend::Postgres, ..Default::default() }
}

fn ids(items: &[Value]) -> Vec<i64> {
    items.iter().map(|t| t["id"].as_i64().unwrap()).collect()
}

#[tokio::test]
async fn a_first_page_read_twice_then_written_shows_every_write_at_once() {
    let app = spawn_app_with(cached()).await;
    let session = app.new_user().await;
    let first = app.task(&session.access, json!({"title": "First"})).await;
    for query in ["", "limit=50", "sort=due_date&limit=10"] {
        // Twice: the second read is the one a cache answers.
        app.list(&session.access, query).await;
        assert_eq!(ids(&app.list(&session.access, query).await.0), vec![first["id"].as_i64().unwrap()]);
    }

    let second = app.task(&session.access, json!({"title": "Second"})).await;
    let (items, _) = app.list(&session.access, "limit=50").await;
    assert_eq!(ids(&items), vec![second["id"].as_i64().unwrap(), first["id"].as_i64().unwrap()]);
    let (items, _) = app.list(&session.access, "sort=due_date&limit=10").await;
    assert_eq!(items.len(), 2, "every cached order sees the new task");

    let response =
        app.patch_task(&session.access, &first["id"], json!({"completed": true, "title": "Done"})).await;
    assert_eq!(response.status(), StatusCode::OK);
    let (items, _) = app.list(&session.access, "").await;
    assert_eq!(items[1]["title"], "Done");
    assert_eq!(items[1]["completed"], true);

    assert_eq!(app.delete_task(&session.access, &second["id"]).await.status(), StatusCode::NO_CONTENT);
    for query in ["", "limit=50", "sort=due_date&limit=10"] {
        assert_eq!(
            ids(&app.list(&session.access, query).await.0),
            vec![first["id"].as_i64().unwrap()],
            "{query}"
        );
    }
}

#[tokio::test]
async fn one_users_writes_never_change_what_another_user_reads() {
    let app = spawn_app_with(cached()).await;
    let (alice, bob) = (app.new_user().await, app.new_user().await);
    app.task(&alice.access, json!({"title": "Alice's"})).await;
    app.list(&bob.access, "").await;
    app.task(&bob.access, json!({"title": "Bob's"})).await;
    assert_eq!(app.titles(&alice.access, "").await, vec!["Alice's"]);
    assert_eq!(app.titles(&bob.access, "").await, vec!["Bob's"]);
}

#[tokio::test]
async fn a_reminder_delivered_by_another_worker_shows_in_the_list_already_read() {
    let app = spawn_app_with(cached()).await;
    let session = app.new_user().await;
    let remind_at = (Utc::now() + chrono::Duration::milliseconds(800)).to_rfc3339();
    app.task(&session.access, json!({"title": "Call", "reminders": [{"at": remind_at}]})).await;
    let (items, _) = app.list(&session.access, "").await;
    assert!(items[0]["reminders"][0]["sent_at"].is_null());
    app.list(&session.access, "").await;

    // A worker of its own (in "another process"): it can only tell the server through Redis.
    let worker = app.start_worker().await;
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let (items, _) = app.list(&session.access, "").await;
        if items[0]["reminders"][0]["sent_at"].is_string() {
            break;
        }
        assert!(Instant::now() < deadline, "the listed task never showed its delivered reminder");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    worker.stop().await;
}

#[tokio::test]
async fn the_profile_read_twice_is_the_same_and_a_deleted_account_leaves_nothing_cached() {
    let app = spawn_app_with(cached()).await;
    let session = app.new_user().await;
    let first: Value = app.me(&session.access).await.json().await.unwrap();
    let second: Value = app.me(&session.access).await.json().await.unwrap();
    assert_eq!(first, second);
    app.list(&session.access, "").await;
    let key = format!("{}cache:{}", app.settings.redis_key_prefix, first["id"].as_i64().unwrap());
    let mut redis = redis::Client::open(redis_url()).unwrap().get_connection().unwrap();
    let cached: Vec<String> = redis::cmd("HKEYS").arg(&key).query(&mut redis).unwrap();
    assert!(cached.contains(&"me".to_owned()), "the profile was cached: {cached:?}");

    let response = app.delete_account(&session.access, PASSWORD).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    // The account's sessions end too, so no request could read the stale entries; but its email
    // and tasks must not outlive it in Redis either.
    let exists: bool = redis::cmd("EXISTS").arg(&key).query(&mut redis).unwrap();
    assert!(!exists, "the deleted account's profile and pages are still cached");
    assert_eq!(app.me(&session.access).await.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_members_cached_first_page_shows_another_members_write_at_once() {
    let app = spawn_app_with(cached()).await;
    let alice = app.new_user().await;
    let bob_email = unique_email();
    let bob = app.signed_up(&bob_email).await;
    let create = |name: &str| json!({"name": name});
    let response = app
        .client
        .post(app.api("/projects"))
        .bearer_auth(&alice.access)
        .json(&create("Shared"))
        .send()
        .await
        .unwrap();
    let project: Value = response.json().await.unwrap();
    let share = json!({"email": bob_email, "role": "editor"});
    let members = app.api(&format!("/projects/{}/members", project["id"]));
    let added = app.client.post(members).bearer_auth(&alice.access).json(&share).send().await.unwrap();
    assert_eq!(added.status(), StatusCode::CREATED);

    // Bob's first page, read twice: cached, and empty.
    app.list(&bob.access, "").await;
    assert!(app.list(&bob.access, "").await.0.is_empty());
    // Alice writes in the shared project: Bob's next read shows it.
    let task = app.task(&alice.access, json!({"title": "From Alice", "project_id": project["id"]})).await;
    assert_eq!(app.titles(&bob.access, "").await, ["From Alice"]);
    app.patch_task(&alice.access, &task["id"], json!({"title": "Renamed by Alice"})).await;
    assert_eq!(app.titles(&bob.access, "").await, ["Renamed by Alice"]);
    // And Bob's write shows in Alice's cached page.
    app.list(&alice.access, "").await;
    app.patch_task(&bob.access, &task["id"], json!({"title": "Renamed by Bob"})).await;
    assert_eq!(app.titles(&alice.access, "").await, ["Renamed by Bob"]);
    // Removed from the project: gone from his cached page at once.
    let path = app.api(&format!("/projects/{}/members/{}", project["id"], me_id(&app, &bob).await));
    app.client.delete(path).bearer_auth(&alice.access).send().await.unwrap();
    assert!(app.titles(&bob.access, "").await.is_empty());
}

async fn me_id(app: &TestApp, session: &Session) -> Value {
    app.me(&session.access).await.json::<Value>().await.unwrap()["id"].clone()
}
