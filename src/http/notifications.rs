use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};

use super::AppState;
use crate::auth::Authenticated;
use crate::domain::{Notification, NotificationQuery, Page, time};
use crate::error::{Error, Result};

pub fn router() -> Router<AppState> {
    Router::new().route("/notifications", get(list)).route("/notifications/{id}/read", post(mark_read))
}

async fn list(
    State(state): State<AppState>,
    who: Authenticated,
    RawQuery(raw): RawQuery,
) -> Result<Json<Page<Notification>>> {
    let query = NotificationQuery::parse(raw.as_deref()).map_err(Error::BadRequest)?;
    let rows = state.store.notifications(who.user_id, &query).await?;
    Ok(Json(Page::of_notifications(rows, &query)))
}

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
