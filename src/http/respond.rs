//! JSON bodies written by hand rather than through axum's `Json`: sized up front, and shareable
//! with the read cache, which keeps bodies already serialised.

use std::future::Future;

use axum::body::Bytes;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use crate::cache::{Entry, ReadCache};
use crate::domain::{Page, UserId};
use crate::error::{Error, Result};

/// Enough for a typical task or notification; a longer one costs a single reallocation.
const BYTES_PER_ITEM: usize = 512;

/// A page as JSON. The buffer is sized for it up front: a page of 50 tasks is ~15 kB, and axum's
/// `Json` starts at 128 bytes and doubles its way there, copying each time.
pub fn page_json<T: Serialize>(page: &Page<T>) -> Result<Vec<u8>> {
    to_json(page, 64 + page.items.len() * BYTES_PER_ITEM)
}

pub fn to_json<T: Serialize>(value: &T, capacity: usize) -> Result<Vec<u8>> {
    let mut body = Vec::with_capacity(capacity);
    serde_json::to_writer(&mut body, value).map_err(|err| Error::Internal(err.into()))?;
    Ok(body)
}

pub fn json_response(body: impl Into<Bytes>) -> Response {
    ([(header::CONTENT_TYPE, HeaderValue::from_static("application/json"))], body.into()).into_response()
}

/// The body `entry` names for `user`: from the cache when it holds it, else from `load` (which
/// reads the database and serialises), then kept for the next request. With no cache, or no entry
/// (a request the cache does not keep), just `load`.
pub async fn cached(
    cache: Option<&ReadCache>,
    user: UserId,
    entry: Option<Entry>,
    load: impl Future<Output = Result<Vec<u8>>>,
) -> Result<Response> {
    let (Some(cache), Some(entry)) = (cache, entry) else {
        return load.await.map(json_response);
    };
    match cache.get(user, entry).await {
        Ok(body) => Ok(json_response(body)),
        Err(miss) => {
            let body = load.await?;
            if let Some(miss) = miss {
                cache.fill(user, entry, miss, &body).await;
            }
            Ok(json_response(body))
        }
    }
}
