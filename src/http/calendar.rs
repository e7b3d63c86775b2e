//! The calendar feed: the caller's secret address (`/users/me/calendar`), its rotation, and the
//! feed itself (`/ical/{secret}.ics`, outside `/api/v1`, whose only credential is the secret).

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::AppState;
use crate::auth::Authenticated;
use crate::calendar::FeedAnswer;
use crate::error::{Error, Result};

/// The routes under `/api/v1`.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(feed_url)).routes(routes!(rotate))
}

/// The feed itself, outside `/api/v1`.
pub fn feed_router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(feed))
}

/// Documents the feed's path as it is used, `/ical/{secret}.ics` (the router mounts
/// `/ical/{secret}` and checks the suffix itself).
pub fn document_feed_path(doc: &mut utoipa::openapi::OpenApi) {
    if let Some(item) = doc.paths.paths.remove("/ical/{secret}") {
        doc.paths.paths.insert("/ical/{secret}.ics".to_owned(), item);
    }
}

#[derive(Serialize, ToSchema)]
pub struct FeedUrl {
    /// `{PUBLIC_URL}/ical/{secret}.ics`: whoever has it can read the feed, so keep it private.
    #[schema(example = "https://tasks.example.com/ical/3q2-7wE….ics")]
    url: String,
}

/// The caller's calendar feed address, made on the first call.
#[utoipa::path(get, operation_id = "get_calendar_feed", path = "/users/me/calendar", tag = "users", security(("bearer" = [])),
    responses((status = 200, description = "The feed address", body = FeedUrl)))]
async fn feed_url(State(state): State<AppState>, who: Authenticated) -> Result<Json<FeedUrl>> {
    Ok(Json(FeedUrl { url: state.calendar.url(who.user_id).await? }))
}

/// A new feed address; the old one answers 404 from now on.
#[utoipa::path(post, operation_id = "rotate_calendar_feed", path = "/users/me/calendar/rotate", tag = "users", security(("bearer" = [])),
    responses((status = 200, description = "The new feed address", body = FeedUrl)))]
async fn rotate(State(state): State<AppState>, who: Authenticated) -> Result<Json<FeedUrl>> {
    Ok(Json(FeedUrl { url: state.calendar.rotate(who.user_id).await? }))
}

/// The open tasks with a due date of every project the feed's owner is a member of, as an
/// RFC 5545 calendar. `If-None-Match` with the `ETag` of the last answer: 304 while unchanged.
#[utoipa::path(get, operation_id = "calendar_feed", path = "/ical/{secret}", tag = "calendar",
    params(("secret" = String, Path, description = "The feed's secret (the path ends in `.ics`)"),
        ("if-none-match" = Option<String>, Header, description = "The `ETag` of the copy the client has")),
    responses(
        (status = 200, description = "The calendar", content_type = "text/calendar", body = String,
            headers(("etag" = String, description = "Changes whenever the feed does"))),
        (status = 304, description = "Unchanged since the `ETag` sent"),
        (status = 404, description = "No feed has that address", body = crate::http::error::ErrorBody)))]
async fn feed(
    State(state): State<AppState>,
    Path(file): Path<String>,
    headers: HeaderMap,
) -> Result<Response> {
    let secret = file.strip_suffix(".ics").ok_or(Error::NotFound)?;
    let if_none_match = headers.get(header::IF_NONE_MATCH).and_then(|v| v.to_str().ok());
    // Revalidate on every poll: a 304 costs one aggregate query.
    let no_cache = (header::CACHE_CONTROL, HeaderValue::from_static("private, no-cache"));
    Ok(match state.calendar.feed(secret, if_none_match).await? {
        FeedAnswer::NotModified { etag } => {
            (StatusCode::NOT_MODIFIED, [(header::ETAG, etag)], [no_cache]).into_response()
        }
        FeedAnswer::Calendar { etag, body } => (
            [(header::CONTENT_TYPE, "text/calendar; charset=utf-8".to_owned()), (header::ETAG, etag)],
            [no_cache],
            body,
        )
            .into_response(),
    })
}
