//! The HTTP layer: one module per resource, merged into one router around one shared state.

mod auth;
pub mod error;
pub mod extract;
mod notifications;
mod ops;
mod tasks;
mod users;
mod web;

use std::path::Path;
use std::sync::Arc;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::any;
use tower_http::trace::TraceLayer;

use crate::auth::AuthService;
use crate::error::Error;
use crate::store::Store;
use crate::tokens::TokenStore;

#[derive(Clone)]
pub struct AppState {
    pub store: Arc<dyn Store>,
    pub tokens: Arc<dyn TokenStore>,
    pub auth: Arc<AuthService>,
    /// Whether the refresh cookie is marked `Secure` (off only for plain-HTTP development).
    pub cookie_secure: bool,
}

/// The whole application: the API under `/api/v1`, operations routes, and the web UI from `web_dir`.
pub fn router(state: AppState, body_limit: usize, web_dir: &Path) -> Router {
    let api = Router::new()
        .merge(auth::router())
        .merge(users::router())
        .merge(tasks::router())
        .merge(notifications::router())
        // Its own fallback, so an unknown API path is a JSON 404 and never the web UI.
        .fallback(|| async { Error::NotFound });
    let routes = Router::new()
        .nest("/api/v1", api)
        .route("/api", any(|| async { Error::NotFound }))
        .route("/api/{*rest}", any(|| async { Error::NotFound }))
        .merge(ops::router());
    web::attach(routes, web_dir)
        .method_not_allowed_fallback(|| async { Error::MethodNotAllowed })
        .layer(DefaultBodyLimit::max(body_limit))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}
