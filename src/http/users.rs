use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, put};
use axum::{Json, Router};
use serde::Deserialize;

use super::AppState;
use super::extract::JsonBody;
use crate::auth::Authenticated;
use crate::domain::{Password, User};
use crate::error::{Error, Result};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/users/me", get(me).delete(delete_me))
        .route("/users/me/password", put(change_password))
}

async fn me(State(state): State<AppState>, who: Authenticated) -> Result<Json<User>> {
    let user = state.store.user(who.user_id).await?.ok_or(Error::Unauthorized("user no longer exists"))?;
    Ok(Json(user))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PasswordChange {
    current_password: String,
    new_password: String,
}

async fn change_password(
    State(state): State<AppState>,
    who: Authenticated,
    JsonBody(body): JsonBody<PasswordChange>,
) -> Result<StatusCode> {
    let new_password = Password::parse(body.new_password).map_err(|e| Error::field("new_password", e))?;
    state.auth.change_password(&who, &body.current_password, &new_password).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AccountDeletion {
    password: String,
}

async fn delete_me(
    State(state): State<AppState>,
    who: Authenticated,
    JsonBody(body): JsonBody<AccountDeletion>,
) -> Result<StatusCode> {
    state.auth.delete_account(&who, &body.password).await?;
    Ok(StatusCode::NO_CONTENT)
}
