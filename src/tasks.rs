//! The tasks service: every read and write of tasks, each allowed by the one authorization rule
//! (`domain::decide`), and the effects of each write.

use std::sync::Arc;

use axum::body::Bytes;

use crate::cache::{self, Entry, ReadCache};
use crate::domain::time::{self, Timestamp};
use crate::domain::{
    Action, Completion, CompletionQuery, DayWindows, NewTask, Page, Precondition, ProjectId, Recurrence,
    Role, Task, TaskCounts, TaskId, TaskListQuery, TaskPatch, TimeZone, UserId,
};
use crate::effects::{Change, Effects, TaskOp};
use crate::error::{Error, Result};
use crate::json;
use crate::store::{LabelCount, Store};

/// How many times an update is tried again after losing a race with another write.
const MAX_SAVE_ATTEMPTS: usize = 20;

pub struct Tasks {
    store: Arc<dyn Store>,
    cache: Option<ReadCache>,
    effects: Effects,
}

impl Tasks {
    pub fn new(store: Arc<dyn Store>, cache: Option<ReadCache>, effects: Effects) -> Self {
        Self { store, cache, effects }
    }

    /// The task, if `user` may do `action` to it: a non-member learns nothing (404, as for a
    /// missing id); a member without the right gets 403.
    async fn task_for(&self, user: UserId, id: TaskId, action: Action) -> Result<Task> {
        let found = self.store.task(user, id).await?;
        Error::unless_allowed(found.as_ref().map(|(_, role)| *role), action)?;
        found.map(|(task, _)| task).ok_or(Error::NotFound)
    }

    /// The user's role in `project`, if it allows `action`.
    async fn project_for(&self, user: UserId, project: ProjectId, action: Action) -> Result<Role> {
        let role = self.store.role(user, project).await?;
        Error::unless_allowed(role, action)?;
        role.ok_or(Error::NotFound)
    }

    /// Refuses an assignee who is not a member of `project`.
    async fn check_assignee(&self, project: ProjectId, assignee: Option<UserId>) -> Result<()> {
        match assignee {
            Some(assignee) if self.store.role(assignee, project).await?.is_none() => {
                Err(Error::field("assignee_id", "must be a member of the task's project"))
            }
            _ => Ok(()),
        }
    }

    /// `zone`, else the user's own.
    async fn zone_or_users(&self, user: UserId, zone: Option<TimeZone>) -> Result<TimeZone> {
        match zone {
            Some(zone) => Ok(zone),
            None => Ok(self
                .store
                .user(user)
                .await?
                .ok_or(Error::Unauthorized("user no longer exists"))?
                .time_zone),
        }
    }

    pub async fn create(&self, user: UserId, task: &NewTask) -> Result<Task> {
        let project = match task.project_id {
            Some(project) => project,
            None => self.store.inbox(user).await?.ok_or(Error::Unauthorized("user no longer exists"))?,
        };
        self.project_for(user, project, Action::EditTasks).await?;
        self.check_assignee(project, task.assignee_id).await?;
        if let Some(recurrence) = &task.recurrence {
            // The series' rules depend on the zone: the task's own, else its creator's.
            let zone = self.zone_or_users(user, task.time_zone).await?;
            let Some(due) = task.due_date else {
                return Err(Error::field(
                    "recurrence",
                    "needs a due date: the due date is the first occurrence",
                ));
            };
            recurrence.series(due, zone).map_err(|e| Error::field("recurrence", e.to_string()))?;
        }
        let reminders = task
            .reminders()
            .ok_or_else(|| Error::field("reminders", "a reminder before the due date needs a due date"))?;
        let task = self.store.create_task(user, project, task, &reminders, time::now()).await?;
        let audience = self.store.member_ids(project).await?;
        let reminder_moved = !reminders.is_empty();
        let (id, version) = (task.id, task.version);
        let change = Change::Task {
            task: id,
            project,
            version,
            op: TaskOp::Created,
            audience,
            lost: vec![],
            reminder_moved,
        };
        self.effects.committed(change).await;
        Ok(task)
    }

    /// The task, for a member of its project.
    pub async fn get(&self, user: UserId, id: TaskId) -> Result<Task> {
        self.task_for(user, id, Action::Read).await
    }

