use serde::Serialize;

use super::time::{Timestamp, serde_rfc3339};
use super::time_zone::TimeZone;

pub type UserId = i64;

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct User {
    pub id: UserId,
    #[schema(example = "me@example.com")]
    pub email: String,
    /// An IANA zone name; recurrences and relative reminders of new tasks are computed in it.
    #[schema(value_type = String, example = "Europe/Berlin")]
    pub time_zone: TimeZone,
    #[serde(serialize_with = "serde_rfc3339::serialize")]
    #[schema(value_type = String, format = DateTime)]
    pub created_at: Timestamp,
}
