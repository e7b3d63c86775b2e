use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::AppState;
use super::extract::{JsonBody, QueryParams, query_value};
use super::respond::JsonBytes;
use super::validate::Fields;
use crate::auth::Caller;
use crate::domain::{Cursor, Notification, NotificationQuery, Page, TaskListQuery, parse_bool, parse_limit};
use crate::error::{Error, Result};
use crate::notifications::SnoozeMinutes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list))
        .routes(routes!(mark_all_read))
        .routes(routes!(mark_read))
        .routes(routes!(snooze))
}

/// The user's notifications, newest first.
#[utoipa::path(get, operation_id = "list_notifications", path = "/notifications", tag = "notifications", security(("bearer" = [])), params(ListParams),
    responses((status = 200, description = "A page of notifications", body = Page<Notification>)))]
async fn list(
    State(state): State<AppState>,
    who: Caller,
    QueryParams(params): QueryParams<ListParams>,
) -> Result<JsonBytes> {
    let query = NotificationQuery::try_from(params)?;
    Ok(JsonBytes(state.notifications.list_json(who.user_id, &query).await?))
}

/// Marks a notification read.
#[utoipa::path(post, operation_id = "mark_notification_read", path = "/notifications/{id}/read", tag = "notifications", security(("bearer" = [])),
    params(("id" = i64, Path)), responses((status = 204, description = "Marked read")))]
async fn mark_read(State(state): State<AppState>, who: Caller, Path(id): Path<String>) -> Result<StatusCode> {
    let id = id.parse().map_err(|_| Error::NotFound)?;
    state.notifications.mark_read(who.user_id, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(serde::Serialize, ToSchema)]
pub struct MarkedRead {
    /// How many notifications were unread and are read now.
    marked: u64,
}

/// Marks every unread notification of the caller read.
#[utoipa::path(post, operation_id = "mark_all_notifications_read", path = "/notifications/read-all", tag = "notifications", security(("bearer" = [])),
    responses((status = 200, description = "How many were marked read", body = MarkedRead)))]
async fn mark_all_read(State(state): State<AppState>, who: Caller) -> Result<axum::Json<MarkedRead>> {
    let marked = state.notifications.mark_all_read(who.user_id).await?;
    Ok(axum::Json(MarkedRead { marked }))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Snooze {
    /// 1 to 1440.
    #[schema(minimum = 1, maximum = 1440, example = 10)]
    minutes: i64,
}

/// Marks a notification read; its reminder fires again (a new notification) that many minutes
/// from now, exactly once. 409 if the task is completed.
#[utoipa::path(post, operation_id = "snooze_notification", path = "/notifications/{id}/snooze", tag = "notifications", security(("bearer" = [])),
    params(("id" = i64, Path)), request_body = Snooze, responses((status = 204, description = "Snoozed")))]
async fn snooze(
    State(state): State<AppState>,
    who: Caller,
    Path(id): Path<String>,
    JsonBody(body): JsonBody<Snooze>,
) -> Result<StatusCode> {
    let id = id.parse().map_err(|_| Error::NotFound)?;
    let mut fields = Fields::default();
    let minutes = fields.check("minutes", SnoozeMinutes::parse(body.minutes));
    state.notifications.snooze(who.user_id, id, fields.finish(minutes)?).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The notification list's query string (parsed in `TryFrom`, as the task list's).
#[derive(Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ListParams {
    /// Only the unread ones.
    #[param(value_type = Option<bool>)]
    #[serde(default, deserialize_with = "query_value")]
    unread: Option<String>,
    #[param(value_type = Option<u32>, minimum = 1, maximum = 100)]
    #[serde(default, deserialize_with = "query_value")]
    limit: Option<String>,
    /// `next_cursor` from the previous page.
    #[serde(default, deserialize_with = "query_value")]
    cursor: Option<String>,
}

impl TryFrom<ListParams> for NotificationQuery {
    type Error = Error;

    fn try_from(params: ListParams) -> Result<Self> {
        let bad = Error::BadRequest;
        let unread_only = params.unread.map(|u| parse_bool("unread", &u)).transpose().map_err(bad)?;
        let limit = params.limit.map(|l| parse_limit(&l)).transpose().map_err(bad)?;
        let after = params.cursor.map(|c| Cursor::decode_newest_first(&c)).transpose().map_err(bad)?;
        Ok(NotificationQuery {
            unread_only: unread_only.unwrap_or(false),
            limit: limit.unwrap_or(TaskListQuery::DEFAULT_LIMIT),
            after,
        })
    }
}
