//! The accounts service: the user record — sign-up, the profile, password change and deletion —
//! and the effects of each write. Credentials and sessions themselves are `auth`'s.

use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::body::Bytes;

use crate::auth::{AuthService, Authenticated};
use crate::cache::{self, Entry, ReadCache};
use crate::domain::{Email, Password, TimeZone, User, UserId, time};
use crate::effects::{Change, Effects};
use crate::error::{Error, Result};
use crate::json;
use crate::limits::{Limit, Limits};
use crate::store::{Store, StoreError};

pub struct Accounts {
    store: Arc<dyn Store>,
    auth: Arc<AuthService>,
    cache: Option<ReadCache>,
    effects: Effects,
    /// Sign-ups per client address per hour, and where they are counted.
    register_limit: Option<(Limits, u64)>,
}

/// How long sign-ups are counted per client address.
const REGISTER_WINDOW: Duration = Duration::from_secs(3600);

impl Accounts {
    pub fn new(
        store: Arc<dyn Store>,
        auth: Arc<AuthService>,
        cache: Option<ReadCache>,
        effects: Effects,
    ) -> Self {
        Self { store, auth, cache, effects, register_limit: None }
    }

    /// Limits sign-ups to `max` per client address per hour: each costs a bcrypt hash, so an
    /// unthrottled loop would take the CPU.
    pub fn with_register_limit(self, limits: Limits, max: u64) -> Self {
        Self { register_limit: Some((limits, max)), ..self }
    }

    pub async fn register(
        &self,
        email: &Email,
        password: &Password,
        time_zone: TimeZone,
        client: IpAddr,
    ) -> Result<User> {
        if let Some((limits, max)) = &self.register_limit {
            let limit = Limit { key: format!("register_client:{client}"), max: *max };
            limits.count(&[limit], REGISTER_WINDOW).await?;
        }
        let hash = self.auth.hash_password(password).await?;
        match self.store.create_user(email, &hash, time_zone, time::now()).await {
            Err(StoreError::Conflict) => Err(Error::Conflict("email already registered")),
            other => Ok(other?),
        }
    }

    /// The user's profile as JSON.
    pub async fn profile_json(&self, user: UserId) -> Result<Bytes> {
        cache::read_through(self.cache.as_ref(), user, Some(Entry::Profile), async {
            let profile = self.store.user(user).await?.ok_or(Error::Unauthorized("user no longer exists"))?;
            json::to_bytes(&profile, 128)
        })
        .await
    }

    /// Changes the user's zone; their existing tasks keep theirs.
    pub async fn set_time_zone(&self, user: UserId, time_zone: TimeZone) -> Result<User> {
        let user = self
            .store
            .set_user_time_zone(user, time_zone)
            .await?
            .ok_or(Error::Unauthorized("user no longer exists"))?;
        self.effects.committed(Change::ProfileChanged { user: user.id }).await;
        Ok(user)
    }

    /// Changes the password, and ends every other session.
    pub async fn change_password(
        &self,
        who: &Authenticated,
        current: &str,
        new: &Password,
        client: IpAddr,
    ) -> Result<()> {
        self.auth.check_password_limited(who.user_id, current, client, "current password is wrong").await?;
        let hash = self.auth.hash_password(new).await?;
        if !self.store.set_password_hash(who.user_id, &hash).await? {
            return Err(Error::Unauthorized("user no longer exists"));
        }
        self.auth.end_sessions(who.user_id, Some(&who.session_id)).await
    }

    /// Deletes the account and, by cascade, everything it owns; ends every session.
    pub async fn delete(&self, who: &Authenticated, password: &str, client: IpAddr) -> Result<()> {
        self.auth.check_password_limited(who.user_id, password, client, "password is wrong").await?;
        // Sessions go first: if the deletion then fails, the user logs in again, but a deleted
        // account never keeps a working token.
        self.auth.end_sessions(who.user_id, None).await?;
        self.auth.refuse_api_tokens(who.user_id).await?;
        // Who shared a project with them sees tasks change (`created_by`, assignees, projects gone).
        let others = self.store.co_members(who.user_id).await?;
        self.store.delete_user(who.user_id).await?;
        self.effects.committed(Change::AccountDeleted { user: who.user_id, others }).await;
        Ok(())
    }
}
