use axum::Json;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use serde::Deserialize;
use serde::de::IgnoredAny;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::AppState;
use super::extract::{IfMatch, JsonBody, QueryParams, nullable, query_value};
use super::respond::JsonBytes;
use super::validate::Fields;
use crate::auth::Caller;
use crate::domain::time::{self, Timestamp};
use crate::domain::{
    AssigneeFilter, Completion, CompletionQuery, Cursor, Labels, NewTask, Page, Priority, Recurrence,
    ReminderTime, ReminderWrite, Sort, Task, TaskCounts, TaskDescription, TaskFilter, TaskId, TaskListQuery,
    TaskPatch, TaskTitle, TimeZone, fold_label, parse_bool, parse_limit,
};
use crate::error::{Error, Result};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, create))
        .routes(routes!(fetch, update, remove))
        .routes(routes!(occurrences))
        .routes(routes!(completions))
        .routes(routes!(preview_occurrences))
        .routes(routes!(labels))
        .routes(routes!(counts))
}

/// A label and how many of the tasks the caller can see carry it.
#[derive(serde::Serialize, ToSchema)]
pub struct LabelCount {
    /// The spelling first used.
    name: String,
    count: i64,
}

#[derive(serde::Serialize, ToSchema)]
pub struct LabelList {
    items: Vec<LabelCount>,
}

/// The labels on the tasks the caller can see, by name (case-insensitively grouped).
#[utoipa::path(get, operation_id = "list_labels", path = "/labels", tag = "tasks", security(("bearer" = [])),
    responses((status = 200, description = "The labels", body = LabelList)))]
async fn labels(State(state): State<AppState>, who: Caller) -> Result<Json<LabelList>> {
    let labels = state.tasks.labels(who.user_id).await?;
    let items = labels.into_iter().map(|l| LabelCount { name: l.name, count: l.count }).collect();
    Ok(Json(LabelList { items }))
}

/// How many tasks each view and project holds (the UI's sidebar), with days in the caller's time
/// zone.
#[utoipa::path(get, operation_id = "task_counts", path = "/tasks/counts", tag = "tasks", security(("bearer" = [])),
    responses((status = 200, description = "The counts", body = TaskCounts)))]
async fn counts(State(state): State<AppState>, who: Caller) -> Result<Json<TaskCounts>> {
    Ok(Json(state.tasks.counts(who.user_id).await?))
}

/// Creates a task.
#[utoipa::path(post, operation_id = "create_task", path = "/tasks", tag = "tasks", security(("bearer" = [])), request_body = TaskBody,
    responses((status = 201, description = "The task", body = Task,
        headers(("location" = String, description = "/api/v1/tasks/{id}")))))]
async fn create(
    State(state): State<AppState>,
    who: Caller,
    JsonBody(body): JsonBody<TaskBody>,
) -> Result<impl IntoResponse> {
    let task = state.tasks.create(who.user_id, &NewTask::try_from(body)?).await?;
    let location = format!("/api/v1/tasks/{}", task.id);
    Ok((StatusCode::CREATED, [(header::LOCATION, location)], tagged(task)))
}

/// Lists the user's tasks, filtered and sorted, a page at a time.
#[utoipa::path(get, operation_id = "list_tasks", path = "/tasks", tag = "tasks", security(("bearer" = [])), params(ListParams),
    responses((status = 200, description = "A page of tasks", body = Page<Task>)))]
async fn list(
    State(state): State<AppState>,
    who: Caller,
    QueryParams(params): QueryParams<ListParams>,
) -> Result<JsonBytes> {
    let query = TaskListQuery::try_from(params)?;
    Ok(JsonBytes(state.tasks.list_json(who.user_id, &query).await?))
}

/// One of the user's tasks.
#[utoipa::path(get, operation_id = "get_task", path = "/tasks/{id}", tag = "tasks", security(("bearer" = [])), params(("id" = i64, Path)),
    responses((status = 200, description = "The task", body = Task, headers(("etag" = String, description = "\"<version>\"")))))]
