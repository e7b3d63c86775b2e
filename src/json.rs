//! Bodies serialised once, sized up front: the read cache keeps them as they are, and the HTTP
//! layer sends them without another pass through serde.

use axum::body::Bytes;
use serde::Serialize;

use crate::domain::Page;
use crate::error::{Error, Result};

/// Enough for a typical task or notification; a longer one costs a single reallocation.
const BYTES_PER_ITEM: usize = 512;

/// A page as JSON. The buffer is sized for it up front: a page of 50 tasks is ~15 kB, and axum's
/// `Json` starts at 128 bytes and doubles its way there, copying each time.
pub fn page<T: Serialize>(page: &Page<T>) -> Result<Bytes> {
    to_bytes(page, 64 + page.items.len() * BYTES_PER_ITEM)
}

pub fn to_bytes<T: Serialize>(value: &T, capacity: usize) -> Result<Bytes> {
    let mut body = Vec::with_capacity(capacity);
    serde_json::to_writer(&mut body, value).map_err(|err| Error::Internal(err.into()))?;
    Ok(body.into())
}
