//! Export and import of the caller's data (`/users/me/export`, `/users/me/import`).

use axum::Json;
use axum::body::{Body, to_bytes};
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::AppState;
use crate::auth::{Authenticated, Caller};
use crate::error::{Error, Result};

pub fn router() -> OpenApiRouter<AppState> {
    // The import reads its body itself, up to `IMPORT_MAX_BYTES`: a real export is far above the
    // 64 KiB every other route keeps.
    let import = OpenApiRouter::new().routes(routes!(import)).layer(DefaultBodyLimit::disable());
    OpenApiRouter::new().routes(routes!(export)).merge(import)
}

/// Everything of the caller's, as one JSON document (docs/API.md, "Export document"): the account,
/// every project they are a member of with its members, tasks, reminders and completions, and
/// their notifications. Streamed; no password hash or token is in it.
#[utoipa::path(get, operation_id = "export_account", path = "/users/me/export", tag = "users", security(("bearer" = [])),
    responses((status = 200, description = "The export document, as an attachment", content_type = "application/json", body = Object,
        headers(("content-disposition" = String, description = "attachment; filename=\"tasktracker-export-YYYY-MM-DD.json\"")))))]
async fn export(State(state): State<AppState>, who: Caller) -> Result<Response> {
    let (at, stream) = state.exports.export(who.user_id).await?;
    let disposition = format!("attachment; filename=\"tasktracker-export-{}.json\"", at.format("%Y-%m-%d"));
    Ok((
        [(header::CONTENT_TYPE, "application/json".to_owned()), (header::CONTENT_DISPOSITION, disposition)],
        Body::from_stream(stream),
    )
        .into_response())
}

#[derive(Serialize, ToSchema)]
pub struct ImportCounts {
    /// Projects created (the exported inbox's tasks go into the caller's inbox and are not one).
    projects: usize,
    tasks: usize,
}

/// Recreates an export document in the caller's account with new ids: the inbox's tasks in
/// their inbox, every other project as a new one of theirs (members are not imported). The whole
/// document is checked first: any invalid value is a 422 naming its path and imports nothing.
#[utoipa::path(post, operation_id = "import_account", path = "/users/me/import", tag = "users", security(("bearer" = [])),
    request_body(content = Object, description = "An export document", content_type = "application/json"),
    responses((status = 201, description = "What was created", body = ImportCounts)))]
async fn import(
    State(state): State<AppState>,
    who: Authenticated,
    request: Request,
) -> Result<impl IntoResponse> {
    let is_json = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|mime| mime.trim().eq_ignore_ascii_case("application/json"));
    if !is_json {
        return Err(Error::UnsupportedMediaType);
    }
    let limit = state.exports.max_bytes();
    let declared =
        request.headers().get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()?.parse::<usize>().ok());
    if declared.is_some_and(|length| length > limit) {
        return Err(Error::PayloadTooLarge);
    }
    // Past the limit, or a body cut off: either way it is not a document to read.
    let body = to_bytes(request.into_body(), limit).await.map_err(|_| Error::PayloadTooLarge)?;
    let imported = state.exports.import(who.user_id, &body).await?;
    Ok((StatusCode::CREATED, Json(ImportCounts { projects: imported.projects, tasks: imported.tasks })))
}
