//! API tokens: made, listed and revoked by their owner, and checked on every request that presents
//! one. The database holds each token (only the SHA-256 of its secret); the token store, shared by
//! every server, holds refusals and recently read grants, so that a check costs one token-store round
//! trip like a JWT's, and a revocation is refused on every server at once.

use std::sync::Arc;
use std::time::Duration;

use super::service::{hash_token, random_token};
use crate::domain::{ApiToken, ApiTokenGrant, ApiTokenId, ApiTokenName, Scopes, TokenLifetime, UserId, time};
use crate::error::{Error, Result};
use crate::store::Store;
use crate::tokens::{ApiTokenState, TokenStore};

/// Every API token starts so, which is how a bearer token is told apart from a JWT.
pub const API_TOKEN_PREFIX: &str = "tt_";
/// How long a grant read from the database is trusted from the token store.
const GRANT_CACHE_TTL: Duration = Duration::from_secs(60);
/// How long a revoked token is refused by the token store alone: longer than a cached grant lives,
/// so that a grant cached from a read just before the revocation cannot outlive the refusal.
const REFUSAL_TTL: Duration = Duration::from_secs(10 * 60);
/// `last_used_at` is written at most this often per token (the contract allows a minute of lag).
const LAST_USED_EVERY_SECS: i64 = 60;
const REFUSED: &str = "API token is invalid, expired or revoked";

/// A token just made: its record, and its secret, shown this once.
#[derive(Debug)]
pub struct CreatedApiToken {
    pub token: ApiToken,
    pub secret: String,
}

/// The token of an authenticated request, and what it may do.
#[derive(Debug, Clone)]
pub struct VerifiedApiToken {
    pub id: ApiTokenId,
    pub user_id: UserId,
    pub scopes: Scopes,
    /// The SHA-256 of its secret, to check it again.
    hash: String,
}

pub struct ApiTokens {
    store: Arc<dyn Store>,
    tokens: Arc<dyn TokenStore>,
}

impl ApiTokens {
    pub fn new(store: Arc<dyn Store>, tokens: Arc<dyn TokenStore>) -> Self {
        Self { store, tokens }
    }

    pub async fn create(
        &self,
        user: UserId,
        name: &ApiTokenName,
        scopes: &Scopes,
        lifetime: Option<TokenLifetime>,
    ) -> Result<CreatedApiToken> {
        let secret = format!("{API_TOKEN_PREFIX}{}", random_token());
        let now = time::truncate(time::now());
        let expires_at = lifetime.map(|days| days.ends(now));
        let token =
            self.store.create_api_token(user, name, &hash_token(&secret), scopes, now, expires_at).await?;
        Ok(CreatedApiToken { token, secret })
    }

    pub async fn list(&self, user: UserId) -> Result<Vec<ApiToken>> {
        Ok(self.store.api_tokens(user).await?)
    }

    /// Deletes the token and refuses it on every server; `NotFound` when the user has no such token.
    pub async fn revoke(&self, user: UserId, id: ApiTokenId) -> Result<()> {
        let hash = self.store.delete_api_token(user, id).await?.ok_or(Error::NotFound)?;
        self.tokens.refuse_api_tokens(&[hash], REFUSAL_TTL).await?;
        Ok(())
    }

    /// Refuses every token of the user at once, before their account (and so the tokens' rows) goes.
    pub async fn refuse_all(&self, user: UserId) -> Result<()> {
        let hashes = self.store.api_token_hashes(user).await?;
        self.tokens.refuse_api_tokens(&hashes, REFUSAL_TTL).await?;
        Ok(())
    }

    /// Checks a presented `tt_…` token: known, not revoked, not expired. Records its use about once
    /// a minute, not on every request.
    pub async fn verify(&self, secret: &str) -> Result<VerifiedApiToken> {
        let hash = hash_token(secret);
        let grant = self.grant(&hash).await?.ok_or(Error::Unauthorized(REFUSED))?;
        let now = time::now().timestamp();
        if grant.last_used_at.is_none_or(|used| now - used >= LAST_USED_EVERY_SECS) {
            self.record_use(&hash, &grant).await?;
        }
        Ok(VerifiedApiToken {
            id: grant.id,
            user_id: grant.user_id,
            scopes: Scopes::from_stored(&grant.scopes),
            hash,
        })
    }

    /// Whether the token still stands (long-lived streams check again as they run).
    pub async fn still_valid(&self, token: &VerifiedApiToken) -> Result<bool> {
        Ok(self.grant(&token.hash).await?.is_some())
    }

    /// The live grant of the token with this hash: not refused, known, not expired.
    async fn grant(&self, hash: &str) -> Result<Option<ApiTokenGrant>> {
        let grant = match self.tokens.api_token(hash).await? {
            ApiTokenState::Refused => return Ok(None),
            ApiTokenState::Cached(grant) => grant,
            ApiTokenState::Unknown => {
                let Some(grant) = self.store.api_token_grant(hash).await? else { return Ok(None) };
                self.tokens.cache_api_token(hash, &grant, GRANT_CACHE_TTL).await?;
                grant
            }
        };
        let now = time::now().timestamp();
        Ok(grant.expires_at.is_none_or(|expires_at| expires_at > now).then_some(grant))
    }

    /// Writes the use to the database and to the cached grant, so the next minute's uses need not.
    async fn record_use(&self, hash: &str, grant: &ApiTokenGrant) -> Result<()> {
        let now = time::truncate(time::now());
        self.store.touch_api_token(grant.id, now).await?;
        let used = ApiTokenGrant { last_used_at: Some(now.timestamp()), ..grant.clone() };
        self.tokens.cache_api_token(hash, &used, GRANT_CACHE_TTL).await?;
        Ok(())
    }
}

/// Whether a bearer token is an API token rather than a JWT.
pub fn is_api_token(bearer: &str) -> bool {
    bearer.starts_with(API_TOKEN_PREFIX)
}
