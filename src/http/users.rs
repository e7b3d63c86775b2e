use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::AppState;
use super::extract::JsonBody;
use super::respond::{cached, to_json};
use crate::auth::Authenticated;
use crate::cache::Entry;
use crate::domain::{Password, User};
use crate::error::{Error, Result};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(me, delete_me)).routes(routes!(change_password))
}

/// The logged-in user.
#[utoipa::path(get, operation_id = "get_me", path = "/users/me", tag = "users", security(("bearer" = [])),
    responses((status = 200, description = "The user", body = User)))]
async fn me(State(state): State<AppState>, who: Authenticated) -> Result<Response> {
    cached(state.cache.as_ref(), who.user_id, Some(Entry::Profile), async {
        let user =
            state.store.user(who.user_id).await?.ok_or(Error::Unauthorized("user no longer exists"))?;
        to_json(&user, 128)
    })
    .await
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PasswordChange {
    current_password: String,
    new_password: String,
}

/// Changes the password, and ends every other session.
#[utoipa::path(put, path = "/users/me/password", tag = "users", security(("bearer" = [])), request_body = PasswordChange,
    responses((status = 204, description = "Changed")))]
async fn change_password(
    State(state): State<AppState>,
    who: Authenticated,
    JsonBody(body): JsonBody<PasswordChange>,
) -> Result<StatusCode> {
    let new_password = Password::parse(body.new_password).map_err(|e| Error::field("new_password", e))?;
    state.auth.change_password(&who, &body.current_password, &new_password).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AccountDeletion {
    password: String,
}

/// Deletes the account with all its tasks and notifications, and ends every session.
#[utoipa::path(delete, operation_id = "delete_me", path = "/users/me", tag = "users", security(("bearer" = [])), request_body = AccountDeletion,
    responses((status = 204, description = "Deleted")))]
async fn delete_me(
    State(state): State<AppState>,
    who: Authenticated,
    JsonBody(body): JsonBody<AccountDeletion>,
) -> Result<StatusCode> {
    state.auth.delete_account(&who, &body.password).await?;
    state.invalidate_cache(who.user_id).await;
    Ok(StatusCode::NO_CONTENT)
}
