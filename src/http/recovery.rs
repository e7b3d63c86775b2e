//! What the server offers (`/server`), and password reset by email.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::AppState;
use super::auth::NO_STORE;
use super::extract::{ClientIp, JsonBody};
use super::validate::Fields;
use crate::domain::{Email, Password};
use crate::error::{Error, Result};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(server)).routes(routes!(request_reset)).routes(routes!(confirm_reset))
}

#[derive(Serialize, ToSchema)]
pub struct ServerInfo {
    /// The server's version.
    #[schema(example = "0.1.0")]
    version: &'static str,
    /// Whether the server sends email (`SMTP_URL` is set): password reset works only then.
    email_enabled: bool,
}

/// What this server is and offers; no authentication.
#[utoipa::path(get, path = "/server", tag = "server",
    responses((status = 200, description = "The server's version and features", body = ServerInfo)))]
async fn server(State(state): State<AppState>) -> Json<ServerInfo> {
    Json(ServerInfo {
        version: env!("CARGO_PKG_VERSION"),
        email_enabled: state.password_reset.email_enabled(),
    })
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ResetRequest {
    #[schema(example = "me@example.com")]
    email: String,
}

/// Mails a password-reset link if the email belongs to an account. The same answer, in the same
/// time, either way.
#[utoipa::path(post, path = "/auth/password-reset", tag = "auth", request_body = ResetRequest,
    responses((status = 202, description = "If an account has this email, a link is on its way")))]
async fn request_reset(
    State(state): State<AppState>,
    ClientIp(client): ClientIp,
    JsonBody(body): JsonBody<ResetRequest>,
) -> Result<StatusCode> {
    let mut fields = Fields::default();
    let email = fields.check("email", Email::parse(&body.email));
    let email = fields.finish(email)?;
    state.password_reset.request(&email, client).await?;
    Ok(StatusCode::ACCEPTED)
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ResetConfirmation {
    /// The `token` of the emailed link.
    token: String,
    /// 8 to 72 bytes.
    #[schema(example = "a long password")]
    new_password: String,
}

/// Sets a new password with an emailed token, and ends every session of the account.
#[utoipa::path(post, path = "/auth/password-reset/confirm", tag = "auth", request_body = ResetConfirmation,
    responses((status = 204, description = "The password is changed; log in with it")))]
async fn confirm_reset(
    State(state): State<AppState>,
    JsonBody(body): JsonBody<ResetConfirmation>,
) -> Result<impl IntoResponse> {
    if body.token.trim().is_empty() {
        return Err(Error::BadRequest("the reset token is missing".to_owned()));
    }
    // Checked before the token is spent, so a refused password leaves the link usable.
    let mut fields = Fields::default();
    let new_password = fields.check("new_password", Password::parse(body.new_password));
    let new_password = fields.finish(new_password)?;
    state.password_reset.confirm(&body.token, &new_password).await?;
    Ok((StatusCode::NO_CONTENT, NO_STORE))
}
