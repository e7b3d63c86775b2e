//! The auth flows of the contract: login (with failure limits), refresh rotation with reuse
//! detection, logout, logout everywhere; and the password and session checks that `accounts` uses.

use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::RngCore;
use sha2::{Digest, Sha256};

use super::api_tokens::{ApiTokens, VerifiedApiToken, is_api_token};
use super::{JwtKeys, PasswordHasher};
use crate::domain::{Access, Email, Password, UserId, scope_for, time};
use crate::error::{Error, Result};
use crate::store::Store;
use crate::tokens::{RefreshRecord, TokenStore};

/// How long failed logins are remembered for the limit.
const LOGIN_FAILURE_WINDOW: Duration = Duration::from_secs(15 * 60);
/// The per-client-address limit is this many times the per-email one.
const CLIENT_LIMIT_FACTOR: u64 = 10;
const BAD_CREDENTIALS: &str = "invalid email or password";
pub(crate) const API_TOKEN_REFUSED_HERE: &str = "API tokens are not accepted on this route; log in";

#[derive(Debug, Clone)]
pub struct AuthSettings {
    pub access_ttl: Duration,
    pub refresh_ttl: Duration,
    pub refresh_reuse_grace: Duration,
    pub login_max_failures: u64,
}

/// A freshly issued access token and refresh token.
#[derive(Debug)]
pub struct IssuedTokens {
    pub access_token: String,
    pub expires_in: u64,
    pub refresh_token: String,
    pub refresh_ttl: Duration,
}

/// Who an authenticated request comes from.
#[derive(Debug, Clone)]
pub struct Authenticated {
    pub user_id: UserId,
    pub session_id: String,
    pub jti: String,
    pub expires_at: i64,
}

/// Who a request on a resource route comes from: a session's access token, or an API token that
/// holds the scope the route needs.
#[derive(Debug, Clone)]
pub struct Caller {
    pub user_id: UserId,
    pub via: Via,
}

#[derive(Debug, Clone)]
pub enum Via {
    Session(Authenticated),
    ApiToken(VerifiedApiToken),
}

pub struct AuthService {
    store: Arc<dyn Store>,
    tokens: Arc<dyn TokenStore>,
    jwt: JwtKeys,
    hasher: PasswordHasher,
    settings: AuthSettings,
    pub api_tokens: ApiTokens,
}

impl AuthService {
    pub fn new(
        store: Arc<dyn Store>,
        tokens: Arc<dyn TokenStore>,
        jwt: JwtKeys,
        hasher: PasswordHasher,
        settings: AuthSettings,
    ) -> Self {
        let api_tokens = ApiTokens::new(store.clone(), tokens.clone());
        Self { store, tokens, jwt, hasher, settings, api_tokens }
    }

    /// Hashes a new password (on bcrypt's own threads).
    pub async fn hash_password(&self, password: &Password) -> Result<String> {
        self.hasher.hash(password).await
    }

    pub async fn login(&self, email: &str, password: &str, client: IpAddr) -> Result<IssuedTokens> {
        // An email that cannot parse cannot be registered: it is checked and counted like any
        // unknown one, so the answer says nothing about which part was wrong.
        let keys = login_limit_keys(&email.trim().to_lowercase(), client);
        let email = Email::parse(email).ok();
        self.refuse_while_locked(&keys).await?;

        let credentials = match &email {
            Some(email) => self.store.credentials_by_email(email).await?,
            None => None,
        };
        let hash = credentials.as_ref().map(|c| c.password_hash.as_str());
        let matched = self.hasher.verify(password, hash).await?;
        let Some(credentials) = credentials.filter(|_| matched) else {
            self.tokens.record_login_failure(&keys, LOGIN_FAILURE_WINDOW).await?;
            return Err(Error::Unauthorized(BAD_CREDENTIALS));
        };

        self.tokens.clear_login_failures(&keys[0]).await?;
        let session_id = random_id();
        self.tokens.start_session(credentials.user_id, &session_id, self.settings.refresh_ttl).await?;
        self.issue(credentials.user_id, &session_id).await
    }

