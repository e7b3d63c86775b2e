//! The one error type of the service. Each variant has a stable code and an HTTP status
//! (`http::error` turns it into the JSON error body); internal details are logged, never sent.

use std::time::Duration;

use crate::domain::FieldErrors;
use crate::store::StoreError;
use crate::tokens::TokenStoreError;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{0}")]
    BadRequest(String),
    #[error("{0}")]
    Unauthorized(&'static str),
    #[error("{0}")]
    Forbidden(&'static str),
    #[error("not found")]
    NotFound,
    #[error("method not allowed")]
    MethodNotAllowed,
    #[error("{0}")]
    Conflict(&'static str),
    #[error("request body is too large")]
    PayloadTooLarge,
    #[error("expected a JSON body with Content-Type: application/json")]
    UnsupportedMediaType,
    #[error("some fields are invalid")]
    Validation(FieldErrors),
    #[error("too many attempts; try again later")]
    RateLimited { retry_after: Duration },
    /// A dependency cannot be reached; names which one.
    #[error("{0} unavailable")]
    Unavailable(&'static str),
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// A validation error on a single field.
    pub fn field(name: &str, message: impl Into<String>) -> Self {
        Self::Validation(FieldErrors::from([(name.to_owned(), message.into())]))
    }
}

impl From<StoreError> for Error {
    fn from(err: StoreError) -> Self {
        match err {
            StoreError::Unavailable(source) => {
                metrics::counter!("database_errors_total").increment(1);
                tracing::warn!(error = %source, "database unavailable");
                Self::Unavailable("database")
            }
            StoreError::Conflict => Self::Conflict("conflict"),
            StoreError::Other(source) => Self::Internal(source.into()),
        }
    }
}

impl From<TokenStoreError> for Error {
    fn from(err: TokenStoreError) -> Self {
        match err {
            TokenStoreError::Unavailable(reason) => {
                metrics::counter!("token_store_errors_total").increment(1);
                tracing::warn!(error = %reason, "token store unavailable");
                Self::Unavailable("token store")
            }
            TokenStoreError::Other(reason) => Self::Internal(anyhow::anyhow!(reason)),
        }
    }
}
