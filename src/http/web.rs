//! The web UI: the built single-page app, served from a folder, with `index.html` for every path
//! that is not a file (client-side routes), so a reload on `/tasks` works.

use std::path::Path;

use axum::Router;
use axum::extract::Request;
use axum::http::{HeaderValue, header};
use axum::middleware::{self, Next};
use axum::response::Response;
use tower_http::services::{ServeDir, ServeFile};

use super::AppState;
use crate::error::Error;

/// Serves `dir` as the fallback of every route; without a built UI, unknown paths stay JSON 404s.
pub fn attach(router: Router<AppState>, dir: &Path) -> Router<AppState> {
    let index = dir.join("index.html");
    if !index.is_file() {
        tracing::warn!(dir = %dir.display(), "no built web UI (index.html) here: serving the API only");
        return router.fallback(|| async { Error::NotFound });
    }
    let spa = ServeDir::new(dir).fallback(ServeFile::new(index));
    router.fallback_service(Router::new().fallback_service(spa).layer(middleware::from_fn(cache_headers)))
}

/// Vite names assets by content hash, so they never change and may be cached for a year;
/// `index.html` names the current ones, so it must be revalidated every time.
async fn cache_headers(request: Request, next: Next) -> Response {
    let hashed = request.uri().path().starts_with("/assets/");
    let mut response = next.run(request).await;
    let policy = if hashed { "public, max-age=31536000, immutable" } else { "no-cache" };
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static(policy));
    response
}