    /// Rotates a refresh token: each works once. A token presented again after its rotation is
    /// treated as stolen and ends its whole session — unless it comes within the grace period,
    /// which is two tabs refreshing at once, and then it too gets a fresh pair.
    pub async fn refresh(&self, refresh_token: &str) -> Result<IssuedTokens> {
        const REFUSED: &str = "refresh token is invalid or expired";
        let token_hash = hash_token(refresh_token);
        let record = self.tokens.refresh(&token_hash).await?.ok_or(Error::Unauthorized(REFUSED))?;
        if !self.tokens.session_alive(&record.session_id).await? {
            return Err(Error::Unauthorized(REFUSED));
        }
        let now = time::now().timestamp();
        let remaining = Duration::from_secs((record.expires_at - now).max(1) as u64);
        if let Some(rotated_at) = self.tokens.claim_rotation(&token_hash, now, remaining).await? {
            let grace = self.settings.refresh_reuse_grace.as_secs() as i64;
            if now - rotated_at > grace {
                tracing::warn!(
                    user_id = record.user_id,
                    "rotated refresh token reused; revoking its session"
                );
                self.tokens.revoke_session(record.user_id, &record.session_id).await?;
                return Err(Error::Unauthorized(REFUSED));
            }
        }
        self.issue(record.user_id, &record.session_id).await
    }

    /// The caller of a resource route (its template as the router matched it): the one place that
    /// tells a session's JWT from an API token, and holds an API token to its scopes.
    pub async fn caller(&self, bearer: &str, route: &str, access: Access) -> Result<Caller> {
        if !is_api_token(bearer) {
            let session = self.authenticate(bearer).await?;
            return Ok(Caller { user_id: session.user_id, via: Via::Session(session) });
        }
        let token = self.api_tokens.verify(bearer).await?;
        let needed = scope_for(route, access).ok_or(Error::Forbidden(API_TOKEN_REFUSED_HERE))?;
        if !token.scopes.allows(needed) {
            return Err(Error::Forbidden("this API token's scopes do not include this route"));
        }
        Ok(Caller { user_id: token.user_id, via: Via::ApiToken(token) })
    }

    /// Checks a bearer access token: signature, algorithm, expiry, type, denylist and session.
    /// An API token is refused (403): the routes that take only this are account and auth routes.
    pub async fn authenticate(&self, access_token: &str) -> Result<Authenticated> {
        const REFUSED: &str = "access token is invalid, expired or revoked";
        if is_api_token(access_token) {
            return Err(Error::Forbidden(API_TOKEN_REFUSED_HERE));
        }
        let claims = self.jwt.verify(access_token).ok_or(Error::Unauthorized(REFUSED))?;
        let status = self.tokens.access_status(&claims.jti, &claims.sid).await?;
        let user_id = claims.user_id().ok_or(Error::Unauthorized(REFUSED))?;
        if status.denied || !status.session_alive {
            return Err(Error::Unauthorized(REFUSED));
        }
        Ok(Authenticated { user_id, session_id: claims.sid, jti: claims.jti, expires_at: claims.exp })
    }

    /// Ends the session named by either token; either one alone is enough.
    pub async fn logout(&self, access_token: Option<&str>, refresh_token: Option<&str>) -> Result<()> {
        let mut ended = false;
        if let Some(token) = access_token {
            match self.authenticate(token).await {
                Ok(who) => {
                    let remaining = (who.expires_at - time::now().timestamp()).max(1) as u64;
                    self.tokens.deny_access(&who.jti, Duration::from_secs(remaining)).await?;
                    self.tokens.revoke_session(who.user_id, &who.session_id).await?;
                    ended = true;
                }
                Err(Error::Unauthorized(_)) => {}
                Err(other) => return Err(other),
            }
        }
        if let Some(token) = refresh_token {
            let token_hash = hash_token(token);
            if let Some(record) = self.tokens.refresh(&token_hash).await? {
                // The stored record is the allow-list entry; removing it is what denies the token.
                self.tokens.drop_refresh(&token_hash).await?;
                ended |= self.tokens.session_alive(&record.session_id).await?;
                self.tokens.revoke_session(record.user_id, &record.session_id).await?;
            }
        }
        if ended { Ok(()) } else { Err(Error::Unauthorized("no valid access or refresh token")) }
    }

    /// Refuses every API token of the user at once (their account is about to go).
    pub async fn refuse_api_tokens(&self, user: UserId) -> Result<()> {
        self.api_tokens.refuse_all(user).await
    }