async fn fetch(
    State(state): State<AppState>,
    who: Caller,
    Path(id): Path<String>,
) -> Result<impl IntoResponse> {
    Ok(tagged(state.tasks.get(who.user_id, task_id(&id)?).await?))
}

/// Changes the fields sent; `null` clears `description`, `due_date` and `recurrence`. With
/// `If-Match`, only if the task is still at that version (else 412).
#[utoipa::path(patch, operation_id = "update_task", path = "/tasks/{id}", tag = "tasks", security(("bearer" = [])),
    params(("id" = i64, Path), ("if-match" = Option<String>, Header, description = "\"<version>\", W/\"<version>\" or *")),
    request_body = TaskBody, responses((status = 200, description = "The task", body = Task, headers(("etag" = String, description = "\"<version>\"")))))]
async fn update(
    State(state): State<AppState>,
    who: Caller,
    Path(id): Path<String>,
    IfMatch(precondition): IfMatch,
    JsonBody(body): JsonBody<TaskBody>,
) -> Result<impl IntoResponse> {
    let id = task_id(&id)?;
    let patch = TaskPatch::try_from(body)?;
    Ok(tagged(state.tasks.update(who.user_id, id, &patch, precondition.as_ref()).await?))
}

/// Deletes a task (and its notifications). With `If-Match`, only if it is still at that version.
#[utoipa::path(delete, operation_id = "delete_task", path = "/tasks/{id}", tag = "tasks", security(("bearer" = [])),
    params(("id" = i64, Path), ("if-match" = Option<String>, Header, description = "\"<version>\", W/\"<version>\" or *")),
    responses((status = 204, description = "Deleted")))]
async fn remove(
    State(state): State<AppState>,
    who: Caller,
    Path(id): Path<String>,
    IfMatch(precondition): IfMatch,
) -> Result<StatusCode> {
    state.tasks.delete(who.user_id, task_id(&id)?, precondition.as_ref()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The next occurrences of a task, from its current due date on (a plain task: its due date, or none).
#[utoipa::path(get, operation_id = "task_occurrences", path = "/tasks/{id}/occurrences", tag = "tasks", security(("bearer" = [])),
    params(("id" = i64, Path), OccurrenceParams),
    responses((status = 200, description = "The next occurrences", body = Occurrences)))]
async fn occurrences(
    State(state): State<AppState>,
    who: Caller,
    Path(id): Path<String>,
    QueryParams(params): QueryParams<OccurrenceParams>,
) -> Result<Json<Occurrences>> {
    let id = task_id(&id)?;
    let limit = occurrence_limit(params.limit)?;
    let items = state.tasks.occurrences(who.user_id, id, limit).await?;
    Ok(Json(Occurrences { items: items.iter().map(time::format).collect() }))
}

/// A task's completions (and each completed occurrence of a repeating one), newest first.
#[utoipa::path(get, operation_id = "task_completions", path = "/tasks/{id}/completions", tag = "tasks", security(("bearer" = [])),
    params(("id" = i64, Path), CompletionParams),
    responses((status = 200, description = "A page of completions", body = Page<Completion>)))]
async fn completions(
    State(state): State<AppState>,
    who: Caller,
    Path(id): Path<String>,
    QueryParams(params): QueryParams<CompletionParams>,
) -> Result<Json<Page<Completion>>> {
    let id = task_id(&id)?;
    let bad = Error::BadRequest;
    let query = CompletionQuery {
        limit: params
            .limit
            .map(|l| parse_limit(&l))
            .transpose()
            .map_err(bad)?
            .unwrap_or(TaskListQuery::DEFAULT_LIMIT),
        after: params.cursor.map(|c| Cursor::decode_newest_first(&c)).transpose().map_err(bad)?,
    };
    Ok(Json(state.tasks.completions(who.user_id, id, &query).await?))
}