    /// Applies `patch` to the task, if it is still at a version `precondition` accepts. Without a
    /// precondition the last write wins: a write that lost a race is applied again on top.
    pub async fn update(
        &self,
        user: UserId,
        id: TaskId,
        patch: &TaskPatch,
        precondition: Option<&Precondition>,
    ) -> Result<Task> {
        // Each pass loses only to a write that committed meanwhile; so many in a row is a bug.
        for _ in 0..MAX_SAVE_ATTEMPTS {
            let current = self.task_for(user, id, Action::EditTasks).await?;
            if precondition.is_some_and(|p| !p.holds_for(current.version)) {
                return Err(Error::PreconditionFailed);
            }
            let now = time::now();
            let Some(mut next) = current.patched(patch, now).map_err(|(field, e)| Error::field(field, e))?
            else {
                return Ok(current);
            };
            if next.project_id != current.project_id {
                // A move needs the right to edit tasks in both projects; an assignee who cannot
                // follow the task there is cleared.
                self.project_for(user, next.project_id, Action::EditTasks).await?;
                if patch.assignee_id.is_none()
                    && let Some(assignee) = next.assignee_id
                    && self.store.role(assignee, next.project_id).await?.is_none()
                {
                    next.assignee_id = None;
                }
            }
            if let Some(assignee) = patch.assignee_id {
                self.check_assignee(next.project_id, assignee).await?;
            }
            // Completing records what was done: the occurrence, for a repeating task that moved on.
            let completion = (patch.completed == Some(true) && !current.completed).then_some(Completion {
                id: 0,
                due_date: current.due_date,
                completed_at: now,
                completed_by: Some(user),
            });
            if let Some(saved) = self.store.save_task(&current, &next, completion.as_ref()).await? {
                let audience = self.store.member_ids(saved.project_id).await?;
                let lost = match saved.project_id == current.project_id {
                    true => Vec::new(),
                    false => {
                        let before = self.store.member_ids(current.project_id).await?;
                        before.into_iter().filter(|user| !audience.contains(user)).collect()
                    }
                };
                self.effects
                    .committed(Change::Task {
                        task: id,
                        project: saved.project_id,
                        version: saved.version,
                        op: TaskOp::Updated,
                        audience,
                        lost,
                        reminder_moved: saved.arms_a_reminder_beyond(&current),
                    })
                    .await;
                return Ok(saved);
            }
            // Changed meanwhile: read it again. Without a precondition (or with `*`) the patch
            // then applies on top; a named version is stale now, and the next pass says 412.
        }
        tracing::error!(task = id, "a task update lost {MAX_SAVE_ATTEMPTS} races in a row");
        Err(Error::Internal(anyhow::anyhow!("the task kept changing while it was being saved")))
    }

    /// The task's completions, newest first.
    pub async fn completions(
        &self,
        user: UserId,
        id: TaskId,
        query: &CompletionQuery,
    ) -> Result<Page<Completion>> {
        self.get(user, id).await?;
        let rows = self.store.completions(id, query).await?;
        Ok(Page::of_completions(rows, query))
    }

    pub async fn delete(&self, user: UserId, id: TaskId, precondition: Option<&Precondition>) -> Result<()> {
        let current = self.task_for(user, id, Action::EditTasks).await?;
        let only_version = match precondition {
            None => None,
            Some(precondition) if precondition.holds_for(current.version) => Some(current.version),
            Some(_) => return Err(Error::PreconditionFailed),
        };
        if !self.store.delete_task(id, only_version).await? {
            // Gone meanwhile; or, under a precondition, changed meanwhile.
            let still_there = only_version.is_some() && self.store.task(user, id).await?.is_some();
            return Err(if still_there { Error::PreconditionFailed } else { Error::NotFound });
        }
        let audience = self.store.member_ids(current.project_id).await?;
        self.effects
            .committed(Change::Task {
                task: id,
                project: current.project_id,
                version: current.version,
                op: TaskOp::Deleted,
                audience,
                lost: vec![],
                reminder_moved: false,
            })
            .await;
        Ok(())
    }

    /// The first `limit` occurrences of a series not yet saved: what a form previews.
    pub async fn preview(
        &self,
        user: UserId,
        recurrence: Option<&Recurrence>,
        due: Timestamp,
        zone: Option<TimeZone>,
        limit: usize,
    ) -> Result<Vec<Timestamp>> {
        let Some(recurrence) = recurrence else { return Ok(vec![due]) };
        let zone = self.zone_or_users(user, zone).await?;
        let series = recurrence.series(due, zone).map_err(|e| Error::field("recurrence", e.to_string()))?;
        Ok(series.upcoming(due, limit))
    }

    /// The task's next `limit` occurrences from its due date on.
    pub async fn occurrences(&self, user: UserId, id: TaskId, limit: usize) -> Result<Vec<Timestamp>> {
        Ok(self.get(user, id).await?.occurrences(limit))
    }

    /// A page of the tasks the user can see, as JSON. Only the unfiltered first pages are cached:
    /// what the UI opens on, and a bounded set per user.
    pub async fn list_json(&self, user: UserId, query: &TaskListQuery) -> Result<Bytes> {
        if let Some(project) = query.filter.project {
            self.project_for(user, project, Action::Read).await?;
        }
        let entry = query
            .is_unfiltered_first_page()
            .then_some(Entry::TaskPage { sort: query.sort, limit: query.limit });
        cache::read_through(self.cache.as_ref(), user, entry, async {
            let rows = self.store.list_tasks(user, query, time::now()).await?;
            json::page(&Page::of_tasks(rows, query))
        })
        .await
    }

    /// How many tasks each view and project of the user's holds, with days in the user's zone.
    pub async fn counts(&self, user: UserId) -> Result<TaskCounts> {
        let zone = self.zone_or_users(user, None).await?;
        let tallies = self.store.task_counts(user, &DayWindows::at(time::now(), zone)).await?;
        Ok(TaskCounts::of(&tallies))
    }

    /// The labels on the tasks the user can see, with how many tasks carry each.
    pub async fn labels(&self, user: UserId) -> Result<Vec<LabelCount>> {
        Ok(self.store.labels(user).await?)
    }
}
