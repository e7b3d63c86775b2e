//! Forged, expired, revoked and misused tokens are all a 401 with `WWW-Authenticate: Bearer`.

use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::*;

fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

/// The claims of `access`, as the server issued them.
fn claims_of(access: &str) -> Value {
    let payload = access.split('.').nth(1).unwrap();
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).unwrap()).unwrap()
}

fn sign(claims: &Value, algorithm: Algorithm, secret: &[u8]) -> String {
    jsonwebtoken::encode(&Header::new(algorithm), claims, &EncodingKey::from_secret(secret)).unwrap()
}

async fn assert_refused(app: &TestApp, token: &str) {
    let response = app.me(token).await;
    assert_eq!(response.headers().get("www-authenticate").map(|v| v.to_str().unwrap()), Some("Bearer"));
    assert_error(response, StatusCode::UNAUTHORIZED, "unauthorized").await;
}

#[tokio::test]
async fn the_issued_token_carries_the_contract_claims() {
    let app = spawn_app().await;
    let session = app.new_user().await;
    let claims = claims_of(&session.access);
    for claim in ["sub", "sid", "jti", "iat", "exp"] {
        assert!(!claims[claim].is_null(), "{claim} missing from {claims}");
    }
    assert!(claims["sub"].is_string());
    assert_eq!(claims["typ"], "access");
    assert_eq!(claims["exp"].as_i64().unwrap() - claims["iat"].as_i64().unwrap(), 900);
    let header: Value =
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(session.access.split('.').next().unwrap()).unwrap())
            .unwrap();
    assert_eq!(header["alg"], "HS256");
}

#[tokio::test]
async fn a_token_signed_with_another_secret_is_refused() {
    let app = spawn_app().await;
    let claims = claims_of(&app.new_user().await.access);
    assert_refused(&app, &sign(&claims, Algorithm::HS256, b"an-attacker-secret-an-attacker-secret")).await;
}

#[tokio::test]
async fn alg_none_is_refused() {
    let app = spawn_app().await;
    let claims = claims_of(&app.new_user().await.access);
    let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"none","typ":"JWT"}"#);
    let payload = URL_SAFE_NO_PAD.encode(claims.to_string());
    assert_refused(&app, &format!("{header}.{payload}.")).await;
    assert_refused(&app, &format!("{header}.{payload}")).await;
}

#[tokio::test]
async fn another_algorithm_with_the_right_secret_is_refused() {
    let app = spawn_app().await;
    let claims = claims_of(&app.new_user().await.access);
    assert_refused(&app, &sign(&claims, Algorithm::HS512, JWT_SECRET.as_bytes())).await;
    assert_refused(&app, &sign(&claims, Algorithm::HS384, JWT_SECRET.as_bytes())).await;
}

#[tokio::test]
async fn an_expired_token_is_refused() {
    let app = spawn_app().await;
    let mut claims = claims_of(&app.new_user().await.access);
    claims["iat"] = json!(now() - 120);
    claims["exp"] = json!(now() - 60);
    assert_refused(&app, &sign(&claims, Algorithm::HS256, JWT_SECRET.as_bytes())).await;
}

#[tokio::test]
async fn a_token_of_another_type_is_refused_even_when_signed_correctly() {
    let app = spawn_app().await;
    let mut claims = claims_of(&app.new_user().await.access);
    claims["typ"] = json!("refresh");
    assert_refused(&app, &sign(&claims, Algorithm::HS256, JWT_SECRET.as_bytes())).await;
    claims.as_object_mut().unwrap().remove("typ");
    assert_refused(&app, &sign(&claims, Algorithm::HS256, JWT_SECRET.as_bytes())).await;
}

#[tokio::test]
async fn a_refresh_token_is_not_an_access_token_nor_the_reverse() {
    let app = spawn_app().await;
    let session = app.new_user().await;
    assert_refused(&app, &session.refresh).await;
    assert_error(app.refresh_with(&session.access).await, StatusCode::UNAUTHORIZED, "unauthorized").await;
}

#[tokio::test]
async fn a_denylisted_token_is_refused() {
    let app = spawn_app().await;
    let session = app.new_user().await;
    let response =
        app.client.post(app.api("/auth/logout")).bearer_auth(&session.access).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_refused(&app, &session.access).await;
}

#[tokio::test]
async fn a_rotated_away_refresh_token_is_refused() {
    let app =
        spawn_app_with(Options { tweak: Box::new(|s| s.refresh_reuse_grace_secs = 0), ..Default::default() })
            .await;
    let session = app.new_user().await;
    assert_eq!(app.refresh_with(&session.refresh).await.status(), StatusCode::OK);
    tokio::time::sleep(Duration::from_millis(1100)).await;
    assert_error(app.refresh_with(&session.refresh).await, StatusCode::UNAUTHORIZED, "unauthorized").await;
}

#[tokio::test]
async fn missing_or_malformed_authorization_is_refused() {
    let app = spawn_app().await;
    let session = app.new_user().await;
    let no_header = app.client.get(app.api("/users/me")).send().await.unwrap();
    assert_error(no_header, StatusCode::UNAUTHORIZED, "unauthorized").await;
    for value in [
        "Bearer",
        "Bearer ",
        format!("Basic {}", session.access).as_str(),
        session.access.as_str(),
        "Bearer a.b.c",
    ] {
        let response =
            app.client.get(app.api("/users/me")).header("authorization", value).send().await.unwrap();
        assert_error(response, StatusCode::UNAUTHORIZED, "unauthorized").await;
    }
}
