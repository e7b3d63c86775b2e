//! Password reset by email: a request mails a single-use link, its confirmation sets a new
//! password and ends every session of the account.
//!
//! A request does the same work whatever the email: the same counters, the same user lookup, the
//! same token-store write (a token of no account for an unknown email) and the same outbox
//! statement (which inserts nothing without an account). On top, every answer waits until
//! `RESPONSE_FLOOR` after the request began, so that what differs (a row written or not) does not
//! show in the time either.

use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::RngCore;
use tokio::sync::Notify;

use crate::auth::AuthService;
use crate::domain::{Email, Password, time};
use crate::error::{Error, Result};
use crate::limits::{Limit, Limits, hashed_key, hex_sha256};
use crate::store::{AccountEmailContent, Store};
use crate::tokens::TokenStore;

/// How long requests are counted for the limits.
const REQUEST_WINDOW: Duration = Duration::from_secs(15 * 60);
/// The per-client-address limit is this many times the per-email one, as for logins.
const CLIENT_LIMIT_FACTOR: u64 = 10;
/// The least time a request takes to answer, whatever the email.
const RESPONSE_FLOOR: Duration = Duration::from_millis(200);
const REFUSED: &str = "this reset link is invalid, used or expired; ask for a new one";

#[derive(Debug, Clone)]
pub struct ResetSettings {
    /// Whether SMTP is configured: without it there is no way to deliver a link.
    pub email_enabled: bool,
    /// Where the link points, without a trailing slash.
    pub public_url: String,
    /// How long a link works.
    pub token_ttl: Duration,
    /// Requests per email per window (per client address: 10× that).
    pub max_requests: u64,
}

pub struct PasswordReset {
    store: Arc<dyn Store>,
    tokens: Arc<dyn TokenStore>,
    auth: Arc<AuthService>,
    limits: Limits,
    /// Nudges this process's worker, which sends the email.
    wake: Arc<Notify>,
    settings: ResetSettings,
}

impl PasswordReset {
    pub fn new(
        store: Arc<dyn Store>,
        tokens: Arc<dyn TokenStore>,
        auth: Arc<AuthService>,
        wake: Arc<Notify>,
        settings: ResetSettings,
    ) -> Self {
        let limits = Limits::new(tokens.clone());
        Self { store, tokens, auth, limits, wake, settings }
    }

    pub fn email_enabled(&self) -> bool {
        self.settings.email_enabled
    }

    /// Mails a reset link to `email` if it belongs to an account; answers alike either way.
    pub async fn request(&self, email: &Email, client: IpAddr) -> Result<()> {
        if !self.settings.email_enabled {
            return Err(Error::Unavailable("email (SMTP_URL is not set)"));
        }
        let floor = tokio::time::Instant::now() + RESPONSE_FLOOR;
        let outcome = self.mail_link(email, client).await;
        tokio::time::sleep_until(floor).await;
        outcome
    }

    async fn mail_link(&self, email: &Email, client: IpAddr) -> Result<()> {
        let email_key = hashed_key("reset_email", email.as_str());
        let max = self.settings.max_requests;
        let limits = [
            Limit { key: email_key.clone(), max },
            Limit { key: format!("reset_client:{client}"), max: max * CLIENT_LIMIT_FACTOR },
        ];
        self.limits.count(&limits, REQUEST_WINDOW).await?;

        let user = self.store.credentials_by_email(email).await?.map(|c| c.user_id);
        let token = random_token();
        let ttl = self.settings.token_ttl;
        // The email's slot: a newer request for the same email replaces this token.
        self.tokens.put_password_reset(&email_key, &hex_sha256(&token), user, ttl).await?;
        let now = time::now();
        let content = self.email(&token);
        self.store.queue_account_email(user, &content, now, now + ttl).await?;
        self.wake.notify_one();
        Ok(())
    }

    fn email(&self, token: &str) -> AccountEmailContent {
        let link = format!("{}/reset-password#token={token}", self.settings.public_url);
        let minutes = self.settings.token_ttl.as_secs().div_ceil(60);
        AccountEmailContent {
            subject: "Reset your Task Tracker password".to_owned(),
            body: format!(
                "Someone (we hope you) asked to reset the password of your Task Tracker account.\n\n\
                 To choose a new password, open this link within {minutes} minutes:\n\n{link}\n\n\
                 It works once. If you did not ask for it, ignore this email: your password stays as it is.\n"
            ),
        }
    }

    /// Spends the token on `new_password` and ends every session of its account.
    pub async fn confirm(&self, token: &str, new_password: &Password) -> Result<()> {
        let refused = || Error::BadRequest(REFUSED.to_owned());
        let user = self.tokens.claim_password_reset(&hex_sha256(token)).await?.ok_or_else(refused)?;
        let hash = self.auth.hash_password(new_password).await?;
        if !self.store.set_password_hash(user, &hash).await? {
            return Err(refused());
        }
        self.auth.end_sessions(user, None).await?;
        // Whoever holds the mailbox owns the account: guesses made meanwhile no longer lock it.
        if let Some(user) = self.store.user(user).await? {
            self.auth.clear_login_limit(&user.email).await?;
        }
        Ok(())
    }
}

/// 32 random bytes (256 bits), URL-safe.
fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}