#[derive(Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct CompletionParams {
    #[param(value_type = Option<u32>, minimum = 1, maximum = 100)]
    #[serde(default, deserialize_with = "query_value")]
    limit: Option<String>,
    /// `next_cursor` from the previous page.
    #[serde(default, deserialize_with = "query_value")]
    cursor: Option<String>,
}

/// The first occurrences of a schedule that is not saved yet, for a form's preview: from
/// `due_date` on, in `time_zone` (default the caller's). Without `recurrence`, the due date alone.
#[utoipa::path(get, operation_id = "preview_occurrences", path = "/occurrences", tag = "tasks", security(("bearer" = [])),
    params(PreviewParams),
    responses((status = 200, description = "The first occurrences", body = Occurrences)))]
async fn preview_occurrences(
    State(state): State<AppState>,
    who: Caller,
    QueryParams(params): QueryParams<PreviewParams>,
) -> Result<Json<Occurrences>> {
    let limit = occurrence_limit(params.limit)?;
    let mut fields = Fields::default();
    let recurrence = params
        .recurrence
        .filter(|r| !r.is_empty())
        .and_then(|r| fields.check("recurrence", Recurrence::parse(&r)));
    let due = fields.check("due_date", params.due_date.ok_or("is required").and_then(|d| time::parse(&d)));
    let zone = params.time_zone.and_then(|z| fields.check("time_zone", TimeZone::parse(&z)));
    let due = fields.finish(due)?;
    let items = state.tasks.preview(who.user_id, recurrence.as_ref(), due, zone, limit).await?;
    Ok(Json(Occurrences { items: items.iter().map(time::format).collect() }))
}

#[derive(Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct PreviewParams {
    /// An RRULE value, as a task's `recurrence`; empty or absent: no repetition.
    #[param(example = "FREQ=WEEKLY;BYDAY=TU")]
    #[serde(default, deserialize_with = "query_value")]
    recurrence: Option<String>,
    /// The first occurrence.
    #[param(value_type = String, format = DateTime, required = true)]
    #[serde(default, deserialize_with = "query_value")]
    due_date: Option<String>,
    /// An IANA zone name; default the caller's.
    #[param(example = "Europe/Berlin")]
    #[serde(default, deserialize_with = "query_value")]
    time_zone: Option<String>,
    /// 1 to 100, default 10.
    #[param(value_type = Option<u32>, minimum = 1, maximum = 100)]
    #[serde(default, deserialize_with = "query_value")]
    limit: Option<String>,
}

/// An occurrence list's `limit`: 1 to 100, default 10.
fn occurrence_limit(raw: Option<String>) -> Result<usize> {
    match raw {
        Some(raw) => raw.parse().ok().filter(|n| (1..=100).contains(n)),
        None => Some(10),
    }
    .ok_or_else(|| Error::BadRequest("limit must be a whole number from 1 to 100".into()))
}

#[derive(Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct OccurrenceParams {
    /// 1 to 100, default 10.
    #[param(value_type = Option<u32>, minimum = 1, maximum = 100)]
    #[serde(default, deserialize_with = "query_value")]
    limit: Option<String>,
}

#[derive(serde::Serialize, ToSchema)]
pub struct Occurrences {
    #[schema(value_type = Vec<String>, format = DateTime)]
    items: Vec<String>,
}

/// The task with its version as the `ETag`.
fn tagged(task: Task) -> impl IntoResponse {
    ([(header::ETAG, format!("\"{}\"", task.version))], Json(task))
}

/// A path segment that is not a task id names no task.
fn task_id(raw: &str) -> Result<TaskId> {
    raw.parse().map_err(|_| Error::NotFound)
}

