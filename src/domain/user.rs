use serde::Serialize;

use super::time::{Timestamp, serde_rfc3339};

pub type UserId = i64;

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct User {
    pub id: UserId,
    #[schema(example = "me@example.com")]
    pub email: String,
    #[serde(serialize_with = "serde_rfc3339::serialize")]
    #[schema(value_type = String, format = DateTime)]
    pub created_at: Timestamp,
}
