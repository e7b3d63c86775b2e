use anyhow::Context;

use crate::domain::Password;

/// bcrypt hashing and verification on tokio's blocking pool: a cost-12 hash takes a quarter of a
/// second of CPU, which would otherwise stall every request sharing the async worker.
#[derive(Clone)]
pub struct PasswordHasher {
    cost: u32,
    /// Verified against when the email is unknown, so both login failures take the same time.
    dummy_hash: String,
}

impl PasswordHasher {
    pub async fn new(cost: u32) -> anyhow::Result<Self> {
        let dummy_hash = tokio::task::spawn_blocking(move || bcrypt::hash("not a real password", cost))
            .await?
            .context("hashing the dummy password")?;
        Ok(Self { cost, dummy_hash })
    }

    pub async fn hash(&self, password: &Password) -> anyhow::Result<String> {
        let password = password.expose().to_owned();
        let cost = self.cost;
        let span = tracing::info_span!("bcrypt_hash", cost);
        tokio::task::spawn_blocking(move || span.in_scope(|| bcrypt::hash(password, cost)))
            .await?
            .context("hashing a password")
    }

    /// Checks `candidate` against `hash`, or against the dummy hash when there is no user, so the
    /// answer takes as long either way. Candidates bcrypt would truncate never match.
    pub async fn verify(&self, candidate: &str, hash: Option<&str>) -> anyhow::Result<bool> {
        let fits = candidate.len() <= Password::MAX_BYTES;
        let candidate = candidate.as_bytes()[..candidate.len().min(Password::MAX_BYTES)].to_vec();
        let hash = hash.unwrap_or(&self.dummy_hash).to_owned();
        let real = hash != self.dummy_hash;
        let span = tracing::info_span!("bcrypt_verify");
        let matched = tokio::task::spawn_blocking(move || span.in_scope(|| bcrypt::verify(candidate, &hash)))
            .await?
            .context("verifying a password")?;
        Ok(matched && fits && real)
    }
}
