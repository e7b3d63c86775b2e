//! Authentication: password hashing, JWT access tokens, rotating refresh tokens and sessions, and
//! scoped API tokens for scripts.

mod api_tokens;
mod jwt;
mod password;
mod service;

pub use api_tokens::{API_TOKEN_PREFIX, ApiTokens, CreatedApiToken, VerifiedApiToken, is_api_token};
pub use jwt::{AccessClaims, JwtKeys};
pub use password::PasswordHasher;
pub(crate) use service::API_TOKEN_REFUSED_HERE;
pub use service::{AuthService, AuthSettings, Authenticated, Caller, IssuedTokens, Via};
