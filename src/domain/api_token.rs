//! API tokens for scripts: what each may do (its scopes), and the rule that says which scope a
//! route needs.

use std::collections::BTreeSet;
use std::fmt;

use serde::Serialize;

use super::time::{Timestamp, serde_rfc3339};
use super::user::UserId;

pub type ApiTokenId = i64;

/// What an API token may do. A `:write` scope includes its `:read`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, utoipa::ToSchema)]
pub enum Scope {
    #[serde(rename = "tasks:read")]
    TasksRead,
    #[serde(rename = "tasks:write")]
    TasksWrite,
    #[serde(rename = "projects:read")]
    ProjectsRead,
    #[serde(rename = "projects:write")]
    ProjectsWrite,
    #[serde(rename = "notifications:read")]
    NotificationsRead,
    #[serde(rename = "notifications:write")]
    NotificationsWrite,
    /// `GET /users/me/export` and nothing else under `/users/me`, for scripted backups.
    #[serde(rename = "account:export")]
    AccountExport,
}

impl Scope {
    pub const ALL: [Scope; 7] = [
        Scope::TasksRead,
        Scope::TasksWrite,
        Scope::ProjectsRead,
        Scope::ProjectsWrite,
        Scope::NotificationsRead,
        Scope::NotificationsWrite,
        Scope::AccountExport,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Scope::TasksRead => "tasks:read",
            Scope::TasksWrite => "tasks:write",
            Scope::ProjectsRead => "projects:read",
            Scope::ProjectsWrite => "projects:write",
            Scope::NotificationsRead => "notifications:read",
            Scope::NotificationsWrite => "notifications:write",
            Scope::AccountExport => "account:export",
        }
    }

    pub fn parse(input: &str) -> Option<Scope> {
        Scope::ALL.into_iter().find(|scope| scope.as_str() == input)
    }

    /// The scope that also grants this one, if any.
    fn granted_by(self) -> Option<Scope> {
        match self {
            Scope::TasksRead => Some(Scope::TasksWrite),
            Scope::ProjectsRead => Some(Scope::ProjectsWrite),
            Scope::NotificationsRead => Some(Scope::NotificationsWrite),
            _ => None,
        }
    }
}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A token's scopes: at least one, each once, in a fixed order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scopes(BTreeSet<Scope>);

impl Scopes {
    pub fn parse<S: AsRef<str>>(input: &[S]) -> Result<Self, String> {
        let mut scopes = BTreeSet::new();
        for name in input {
            let name = name.as_ref();
            let scope = Scope::parse(name).ok_or_else(|| {
                let known: Vec<&str> = Scope::ALL.iter().map(|s| s.as_str()).collect();
                format!("{name:?} is not a scope; the scopes are {}", known.join(", "))
            })?;
            scopes.insert(scope);
        }
        if scopes.is_empty() {
            return Err("must name at least one scope".into());
        }
        Ok(Self(scopes))
    }

    /// The scopes as stored: space-separated names.
    pub fn from_stored(stored: &str) -> Self {
        Self(stored.split_whitespace().filter_map(Scope::parse).collect())
    }

    pub fn to_stored(&self) -> String {
        self.0.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(" ")
    }

    pub fn allows(&self, needed: Scope) -> bool {
        self.0.contains(&needed) || needed.granted_by().is_some_and(|wider| self.0.contains(&wider))
    }

    pub fn iter(&self) -> impl Iterator<Item = Scope> + '_ {
        self.0.iter().copied()
    }
}

impl Serialize for Scopes {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.iter())
    }
}

/// A token's name: 1 to 100 characters once trimmed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiTokenName(String);

impl ApiTokenName {
    pub fn parse(input: &str) -> Result<Self, &'static str> {
        let trimmed = input.trim();
        match trimmed.chars().count() {
            0 => Err("must not be empty"),
            n if n > 100 => Err("must be at most 100 characters"),
            _ => Ok(Self(trimmed.to_owned())),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// How long a new token lives: 1 to 3650 days.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TokenLifetime(u16);

impl TokenLifetime {
    pub fn parse(days: i64) -> Result<Self, &'static str> {
        match u16::try_from(days) {
            Ok(days @ 1..=3650) => Ok(Self(days)),
            _ => Err("must be between 1 and 3650 days"),
        }
    }

    pub fn ends(self, from: Timestamp) -> Timestamp {
        from + chrono::Duration::days(i64::from(self.0))
    }
}

/// An API token as its owner sees it (never the secret, which is shown once, at creation).
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct ApiToken {
    pub id: ApiTokenId,
    pub name: String,
    #[schema(value_type = Vec<Scope>)]
    pub scopes: Scopes,
    #[serde(serialize_with = "serde_rfc3339::serialize")]
    #[schema(value_type = String, format = DateTime)]
    pub created_at: Timestamp,
    /// `null`: no expiry.
    #[serde(serialize_with = "serde_rfc3339::option::serialize")]
    #[schema(value_type = Option<String>, format = DateTime, required = true)]
    pub expires_at: Option<Timestamp>,
    /// May lag behind the last use by up to a minute.
    #[serde(serialize_with = "serde_rfc3339::option::serialize")]
    #[schema(value_type = Option<String>, format = DateTime, required = true)]
    pub last_used_at: Option<Timestamp>,
}

/// What checking a presented token needs: whose it is, what it may do, until when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct ApiTokenGrant {
    pub id: ApiTokenId,
    pub user_id: UserId,
    /// As stored (space-separated), so that the grant can sit in the token store as it is.
    pub scopes: String,
    /// Unix seconds; `None`: no expiry.
    pub expires_at: Option<i64>,
    /// Unix seconds of the last recorded use.
    pub last_used_at: Option<i64>,
}

