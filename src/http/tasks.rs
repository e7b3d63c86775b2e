use axum::Json;
use axum::extract::{Path, RawQuery, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::AppState;
use super::extract::{JsonBody, nullable};
use super::respond::{cached, page_json};
use crate::auth::Authenticated;
use crate::cache::Entry;
use crate::domain::time::{self, Timestamp};
use crate::domain::{
    FieldErrors, NewTask, Page, Priority, Task, TaskDescription, TaskId, TaskListQuery, TaskPatch, TaskTitle,
};
use crate::error::{Error, Result};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list, create)).routes(routes!(fetch, update, remove))
}

/// The task list query (documentation only: `TaskListQuery::parse` reads it).
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
struct ListParams {
    completed: Option<bool>,
    /// Repeatable, or comma-separated: `priority=high,urgent`.
    #[param(inline)]
    priority: Option<Vec<Priority>>,
    /// Keeps `due_date < due_before`.
    #[param(value_type = Option<String>, format = DateTime)]
    due_before: Option<String>,
    /// Keeps `due_date >= due_after`.
    #[param(value_type = Option<String>, format = DateTime)]
    due_after: Option<String>,
    /// Due in the past and not completed.
    overdue: Option<bool>,
    /// Case-insensitive substring of title or description (at most 200 characters).
    #[param(max_length = 200)]
    q: Option<String>,
    #[param(inline)]
    sort: Option<crate::domain::Sort>,
    #[param(minimum = 1, maximum = 100)]
    limit: Option<u32>,
    /// `next_cursor` from the previous page.
    cursor: Option<String>,
}

/// Creates a task.
#[utoipa::path(post, operation_id = "create_task", path = "/tasks", tag = "tasks", security(("bearer" = [])), request_body = TaskBody,
    responses((status = 201, description = "The task", body = Task,
        headers(("location" = String, description = "/api/v1/tasks/{id}")))))]
async fn create(
    State(state): State<AppState>,
    who: Authenticated,
    JsonBody(body): JsonBody<TaskBody>,
) -> Result<impl IntoResponse> {
    let task = NewTask::try_from(body)?;
    let task = state.store.create_task(who.user_id, &task, time::now()).await?;
    state.invalidate_cache(who.user_id).await;
    if task.remind_at.is_some() {
        state.reminder_wake.notify_one();
    }
    let location = format!("/api/v1/tasks/{}", task.id);
    Ok((StatusCode::CREATED, [(header::LOCATION, location)], Json(task)))
}

/// Lists the user's tasks, filtered and sorted, a page at a time.
#[utoipa::path(get, operation_id = "list_tasks", path = "/tasks", tag = "tasks", security(("bearer" = [])), params(ListParams),
    responses((status = 200, description = "A page of tasks", body = Page<Task>)))]
async fn list(
    State(state): State<AppState>,
    who: Authenticated,
    RawQuery(raw): RawQuery,
) -> Result<Response> {
    let query = TaskListQuery::parse(raw.as_deref()).map_err(Error::BadRequest)?;
    // Only the unfiltered first pages are cached: what the UI opens on, and a bounded set per user.
    let entry =
        query.is_unfiltered_first_page().then_some(Entry::TaskPage { sort: query.sort, limit: query.limit });
    cached(state.cache.as_ref(), who.user_id, entry, async {
        let rows = state.store.list_tasks(who.user_id, &query, time::now()).await?;
        page_json(&Page::of_tasks(rows, &query))
    })
    .await
}

/// One of the user's tasks.
#[utoipa::path(get, operation_id = "get_task", path = "/tasks/{id}", tag = "tasks", security(("bearer" = [])), params(("id" = i64, Path)),
    responses((status = 200, description = "The task", body = Task)))]
async fn fetch(
    State(state): State<AppState>,
    who: Authenticated,
    Path(id): Path<String>,
) -> Result<Json<Task>> {
    let task = state.store.task(who.user_id, task_id(&id)?).await?.ok_or(Error::NotFound)?;
    Ok(Json(task))
}

/// Changes the fields sent; `null` clears `description`, `due_date` and `remind_at`.
#[utoipa::path(patch, operation_id = "update_task", path = "/tasks/{id}", tag = "tasks", security(("bearer" = [])), params(("id" = i64, Path)),
    request_body = TaskBody, responses((status = 200, description = "The task", body = Task)))]
