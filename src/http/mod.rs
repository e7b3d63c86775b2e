//! The HTTP layer: one module per resource, merged into one router around one shared state.

mod auth;
pub mod error;
pub mod extract;
mod ops;
mod tasks;
mod users;

use std::sync::Arc;

use axum::Router;
use axum::extract::DefaultBodyLimit;
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

pub fn router(state: AppState, body_limit: usize) -> Router {
    let api = Router::new().merge(auth::router()).merge(users::router()).merge(tasks::router());
    Router::new()
        .nest("/api/v1", api)
        .merge(ops::router())
        .fallback(|| async { Error::NotFound })
        .method_not_allowed_fallback(|| async { Error::MethodNotAllowed })
        .layer(DefaultBodyLimit::max(body_limit))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}
