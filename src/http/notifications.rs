use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::AppState;
use super::respond::{json_response, page_json};
use crate::auth::Authenticated;
use crate::domain::{Notification, NotificationQuery, Page, time};
use crate::error::{Error, Result};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list)).routes(routes!(mark_read))
}

/// The notification list query (documentation only: `NotificationQuery::parse` reads it).
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
struct ListParams {
    /// Only the unread ones.
    unread: Option<bool>,
    #[param(minimum = 1, maximum = 100)]
    limit: Option<u32>,
    /// `next_cursor` from the previous page.
    cursor: Option<String>,
}

/// The user's notifications, newest first.
#[utoipa::path(get, operation_id = "list_notifications", path = "/notifications", tag = "notifications", security(("bearer" = [])), params(ListParams),
    responses((status = 200, description = "A page of notifications", body = Page<Notification>)))]
async fn list(
    State(state): State<AppState>,
    who: Authenticated,
    RawQuery(raw): RawQuery,
) -> Result<Response> {
    let query = NotificationQuery::parse(raw.as_deref()).map_err(Error::BadRequest)?;
    let rows = state.store.notifications(who.user_id, &query).await?;
    page_json(&Page::of_notifications(rows, &query)).map(json_response)
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
    if state.store.mark_notification_read(who.user_id, id, time::now()).await? {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(Error::NotFound)
    }
}
