use serde::Serialize;

use super::time::{Timestamp, serde_rfc3339};

pub type UserId = i64;

#[derive(Debug, Clone, Serialize)]
pub struct User {
    pub id: UserId,
    pub email: String,
    #[serde(serialize_with = "serde_rfc3339::serialize")]
    pub created_at: Timestamp,
}