/// The task list's query string. Values arrive as text and are parsed in `TryFrom`, so that each
/// bad one gets its own message; `value_type` documents what they must be.
#[derive(Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ListParams {
    #[param(value_type = Option<bool>)]
    #[serde(default, deserialize_with = "query_value")]
    completed: Option<String>,
    /// Repeatable, or comma-separated: `priority=high,urgent`.
    #[serde(default)]
    #[param(value_type = Option<Vec<Priority>>, inline)]
    priority: Vec<String>,
    /// Keeps `due_date < due_before`.
    #[param(value_type = Option<String>, format = DateTime)]
    #[serde(default, deserialize_with = "query_value")]
    due_before: Option<String>,
    /// Keeps `due_date >= due_after`.
    #[param(value_type = Option<String>, format = DateTime)]
    #[serde(default, deserialize_with = "query_value")]
    due_after: Option<String>,
    /// Due in the past and not completed.
    #[param(value_type = Option<bool>)]
    #[serde(default, deserialize_with = "query_value")]
    overdue: Option<String>,
    /// Case-insensitive substring of title or description (at most 200 characters).
    #[param(max_length = 200)]
    #[serde(default, deserialize_with = "query_value")]
    q: Option<String>,
    #[param(value_type = Option<Sort>, inline)]
    #[serde(default, deserialize_with = "query_value")]
    sort: Option<String>,
    #[param(value_type = Option<u32>, minimum = 1, maximum = 100)]
    #[serde(default, deserialize_with = "query_value")]
    limit: Option<String>,
    /// `next_cursor` from the previous page.
    #[serde(default, deserialize_with = "query_value")]
    cursor: Option<String>,
    /// Only this project's tasks (without it: every project the caller is a member of).
    #[param(value_type = Option<i64>)]
    #[serde(default, deserialize_with = "query_value")]
    project_id: Option<String>,
    /// `me`, `none` or a user id.
    #[serde(default, deserialize_with = "query_value")]
    assignee: Option<String>,
    /// Repeatable: every one must be on the task (case-insensitively).
    #[serde(default)]
    #[param(value_type = Option<Vec<String>>)]
    label: Vec<String>,
}

impl TryFrom<ListParams> for TaskListQuery {
    type Error = Error;

    fn try_from(params: ListParams) -> Result<Self> {
        let bad = Error::BadRequest;
        let flag = |name, value: Option<String>| value.map(|v| parse_bool(name, &v)).transpose();
        let time = |name, value: Option<String>| {
            value.map(|v| time::parse(&v).map_err(|e| format!("{name} {e}"))).transpose()
        };
        let mut priorities = Vec::new();
        for part in params.priority.iter().flat_map(|v| v.split(',')).map(str::trim).filter(|p| !p.is_empty())
        {
            let priority = Priority::parse(part).map_err(|e| bad(format!("priority {e}")))?;
            if !priorities.contains(&priority) {
                priorities.push(priority);
            }
        }
        if params.q.as_ref().is_some_and(|q| q.chars().count() > TaskListQuery::MAX_SEARCH_CHARS) {
            return Err(bad("q must be at most 200 characters".into()));
        }
        let filter = TaskFilter {
            completed: flag("completed", params.completed).map_err(bad)?,
            priorities,
            due_before: time("due_before", params.due_before).map_err(bad)?,
            due_after: time("due_after", params.due_after).map_err(bad)?,
            overdue: flag("overdue", params.overdue).map_err(bad)?,
            search: params.q.filter(|q| !q.is_empty()),
            // A project id that is not a number names no project the caller can see.
            project: params.project_id.map(|p| p.parse().map_err(|_| Error::NotFound)).transpose()?,
            assignee: params.assignee.map(|a| AssigneeFilter::parse(&a)).transpose().map_err(bad)?,
            labels: {
                let mut labels: Vec<String> = params.label.iter().map(|l| fold_label(l)).collect();
                labels.sort_unstable();
                labels.dedup();
                labels
            },
        };
        let sort = params.sort.map(|s| Sort::parse(&s)).transpose().map_err(bad)?.unwrap_or_default();
        let limit = params.limit.map(|l| parse_limit(&l)).transpose().map_err(bad)?;
        let after = params.cursor.map(|c| Cursor::decode(&c)).transpose().map_err(bad)?;
        if after.is_some_and(|cursor| cursor.sort() != sort) {
            return Err(bad("cursor belongs to another sort order".into()));
        }
        Ok(TaskListQuery { filter, sort, limit: limit.unwrap_or(TaskListQuery::DEFAULT_LIMIT), after })
    }
}

