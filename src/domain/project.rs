//! Projects, their members' roles, and the one rule that says what each role may do.

use std::fmt;

use serde::Serialize;

use super::time::{Timestamp, serde_rfc3339};
use super::user::UserId;

pub type ProjectId = i64;

/// A project name: 1 to 100 characters once surrounding white space is trimmed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProjectName(String);

impl ProjectName {
    pub fn parse(input: &str) -> Result<Self, &'static str> {
        let trimmed = input.trim();
        match trimmed.chars().count() {
            _ if super::looks_empty(trimmed) => Err("must not be empty"),
            n if n > 100 => Err("must be at most 100 characters"),
            _ => Ok(Self(trimmed.to_owned())),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A colour as `#rrggbb`, kept in lower case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Color(String);

impl Color {
    pub fn parse(input: &str) -> Result<Self, &'static str> {
        let hex =
            input.strip_prefix('#').filter(|h| h.len() == 6 && h.bytes().all(|b| b.is_ascii_hexdigit()));
        match hex {
            Some(hex) => Ok(Self(format!("#{}", hex.to_ascii_lowercase()))),
            None => Err("must be a colour as #rrggbb"),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A member's role. The declaration order is the order of rights: each role may do what the one
/// before it may, and more.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Viewer,
    Editor,
    Admin,
    Owner,
}

impl Role {
    pub fn parse(input: &str) -> Result<Self, &'static str> {
        match input {
            "viewer" => Ok(Self::Viewer),
            "editor" => Ok(Self::Editor),
            "admin" => Ok(Self::Admin),
            "owner" => Ok(Self::Owner),
            _ => Err("must be one of viewer, editor, admin, owner"),
        }
    }

    /// A role that can be given to a member: every one but `owner`.
    pub fn parse_grantable(input: &str) -> Result<Self, &'static str> {
        match Self::parse(input) {
            Ok(Self::Owner) | Err(_) => Err("must be one of admin, editor, viewer"),
            Ok(role) => Ok(role),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Viewer => "viewer",
            Self::Editor => "editor",
            Self::Admin => "admin",
            Self::Owner => "owner",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a request wants to do with a project or its tasks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Read the project, its members and its tasks.
    Read,
    /// Create, edit, complete, move and delete its tasks.
    EditTasks,
    /// Rename it, recolour it, and add, change and remove members.
    Manage,
    /// Delete it.
    Delete,
}

impl Action {
    /// The least role that may do it.
    fn least_role(self) -> Role {
        match self {
            Self::Read => Role::Viewer,
            Self::EditTasks => Role::Editor,
            Self::Manage => Role::Admin,
            Self::Delete => Role::Owner,
        }
    }
}

/// The answer to "may this user do this here".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Allow,
    /// A member without the right.
    Forbidden,
    /// Not a member: they learn nothing, not even that it exists.
    NotFound,
}

/// The one place that decides: `role` is the user's role in the project, `None` when they are
/// not a member (or there is no such project).
pub fn decide(role: Option<Role>, action: Action) -> Decision {
    match role {
        None => Decision::NotFound,
        Some(role) if role >= action.least_role() => Decision::Allow,
        Some(_) => Decision::Forbidden,
    }
}

/// A project as one of its members sees it.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Project {
    pub id: ProjectId,
    pub name: String,
    /// `#rrggbb`, or null.
    #[schema(required = true)]
    pub color: Option<String>,
    pub inbox: bool,
    pub owner_id: UserId,
    /// The caller's role.
    pub role: Role,
    #[serde(serialize_with = "serde_rfc3339::serialize")]
    #[schema(value_type = String, format = DateTime)]
    pub created_at: Timestamp,
    #[serde(serialize_with = "serde_rfc3339::serialize")]
    #[schema(value_type = String, format = DateTime)]
    pub updated_at: Timestamp,
}

/// A member of a project.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Member {
    pub user_id: UserId,
    pub email: String,
    pub role: Role,
    #[serde(serialize_with = "serde_rfc3339::serialize")]
    #[schema(value_type = String, format = DateTime)]
    pub added_at: Timestamp,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_role_may_do_what_the_one_below_may_and_a_stranger_learns_nothing() {
        use Action::*;
        use Decision::{Allow as A, Forbidden as F, NotFound as N};
        let table = [
            (None, [N, N, N, N]),
            (Some(Role::Viewer), [A, F, F, F]),
            (Some(Role::Editor), [A, A, F, F]),
            (Some(Role::Admin), [A, A, A, F]),
            (Some(Role::Owner), [A, A, A, A]),
        ];
        for (role, expected) in table {
            let got = [Read, EditTasks, Manage, Delete].map(|action| decide(role, action));
            assert_eq!(got, expected, "{role:?}");
        }
    }

    #[test]
    fn names_are_trimmed_colours_lower_cased_and_owner_is_not_grantable() {
        assert_eq!(ProjectName::parse("  Home ").unwrap().as_str(), "Home");
        assert!(ProjectName::parse(" ").is_err() && ProjectName::parse(&"x".repeat(101)).is_err());
        assert_eq!(Color::parse("#A0b1C2").unwrap().as_str(), "#a0b1c2");
        for bad in ["a0b1c2", "#a0b1c", "#a0b1c2f", "#g0b1c2", ""] {
            assert!(Color::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(Role::parse_grantable("editor"), Ok(Role::Editor));
        assert!(Role::parse_grantable("owner").is_err());
    }
}
