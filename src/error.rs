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
    #[error("the task has changed since that version (If-Match); reload it")]
    PreconditionFailed,
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
    /// `Ok` when `role` (the user's in a project; `None`: not a member) allows `action`; else the
    /// error that the one authorization rule (`domain::decide`) gives.
    pub fn unless_allowed(role: Option<crate::domain::Role>, action: crate::domain::Action) -> Result<()> {
        use crate::domain::{Decision, decide};
        match decide(role, action) {
            Decision::Allow => Ok(()),
            Decision::Forbidden => Err(Self::Forbidden("your role in this project does not allow that")),
            Decision::NotFound => Err(Self::NotFound),
        }
    }

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
            TokenStoreError::Unavailable(cause) => {
                metrics::counter!("token_store_errors_total").increment(1);
                tracing::warn!(error = %cause, "token store unavailable");
                Self::Unavailable("token store")
            }
            // Logged where the response is made, with the whole chain of causes.
            other @ TokenStoreError::Other(_) => Self::Internal(other.into()),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write;
    use std::sync::{Arc, Mutex};

    use super::*;

    /// What `f` logs, as text.
    fn logs_of<T>(f: impl FnOnce() -> T) -> (T, String) {
        #[derive(Clone, Default)]
        struct Buffer(Arc<Mutex<Vec<u8>>>);
        impl Write for Buffer {
            fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
                self.0.lock().unwrap().write(bytes)
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let buffer = Buffer::default();
        let writer = buffer.clone();
        let subscriber =
            tracing_subscriber::fmt().with_ansi(false).with_writer(move || writer.clone()).finish();
        let value = tracing::subscriber::with_default(subscriber, f);
        let logs = String::from_utf8(buffer.0.lock().unwrap().clone()).unwrap();
        (value, logs)
    }

    #[test]
    fn an_unavailable_token_store_is_a_503_logged_with_its_cause() {
        let (err, logs) = logs_of(|| Error::from(TokenStoreError::from(sqlx::Error::PoolTimedOut)));
        assert!(matches!(err, Error::Unavailable("token store")), "{err:?}");
        assert!(logs.contains("token store unavailable"), "{logs}");
        assert!(logs.contains(&sqlx::Error::PoolTimedOut.to_string()), "{logs}");
    }

    #[test]
    fn another_token_store_error_is_internal_and_keeps_its_cause() {
        let Error::Internal(err) = Error::from(TokenStoreError::from(sqlx::Error::RowNotFound)) else {
            panic!("expected an internal error");
        };
        let cause = err.chain().find_map(|e| e.downcast_ref::<sqlx::Error>());
        assert!(matches!(cause, Some(sqlx::Error::RowNotFound)), "{err:?}");
    }
}
