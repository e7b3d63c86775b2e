use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::AppState;
use super::extract::{QueryParams, query_value};
use super::respond::JsonBytes;
use crate::auth::Authenticated;
use crate::domain::{
    After, Cursor, Notification, NotificationQuery, Page, Sort, TaskListQuery, parse_bool, parse_limit,
};
use crate::error::{Error, Result};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list)).routes(routes!(mark_read))
}

/// The user's notifications, newest first.
#[utoipa::path(get, operation_id = "list_notifications", path = "/notifications", tag = "notifications", security(("bearer" = [])), params(ListParams),
    responses((status = 200, description = "A page of notifications", body = Page<Notification>)))]
async fn list(
    State(state): State<AppState>,
    who: Authenticated,
    QueryParams(params): QueryParams<ListParams>,
) -> Result<JsonBytes> {
    let query = NotificationQuery::try_from(params)?;
    Ok(JsonBytes(state.notifications.list_json(who.user_id, &query).await?))
}

/// Marks a notification read.
#[utoipa::path(post, operation_id = "mark_notification_read", path = "/notifications/{id}/read", tag = "notifications", security(("bearer" = [])),
    params(("id" = i64, Path)), responses((status = 204, description = "Marked read")))]
async fn mark_read(
    State(state): State<AppState>,
    who: Authenticated,
    Path(id): Path<String>,
) -> Result<StatusCode> {
    let id = id.parse().map_err(|_| Error::NotFound)?;
    state.notifications.mark_read(who.user_id, id).await?;
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
        let after = match params.cursor.map(|c| Cursor::decode(&c)).transpose().map_err(bad)? {
            None => None,
            Some(cursor) => match (cursor.sort(), cursor.after()) {
                (Sort::CreatedDesc, After::Created(created, id)) => Some((created, id)),
                _ => return Err(bad("cursor belongs to another list".into())),
            },
        };
        Ok(NotificationQuery {
            unread_only: unread_only.unwrap_or(false),
            limit: limit.unwrap_or(TaskListQuery::DEFAULT_LIMIT),
            after,
        })
    }
}
