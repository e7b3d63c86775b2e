use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::AppState;
use super::extract::{ClientIp, JsonBody};
use super::respond::JsonBytes;
use super::validate::Fields;
use crate::auth::Authenticated;
use crate::domain::{Password, TimeZone, User};
use crate::error::Result;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(me, update_me, delete_me)).routes(routes!(change_password))
}

/// The logged-in user.
#[utoipa::path(get, operation_id = "get_me", path = "/users/me", tag = "users", security(("bearer" = [])),
    responses((status = 200, description = "The user", body = User)))]
async fn me(State(state): State<AppState>, who: Authenticated) -> Result<JsonBytes> {
    Ok(JsonBytes(state.accounts.profile_json(who.user_id).await?))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProfileChange {
    /// An IANA zone name. The user's existing tasks keep theirs.
    #[schema(example = "Europe/Berlin")]
    time_zone: String,
}

/// Changes the user's profile: their time zone.
#[utoipa::path(patch, operation_id = "update_me", path = "/users/me", tag = "users", security(("bearer" = [])), request_body = ProfileChange,
    responses((status = 200, description = "The user", body = User)))]
async fn update_me(
    State(state): State<AppState>,
    who: Authenticated,
    JsonBody(body): JsonBody<ProfileChange>,
) -> Result<Json<User>> {
    let mut fields = Fields::default();
    let zone = fields.check("time_zone", TimeZone::parse(&body.time_zone));
    let zone = fields.finish(zone)?;
    Ok(Json(state.accounts.set_time_zone(who.user_id, zone).await?))
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
    ClientIp(client): ClientIp,
    JsonBody(body): JsonBody<PasswordChange>,
) -> Result<StatusCode> {
    let mut fields = Fields::default();
    let new_password = fields.check("new_password", Password::parse(body.new_password));
    let new_password = fields.finish(new_password)?;
    state.accounts.change_password(&who, &body.current_password, &new_password, client).await?;
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
    ClientIp(client): ClientIp,
    JsonBody(body): JsonBody<AccountDeletion>,
) -> Result<StatusCode> {
    state.accounts.delete(&who, &body.password, client).await?;
    Ok(StatusCode::NO_CONTENT)
}
