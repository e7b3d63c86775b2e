//! Authentication: password hashing, JWT access tokens, rotating refresh tokens and sessions.

mod jwt;
mod password;
mod service;

pub use jwt::{AccessClaims, JwtKeys};
pub use password::PasswordHasher;
pub use service::{AuthService, AuthSettings, Authenticated, IssuedTokens};
