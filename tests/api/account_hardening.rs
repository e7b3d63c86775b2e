//! What probing the running server found (issue 14): password checks without a limit, token
//! responses that caches could keep, unthrottled sign-ups, and titles that only look non-empty.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::*;

async fn change_password(app: &TestApp, access: &str, current: &str) -> reqwest::Response {
    let body = json!({"current_password": current, "new_password": "another long password"});
    app.client.put(app.api("/users/me/password")).bearer_auth(access).json(&body).send().await.unwrap()
}

fn limited_to(failures: u64) -> Options {
    Options { tweak: Box::new(move |s| s.login_max_failures = failures), ..Default::default() }
}

#[tokio::test]
async fn wrong_current_passwords_count_as_failed_logins_and_lock_the_account() {
    let app = spawn_app_with(limited_to(2)).await;
    let email = unique_email();
    let session = app.signed_up(&email).await;
    for _ in 0..2 {
        let wrong = change_password(&app, &session.access, "a wrong guess").await;
        assert_error(wrong, StatusCode::UNAUTHORIZED, "unauthorized").await;
    }
    // Past the limit even the right password is refused, here and at login.
    let locked = change_password(&app, &session.access, PASSWORD).await;
    assert!(locked.headers().contains_key("retry-after"));
    assert_error(locked, StatusCode::TOO_MANY_REQUESTS, "rate_limited").await;
    assert_error(app.login(&email, PASSWORD).await, StatusCode::TOO_MANY_REQUESTS, "rate_limited").await;
    assert_eq!(app.me(&session.access).await.status(), StatusCode::OK, "the session itself goes on");
}

#[tokio::test]
async fn wrong_passwords_on_account_deletion_count_too_and_delete_nothing() {
    let app = spawn_app_with(limited_to(2)).await;
    let session = app.new_user().await;
    for _ in 0..2 {
        let wrong = app.delete_account(&session.access, "a wrong guess").await;
        assert_error(wrong, StatusCode::UNAUTHORIZED, "unauthorized").await;
    }
    let locked = app.delete_account(&session.access, PASSWORD).await;
    assert_error(locked, StatusCode::TOO_MANY_REQUESTS, "rate_limited").await;
    assert_eq!(app.me(&session.access).await.status(), StatusCode::OK, "the account is still there");
}

#[tokio::test]
async fn password_guesses_from_one_client_are_limited_across_accounts() {
    let app = spawn_app_with(limited_to(1)).await;
    let mut sessions = Vec::new();
    for _ in 0..11 {
        sessions.push(app.new_user().await);
    }
    for (i, session) in sessions[..10].iter().enumerate() {
        let wrong = change_password(&app, &session.access, "a wrong guess").await;
        assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED, "guess {i}");
    }
    // The eleventh account, guessed from the same address: refused even with its password.
    let refused = change_password(&app, &sessions[10].access, PASSWORD).await;
    assert_error(refused, StatusCode::TOO_MANY_REQUESTS, "rate_limited").await;
}

#[tokio::test]
async fn the_right_current_password_still_works_and_clears_the_count() {
    let app = spawn_app_with(limited_to(2)).await;
    let email = unique_email();
    let session = app.signed_up(&email).await;
    change_password(&app, &session.access, "a wrong guess").await;
    assert_eq!(change_password(&app, &session.access, PASSWORD).await.status(), StatusCode::NO_CONTENT);
    // One more failure would have locked it had the count not been cleared.
    assert_eq!(app.login(&email, "a wrong guess").await.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(app.login(&email, "another long password").await.status(), StatusCode::OK);
}

#[tokio::test]
async fn token_responses_are_not_cached() {
    let app = spawn_app().await;
    let email = unique_email();
    app.register(&email, PASSWORD).await;
    let login = app.login(&email, PASSWORD).await;
    assert_eq!(login.status(), StatusCode::OK);
    assert_eq!(login.headers()["cache-control"], "no-store");
    assert_eq!(login.headers()["pragma"], "no-cache");
    let session = session_of(login).await;
    let refreshed = app.refresh_with(&session.refresh).await;
    assert_eq!(refreshed.status(), StatusCode::OK);
    assert_eq!(refreshed.headers()["cache-control"], "no-store");
}

/// A sign-up sent through a load balancer that reports `forwarded_for` as the client.
async fn register_forwarded(app: &TestApp, forwarded_for: &str) -> reqwest::Response {
    let body = json!({"email": unique_email(), "password": PASSWORD});
    let request = app.client.post(app.api("/auth/register")).header("x-forwarded-for", forwarded_for);
    request.json(&body).send().await.unwrap()
}

#[tokio::test]
async fn sign_ups_are_limited_per_client_address() {
    let app = spawn_app_with(Options {
        tweak: Box::new(|s| {
            s.register_max_per_client = 2;
            s.trusted_proxies = vec!["127.0.0.0/8".parse().unwrap()];
        }),
        ..Default::default()
    })
    .await;
    for _ in 0..2 {
        assert_eq!(register_forwarded(&app, "203.0.113.7").await.status(), StatusCode::CREATED);
    }
    let limited = register_forwarded(&app, "203.0.113.7").await;
    let retry_after: u64 = limited.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=3600).contains(&retry_after), "Retry-After {retry_after}");
    assert_error(limited, StatusCode::TOO_MANY_REQUESTS, "rate_limited").await;
    assert_eq!(
        register_forwarded(&app, "198.51.100.9").await.status(),
        StatusCode::CREATED,
        "another client"
    );
    assert_eq!(app.sql_count("SELECT count(*) FROM users").await, 3);
}

#[tokio::test]
async fn a_title_or_name_of_only_invisible_characters_is_empty() {
    let app = spawn_app().await;
    let session = app.new_user().await;
    let task = app.task(&session.access, json!({"title": "Visible"})).await;
    for invisible in ["\u{200B}", "\u{200B}\u{200C}\u{200D}", " \u{2060} ", "\u{FEFF}", "\u{200E}\u{00AD}"] {
        let created = app.create_task(&session.access, json!({"title": invisible})).await;
        let body = assert_error(created, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
        assert_eq!(body["error"]["fields"]["title"], "must not be empty", "{invisible:?}");
        let patched = app.patch_task(&session.access, &task["id"], json!({"title": invisible})).await;
        assert_error(patched, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
        let project = app
            .client
            .post(app.api("/projects"))
            .bearer_auth(&session.access)
            .json(&json!({"name": invisible}))
            .send()
            .await
            .unwrap();
        let body: Value = assert_error(project, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
        assert!(body["error"]["fields"]["name"].is_string(), "{body}");
    }
    // Invisible characters beside visible ones are the user's business.
    assert_eq!(
        app.create_task(&session.access, json!({"title": "\u{200B}Buy milk"})).await.status(),
        StatusCode::CREATED
    );
    let (items, _) = app.list(&session.access, "").await;
    assert_eq!(items.len(), 2, "nothing invisible was created");
}
