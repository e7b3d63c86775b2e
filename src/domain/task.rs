use std::fmt;

use serde::{Deserialize, Serialize};

use super::time::{Timestamp, serde_rfc3339};

pub type TaskId = i64;

/// A task title: 1 to 200 characters once surrounding white space is trimmed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskTitle(String);

impl TaskTitle {
    pub const MAX_CHARS: usize = 200;

    pub fn parse(input: &str) -> Result<Self, &'static str> {
        let trimmed = input.trim();
        match trimmed.chars().count() {
            0 => Err("must not be empty"),
            n if n > Self::MAX_CHARS => Err("must be at most 200 characters"),
            _ => Ok(Self(trimmed.to_owned())),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A task description: at most 10,000 characters, kept exactly as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskDescription(String);

impl TaskDescription {
    pub const MAX_CHARS: usize = 10_000;

    pub fn parse(input: String) -> Result<Self, &'static str> {
        if input.chars().count() > Self::MAX_CHARS {
            return Err("must be at most 10000 characters");
        }
        Ok(Self(input))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Task priority. The declaration order is the sort order, and `rank` is what the databases store,
/// so an index on the column sorts low < medium < high < urgent.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Default,
    Serialize,
    Deserialize,
    utoipa::ToSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Priority {
    Low,
    #[default]
    Medium,
    High,
    Urgent,
}

impl Priority {
    pub const ALL: [Priority; 4] = [Priority::Low, Priority::Medium, Priority::High, Priority::Urgent];

    pub fn rank(self) -> i16 {
        self as i16
    }

    pub fn from_rank(rank: i16) -> Option<Self> {
        Self::ALL.get(usize::try_from(rank).ok()?).copied()
    }

    pub fn parse(input: &str) -> Result<Self, &'static str> {
        match input {
            "low" => Ok(Self::Low),
            "medium" => Ok(Self::Medium),
            "high" => Ok(Self::High),
            "urgent" => Ok(Self::Urgent),
            _ => Err("must be one of low, medium, high, urgent"),
        }
    }
}

impl fmt::Display for Priority {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Low => "low",
            Self::Medium => "medium",
            Self::High => "high",
            Self::Urgent => "urgent",
        })
    }
}

/// A task as stored and as returned to its owner.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Task {
    pub id: TaskId,
    pub title: String,
    /// Always present; null when there is none.
    #[schema(required = true)]
    pub description: Option<String>,
    #[serde(serialize_with = "serde_rfc3339::option::serialize")]
    #[schema(value_type = Option<String>, format = DateTime, required = true)]
    pub due_date: Option<Timestamp>,
    pub completed: bool,
    #[serde(serialize_with = "serde_rfc3339::option::serialize")]
    #[schema(value_type = Option<String>, format = DateTime, required = true)]
    pub completed_at: Option<Timestamp>,
    pub priority: Priority,
    #[serde(serialize_with = "serde_rfc3339::option::serialize")]
    #[schema(value_type = Option<String>, format = DateTime, required = true)]
    pub remind_at: Option<Timestamp>,
    #[serde(serialize_with = "serde_rfc3339::option::serialize")]
    #[schema(value_type = Option<String>, format = DateTime, required = true)]
    pub reminded_at: Option<Timestamp>,
    #[serde(serialize_with = "serde_rfc3339::serialize")]
    #[schema(value_type = String, format = DateTime)]
    pub created_at: Timestamp,
    #[serde(serialize_with = "serde_rfc3339::serialize")]
    #[schema(value_type = String, format = DateTime)]
    pub updated_at: Timestamp,
}

/// A valid task to create.
#[derive(Debug, Clone)]
pub struct NewTask {
    pub title: TaskTitle,
    pub description: Option<TaskDescription>,
    pub due_date: Option<Timestamp>,
    pub completed: bool,
    pub priority: Priority,
    pub remind_at: Option<Timestamp>,
}

/// A valid partial update. The outer `Option` says whether the field was sent; for the clearable
/// fields the inner one says whether it was sent as `null`.
#[derive(Debug, Clone, Default)]
pub struct TaskPatch {
    pub title: Option<TaskTitle>,
    pub description: Option<Option<TaskDescription>>,
    pub due_date: Option<Option<Timestamp>>,
    pub completed: Option<bool>,
    pub priority: Option<Priority>,
    pub remind_at: Option<Option<Timestamp>>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_are_trimmed_and_bounded_in_characters() {
        assert_eq!(TaskTitle::parse("  Write report \n").unwrap().as_str(), "Write report");
        assert!(TaskTitle::parse("   ").is_err());
        assert!(TaskTitle::parse(&"é".repeat(200)).is_ok());
        assert!(TaskTitle::parse(&"é".repeat(201)).is_err());
    }

    #[test]
    fn descriptions_are_bounded_in_characters() {
        assert!(TaskDescription::parse("ж".repeat(10_000)).is_ok());
        assert!(TaskDescription::parse("ж".repeat(10_001)).is_err());
    }

    #[test]
    fn priorities_sort_low_to_urgent_and_round_trip_through_their_rank() {
        assert!(Priority::Low < Priority::Medium && Priority::High < Priority::Urgent);
        for p in Priority::ALL {
            assert_eq!(Priority::from_rank(p.rank()), Some(p));
            assert_eq!(Priority::parse(&p.to_string()), Ok(p));
        }
        assert_eq!(Priority::from_rank(4), None);
        assert!(Priority::parse("HIGH").is_err());
        assert_eq!(Priority::default(), Priority::Medium);
    }
}