/// The task fields as a client sends them, for both create and update. Every field distinguishes
/// "absent" from `null`, so an update can clear the optional ones and refuse `null` elsewhere.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TaskBody {
    /// The project: on create, the caller's inbox by default; on update, a move.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = i64)]
    project_id: Option<Option<serde_json::Value>>,
    /// Up to 20, each 1 to 50 characters; duplicates (case-insensitive) fold to the first spelling.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Vec<String>, max_items = 20)]
    labels: Option<Option<Vec<String>>>,
    /// A member of the task's project, or null.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<i64>)]
    assignee_id: Option<Option<serde_json::Value>>,
    /// Required when creating; 1 to 200 characters after trimming.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = String, min_length = 1, max_length = 200, example = "Write report")]
    title: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>, max_length = 10000)]
    description: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>, format = DateTime)]
    due_date: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = bool)]
    completed: Option<Option<bool>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Priority)]
    priority: Option<Option<String>>,
    /// An RRULE value without DTSTART (`FREQ=WEEKLY;BYDAY=TU`); needs a due date, which is the
    /// first occurrence. `null` makes it a plain task.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>, example = "FREQ=WEEKLY;BYDAY=TU")]
    recurrence: Option<Option<String>>,
    /// An IANA zone name; on create, the creator's zone by default.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = String, example = "Europe/Berlin")]
    time_zone: Option<Option<String>>,
    /// Up to 10, each `{"at": time}` or `{"before_due_minutes": n}`; replaces the whole set (an
    /// entry equal to one the task has keeps its id and sent state).
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Vec<ReminderWrite>, max_items = 10)]
    reminders: Option<Option<serde_json::Value>>,
    /// Earlier versions' single reminder: refused with a pointer to `reminders`.
    #[serde(default)]
    #[schema(ignore)]
    remind_at: Option<IgnoredAny>,
    #[serde(default)]
    #[schema(ignore)]
    reminded_at: Option<IgnoredAny>,
}

/// An id, written as a JSON number.
fn parse_id(raw: serde_json::Value) -> Result<i64, &'static str> {
    raw.as_i64().filter(|id| *id > 0).ok_or("must be an id (a positive whole number)")
}

fn parse_time(raw: String) -> Result<Timestamp, &'static str> {
    time::parse(&raw)
}

impl TaskBody {
    /// Parses every field that was sent, noting each bad one in `fields`.
    fn parse(self, fields: &mut Fields) -> TaskPatch {
        let patch = TaskPatch {
            project_id: fields.required("project_id", self.project_id, parse_id),
            labels: fields.required("labels", self.labels, Labels::parse),
            assignee_id: fields.clearable("assignee_id", self.assignee_id, parse_id),
            title: fields.required("title", self.title, |t| TaskTitle::parse(&t)),
            description: fields.clearable("description", self.description, TaskDescription::parse),
            due_date: fields.clearable("due_date", self.due_date, parse_time),
            completed: fields.required("completed", self.completed, Ok::<_, &str>),
            priority: fields.required("priority", self.priority, |p| Priority::parse(&p)),
            time_zone: fields.required("time_zone", self.time_zone, |z| TimeZone::parse(&z)),
            recurrence: fields.clearable("recurrence", self.recurrence, |r| Recurrence::parse(&r)),
            reminders: fields.required("reminders", self.reminders, ReminderTime::parse_set),
        };
        for (field, sent) in
            [("remind_at", self.remind_at.is_some()), ("reminded_at", self.reminded_at.is_some())]
        {
            if sent {
                fields.refuse(
                    field,
                    "is replaced by reminders: [{\"at\": time}] or [{\"before_due_minutes\": n}]",
                );
            }
        }
        patch
    }
}

impl TryFrom<TaskBody> for TaskPatch {
    type Error = Error;

