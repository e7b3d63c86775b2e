//! The task list query: filters, sort order and the opaque keyset cursor.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::{Deserialize, Serialize};

use super::task::{Priority, Task, TaskId};
use super::time::{self, Timestamp};

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

    /// The sort key of `task` under this order, as a cursor would carry it.
    fn key_of(self, task: &Task) -> CursorKey {
        match self {
            Self::CreatedAsc | Self::CreatedDesc => CursorKey::Time(Some(task.created_at)),
            Self::DueAsc | Self::DueDesc => CursorKey::Time(task.due_date),
            Self::PriorityAsc | Self::PriorityDesc => CursorKey::Priority(task.priority.rank()),
        }
    }
}

/// The value of the sort column of the last item on a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CursorKey {
    Time(Option<Timestamp>),
    Priority(i16),
}

/// Where the next page starts: strictly after (`sort` key, `id`) of the last item returned.
/// It travels as opaque base64url JSON; a cursor made for another order is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cursor {
    #[serde(rename = "s")]
    pub sort: Sort,
    #[serde(rename = "k")]
    pub key: CursorKey,
    #[serde(rename = "i")]
    pub id: TaskId,
}

impl Cursor {
    pub fn encode(&self) -> String {
        let json = serde_json::to_vec(self).expect("a cursor always serialises");
        URL_SAFE_NO_PAD.encode(json)
    }

    pub fn decode(input: &str) -> Result<Self, String> {
        let bad = || "cursor is not one this server issued".to_string();
        let bytes = URL_SAFE_NO_PAD.decode(input).map_err(|_| bad())?;
        let cursor: Cursor = serde_json::from_slice(&bytes).map_err(|_| bad())?;
        let key_fits_sort = matches!(
            (cursor.sort, cursor.key),
            (Sort::CreatedAsc | Sort::CreatedDesc, CursorKey::Time(Some(_)))
                | (Sort::DueAsc | Sort::DueDesc, CursorKey::Time(_))
                | (Sort::PriorityAsc | Sort::PriorityDesc, CursorKey::Priority(0..=3))
        );
        if key_fits_sort { Ok(cursor) } else { Err(bad()) }
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
    const MAX_SEARCH_CHARS: usize = 200;

    /// The first page, in some order, with no filter: what a list opens on.
    pub fn is_unfiltered_first_page(&self) -> bool {
        self.after.is_none() && self.filter == TaskFilter::default()
    }

    /// Parses a raw query string (`a=1&b=2`). Any problem is a message for a 400.
    pub fn parse(raw: Option<&str>) -> Result<Self, String> {
        let mut query = Self::default();
        let mut cursor = None;
        for (name, value) in form_urlencoded::parse(raw.unwrap_or_default().as_bytes()) {
            let filter = &mut query.filter;
            match name.as_ref() {
                "completed" => filter.completed = Some(parse_bool("completed", &value)?),
                "overdue" => filter.overdue = Some(parse_bool("overdue", &value)?),
                "priority" => {
                    for part in value.split(',').map(str::trim).filter(|p| !p.is_empty()) {
                        let priority = Priority::parse(part).map_err(|e| format!("priority {e}"))?;
                        if !filter.priorities.contains(&priority) {
                            filter.priorities.push(priority);
                        }
                    }
                }
                "due_before" => filter.due_before = Some(parse_time("due_before", &value)?),
                "due_after" => filter.due_after = Some(parse_time("due_after", &value)?),
                "q" => {
                    if value.chars().count() > Self::MAX_SEARCH_CHARS {
                        return Err("q must be at most 200 characters".into());
                    }
                    filter.search = Some(value.into_owned()).filter(|q| !q.is_empty());
                }
                "sort" => query.sort = Sort::parse(&value)?,
                "limit" => query.limit = parse_limit(&value)?,
                "cursor" => cursor = Some(Cursor::decode(&value)?),
                other => return Err(format!("unknown query parameter {other:?}")),
            }
        }
        if let Some(cursor) = cursor {
            if cursor.sort != query.sort {
                return Err("cursor belongs to another sort order".into());
            }
            query.after = Some(cursor);
        }
        Ok(query)
    }

    /// How many rows to fetch: one more than a page, to learn whether another page exists.
    pub fn fetch_limit(&self) -> i64 {
        i64::from(self.limit) + 1
    }
}

pub(super) fn parse_limit(value: &str) -> Result<u32, String> {
    value
        .parse()
        .ok()
        .filter(|n| (1..=TaskListQuery::MAX_LIMIT).contains(n))
        .ok_or_else(|| "limit must be a whole number from 1 to 100".into())
}

pub(super) fn parse_bool(name: &str, value: &str) -> Result<bool, String> {
    match value {
        "true" => Ok(true),
        "false" => Ok(false),
        _ => Err(format!("{name} must be true or false")),
    }
}

fn parse_time(name: &str, value: &str) -> Result<Timestamp, String> {
    time::parse(value).map_err(|e| format!("{name} {e}"))
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
        Page::from_rows(rows, query.limit, |last| Cursor {
            sort: query.sort,
            key: query.sort.key_of(last),
            id: last.id,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_query_is_the_default_order_and_limit() {
        let query = TaskListQuery::parse(None).unwrap();
        assert_eq!(query, TaskListQuery::default());
        assert_eq!(query.sort, Sort::CreatedDesc);
        assert_eq!(query.limit, 50);
    }

    #[test]
    fn priorities_may_repeat_or_be_comma_separated() {
        let query = TaskListQuery::parse(Some("priority=high,low&priority=urgent&priority=high")).unwrap();
        assert_eq!(query.filter.priorities, vec![Priority::High, Priority::Low, Priority::Urgent]);
    }

    #[test]
    fn bad_values_are_refused_with_a_message() {
        for bad in [
            "limit=0",
            "limit=101",
            "limit=ten",
            "completed=yes",
            "priority=critical",
            "sort=title",
            "due_before=tomorrow",
            "cursor=%%%",
            "colour=red",
        ] {
            assert!(TaskListQuery::parse(Some(bad)).is_err(), "{bad} should be refused");
        }
    }

    #[test]
    fn cursors_round_trip_and_refuse_another_sort() {
        let cursor = Cursor { sort: Sort::DueAsc, key: CursorKey::Time(None), id: 42 };
        assert_eq!(Cursor::decode(&cursor.encode()).unwrap(), cursor);
        let raw = format!("sort=due_date&cursor={}", cursor.encode());
        assert_eq!(TaskListQuery::parse(Some(&raw)).unwrap().after, Some(cursor));
        let raw = format!("sort=priority&cursor={}", cursor.encode());
        assert!(TaskListQuery::parse(Some(&raw)).is_err());
    }

    #[test]
    fn a_cursor_whose_key_does_not_fit_its_sort_is_refused() {
        let forged = Cursor { sort: Sort::PriorityAsc, key: CursorKey::Priority(9), id: 1 };
        assert!(Cursor::decode(&forged.encode()).is_err());
        let forged = Cursor { sort: Sort::CreatedDesc, key: CursorKey::Time(None), id: 1 };
        assert!(Cursor::decode(&forged.encode()).is_err());
    }
}
