//! Register, login, refresh rotation, logout and logout-all.

use std::time::Duration;

use reqwest::StatusCode;
use reqwest::header::SET_COOKIE;
use serde_json::{Value, json};

use crate::helpers::*;

#[tokio::test]
async fn registering_returns_the_user_with_a_normalised_email() {
    let app = spawn_app().await;
    let response = app.register("  Alice@Example.COM ", PASSWORD).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let user: Value = response.json().await.unwrap();
    assert_eq!(user["email"], "alice@example.com");
    assert!(user["id"].as_i64().is_some());
    assert!(user["created_at"].as_str().unwrap().ends_with('Z'));
    assert!(user.get("password").is_none() && user.get("password_hash").is_none());
    let stored = app.sql_count("SELECT count(*) FROM users WHERE password_hash LIKE '$2%'").await;
    assert_eq!(stored, 1, "the password is stored only as a bcrypt hash");
}

#[tokio::test]
async fn registering_a_taken_email_in_any_case_is_a_conflict() {
    let app = spawn_app().await;
    assert_eq!(app.register("bob@example.com", PASSWORD).await.status(), StatusCode::CREATED);
    assert_error(app.register("BOB@example.com ", PASSWORD).await, StatusCode::CONFLICT, "conflict").await;
    assert_eq!(app.sql_count("SELECT count(*) FROM users").await, 1);
}