    fn try_from(body: TaskBody) -> Result<Self> {
        let mut fields = Fields::default();
        let patch = body.parse(&mut fields);
        fields.finish(Some(patch))
    }
}

impl TryFrom<TaskBody> for NewTask {
    type Error = Error;

    /// As an update, but `title` must be sent.
    fn try_from(body: TaskBody) -> Result<Self> {
        let mut fields = Fields::default();
        if body.title.is_none() {
            fields.refuse("title", "is required");
        }
        let patch = body.parse(&mut fields);
        let task = patch.title.map(|title| NewTask {
            project_id: patch.project_id,
            labels: patch.labels.unwrap_or_default(),
            assignee_id: patch.assignee_id.flatten(),
            title,
            description: patch.description.flatten(),
            due_date: patch.due_date.flatten(),
            completed: patch.completed.unwrap_or(false),
            priority: patch.priority.unwrap_or_default(),
            time_zone: patch.time_zone,
            recurrence: patch.recurrence.flatten(),
            reminders: patch.reminders.unwrap_or_default(),
        });
        fields.finish(task)
    }
}

#[cfg(test)]
mod tests {
    use axum::http::Uri;
    use axum_extra::extract::Query;

    use super::*;
    use crate::domain::After;

    fn parse(raw: &str) -> Result<TaskListQuery> {
        let uri: Uri = format!("/tasks?{raw}").parse().unwrap();
        let Query(params) =
            Query::<ListParams>::try_from_uri(&uri).map_err(|e| Error::BadRequest(e.to_string()))?;
        TaskListQuery::try_from(params)
    }

    #[test]
    fn an_empty_query_is_the_default_order_and_limit() {
        let query = parse("").unwrap();
        assert_eq!(query, TaskListQuery::default());
        assert_eq!(query.sort, Sort::CreatedDesc);
        assert_eq!(query.limit, 50);
    }

    #[test]
    fn priorities_may_repeat_or_be_comma_separated() {
        let query = parse("priority=high,low&priority=urgent&priority=high").unwrap();
        assert_eq!(query.filter.priorities, vec![Priority::High, Priority::Low, Priority::Urgent]);
    }

    #[test]
    fn every_filter_is_read() {
        let query =
            parse("completed=false&overdue=true&due_before=2026-12-01T00:00:00Z&due_after=2026-11-01T00:00:00%2B02:00&q=Call%20Anna&sort=due_date&limit=7")
                .unwrap();
        assert_eq!(query.filter.completed, Some(false));
        assert_eq!(query.filter.overdue, Some(true));
        assert_eq!(query.filter.due_before, Some(time::parse("2026-12-01T00:00:00Z").unwrap()));
        assert_eq!(query.filter.due_after, Some(time::parse("2026-10-31T22:00:00Z").unwrap()));
        assert_eq!(query.filter.search.as_deref(), Some("Call Anna"));
        assert_eq!((query.sort, query.limit), (Sort::DueAsc, 7));
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
            assert!(
                matches!(parse(bad), Err(Error::BadRequest(m)) if !m.is_empty()),
                "{bad} should be refused"
            );
        }
    }

    #[test]
    fn an_empty_value_is_refused_and_a_repeated_one_counts_once_the_last() {
        for empty in ["limit=", "completed=", "sort=", "cursor=", "due_before="] {
            assert!(parse(empty).is_err(), "{empty} should be refused");
        }
        let query = parse("limit=5&limit=7&sort=priority&sort=due_date").unwrap();
        assert_eq!((query.limit, query.sort), (7, Sort::DueAsc));
    }

    #[test]
    fn a_cursor_is_kept_only_for_its_own_order() {
        let task = Task::example(42, "t");
        let cursor = Cursor::after_task(Sort::DueAsc, &task);
        let query = parse(&format!("sort=due_date&cursor={}", cursor.encode())).unwrap();
        assert_eq!(query.after.map(|c| c.after()), Some(After::Due(None, 42)));
        assert!(parse(&format!("sort=priority&cursor={}", cursor.encode())).is_err());
    }
}