/// A request as the scope rule sees it: its method is a read or a write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    Read,
    Write,
}

/// The scope an API token needs for a route (its template, as the router matched it, under
/// `/api/v1`), or `None` when API tokens are never accepted there (`/auth/*`, `/users/me*`
/// except the export, and anything unlisted: a new route refuses tokens until it is listed here).
pub fn scope_for(route: &str, access: Access) -> Option<Scope> {
    let route = route.strip_prefix("/api/v1")?;
    let under = |prefix: &str| route == prefix || route.starts_with(&format!("{prefix}/"));
    let pick = |read, write| Some(if access == Access::Read { read } else { write });
    if under("/tasks") || route == "/labels" || route == "/occurrences" || route == "/events" {
        // The live stream and the schedule preview are reads of tasks, whatever the method.
        if route == "/events" || route == "/occurrences" {
            return Some(Scope::TasksRead);
        }
        pick(Scope::TasksRead, Scope::TasksWrite)
    } else if under("/projects") {
        pick(Scope::ProjectsRead, Scope::ProjectsWrite)
    } else if under("/notifications") {
        pick(Scope::NotificationsRead, Scope::NotificationsWrite)
    } else if route == "/users/me/export" && access == Access::Read {
        Some(Scope::AccountExport)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_write_scope_includes_its_read_and_nothing_else() {
        let write = Scopes::parse(&["tasks:write"]).unwrap();
        assert!(write.allows(Scope::TasksRead) && write.allows(Scope::TasksWrite));
        assert!(!write.allows(Scope::ProjectsRead) && !write.allows(Scope::AccountExport));
        let read = Scopes::parse(&["tasks:read"]).unwrap();
        assert!(read.allows(Scope::TasksRead) && !read.allows(Scope::TasksWrite));
        let export = Scopes::parse(&["account:export"]).unwrap();
        assert!(export.allows(Scope::AccountExport) && !export.allows(Scope::TasksRead));
    }

    #[test]
    fn scopes_are_known_names_at_least_one_and_round_trip_through_storage() {
        assert!(Scopes::parse::<&str>(&[]).is_err());
        assert!(Scopes::parse(&["tasks:admin"]).unwrap_err().contains("tasks:admin"));
        let scopes = Scopes::parse(&["projects:read", "tasks:write", "tasks:write"]).unwrap();
        assert_eq!(scopes.to_stored(), "tasks:write projects:read");
        assert_eq!(Scopes::from_stored(&scopes.to_stored()), scopes);
        assert_eq!(
            serde_json::to_value(&scopes).unwrap(),
            serde_json::json!(["tasks:write", "projects:read"])
        );
    }

    #[test]
    fn each_route_family_needs_its_scope_and_account_routes_none() {
        use Access::{Read, Write};
        assert_eq!(scope_for("/api/v1/tasks", Read), Some(Scope::TasksRead));
        assert_eq!(scope_for("/api/v1/tasks/{id}", Write), Some(Scope::TasksWrite));
        assert_eq!(scope_for("/api/v1/labels", Read), Some(Scope::TasksRead));
        assert_eq!(scope_for("/api/v1/events", Read), Some(Scope::TasksRead));
        assert_eq!(scope_for("/api/v1/projects/{id}/members", Write), Some(Scope::ProjectsWrite));
        assert_eq!(scope_for("/api/v1/notifications/{id}/read", Write), Some(Scope::NotificationsWrite));
        assert_eq!(scope_for("/api/v1/users/me/export", Read), Some(Scope::AccountExport));
        for route in
            ["/api/v1/users/me", "/api/v1/users/me/api-tokens", "/api/v1/auth/logout", "/api/v1/taskstuff"]
        {
            assert_eq!(scope_for(route, Read), None, "{route}");
            assert_eq!(scope_for(route, Write), None, "{route}");
        }
    }

    #[test]
    fn a_lifetime_is_one_to_3650_days() {
        assert!(TokenLifetime::parse(0).is_err() && TokenLifetime::parse(3651).is_err());
        assert!(TokenLifetime::parse(1).is_ok() && TokenLifetime::parse(3650).is_ok());
    }
}