#[tokio::test]
async fn registering_with_invalid_fields_names_each_one_and_creates_nothing() {
    let app = spawn_app().await;
    let body = assert_error(
        app.register("not-an-email", "short").await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert!(body["error"]["fields"]["email"].is_string());
    assert!(body["error"]["fields"]["password"].is_string());
    assert!(!body.to_string().contains("short"), "error bodies never echo passwords");

    // 73 bytes is past bcrypt's limit: refused, never truncated.
    let too_long = "é".repeat(36) + "x";
    let body = assert_error(
        app.register("carol@example.com", &too_long).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert!(body["error"]["fields"]["password"].as_str().unwrap().contains("72 bytes"));
    assert_eq!(app.sql_count("SELECT count(*) FROM users").await, 0);
}

#[tokio::test]
async fn login_returns_a_bearer_token_and_a_locked_down_refresh_cookie() {
    let app =
        spawn_app_with(Options { tweak: Box::new(|s| s.cookie_secure = true), ..Default::default() }).await;
    assert_eq!(app.register("dave@example.com", PASSWORD).await.status(), StatusCode::CREATED);
    let response = app.login("DAVE@example.com", PASSWORD).await;
    assert_eq!(response.status(), StatusCode::OK);
    let cookie = response.headers().get(SET_COOKIE).unwrap().to_str().unwrap().to_owned();
    for attribute in
        ["refresh_token=", "HttpOnly", "SameSite=Strict", "Path=/api/v1/auth", "Secure", "Max-Age=1209600"]
    {
        assert!(cookie.contains(attribute), "{attribute} missing from {cookie}");
    }
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["token_type"], "bearer");
    assert_eq!(body["expires_in"], 900);
    let access = body["access_token"].as_str().unwrap();
    let me: Value = app.me(access).await.json().await.unwrap();
    assert_eq!(me["email"], "dave@example.com");
}

#[tokio::test]
async fn unknown_email_and_wrong_password_get_the_same_answer() {
    let app = spawn_app().await;
    app.register("erin@example.com", PASSWORD).await;
    let wrong_password = assert_error(
        app.login("erin@example.com", "wrong password").await,
        StatusCode::UNAUTHORIZED,
        "unauthorized",
    )
    .await;
    let unknown = app.login("nobody@example.com", PASSWORD).await;
    assert_eq!(unknown.headers().get("www-authenticate").unwrap(), "Bearer");
    let unknown = assert_error(unknown, StatusCode::UNAUTHORIZED, "unauthorized").await;
    assert_eq!(wrong_password, unknown);
}

#[tokio::test]
async fn too_many_failures_lock_the_email_even_for_the_right_password_until_the_window_passes() {
    let app =
        spawn_app_with(Options { tweak: Box::new(|s| s.login_max_failures = 3), ..Default::default() }).await;
    app.register("frank@example.com", PASSWORD).await;
    for _ in 0..3 {
        assert_eq!(app.login("frank@example.com", "wrong password").await.status(), StatusCode::UNAUTHORIZED);
    }
    let locked = app.login("Frank@example.com", PASSWORD).await;
    let retry_after: u64 = locked.headers().get("retry-after").unwrap().to_str().unwrap().parse().unwrap();
    assert!((1..=900).contains(&retry_after), "Retry-After {retry_after}");
    assert_error(locked, StatusCode::TOO_MANY_REQUESTS, "rate_limited").await;
    // Another email from the same address is not locked by this one's failures.
    app.register("grace@example.com", PASSWORD).await;
    assert_eq!(app.login("grace@example.com", PASSWORD).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn a_successful_login_clears_the_email_failure_count() {
    let app =
        spawn_app_with(Options { tweak: Box::new(|s| s.login_max_failures = 3), ..Default::default() }).await;
    app.register("heidi@example.com", PASSWORD).await;
    for _ in 0..2 {
        app.login("heidi@example.com", "wrong password").await;
    }
    assert_eq!(app.login("heidi@example.com", PASSWORD).await.status(), StatusCode::OK);
    for _ in 0..2 {
        app.login("heidi@example.com", "wrong password").await;
    }
    assert_eq!(
        app.login("heidi@example.com", PASSWORD).await.status(),
        StatusCode::OK,
        "count restarted at zero"
    );
}

#[tokio::test]
async fn one_client_address_is_limited_across_emails_at_ten_times_the_email_limit() {
    let app =
        spawn_app_with(Options { tweak: Box::new(|s| s.login_max_failures = 1), ..Default::default() }).await;
    app.register("ivan@example.com", PASSWORD).await;
    for i in 0..10 {
        let status = app.login(&format!("stranger{i}@example.com"), PASSWORD).await.status();
        assert_eq!(status, StatusCode::UNAUTHORIZED, "attempt {i}");
    }
    // The eleventh attempt from this address is refused whatever the email.
    assert_error(
        app.login("ivan@example.com", PASSWORD).await,
        StatusCode::TOO_MANY_REQUESTS,
        "rate_limited",
    )
    .await;
}

/// A login sent through a load balancer that reports `forwarded_for` as the client.
async fn login_forwarded(app: &TestApp, forwarded_for: &str, email: &str, password: &str) -> StatusCode {
    let body = json!({"email": email, "password": password});
    let request = app.client.post(app.api("/auth/login")).header("x-forwarded-for", forwarded_for);
    request.json(&body).send().await.unwrap().status()
}

#[tokio::test]
async fn behind_a_trusted_proxy_each_forwarded_client_has_its_own_limit() {
    let app = spawn_app_with(Options {
        tweak: Box::new(|s| {
            s.login_max_failures = 1;
            // The test client connects from loopback: it plays the load balancer.
            s.trusted_proxies = vec!["127.0.0.0/8".parse().unwrap()];
        }),
        ..Default::default()
    })
    .await;
    app.register("ivan@example.com", PASSWORD).await;
    for i in 0..10 {
        let status =
            login_forwarded(&app, "203.0.113.7", &format!("stranger{i}@example.com"), PASSWORD).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "attempt {i}");
    }
    let status = login_forwarded(&app, "203.0.113.7", "ivan@example.com", PASSWORD).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "the noisy client is limited");
    let status = login_forwarded(&app, "198.51.100.9", "ivan@example.com", PASSWORD).await;
    assert_eq!(status, StatusCode::OK, "another client behind the same balancer is not");
}

#[tokio::test]
async fn a_forwarded_for_header_from_an_untrusted_peer_is_ignored() {
    let app =
        spawn_app_with(Options { tweak: Box::new(|s| s.login_max_failures = 1), ..Default::default() }).await;
    app.register("ivan@example.com", PASSWORD).await;
    for i in 0..10 {
        // A client inventing a new address for every attempt.
        let status =
            login_forwarded(&app, &format!("203.0.113.{i}"), &format!("stranger{i}@example.com"), PASSWORD)
                .await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "attempt {i}");
    }
    let status = login_forwarded(&app, "198.51.100.9", "ivan@example.com", PASSWORD).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn refresh_rotates_the_cookie_and_returns_a_working_access_token() {
    let app = spawn_app().await;
    let first = app.new_user().await;
    let response = app.client.post(app.api("/auth/refresh")).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let second = session_of(response).await;
    assert_ne!(second.refresh, first.refresh, "a new refresh token every time");
    assert_ne!(second.access, first.access);
    assert_eq!(app.me(&second.access).await.status(), StatusCode::OK);
    // The jar now holds the new cookie, so refreshing again through it works again.
    assert_eq!(app.client.post(app.api("/auth/refresh")).send().await.unwrap().status(), StatusCode::OK);
}

#[tokio::test]
async fn refresh_without_a_cookie_or_with_an_unknown_one_is_refused() {
    let app = spawn_app().await;
    let response = app.new_browser().post(app.api("/auth/refresh")).send().await.unwrap();
    assert_error(response, StatusCode::UNAUTHORIZED, "unauthorized").await;
    assert_error(app.refresh_with("made-up-token").await, StatusCode::UNAUTHORIZED, "unauthorized").await;
}

#[tokio::test]
async fn reusing_a_rotated_refresh_token_after_the_grace_period_ends_the_whole_session() {
    let app =
        spawn_app_with(Options { tweak: Box::new(|s| s.refresh_reuse_grace_secs = 0), ..Default::default() })
            .await;
    let stolen = app.new_user().await;
    let rotated = session_of(app.refresh_with(&stolen.refresh).await).await;
    tokio::time::sleep(Duration::from_millis(1100)).await;

    // The thief replays the old token: refused, and the session it belonged to is over.
    assert_error(app.refresh_with(&stolen.refresh).await, StatusCode::UNAUTHORIZED, "unauthorized").await;
    assert_error(app.refresh_with(&rotated.refresh).await, StatusCode::UNAUTHORIZED, "unauthorized").await;
    assert_error(app.me(&rotated.access).await, StatusCode::UNAUTHORIZED, "unauthorized").await;
    assert_error(app.me(&stolen.access).await, StatusCode::UNAUTHORIZED, "unauthorized").await;
}

#[tokio::test]
async fn two_tabs_refreshing_at_once_both_stay_logged_in() {
    let app = spawn_app().await;
    let session = app.new_user().await;
    let (a, b) = tokio::join!(app.refresh_with(&session.refresh), app.refresh_with(&session.refresh));
    assert_eq!((a.status(), b.status()), (StatusCode::OK, StatusCode::OK));
    let (a, b) = (session_of(a).await, session_of(b).await);
    assert_ne!(a.refresh, b.refresh);
    for tab in [&a, &b] {
        assert_eq!(app.me(&tab.access).await.status(), StatusCode::OK);
        assert_eq!(
            app.refresh_with(&tab.refresh).await.status(),
            StatusCode::OK,
            "both new refresh tokens work"
        );
    }
}

#[tokio::test]
async fn logout_clears_the_cookie_and_denies_both_tokens() {
    let app = spawn_app().await;
    let session = app.new_user().await;
    let response =
        app.client.post(app.api("/auth/logout")).bearer_auth(&session.access).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let cleared = response.headers().get(SET_COOKIE).unwrap().to_str().unwrap();
    assert!(cleared.starts_with("refresh_token=;") && cleared.contains("Max-Age=0"), "{cleared}");

    assert_error(app.me(&session.access).await, StatusCode::UNAUTHORIZED, "unauthorized").await;
    assert_error(app.refresh_with(&session.refresh).await, StatusCode::UNAUTHORIZED, "unauthorized").await;
}

#[tokio::test]
async fn logout_works_with_the_refresh_cookie_alone_when_the_access_token_has_expired() {
    let app =
        spawn_app_with(Options { tweak: Box::new(|s| s.access_token_ttl_secs = 1), ..Default::default() })
            .await;
    let session = app.new_user().await;
    tokio::time::sleep(Duration::from_millis(2100)).await;
    assert_error(app.me(&session.access).await, StatusCode::UNAUTHORIZED, "unauthorized").await;
    let response =
        app.client.post(app.api("/auth/logout")).bearer_auth(&session.access).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_error(app.refresh_with(&session.refresh).await, StatusCode::UNAUTHORIZED, "unauthorized").await;
}

#[tokio::test]
async fn logout_works_with_the_access_token_alone() {
    let app = spawn_app().await;
    let session = app.new_user().await;
    let response =
        app.new_browser().post(app.api("/auth/logout")).bearer_auth(&session.access).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_error(app.me(&session.access).await, StatusCode::UNAUTHORIZED, "unauthorized").await;
    assert_error(app.refresh_with(&session.refresh).await, StatusCode::UNAUTHORIZED, "unauthorized").await;
}

#[tokio::test]
async fn logout_with_neither_token_valid_is_unauthorized() {
    let app = spawn_app().await;
    let response =
        app.new_browser().post(app.api("/auth/logout")).bearer_auth("nonsense").send().await.unwrap();
    assert_error(response, StatusCode::UNAUTHORIZED, "unauthorized").await;
}

#[tokio::test]
async fn logout_ends_only_its_own_session() {
    let app = spawn_app().await;
    let email = unique_email();
    let laptop = app.signed_up(&email).await;
    let phone = app.another_session(&email).await;
    let response =
        app.new_browser().post(app.api("/auth/logout")).bearer_auth(&laptop.access).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(app.me(&phone.access).await.status(), StatusCode::OK);
    assert_eq!(app.refresh_with(&phone.refresh).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn logout_all_ends_every_session_of_the_user_and_only_theirs() {
    let app = spawn_app().await;
    let email = unique_email();
    let laptop = app.signed_up(&email).await;
    let phone = app.another_session(&email).await;
    let neighbour = app
        .another_session(&{
            let other = unique_email();
            app.register(&other, PASSWORD).await;
            other
        })
        .await;

    let response =
        app.client.post(app.api("/auth/logout-all")).bearer_auth(&laptop.access).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    for session in [&laptop, &phone] {
        assert_error(app.me(&session.access).await, StatusCode::UNAUTHORIZED, "unauthorized").await;
        assert_error(app.refresh_with(&session.refresh).await, StatusCode::UNAUTHORIZED, "unauthorized")
            .await;
    }
    assert_eq!(app.me(&neighbour.access).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn login_needs_both_fields() {
    let app = spawn_app().await;
    let response = app
        .client
        .post(app.api("/auth/login"))
        .json(&json!({"email": "a@example.com"}))
        .send()
        .await
        .unwrap();
    let body = assert_error(response, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    assert_eq!(body["error"]["fields"]["password"], "is required");
}