    pub async fn logout_everywhere(&self, who: &Authenticated) -> Result<()> {
        self.tokens.revoke_sessions(who.user_id, None).await?;
        Ok(())
    }

    /// Ends every session of `user` except `keep`.
    pub async fn end_sessions(&self, user: UserId, keep: Option<&str>) -> Result<()> {
        self.tokens.revoke_sessions(user, keep).await?;
        Ok(())
    }

    /// `Unauthorized(refusal)` unless `candidate` is the user's password.
    pub async fn check_password(&self, user: UserId, candidate: &str, refusal: &'static str) -> Result<()> {
        let hash = self.store.password_hash(user).await?;
        if self.hasher.verify(candidate, hash.as_deref()).await? {
            Ok(())
        } else {
            Err(Error::Unauthorized(refusal))
        }
    }

    async fn issue(&self, user: UserId, session_id: &str) -> Result<IssuedTokens> {
        let now = time::now().timestamp();
        let access_ttl = self.settings.access_ttl.as_secs();
        let access_token = self.jwt.sign(user, session_id, &random_id(), now, now + access_ttl as i64)?;
        let refresh_token = random_token();
        let refresh_ttl = self.settings.refresh_ttl;
        let record = RefreshRecord {
            user_id: user,
            session_id: session_id.to_owned(),
            expires_at: now + refresh_ttl.as_secs() as i64,
        };
        self.tokens.put_refresh(&hash_token(&refresh_token), &record, refresh_ttl).await?;
        Ok(IssuedTokens { access_token, expires_in: access_ttl, refresh_token, refresh_ttl })
    }

    /// `check_password` under the login limits: a wrong password counts as a failed login of the
    /// account's email and of `client`, and past either limit the answer is 429 even for the right
    /// password, as at login. So a stolen access token cannot guess the password without end.
    pub async fn check_password_limited(
        &self,
        user: UserId,
        candidate: &str,
        client: IpAddr,
        refusal: &'static str,
    ) -> Result<()> {
        let account = self.store.user(user).await?.ok_or(Error::Unauthorized("user no longer exists"))?;
        let keys = login_limit_keys(&account.email, client);
        self.refuse_while_locked(&keys).await?;
        match self.check_password(user, candidate, refusal).await {
            Ok(()) => Ok(self.tokens.clear_login_failures(&keys[0]).await?),
            Err(Error::Unauthorized(message)) => {
                self.tokens.record_login_failure(&keys, LOGIN_FAILURE_WINDOW).await?;
                Err(Error::Unauthorized(message))
            }
            Err(other) => Err(other),
        }
    }

    /// 429 while either counter of `keys` (`login_limit_keys`) is at its limit, until the later
    /// of the two windows ends.
    async fn refuse_while_locked(&self, keys: &[String; 2]) -> Result<()> {
        let limits =
            [self.settings.login_max_failures, self.settings.login_max_failures * CLIENT_LIMIT_FACTOR];
        let counts = self.tokens.login_failures(keys).await?;
        let locked = counts.iter().zip(limits).filter(|((count, _), limit)| count >= limit);
        match locked.map(|((_, ttl), _)| *ttl).max() {
            Some(retry_after) => Err(Error::RateLimited { retry_after }),
            None => Ok(()),
        }
    }

    /// Forgets the failed logins of `email` (its owner has just proven it, by a reset link).
    pub async fn clear_login_limit(&self, email: &str) -> Result<()> {
        Ok(self.tokens.clear_login_failures(&login_email_key(email)).await?)
    }
}

/// The failed-password counters an attempt counts against: its email's, then its client's (with
/// `CLIENT_LIMIT_FACTOR` times the limit). A success clears the first only.
fn login_limit_keys(email: &str, client: IpAddr) -> [String; 2] {
    [login_email_key(email), format!("client:{client}")]
}

/// Failure counters are keyed by a hash of the email, so the token store holds no addresses.
fn login_email_key(email: &str) -> String {
    format!("email:{}", hex(&Sha256::digest(email.as_bytes())))
}

/// Refresh tokens are stored only as their SHA-256: a leak of the store does not leak sessions.
pub(super) fn hash_token(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

pub(super) fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

fn random_id() -> String {
    uuid::Uuid::new_v4().simple().to_string()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
