//! `/users/me/api-tokens`: the caller's API tokens for scripts. Account routes: a session only.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::AppState;
use super::extract::JsonBody;
use super::validate::Fields;
use crate::auth::Authenticated;
use crate::domain::{ApiToken, ApiTokenId, ApiTokenName, Scope, Scopes, TokenLifetime};
use crate::error::{Error, Result};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list, create)).routes(routes!(revoke))
}

#[derive(Serialize, ToSchema)]
pub struct ApiTokenList {
    items: Vec<ApiToken>,
}

/// The caller's API tokens, newest first (never their secrets).
#[utoipa::path(get, operation_id = "list_api_tokens", path = "/users/me/api-tokens", tag = "api tokens", security(("bearer" = [])),
    responses((status = 200, description = "The caller's API tokens", body = ApiTokenList)))]
async fn list(State(state): State<AppState>, who: Authenticated) -> Result<Json<ApiTokenList>> {
    Ok(Json(ApiTokenList { items: state.auth.api_tokens.list(who.user_id).await? }))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewApiToken {
    /// 1 to 100 characters after trimming.
    #[schema(min_length = 1, max_length = 100, example = "backup script")]
    name: String,
    /// At least one; a `:write` scope includes its `:read`.
    #[schema(value_type = Vec<Scope>, min_items = 1)]
    scopes: Vec<String>,
    /// 1 to 3650; without it the token does not expire.
    #[serde(default)]
    #[schema(minimum = 1, maximum = 3650)]
    expires_in_days: Option<i64>,
}

/// A token just made: its record and its secret, which is shown only this once.
#[derive(Serialize, ToSchema)]
pub struct CreatedApiToken {
    #[serde(flatten)]
    record: ApiToken,
    /// `tt_…`, shown only this once: send it as `Authorization: Bearer tt_…`.
    token: String,
}

/// Makes an API token with the given scopes. Its secret is in this answer and nowhere else.
#[utoipa::path(post, operation_id = "create_api_token", path = "/users/me/api-tokens", tag = "api tokens", security(("bearer" = [])), request_body = NewApiToken,
    responses((status = 201, description = "The token, with its secret (`token`) shown this once", body = CreatedApiToken)))]
async fn create(
    State(state): State<AppState>,
    who: Authenticated,
    JsonBody(body): JsonBody<NewApiToken>,
) -> Result<Response> {
    let mut fields = Fields::default();
    let name = fields.check("name", ApiTokenName::parse(&body.name));
    let scopes = fields.check("scopes", Scopes::parse(&body.scopes));
    let lifetime = match body.expires_in_days {
        None => Some(None),
        Some(days) => fields.check("expires_in_days", TokenLifetime::parse(days)).map(Some),
    };
    let ((name, scopes), lifetime) = fields.finish(name.zip(scopes).zip(lifetime))?;
    let created = state.auth.api_tokens.create(who.user_id, &name, &scopes, lifetime).await?;
    let mut response =
        (StatusCode::CREATED, Json(CreatedApiToken { record: created.token, token: created.secret }))
            .into_response();
    // The secret must not sit in any cache (RFC 6749 §5.1's rule for token responses).
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}

/// Revokes the token: refused at once, on every server.
#[utoipa::path(delete, operation_id = "revoke_api_token", path = "/users/me/api-tokens/{id}", tag = "api tokens", security(("bearer" = [])),
    params(("id" = i64, Path, description = "The token's id")),
    responses((status = 204, description = "Revoked"), (status = 404, description = "The caller has no such token")))]
async fn revoke(
    State(state): State<AppState>,
    who: Authenticated,
    Path(id): Path<String>,
) -> Result<StatusCode> {
    let id: ApiTokenId = id.parse().map_err(|_| Error::NotFound)?;
    state.auth.api_tokens.revoke(who.user_id, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
