use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::IntoResponse;
use axum_extra::extract::CookieJar;
use axum_extra::extract::cookie::{Cookie, SameSite};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::AppState;
use super::extract::{ClientIp, JsonBody, bearer_token};
use super::validate::Fields;
use crate::auth::{Authenticated, IssuedTokens};
use crate::domain::{Email, Password, TimeZone, User};
use crate::error::{Error, Result};

const REFRESH_COOKIE: &str = "refresh_token";
const REFRESH_COOKIE_PATH: &str = "/api/v1/auth";

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(register))
        .routes(routes!(login))
        .routes(routes!(refresh))
        .routes(routes!(logout))
        .routes(routes!(logout_all))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Credentials {
    #[schema(example = "me@example.com")]
    email: String,
    /// 8 to 72 bytes.
    #[schema(example = "a long password")]
    password: String,
}

#[derive(Serialize, ToSchema)]
pub struct TokenResponse {
    /// A JWT: send it as `Authorization: Bearer <token>`; keep it in memory only.
    access_token: String,
    #[schema(example = "bearer")]
    token_type: &'static str,
    /// Seconds until the access token expires.
    expires_in: u64,
}

/// A new account: the credentials, and optionally the user's time zone (default `UTC`).
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Registration {
    #[schema(example = "me@example.com")]
    email: String,
    /// 8 to 72 bytes.
    #[schema(example = "a long password")]
    password: String,
    /// An IANA zone name.
    #[schema(example = "Europe/Berlin")]
    time_zone: Option<String>,
}

/// Creates an account.
#[utoipa::path(post, path = "/auth/register", tag = "auth", request_body = Registration,
    responses((status = 201, description = "The new user", body = User)))]
async fn register(
    State(state): State<AppState>,
    ClientIp(client): ClientIp,
    JsonBody(body): JsonBody<Registration>,
) -> Result<impl IntoResponse> {
    let mut fields = Fields::default();
    let email = fields.check("email", Email::parse(&body.email));
    let password = fields.check("password", Password::parse(body.password));
    let zone = match &body.time_zone {
        Some(name) => fields.check("time_zone", TimeZone::parse(name)),
        None => Some(TimeZone::UTC),
    };
    let (email, (password, zone)) = fields.finish(email.zip(password.zip(zone)))?;
    let user: User = state.accounts.register(&email, &password, zone, client).await?;
    Ok((StatusCode::CREATED, Json(user)))
}

/// Logs in: returns an access token, and sets the refresh token cookie.
#[utoipa::path(post, path = "/auth/login", tag = "auth", request_body = Credentials,
    responses((status = 200, description = "Tokens; the refresh token is in the `refresh_token` cookie", body = TokenResponse)))]
async fn login(
    State(state): State<AppState>,
    ClientIp(client): ClientIp,
    jar: CookieJar,
    JsonBody(body): JsonBody<Credentials>,
) -> Result<impl IntoResponse> {
    let issued = state.auth.login(&body.email, &body.password, client).await?;
    Ok(token_response(&state, jar, issued))
}

/// Rotates the refresh token cookie and returns a new access token.
#[utoipa::path(post, path = "/auth/refresh", tag = "auth", security(("refresh_cookie" = [])),
    responses((status = 200, description = "New tokens; a new `refresh_token` cookie", body = TokenResponse)))]
async fn refresh(
    State(state): State<AppState>,
    headers: HeaderMap,
    jar: CookieJar,
) -> Result<impl IntoResponse> {
    refuse_cross_site(&state, &headers)?;
    let token = jar.get(REFRESH_COOKIE).ok_or(Error::Unauthorized("missing refresh token cookie"))?;
    let issued = state.auth.refresh(token.value()).await?;
    Ok(token_response(&state, jar, issued))
}

/// Ends this session: denies both tokens and clears the cookie. Either token alone is enough.
#[utoipa::path(post, path = "/auth/logout", tag = "auth", security(("bearer" = []), ("refresh_cookie" = [])),
    responses((status = 204, description = "Logged out")))]
async fn logout(
    State(state): State<AppState>,
    headers: HeaderMap,
    jar: CookieJar,
) -> Result<impl IntoResponse> {
    refuse_cross_site(&state, &headers)?;
    let refresh = jar.get(REFRESH_COOKIE).map(|c| c.value().to_owned());
    state.auth.logout(bearer_token(&headers), refresh.as_deref()).await?;
    Ok((StatusCode::NO_CONTENT, jar.remove(refresh_cookie_template(&state))))
}

/// Ends every session of the user, on every device.
#[utoipa::path(post, path = "/auth/logout-all", tag = "auth", security(("bearer" = [])),
    responses((status = 204, description = "All sessions ended")))]
async fn logout_all(
    State(state): State<AppState>,
    who: Authenticated,
    jar: CookieJar,
) -> Result<impl IntoResponse> {
    state.auth.logout_everywhere(&who).await?;
    Ok((StatusCode::NO_CONTENT, jar.remove(refresh_cookie_template(&state))))
}

/// The cookie-authenticated routes answer only our own pages (and allowed origins): SameSite keeps
/// the cookie off cross-site requests in current browsers; this also covers older ones and
/// same-site-but-cross-origin pages.
fn refuse_cross_site(state: &AppState, headers: &HeaderMap) -> Result<()> {
    const REFUSED: Error = Error::Forbidden("cross-site requests may not use the refresh cookie");
    if headers.get("sec-fetch-site").is_some_and(|v| v == "cross-site") {
        return Err(REFUSED);
    }
    let Some(origin) = headers.get(header::ORIGIN) else {
        // Not sent by a browser page (curl, a server), or a same-origin GET-like navigation.
        return Ok(());
    };
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    let origin_host = origin.to_str().ok().and_then(|o| o.split_once("://")).map(|(_, authority)| authority);
    let same_origin = host.is_some() && origin_host == host;
    if same_origin || state.allowed_origins.contains(origin) { Ok(()) } else { Err(REFUSED) }
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
    (jar.add(cookie), NO_STORE, Json(body))
}

/// For responses that carry tokens: no cache, shared or private, may keep them (RFC 6749 §5.1).
pub(super) const NO_STORE: [(header::HeaderName, &str); 2] =
    [(header::CACHE_CONTROL, "no-store"), (header::PRAGMA, "no-cache")];

fn refresh_cookie_template(state: &AppState) -> Cookie<'static> {
    Cookie::build((REFRESH_COOKIE, ""))
        .http_only(true)
        .same_site(SameSite::Strict)
        .path(REFRESH_COOKIE_PATH)
        .secure(state.cookie_secure)
        .build()
}
