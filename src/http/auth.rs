use std::net::SocketAddr;

use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::routing::post;
use axum::{Json, Router};
use axum_extra::extract::CookieJar;
use axum_extra::extract::cookie::{Cookie, SameSite};
use serde::{Deserialize, Serialize};

use super::AppState;
use super::extract::{JsonBody, bearer_token};
use crate::auth::{Authenticated, IssuedTokens};
use crate::domain::{Email, FieldErrors, Password, User};
use crate::error::{Error, Result};

const REFRESH_COOKIE: &str = "refresh_token";
const REFRESH_COOKIE_PATH: &str = "/api/v1/auth";

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/auth/register", post(register))
        .route("/auth/login", post(login))
        .route("/auth/refresh", post(refresh))
        .route("/auth/logout", post(logout))
        .route("/auth/logout-all", post(logout_all))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Credentials {
    email: String,
    password: String,
}

#[derive(Serialize)]
struct TokenResponse {
    access_token: String,
    token_type: &'static str,
    expires_in: u64,
}

async fn register(
    State(state): State<AppState>,
    JsonBody(body): JsonBody<Credentials>,
) -> Result<impl IntoResponse> {
    let mut fields = FieldErrors::new();
    let email = Email::parse(&body.email).map_err(|e| fields.insert("email".into(), e.into())).ok();
    let password =
        Password::parse(body.password).map_err(|e| fields.insert("password".into(), e.into())).ok();
    let (Some(email), Some(password)) = (email, password) else {
        return Err(Error::Validation(fields));
    };
    let user: User = state.auth.register(&email, &password).await?;
    Ok((StatusCode::CREATED, Json(user)))
}

async fn login(
    State(state): State<AppState>,
    ConnectInfo(client): ConnectInfo<SocketAddr>,
    jar: CookieJar,
    JsonBody(body): JsonBody<Credentials>,
) -> Result<impl IntoResponse> {
    let issued = state.auth.login(&body.email, &body.password, client.ip()).await?;
    Ok(token_response(&state, jar, issued))
}

async fn refresh(State(state): State<AppState>, jar: CookieJar) -> Result<impl IntoResponse> {
    let token = jar.get(REFRESH_COOKIE).ok_or(Error::Unauthorized("missing refresh token cookie"))?;
    let issued = state.auth.refresh(token.value()).await?;
    Ok(token_response(&state, jar, issued))
}

async fn logout(
    State(state): State<AppState>,
    headers: HeaderMap,
    jar: CookieJar,
) -> Result<impl IntoResponse> {
    let refresh = jar.get(REFRESH_COOKIE).map(|c| c.value().to_owned());
    state.auth.logout(bearer_token(&headers), refresh.as_deref()).await?;
    Ok((StatusCode::NO_CONTENT, jar.remove(refresh_cookie_template(&state))))
}

async fn logout_all(
    State(state): State<AppState>,
    who: Authenticated,
    jar: CookieJar,
) -> Result<impl IntoResponse> {
    state.auth.logout_everywhere(&who).await?;
    Ok((StatusCode::NO_CONTENT, jar.remove(refresh_cookie_template(&state))))
}

fn token_response(state: &AppState, jar: CookieJar, issued: IssuedTokens) -> impl IntoResponse + use<> {
    let mut cookie = refresh_cookie_template(state);
    cookie.set_value(issued.refresh_token);
    cookie.set_max_age(cookie::time::Duration::seconds(issued.refresh_ttl.as_secs() as i64));
    let body = TokenResponse {
        access_token: issued.access_token,
        token_type: "bearer",
        expires_in: issued.expires_in,
    };
    (jar.add(cookie), Json(body))
}

fn refresh_cookie_template(state: &AppState) -> Cookie<'static> {
    Cookie::build((REFRESH_COOKIE, ""))
        .http_only(true)
        .same_site(SameSite::Strict)
        .path(REFRESH_COOKIE_PATH)
        .secure(state.cookie_secure)
        .build()
}
