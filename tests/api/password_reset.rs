//! Password reset by email, through the real SMTP sink: the link in the email, single use, the
//! newest link only, expiry, the limits, and the same answer for an email of no account.

use std::time::{Duration, Instant};

use base64::Engine;
use reqwest::StatusCode;
use serde_json::{Value, json};
use tasktracker::config::Secret;

use crate::helpers::*;
use crate::process::free_port;
use crate::smtp::SmtpSink;

pub const NEW_PASSWORD: &str = "a brand new passphrase";

/// A server that sends email to `smtp_url` from its own worker, with `tweak` on top.
pub fn with_email(
    smtp_url: String,
    tweak: impl FnOnce(&mut tasktracker::config::Settings) + 'static,
) -> Options {
    Options {
        worker: true,
        tweak: Box::new(move |s| {
            s.reminders.smtp_url = Some(Secret::new(smtp_url));
            s.public_url = Some("https://tasks.example.com".into());
            tweak(s);
        }),
        ..Default::default()
    }
}

pub async fn request_reset(app: &TestApp, email: &str) -> reqwest::Response {
    app.client.post(app.api("/auth/password-reset")).json(&json!({"email": email})).send().await.unwrap()
}

pub async fn confirm(app: &TestApp, token: &str, new_password: &str) -> reqwest::Response {
    let body = json!({"token": token, "new_password": new_password});
    app.client.post(app.api("/auth/password-reset/confirm")).json(&body).send().await.unwrap()
}

