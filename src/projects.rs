//! The projects service: projects and their members, each change allowed by the one authorization
//! rule (`domain::decide`), with its effects.

use std::sync::Arc;

use crate::domain::time;
use crate::domain::{Action, Color, Email, Member, Project, ProjectId, ProjectName, Role, UserId};
use crate::effects::{Change, Effects, ProjectOp, TaskOp};
use crate::error::{Error, Result};
use crate::store::{MemberAdded, Store};

pub struct Projects {
    store: Arc<dyn Store>,
    effects: Effects,
}

/// What a project update writes: each field only when sent; `color: Some(None)` clears it.
#[derive(Debug, Default)]
pub struct ProjectChange {
    pub name: Option<ProjectName>,
    pub color: Option<Option<Color>>,
}

impl Projects {
    pub fn new(store: Arc<dyn Store>, effects: Effects) -> Self {
        Self { store, effects }
    }

    /// The project, if `user` may do `action` to it (else 404 for a non-member, 403 for a member).
    async fn project_for(&self, user: UserId, id: ProjectId, action: Action) -> Result<Project> {
        let project = self.store.project(user, id).await?;
        Error::unless_allowed(project.as_ref().map(|p| p.role), action)?;
        project.ok_or(Error::NotFound)
    }

    /// Reports the change to the project's members, and to `also` (a member just removed).
    async fn committed(&self, project: ProjectId, op: ProjectOp, also: Option<UserId>) -> Result<()> {
        let mut audience = self.store.member_ids(project).await?;
        audience.extend(also);
        self.effects.committed(Change::Project { project, op, audience }).await;
        Ok(())
    }

    /// Every project the user is in: the inbox first, then by name.
    pub async fn list(&self, user: UserId) -> Result<Vec<Project>> {
        Ok(self.store.projects(user).await?)
    }

    pub async fn create(&self, user: UserId, name: &ProjectName, color: Option<&Color>) -> Result<Project> {
        let project = self.store.create_project(user, name, color, time::now()).await?;
        self.committed(project.id, ProjectOp::Created, None).await?;
        Ok(project)
    }

    pub async fn get(&self, user: UserId, id: ProjectId) -> Result<Project> {
        self.project_for(user, id, Action::Read).await
    }

    pub async fn update(&self, user: UserId, id: ProjectId, change: &ProjectChange) -> Result<Project> {
        self.project_for(user, id, Action::Manage).await?;
        let color = change.color.as_ref().map(Option::as_ref);
        self.store.update_project(id, change.name.as_ref(), color, time::now()).await?;
        self.committed(id, ProjectOp::Updated, None).await?;
        self.get(user, id).await
    }

    /// Deletes the project with its tasks (their reminders and notifications go with them).
    pub async fn delete(&self, user: UserId, id: ProjectId) -> Result<()> {
        let project = self.project_for(user, id, Action::Delete).await?;
        if project.inbox {
            return Err(Error::field("project", "the inbox cannot be deleted"));
        }
        let audience = self.store.member_ids(id).await?;
        if !self.store.delete_project(id).await? {
            return Err(Error::NotFound);
        }
        self.effects.committed(Change::Project { project: id, op: ProjectOp::Deleted, audience }).await;
        Ok(())
    }

    pub async fn members(&self, user: UserId, id: ProjectId) -> Result<Vec<Member>> {
        self.project_for(user, id, Action::Read).await?;
        Ok(self.store.members(id).await?)
    }

    /// Adds the account with `email` as `role` (never `owner`).
    pub async fn add_member(&self, user: UserId, id: ProjectId, email: &Email, role: Role) -> Result<Member> {
        let project = self.project_for(user, id, Action::Manage).await?;
        if project.inbox {
            return Err(Error::field("project", "an inbox is not shared"));
        }
        match self.store.add_member(id, email, role, time::now()).await? {
            MemberAdded::Added(member) => {
                self.committed(id, ProjectOp::MemberAdded, None).await?;
                Ok(member)
            }
            MemberAdded::NoSuchUser => Err(Error::field("email", "no account has this email")),
            MemberAdded::AlreadyMember => Err(Error::Conflict("already a member of this project")),
        }
    }

    pub async fn set_role(&self, user: UserId, id: ProjectId, member: UserId, role: Role) -> Result<Member> {
        self.project_for(user, id, Action::Manage).await?;
        match self.store.role(member, id).await? {
            None => return Err(Error::NotFound),
            Some(Role::Owner) => return Err(Error::field("role", "the owner's role cannot be changed")),
            Some(_) => {}
        }
        let changed = self.store.set_member_role(id, member, role).await?.ok_or(Error::NotFound)?;
        self.committed(id, ProjectOp::Updated, None).await?;
        Ok(changed)
    }

    /// Removes a member (an admin or the owner), or the caller themself (leaving); the owner can
    /// neither be removed nor leave. Their assignments in the project are cleared.
    pub async fn remove_member(&self, user: UserId, id: ProjectId, member: UserId) -> Result<()> {
        let action = if member == user { Action::Read } else { Action::Manage };
        self.project_for(user, id, action).await?;
        match self.store.role(member, id).await? {
            None => return Err(Error::NotFound),
            Some(Role::Owner) => return Err(Error::field("user_id", "the owner cannot be removed or leave")),
            Some(_) => {}
        }
        let unassigned = self.store.remove_member(id, member, time::now()).await?.ok_or(Error::NotFound)?;
        // The removed member's view changed too; so did every member's, if tasks were unassigned.
        self.committed(id, ProjectOp::MemberRemoved, Some(member)).await?;
        // The tasks whose assignee went: a server-made change of each, for the remaining members.
        let audience = self.store.member_ids(id).await?;
        for (task, version) in unassigned {
            let op = TaskOp::Updated;
            let change = Change::Task {
                task,
                project: id,
                version,
                op,
                audience: audience.clone(),
                lost: vec![],
                reminder_moved: false,
            };
            self.effects.committed(change).await;
        }
        Ok(())
    }
}