async fn update(
    State(state): State<AppState>,
    who: Authenticated,
    Path(id): Path<String>,
    JsonBody(body): JsonBody<TaskBody>,
) -> Result<Json<Task>> {
    let id = task_id(&id)?;
    let patch = TaskPatch::try_from(body)?;
    let task = state.store.update_task(who.user_id, id, &patch, time::now()).await?.ok_or(Error::NotFound)?;
    state.invalidate_cache(who.user_id).await;
    if patch.remind_at.is_some() {
        state.reminder_wake.notify_one();
    }
    Ok(Json(task))
}

/// Deletes a task (and its notifications).
#[utoipa::path(delete, operation_id = "delete_task", path = "/tasks/{id}", tag = "tasks", security(("bearer" = [])), params(("id" = i64, Path)),
    responses((status = 204, description = "Deleted")))]
async fn remove(
    State(state): State<AppState>,
    who: Authenticated,
    Path(id): Path<String>,
) -> Result<StatusCode> {
    if state.store.delete_task(who.user_id, task_id(&id)?).await? {
        state.invalidate_cache(who.user_id).await;
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(Error::NotFound)
    }
}

/// A path segment that is not a task id names no task.
fn task_id(raw: &str) -> Result<TaskId> {
    raw.parse().map_err(|_| Error::NotFound)
}

/// The task fields as a client sends them, for both create and update. Every field distinguishes
/// "absent" from `null`, so an update can clear the optional ones and refuse `null` elsewhere.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TaskBody {
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
    /// When the reminder is sent; changing it re-arms the reminder.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>, format = DateTime)]
    remind_at: Option<Option<String>>,
}

/// Collects every field's problem, so one 422 lists them all.
#[derive(Default)]
struct Checker {
    errors: FieldErrors,
}

impl Checker {
    fn check<T>(&mut self, field: &str, result: Result<T, &'static str>) -> Option<T> {
        result.map_err(|message| self.errors.insert(field.to_owned(), message.to_owned())).ok()
    }

    /// A field that may not be `null`: absent stays `None`.
    fn required<T, U>(
        &mut self,
        field: &str,
        value: Option<Option<T>>,
        parse: impl FnOnce(T) -> Result<U, &'static str>,
    ) -> Option<U> {
        match value? {
            Some(value) => self.check(field, parse(value)),
            None => self.check(field, Err("must not be null")),
        }
    }

    /// A clearable field: absent is `None`, `null` is `Some(None)`.
    fn clearable<T, U>(
        &mut self,
        field: &str,
        value: Option<Option<T>>,
        parse: impl FnOnce(T) -> Result<U, &'static str>,
    ) -> Option<Option<U>> {
        match value? {
            Some(value) => self.check(field, parse(value)).map(Some),
            None => Some(None),
        }
    }

    fn finish<T>(self, value: T) -> Result<T> {
        if self.errors.is_empty() { Ok(value) } else { Err(Error::Validation(self.errors)) }
    }
}

fn parse_time(raw: String) -> Result<Timestamp, &'static str> {
    time::parse(&raw)
}

impl TaskBody {
    /// Parses every field that was sent; `title` must be sent when creating.
    fn parse(self, title_required: bool) -> Result<TaskPatch> {
        let mut c = Checker::default();
        if title_required && self.title.is_none() {
            c.errors.insert("title".into(), "is required".into());
        }
        let patch = TaskPatch {
            title: c.required("title", self.title, |t| TaskTitle::parse(&t)),
            description: c.clearable("description", self.description, TaskDescription::parse),
            due_date: c.clearable("due_date", self.due_date, parse_time),
            completed: c.required("completed", self.completed, Ok),
            priority: c.required("priority", self.priority, |p| Priority::parse(&p)),
            remind_at: c.clearable("remind_at", self.remind_at, parse_time),
        };
        c.finish(patch)
    }
}

impl TryFrom<TaskBody> for TaskPatch {
    type Error = Error;

    fn try_from(body: TaskBody) -> Result<Self> {
        body.parse(false)
    }
}

impl TryFrom<TaskBody> for NewTask {
    type Error = Error;

    fn try_from(body: TaskBody) -> Result<Self> {
        let patch = body.parse(true)?;
        let Some(title) = patch.title else { unreachable!("parse(true) refuses a missing title") };
        Ok(NewTask {
            title,
            description: patch.description.flatten(),
            due_date: patch.due_date.flatten(),
            completed: patch.completed.unwrap_or(false),
            priority: patch.priority.unwrap_or_default(),
            remind_at: patch.remind_at.flatten(),
        })
    }
}
