//! The completions of a task: each time it was done, and of a repeating one each occurrence.

use serde::Serialize;

use super::task_query::{Cursor, Page};
use super::time::{Timestamp, serde_rfc3339};
use super::user::UserId;

/// One completion: the due date that was done, when, and by whom.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Completion {
    /// The keyset cursor's tie-breaker; not shown.
    #[serde(skip)]
    #[schema(ignore)]
    pub id: i64,
    /// The due date (the occurrence) it completed; null for a task without one.
    #[serde(serialize_with = "serde_rfc3339::option::serialize")]
    #[schema(value_type = Option<String>, format = DateTime, required = true)]
    pub due_date: Option<Timestamp>,
    #[serde(serialize_with = "serde_rfc3339::serialize")]
    #[schema(value_type = String, format = DateTime)]
    pub completed_at: Timestamp,
    /// Null once that account is deleted.
    #[schema(required = true)]
    pub completed_by: Option<UserId>,
}

/// A page of a task's completions, newest first.
#[derive(Debug, Clone, PartialEq)]
pub struct CompletionQuery {
    pub limit: u32,
    /// Strictly older than this (completed_at, id).
    pub after: Option<(Timestamp, i64)>,
}

impl CompletionQuery {
    pub fn fetch_limit(&self) -> i64 {
        i64::from(self.limit) + 1
    }
}

impl Page<Completion> {
    pub fn of_completions(rows: Vec<Completion>, query: &CompletionQuery) -> Self {
        Page::from_rows(rows, query.limit, |last| Cursor::newest_first(last.completed_at, last.id))
    }
}
