//! The task list query: filters, sort order and the opaque keyset cursor.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::{Deserialize, Serialize};

use super::task::{Priority, Task, TaskId};
use super::time::Timestamp;

/// The list orders of the contract. Every order breaks ties by id in the same direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, utoipa::ToSchema)]
pub enum Sort {
    #[serde(rename = "created_at")]
    CreatedAsc,
    #[default]
    #[serde(rename = "-created_at")]
    CreatedDesc,
    /// Tasks without a due date come last in both directions.
    #[serde(rename = "due_date")]
    DueAsc,
    #[serde(rename = "-due_date")]
    DueDesc,
    #[serde(rename = "priority")]
    PriorityAsc,
    #[serde(rename = "-priority")]
    PriorityDesc,
}

impl Sort {
    pub fn parse(input: &str) -> Result<Self, String> {
        Ok(match input {
            "created_at" => Self::CreatedAsc,
            "-created_at" => Self::CreatedDesc,
            "due_date" => Self::DueAsc,
            "-due_date" => Self::DueDesc,
            "priority" => Self::PriorityAsc,
            "-priority" => Self::PriorityDesc,
            _ => {
                return Err(
                    "sort must be one of created_at, -created_at, due_date, -due_date, priority, -priority"
                        .into(),
                );
            }
        })
    }

    pub fn descending(self) -> bool {
        matches!(self, Self::CreatedDesc | Self::DueDesc | Self::PriorityDesc)
    }
}

/// Where the next page starts: strictly after this (sort key, id) in the list order. Each variant
/// carries the key of one sort column, so a store can never meet a key that does not fit its order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum After {
    Created(Timestamp, TaskId),
    /// `None`: the last item had no due date (undated tasks come last in both directions).
    Due(Option<Timestamp>, TaskId),
    Priority(i16, TaskId),
}

/// An opaque keyset cursor: the order it was made for, and where the next page starts. It travels
/// as base64url JSON; one made for another order, or with a key that does not fit its order, is
/// refused when decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cursor {
    sort: Sort,
    after: After,
}

/// The cursor as it travels: `{"s": sort, "k": key, "i": id}`.
#[derive(Serialize, Deserialize)]
struct WireCursor {
    s: Sort,
    k: WireKey,
    i: TaskId,
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
enum WireKey {
    Time(Option<Timestamp>),
    Priority(i16),
}

impl Cursor {
    /// The cursor after `task` in `sort` order.
    pub fn after_task(sort: Sort, task: &Task) -> Self {
        let after = match sort {
            Sort::CreatedAsc | Sort::CreatedDesc => After::Created(task.created_at, task.id),
            Sort::DueAsc | Sort::DueDesc => After::Due(task.due_date, task.id),
            Sort::PriorityAsc | Sort::PriorityDesc => After::Priority(task.priority.rank(), task.id),
        };
        Self { sort, after }
    }

    /// The cursor after an item of a newest-first list (notifications).
    pub fn newest_first(created_at: Timestamp, id: i64) -> Self {
        Self { sort: Sort::CreatedDesc, after: After::Created(created_at, id) }
    }

    /// The position a newest-first list's cursor names (notifications, completions).
    pub fn decode_newest_first(input: &str) -> Result<(Timestamp, i64), String> {
        match Self::decode(input)? {
            Self { sort: Sort::CreatedDesc, after: After::Created(at, id) } => Ok((at, id)),
            _ => Err("cursor belongs to another list".into()),
        }
    }

    pub fn sort(&self) -> Sort {
        self.sort
    }

    pub fn after(&self) -> After {
        self.after
    }

    pub fn encode(&self) -> String {
        let (k, i) = match self.after {
            After::Created(at, id) => (WireKey::Time(Some(at)), id),
            After::Due(at, id) => (WireKey::Time(at), id),
            After::Priority(rank, id) => (WireKey::Priority(rank), id),
        };
        let json =
            serde_json::to_vec(&WireCursor { s: self.sort, k, i }).expect("a cursor always serialises");
        URL_SAFE_NO_PAD.encode(json)
    }