/// Waits for the `n`th message (1-based) the sink receives and returns its decoded text.
pub async fn nth_email(sink: &SmtpSink, n: usize) -> String {
    let deadline = Instant::now() + Duration::from_secs(10);
    while sink.messages().len() < n {
        assert!(Instant::now() < deadline, "email {n} did not arrive within 10 s");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    decoded(&sink.messages()[n - 1])
}

/// The message's headers and its body, decoded from the transfer encoding lettre chose.
fn decoded(message: &str) -> String {
    let (headers, body) = message.split_once("\n\n").unwrap_or((message, ""));
    let body = body.replace('\r', "");
    let text = if headers.contains("Content-Transfer-Encoding: quoted-printable") {
        quoted_printable(&body)
    } else if headers.contains("Content-Transfer-Encoding: base64") {
        let joined: String = body.split_whitespace().collect();
        String::from_utf8(base64::engine::general_purpose::STANDARD.decode(joined).unwrap()).unwrap()
    } else {
        body
    };
    format!("{headers}\n\n{text}")
}

fn quoted_printable(body: &str) -> String {
    let joined = body.replace("=\n", "");
    let mut bytes = Vec::new();
    let mut rest = joined.as_bytes();
    while let Some((&first, tail)) = rest.split_first() {
        if first == b'=' && tail.len() >= 2 {
            bytes.push(u8::from_str_radix(std::str::from_utf8(&tail[..2]).unwrap(), 16).unwrap());
            rest = &tail[2..];
        } else {
            bytes.push(first);
            rest = tail;
        }
    }
    String::from_utf8(bytes).unwrap()
}

/// The token of the reset link in `email`, checking the link's address.
pub fn token_in(email: &str) -> String {
    let prefix = "https://tasks.example.com/reset-password#token=";
    let start = email.find(prefix).unwrap_or_else(|| panic!("no reset link in {email}")) + prefix.len();
    let token: String =
        email[start..].chars().take_while(|c| c.is_ascii_alphanumeric() || "-_".contains(*c)).collect();
    assert!(token.len() >= 43, "at least 256 bits: {token}");
    token
}

#[tokio::test]
async fn the_emailed_link_sets_a_new_password_and_ends_every_session() {
    let sink = SmtpSink::start(0).await;
    let app = spawn_app_with(with_email(sink.url(), |_| {})).await;
    let email = unique_email();
    let first = app.signed_up(&email).await;
    let second = app.another_session(&email).await;

    let requested = request_reset(&app, &email).await;
    assert_eq!(requested.status(), StatusCode::ACCEPTED);
    let message = nth_email(&sink, 1).await;
    assert!(message.contains(&format!("To: {email}")), "{message}");
    assert!(message.contains("Subject: Reset your Task Tracker password"), "{message}");
    let token = token_in(&message);

    let confirmed = confirm(&app, &token, NEW_PASSWORD).await;
    assert_eq!(confirmed.status(), StatusCode::NO_CONTENT);
    assert_eq!(confirmed.headers()["cache-control"], "no-store");

    // Every session is over: access tokens and refresh tokens alike.
    for session in [&first, &second] {
        assert_error(app.me(&session.access).await, StatusCode::UNAUTHORIZED, "unauthorized").await;
        assert_error(app.refresh_with(&session.refresh).await, StatusCode::UNAUTHORIZED, "unauthorized")
            .await;
    }
    assert_eq!(app.login(&email, PASSWORD).await.status(), StatusCode::UNAUTHORIZED, "old password");
    assert_eq!(app.login(&email, NEW_PASSWORD).await.status(), StatusCode::OK, "new password");

    // The link works once.
    let again = confirm(&app, &token, "yet another passphrase").await;
    assert_error(again, StatusCode::BAD_REQUEST, "bad_request").await;
    assert_eq!(app.login(&email, NEW_PASSWORD).await.status(), StatusCode::OK);
    // The sent email left the outbox, and with it the only copy of the link.
    assert_eq!(app.sql_count("SELECT count(*) FROM account_emails").await, 0);
}

#[tokio::test]
async fn a_newer_request_replaces_the_older_link() {
    let sink = SmtpSink::start(0).await;
    let app = spawn_app_with(with_email(sink.url(), |_| {})).await;
    let email = unique_email();
    app.signed_up(&email).await;
    assert_eq!(request_reset(&app, &email).await.status(), StatusCode::ACCEPTED);
    let older = token_in(&nth_email(&sink, 1).await);
    assert_eq!(request_reset(&app, &email).await.status(), StatusCode::ACCEPTED);
    let newer = token_in(&nth_email(&sink, 2).await);
    assert_ne!(older, newer);
    assert_error(confirm(&app, &older, NEW_PASSWORD).await, StatusCode::BAD_REQUEST, "bad_request").await;
    assert_eq!(confirm(&app, &newer, NEW_PASSWORD).await.status(), StatusCode::NO_CONTENT);
}

#[tokio::test]
async fn an_expired_link_is_refused() {
    let sink = SmtpSink::start(0).await;
    let app = spawn_app_with(with_email(sink.url(), |s| s.password_reset_ttl_secs = 1)).await;
    let email = unique_email();
    app.signed_up(&email).await;
    assert_eq!(request_reset(&app, &email).await.status(), StatusCode::ACCEPTED);
    let token = token_in(&nth_email(&sink, 1).await);
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_error(confirm(&app, &token, NEW_PASSWORD).await, StatusCode::BAD_REQUEST, "bad_request").await;
    assert_eq!(app.login(&email, PASSWORD).await.status(), StatusCode::OK, "the password is unchanged");
}

#[tokio::test]
async fn an_email_of_no_account_gets_the_same_answer_and_no_email() {
    let sink = SmtpSink::start(0).await;
    let app = spawn_app_with(with_email(sink.url(), |_| {})).await;
    let email = unique_email();
    app.signed_up(&email).await;

    let timed = |address: String| {
        let app = &app;
        async move {
            let started = Instant::now();
            let response = request_reset(app, &address).await;
            let elapsed = started.elapsed();
            let status = response.status();
            let mut headers: Vec<(String, String)> = response
                .headers()
                .iter()
                .filter(|(name, _)| !["date", "x-request-id"].contains(&name.as_str()))
                .map(|(name, value)| (name.to_string(), value.to_str().unwrap().to_owned()))
                .collect();
            headers.sort();
            (status, headers, response.bytes().await.unwrap(), elapsed)
        }
    };
    let known = timed(email.clone()).await;
    let unknown = timed(unique_email()).await;
    assert_eq!(known.0, StatusCode::ACCEPTED);
    assert_eq!((&known.0, &known.1, &known.2), (&unknown.0, &unknown.1, &unknown.2), "status, headers, body");
    for elapsed in [known.3, unknown.3] {
        assert!(elapsed >= Duration::from_millis(200), "the response floor: {elapsed:?}");
    }
    let gap = known.3.abs_diff(unknown.3);
    assert!(gap < Duration::from_millis(100), "{:?} vs {:?}", known.3, unknown.3);

    nth_email(&sink, 1).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(sink.messages().len(), 1, "only the account's email is sent");
}

#[tokio::test]
async fn a_refused_new_password_leaves_the_link_usable_and_an_empty_token_is_a_bad_request() {
    let sink = SmtpSink::start(0).await;
    let app = spawn_app_with(with_email(sink.url(), |_| {})).await;
    let email = unique_email();
    app.signed_up(&email).await;
    request_reset(&app, &email).await;
    let token = token_in(&nth_email(&sink, 1).await);

    let short = assert_error(
        confirm(&app, &token, "short").await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert!(short["error"]["fields"]["new_password"].is_string(), "{short}");
    assert!(!short.to_string().contains(&token), "the body does not echo the token");
    assert_error(confirm(&app, "", NEW_PASSWORD).await, StatusCode::BAD_REQUEST, "bad_request").await;
    assert_error(confirm(&app, "not-a-token", NEW_PASSWORD).await, StatusCode::BAD_REQUEST, "bad_request")
        .await;
    assert_eq!(confirm(&app, &token, NEW_PASSWORD).await.status(), StatusCode::NO_CONTENT);
}

#[tokio::test]
async fn two_confirmations_of_one_link_at_once_only_one_wins() {
    let sink = SmtpSink::start(0).await;
    let app = spawn_app_with(with_email(sink.url(), |_| {})).await;
    let email = unique_email();
    app.signed_up(&email).await;
    request_reset(&app, &email).await;
    let token = token_in(&nth_email(&sink, 1).await);
    let (a, b) =
        tokio::join!(confirm(&app, &token, NEW_PASSWORD), confirm(&app, &token, "the other passphrase"));
    let mut statuses = [a.status(), b.status()];
    statuses.sort();
    assert_eq!(statuses, [StatusCode::NO_CONTENT, StatusCode::BAD_REQUEST]);
}

#[tokio::test]
async fn the_server_says_whether_email_is_on_and_without_it_a_reset_is_503() {
    let app = spawn_app().await;
    let info = app.client.get(app.api("/server")).send().await.unwrap();
    assert_eq!(info.status(), StatusCode::OK);
    let info: Value = info.json().await.unwrap();
    assert_eq!(info, json!({"version": env!("CARGO_PKG_VERSION"), "email_enabled": false}));
    let email = unique_email();
    app.signed_up(&email).await;
    assert_error(request_reset(&app, &email).await, StatusCode::SERVICE_UNAVAILABLE, "unavailable").await;

    let sink = SmtpSink::start(0).await;
    let with = spawn_app_with(with_email(sink.url(), |_| {})).await;
    let info: Value = with.client.get(with.api("/server")).send().await.unwrap().json().await.unwrap();
    assert_eq!(info["email_enabled"], true);
    let invalid = request_reset(&with, "not an email").await;
    let body = assert_error(invalid, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    assert!(body["error"]["fields"]["email"].is_string(), "{body}");
}

#[tokio::test]
async fn requests_are_limited_per_email_and_per_client_unknown_emails_too() {
    let sink = SmtpSink::start(0).await;
    let app = spawn_app_with(with_email(sink.url(), |s| s.login_max_failures = 2)).await;
    let nobody = unique_email();
    for _ in 0..2 {
        assert_eq!(request_reset(&app, &nobody).await.status(), StatusCode::ACCEPTED);
    }
    let limited = request_reset(&app, &nobody).await;
    let retry_after: u64 = limited.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=900).contains(&retry_after), "Retry-After {retry_after}");
    assert_error(limited, StatusCode::TOO_MANY_REQUESTS, "rate_limited").await;

    // The client: 10× the email limit, 20 here, of which the 3 above.
    for i in 0..17 {
        let status = request_reset(&app, &unique_email()).await.status();
        assert_eq!(status, StatusCode::ACCEPTED, "request {i}");
    }
    assert_error(request_reset(&app, &unique_email()).await, StatusCode::TOO_MANY_REQUESTS, "rate_limited")
        .await;
}

#[tokio::test]
async fn a_reset_email_queued_while_smtp_is_down_arrives_once_it_is_back() {
    let port = free_port();
    let app = spawn_app_with(with_email(format!("smtp://127.0.0.1:{port}"), |_| {})).await;
    let email = unique_email();
    app.signed_up(&email).await;
    assert_eq!(request_reset(&app, &email).await.status(), StatusCode::ACCEPTED);
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(
        app.sql_count("SELECT count(*) FROM account_emails WHERE attempts > 0").await,
        1,
        "refused, and still queued"
    );
    let sink = SmtpSink::start(port).await;
    let token = token_in(&nth_email(&sink, 1).await);
    assert_eq!(confirm(&app, &token, NEW_PASSWORD).await.status(), StatusCode::NO_CONTENT);
}
