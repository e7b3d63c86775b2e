//! The HTTP layer: one module per resource, merged into one router around one shared state.

mod api_tokens;
mod auth;
pub mod error;
mod events;
pub mod extract;
mod middleware;
mod notifications;
pub mod openapi;
mod ops;
mod projects;
mod recovery;
mod respond;
mod tasks;
mod users;
mod validate;
mod web;
// Calendar feed, export and import (issue 14).
mod calendar;
mod export;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderValue, Request};
use axum::routing::any;
use metrics_exporter_prometheus::PrometheusHandle;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::{DefaultOnResponse, TraceLayer};
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_swagger_ui::SwaggerUi;

use crate::accounts::Accounts;
use crate::auth::AuthService;
use crate::calendar::CalendarFeeds;
use crate::config::Settings;
use crate::error::Error;
use crate::events::EventBus;
use crate::export::Exports;
use crate::notifications::Notifications;
use crate::projects::Projects;
use crate::recovery::PasswordReset;
use crate::store::Store;
use crate::tasks::Tasks;
use crate::tokens::TokenStore;

/// What the handlers reach: the services, which own every read and write and their effects.
#[derive(Clone)]
pub struct AppState {
    pub tasks: Arc<Tasks>,
    pub accounts: Arc<Accounts>,
    pub notifications: Arc<Notifications>,
    pub projects: Arc<Projects>,
    /// Where live-update streams subscribe.
    pub events: EventBus,
    pub auth: Arc<AuthService>,
    /// For the readiness check and the pool metrics only.
    pub store: Arc<dyn Store>,
    pub tokens: Arc<dyn TokenStore>,
    /// Whether the refresh cookie is marked `Secure` (off only for plain-HTTP development).
    pub cookie_secure: bool,
    /// Other origins allowed to call the API from a browser (CORS), beyond our own.
    pub allowed_origins: Arc<[HeaderValue]>,
    pub metrics: PrometheusHandle,
    /// Peers whose `X-Forwarded-For` names the client (load balancers).
    pub trusted_proxies: Arc<[ipnet::IpNet]>,
    pub password_reset: Arc<PasswordReset>,
    pub calendar: Arc<CalendarFeeds>,
    pub exports: Arc<Exports>,
}

/// How the HTTP layer wraps the routes.
#[derive(Debug, Clone)]
pub struct HttpOptions {
    pub body_limit: usize,
    pub request_timeout: Duration,
    pub web_dir: Option<PathBuf>,
}

impl From<&Settings> for HttpOptions {
    fn from(settings: &Settings) -> Self {
        Self {
            body_limit: settings.body_limit_bytes,
            request_timeout: Duration::from_secs(settings.request_timeout_secs),
            web_dir: settings.web_dir.clone(),
        }
    }
}

/// Every documented route, and the OpenAPI document built from the same lists.
pub fn documented_routes() -> (Router<AppState>, utoipa::openapi::OpenApi) {
    let api = OpenApiRouter::new()
        .merge(auth::router())
        .merge(users::router())
        .merge(api_tokens::router())
        .merge(tasks::router())
        .merge(projects::router())
        .merge(notifications::router())
        .merge(events::router())
        .merge(recovery::router())
        .merge(calendar::router())
        .merge(export::router());
    let (routes, mut document) = OpenApiRouter::with_openapi(openapi::ApiDoc::openapi())
        .nest("/api/v1", api)
        .merge(ops::router())
        .merge(calendar::feed_router())
        .split_for_parts();
    openapi::complete(&mut document);
    calendar::document_feed_path(&mut document);
    (routes.route_layer(axum::middleware::from_fn(middleware::api_token_routes)), document)
}

/// The whole application: the API under `/api/v1`, operations routes, and the web UI.
pub fn router(state: AppState, options: &HttpOptions) -> Router {
    let (routes, document) = documented_routes();
    let routes = routes
        .merge(SwaggerUi::new("/docs").url("/api/openapi.json", document))
        // Unknown API paths are JSON 404s, never the web UI.
        .route("/api", any(|| async { Error::NotFound }))
        .route("/api/{*rest}", any(|| async { Error::NotFound }));
    let timeout = options.request_timeout;
    let [csp, nosniff, referrer, frames] = middleware::security_headers();
    // Listed innermost first: the request id is set before anything else sees the request.
    web::attach(routes, options.web_dir.as_deref())
        .method_not_allowed_fallback(|| async { Error::MethodNotAllowed })
        .layer(DefaultBodyLimit::max(options.body_limit))
        .layer(axum::middleware::from_fn(move |req, next| middleware::time_limit(timeout, req, next)))
        .layer(axum::middleware::from_fn(middleware::record_metrics))
        .layer(tower::util::option_layer(middleware::cors(&state.allowed_origins)))
        .layer(csp)
        .layer(nosniff)
        .layer(referrer)
        .layer(frames)
        .layer(PropagateRequestIdLayer::new(middleware::REQUEST_ID))
        .layer(TraceLayer::new_for_http().make_span_with(|request: &Request<_>| {
            let request_id = request.headers().get(&middleware::REQUEST_ID).and_then(|v| v.to_str().ok());
            tracing::info_span!("request", method = %request.method(), path = request.uri().path(), request_id)
        })
        // One access-log line per request (status, latency) at info, inside the request's span.
        .on_response(DefaultOnResponse::new().level(tracing::Level::INFO)))
        .layer(SetRequestIdLayer::new(middleware::REQUEST_ID, MakeRequestUuid))
        .with_state(state)
}