    pub fn decode(input: &str) -> Result<Self, String> {
        let bad = || "cursor is not one this server issued".to_string();
        let bytes = URL_SAFE_NO_PAD.decode(input).map_err(|_| bad())?;
        let WireCursor { s: sort, k, i: id } = serde_json::from_slice(&bytes).map_err(|_| bad())?;
        let after = match (sort, k) {
            (Sort::CreatedAsc | Sort::CreatedDesc, WireKey::Time(Some(at))) => After::Created(at, id),
            (Sort::DueAsc | Sort::DueDesc, WireKey::Time(at)) => After::Due(at, id),
            (Sort::PriorityAsc | Sort::PriorityDesc, WireKey::Priority(rank @ 0..=3)) => {
                After::Priority(rank, id)
            }
            _ => return Err(bad()),
        };
        Ok(Self { sort, after })
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct TaskFilter {
    pub completed: Option<bool>,
    /// Empty means any priority.
    pub priorities: Vec<Priority>,
    /// Keeps `due_date < due_before`.
    pub due_before: Option<Timestamp>,
    /// Keeps `due_date >= due_after`.
    pub due_after: Option<Timestamp>,
    pub overdue: Option<bool>,
    /// Case-insensitive substring of title or description.
    pub search: Option<String>,
    /// Only this project's tasks (the caller must be a member).
    pub project: Option<super::project::ProjectId>,
    pub assignee: Option<AssigneeFilter>,
    /// Folded labels that must all be on the task.
    pub labels: Vec<String>,
}

/// `assignee=me|none|<user id>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AssigneeFilter {
    Me,
    Nobody,
    User(super::user::UserId),
}

impl AssigneeFilter {
    pub fn parse(input: &str) -> Result<Self, String> {
        match input {
            "me" => Ok(Self::Me),
            "none" => Ok(Self::Nobody),
            id => id.parse().map(Self::User).map_err(|_| "assignee must be me, none or a user id".into()),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct TaskListQuery {
    pub filter: TaskFilter,
    pub sort: Sort,
    pub limit: u32,
    pub after: Option<Cursor>,
}

impl Default for TaskListQuery {
    fn default() -> Self {
        Self { filter: TaskFilter::default(), sort: Sort::default(), limit: Self::DEFAULT_LIMIT, after: None }
    }
}

impl TaskListQuery {
    pub const DEFAULT_LIMIT: u32 = 50;
    pub const MAX_LIMIT: u32 = 100;
    pub const MAX_SEARCH_CHARS: usize = 200;

    /// The first page, in some order, with no filter: what a list opens on.
    pub fn is_unfiltered_first_page(&self) -> bool {
        self.after.is_none() && self.filter == TaskFilter::default()
    }

    /// How many rows to fetch: one more than a page, to learn whether another page exists.
    pub fn fetch_limit(&self) -> i64 {
        i64::from(self.limit) + 1
    }
}

/// A page size from a query string: 1 to `MAX_LIMIT`.
pub fn parse_limit(value: &str) -> Result<u32, String> {
    value
        .parse()
        .ok()
        .filter(|n| (1..=TaskListQuery::MAX_LIMIT).contains(n))
        .ok_or_else(|| "limit must be a whole number from 1 to 100".into())
}

/// A query-string flag: exactly `true` or `false`.
pub fn parse_bool(name: &str, value: &str) -> Result<bool, String> {
    match value {
        "true" => Ok(true),
        "false" => Ok(false),
        _ => Err(format!("{name} must be true or false")),
    }
}

/// One page of a keyset-paginated list.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Page<T> {
    pub items: Vec<T>,
    /// Pass as `cursor` to get the next page; null exactly when no more items remain.
    #[schema(required = true)]
    pub next_cursor: Option<String>,
}

impl<T> Page<T> {
    /// Builds a page from up to `limit + 1` rows: the extra row, if present, only proves that more
    /// remain, so `next_cursor` is null exactly when nothing is left.
    pub fn from_rows(mut rows: Vec<T>, limit: u32, cursor_after: impl Fn(&T) -> Cursor) -> Self {
        let limit = limit as usize;
        let next_cursor = if rows.len() > limit {
            rows.truncate(limit);
            rows.last().map(|last| cursor_after(last).encode())
        } else {
            None
        };
        Self { items: rows, next_cursor }
    }
}

impl Page<Task> {
    pub fn of_tasks(rows: Vec<Task>, query: &TaskListQuery) -> Self {
        Page::from_rows(rows, query.limit, |last| Cursor::after_task(query.sort, last))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::time;

    #[test]
    fn cursors_round_trip() {
        for cursor in [
            Cursor { sort: Sort::DueAsc, after: After::Due(None, 42) },
            Cursor { sort: Sort::DueDesc, after: After::Due(Some(time::now()), 7) },
            Cursor { sort: Sort::PriorityAsc, after: After::Priority(3, 1) },
            Cursor::newest_first(time::now(), 9),
        ] {
            assert_eq!(Cursor::decode(&cursor.encode()).unwrap(), cursor);
        }
    }

    #[test]
    fn a_cursor_whose_key_does_not_fit_its_sort_is_refused() {
        let forged = |json: &str| URL_SAFE_NO_PAD.encode(json);
        for json in [
            r#"{"s":"priority","k":{"priority":9},"i":1}"#,
            r#"{"s":"-created_at","k":{"time":null},"i":1}"#,
            r#"{"s":"due_date","k":{"priority":1},"i":1}"#,
            r#"{"s":"title","k":{"time":null},"i":1}"#,
        ] {
            assert!(Cursor::decode(&forged(json)).is_err(), "{json}");
        }
        assert!(Cursor::decode(&forged(r#"{"s":"priority","k":{"priority":2},"i":1}"#)).is_ok());
        assert!(Cursor::decode("%%%").is_err());
    }
}
