//! The layers every response passes through: request ids, metrics, timeouts, security headers, CORS.

use std::time::{Duration, Instant};

use axum::extract::{MatchedPath, Request};
use axum::http::{HeaderName, HeaderValue, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::set_header::SetResponseHeaderLayer;

use crate::error::Error;

pub const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// Counts every request and times it, labelled by method, matched route template and status.
pub async fn record_metrics(request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().to_string();
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_owned(), |path| path.as_str().to_owned());
    let response = next.run(request).await;
    let labels = [("method", method), ("route", route), ("status", response.status().as_u16().to_string())];
    metrics::counter!("http_requests_total", &labels).increment(1);
    metrics::histogram!("http_request_duration_seconds", &labels).record(started.elapsed().as_secs_f64());
    response
}

/// Bounds how long a request may take: past it, the client gets a 503 rather than a hang.
pub async fn time_limit(limit: Duration, request: Request, next: Next) -> Response {
    match tokio::time::timeout(limit, next.run(request)).await {
        Ok(response) => response,
        Err(_) => {
            tracing::warn!(limit_ms = limit.as_millis() as u64, "request timed out");
            Error::Unavailable("request timed out: a dependency").into_response()
        }
    }
}

/// The UI's content security policy: only our own scripts and connections, never framed. Inline
/// styles are allowed for the API docs page.
const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
     img-src 'self' data:; connect-src 'self'; font-src 'self' data:; object-src 'none'; base-uri 'self'; \
     form-action 'self'; frame-ancestors 'none'";

pub fn security_headers() -> [SetResponseHeaderLayer<HeaderValue>; 4] {
    [
        SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CONTENT_SECURITY_POLICY),
        ),
        SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ),
        SetResponseHeaderLayer::if_not_present(
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        ),
        SetResponseHeaderLayer::if_not_present(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")),
    ]
}

/// CORS is closed unless origins are allowed explicitly; then they may send credentials.
pub fn cors(allowed_origins: &[HeaderValue]) -> Option<CorsLayer> {
    if allowed_origins.is_empty() {
        return None;
    }
    Some(
        CorsLayer::new()
            .allow_origin(AllowOrigin::list(allowed_origins.iter().cloned()))
            .allow_credentials(true)
            .allow_methods([Method::GET, Method::POST, Method::PUT, Method::PATCH, Method::DELETE])
            .allow_headers([header::AUTHORIZATION, header::CONTENT_TYPE, REQUEST_ID])
            .expose_headers([header::LOCATION, REQUEST_ID, header::RETRY_AFTER])
            .max_age(Duration::from_secs(600)),
    )
}

/// Refuses (403) an API token on `/auth/*`, before the handler runs: most auth routes take no
/// bearer token at all (login, refresh, password reset), so no extractor would see it. Elsewhere the
/// extractors decide (`Authenticated` refuses tokens, `Caller` holds them to their scopes); a route
/// that needs no credential (`/server`) ignores one.
pub async fn api_token_routes(request: Request, next: Next) -> Response {
    let on_auth_route = request
        .extensions()
        .get::<MatchedPath>()
        .is_some_and(|path| path.as_str().starts_with("/api/v1/auth/"));
    if on_auth_route && super::extract::bearer_token(request.headers()).is_some_and(crate::auth::is_api_token)
    {
        return Error::Forbidden(crate::auth::API_TOKEN_REFUSED_HERE).into_response();
    }
    next.run(request).await
}
