//! What every response carries, and what the server refuses on principle.

use std::time::{Duration, Instant};

use reqwest::StatusCode;
use reqwest::header::HeaderValue;
use serde_json::json;

use crate::helpers::*;

#[tokio::test]
async fn every_response_has_a_request_id_generated_or_propagated() {
    let app = spawn_app().await;
    let generated = app.client.get(app.url("/healthz")).send().await.unwrap();
    let id = generated.headers()["x-request-id"].to_str().unwrap().to_owned();
    assert_eq!(id.len(), 36, "a UUID: {id}");
    let other = app.client.get(app.url("/healthz")).send().await.unwrap();
    assert_ne!(other.headers()["x-request-id"].to_str().unwrap(), id, "one per request");
    let propagated =
        app.client.get(app.api("/nope")).header("x-request-id", "trace-me-42").send().await.unwrap();
    assert_eq!(propagated.headers()["x-request-id"], "trace-me-42");
}

#[tokio::test]
async fn responses_carry_the_security_headers() {
    let app = spawn_app().await;
    for response in [
        app.client.get(app.url("/healthz")).send().await.unwrap(),
        app.client.get(app.api("/users/me")).send().await.unwrap(),
    ] {
        let headers = response.headers();
        let csp = headers["content-security-policy"].to_str().unwrap();
        assert!(csp.contains("frame-ancestors 'none'") && csp.contains("default-src 'self'"), "{csp}");
        assert_eq!(headers["x-content-type-options"], "nosniff");
        assert_eq!(headers["referrer-policy"], "no-referrer");
    }
}

#[tokio::test]
async fn cors_is_closed_by_default_and_open_only_to_allowed_origins() {
    let closed = spawn_app().await;
    let preflight = |app: &TestApp, origin: &'static str| {
        app.client
            .request(reqwest::Method::OPTIONS, app.api("/tasks"))
            .header("origin", origin)
            .header("access-control-request-method", "POST")
            .header("access-control-request-headers", "authorization,content-type")
            .send()
    };
    let response = preflight(&closed, "https://elsewhere.example").await.unwrap();
    assert!(response.headers().get("access-control-allow-origin").is_none());

    let open = spawn_app_with(Options {
        tweak: Box::new(|s| s.cors_allowed_origins = vec![HeaderValue::from_static("https://app.example")]),
        ..Default::default()
    })
    .await;
    let allowed = preflight(&open, "https://app.example").await.unwrap();
    assert_eq!(allowed.headers()["access-control-allow-origin"], "https://app.example");
    assert_eq!(allowed.headers()["access-control-allow-credentials"], "true");
    let other = preflight(&open, "https://elsewhere.example").await.unwrap();
    assert!(other.headers().get("access-control-allow-origin").is_none());
}

#[tokio::test]
async fn the_refresh_cookie_is_refused_to_cross_site_requests() {
    let app = spawn_app().await;
    let session = app.new_user().await;
    let refresh = |origin: Option<String>, fetch_site: Option<&'static str>| {
        let mut request = reqwest::Client::new()
            .post(app.api("/auth/refresh"))
            .header("cookie", format!("refresh_token={}", session.refresh));
        if let Some(origin) = origin {
            request = request.header("origin", origin);
        }
        if let Some(site) = fetch_site {
            request = request.header("sec-fetch-site", site);
        }
        request.send()
    };
    let evil = refresh(Some("https://evil.example".into()), None).await.unwrap();
    assert_error(evil, StatusCode::FORBIDDEN, "forbidden").await;
    let cross_site = refresh(None, Some("cross-site")).await.unwrap();
    assert_error(cross_site, StatusCode::FORBIDDEN, "forbidden").await;
    let logout = reqwest::Client::new()
        .post(app.api("/auth/logout"))
        .header("cookie", format!("refresh_token={}", session.refresh))
        .header("origin", "https://evil.example")
        .send()
        .await
        .unwrap();
    assert_error(logout, StatusCode::FORBIDDEN, "forbidden").await;
    // None of that used up the token: our own page may still refresh with it.
    let own = refresh(Some(format!("http://{}", app.addr)), Some("same-origin")).await.unwrap();
    assert_eq!(own.status(), StatusCode::OK);
}

#[tokio::test]
async fn metrics_count_requests_by_route_template_method_and_status() {
    let app = spawn_app().await;
    let session = app.new_user().await;
    let task = app.task(&session.access, json!({"title": "measured"})).await;
    assert_eq!(app.get(&format!("/tasks/{}", task["id"]), &session.access).await.status(), StatusCode::OK);
    let response = app.client.get(app.url("/metrics")).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert!(response.headers()["content-type"].to_str().unwrap().starts_with("text/plain"));
    let text = response.text().await.unwrap();
    for expected in [
        r#"http_requests_total{method="GET",route="/api/v1/tasks/{id}",status="200"}"#,
        r#"http_requests_total{method="POST",route="/api/v1/auth/login",status="200"}"#,
        r#"http_request_duration_seconds_bucket{method="GET",route="/api/v1/tasks/{id}",status="200",le="0.005"}"#,
        r#"db_pool_connections{state="open"}"#,
    ] {
        assert!(text.contains(expected), "{expected} missing from /metrics");
    }
}

#[tokio::test]
async fn a_request_stuck_on_a_dependency_is_cut_off_with_a_503() {
    // A "database" that accepts connections and never answers.
    let black_hole = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = black_hole.local_addr().unwrap().port();
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((socket, _)) = black_hole.accept().await {
            held.push(socket);
        }
    });
    let app = spawn_app_with(Options {
        backend: Backend::Postgres,
        database_url: Some(format!("postgres://postgres@127.0.0.1:{port}/nowhere")),
        tweak: Box::new(|s| s.request_timeout_secs = 1),
        ..Default::default()
    })
    .await;
    let started = Instant::now();
    let response = app.register(&unique_email(), PASSWORD).await;
    assert_error(response, StatusCode::SERVICE_UNAVAILABLE, "unavailable").await;
    assert!(started.elapsed() < Duration::from_millis(2500), "answered after {:?}", started.elapsed());
}
