//! The web UI: the built single-page app, with `index.html` for every path that is not a file
//! (client-side routes), so a reload on `/tasks` works. It is embedded in the binary at build time
//! (`web/dist`), so the server serves it from any folder; `WEB_DIR` serves a folder instead, for
//! working on the UI without rebuilding the server.

use std::path::Path;

use axum::Router;
use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use rust_embed::RustEmbed;
use tower_http::services::{ServeDir, ServeFile};

use super::AppState;
use crate::error::Error;

/// The UI as `make web` built it. A clean clone has no `web/dist` until then (`cargo clippy` runs
/// first): the binary is then built without a UI and serves the API only; `build.rs` rebuilds it
/// once the folder changes.
#[derive(RustEmbed)]
#[folder = "web/dist"]
#[allow_missing = true]
struct BuiltUi;

const INDEX: &str = "index.html";

/// Serves the UI as the fallback of every route: from `dir` when given, else the embedded one;
/// without a built UI, unknown paths stay JSON 404s.
pub fn attach(router: Router<AppState>, dir: Option<&Path>) -> Router<AppState> {
    let ui = match dir {
        Some(dir) => {
            let index = dir.join(INDEX);
            if !index.is_file() {
                tracing::warn!(dir = %dir.display(), "no built web UI (index.html) in WEB_DIR: serving the API only");
                return router.fallback(|| async { Error::NotFound });
            }
            Router::new().fallback_service(ServeDir::new(dir).fallback(ServeFile::new(index)))
        }
        None if BuiltUi::get(INDEX).is_none() => {
            tracing::warn!(
                "this binary was built without the web UI (run `make web` first): serving the API only"
            );
            return router.fallback(|| async { Error::NotFound });
        }
        None => Router::new().fallback(embedded),
    };
    router.fallback_service(ui.layer(middleware::from_fn(cache_headers)))
}

/// The embedded file at the request's path, or `index.html` for a client-side route. A missing
/// hashed asset is a 404: `index.html` in its place would be cached for a year as that asset.
async fn embedded(request: Request) -> Response {
    if request.method() != Method::GET && request.method() != Method::HEAD {
        return Error::MethodNotAllowed.into_response();
    }
    let path = request.uri().path().trim_start_matches('/');
    let file = match BuiltUi::get(path) {
        Some(file) if !path.is_empty() => file,
        _ if path.starts_with("assets/") => return Error::NotFound.into_response(),
        _ => match BuiltUi::get(INDEX) {
            Some(index) => index,
            None => return Error::NotFound.into_response(),
        },
    };
    let etag = format!("\"{}\"", hex(&file.metadata.sha256_hash()[..16]));
    let etag = HeaderValue::try_from(etag).expect("hex is a valid header value");
    let mut response = match request.headers().get(header::IF_NONE_MATCH) == Some(&etag) {
        true => StatusCode::NOT_MODIFIED.into_response(),
        false => Response::new(Body::from(file.data)),
    };
    let content_type = HeaderValue::from_str(file.metadata.mimetype())
        .unwrap_or(HeaderValue::from_static("application/octet-stream"));
    response.headers_mut().insert(header::CONTENT_TYPE, content_type);
    response.headers_mut().insert(header::ETAG, etag);
    response
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Vite names assets by content hash, so they never change and may be cached for a year;
/// `index.html` names the current ones, so it must be revalidated every time (and so must an
/// error in an asset's place).
async fn cache_headers(request: Request, next: Next) -> Response {
    let hashed = request.uri().path().starts_with("/assets/");
    let mut response = next.run(request).await;
    let policy = match hashed && response.status().is_success() {
        true => "public, max-age=31536000, immutable",
        false => "no-cache",
    };
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static(policy));
    response
}
