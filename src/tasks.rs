//! The tasks service: every read and write of tasks, and the effects of each write.

use std::sync::Arc;

use axum::body::Bytes;

use crate::cache::{self, Entry, ReadCache};
use crate::domain::time::{self, Timestamp};
use crate::domain::{
    Completion, CompletionQuery, NewTask, Page, Precondition, Recurrence, Task, TaskId, TaskListQuery,
    TaskPatch, TimeZone, UserId,
};
use crate::effects::{Change, Effects};
use crate::error::{Error, Result};
use crate::json;
use crate::store::Store;

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

    pub async fn create(&self, owner: UserId, task: &NewTask) -> Result<Task> {
        if let Some(recurrence) = &task.recurrence {
            // The series' rules depend on the zone: the task's own, else its creator's.
            let zone = self.zone_or_users(owner, task.time_zone).await?;
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
        let task = self.store.create_task(owner, task, &reminders, time::now()).await?;
        let reminder_moved = !reminders.is_empty();
        self.effects.committed(Change::Task { owner, task: task.id, reminder_moved }).await;
        Ok(task)
    }

    /// The owner's task; another user's is `NotFound`, like a missing one.
    pub async fn get(&self, owner: UserId, id: TaskId) -> Result<Task> {
        self.store.task(owner, id).await?.ok_or(Error::NotFound)
    }

    /// Applies `patch` to the task, if it is still at a version `precondition` accepts. Without a
    /// precondition the last write wins: a write that lost a race is applied again on top.
    pub async fn update(
        &self,
        owner: UserId,
        id: TaskId,
        patch: &TaskPatch,
        precondition: Option<&Precondition>,
    ) -> Result<Task> {
        // Each pass loses only to a write that committed meanwhile; so many in a row is a bug.
        for _ in 0..MAX_SAVE_ATTEMPTS {
            let current = self.get(owner, id).await?;
            if precondition.is_some_and(|p| !p.holds_for(current.version)) {
                return Err(Error::PreconditionFailed);
            }
            let now = time::now();
            let Some(next) = current.patched(patch, now).map_err(|(field, e)| Error::field(field, e))? else {
                return Ok(current);
            };
            // Completing records what was done: the occurrence, for a repeating task that moved on.
            let completion = (patch.completed == Some(true) && !current.completed).then_some(Completion {
                id: 0,
                due_date: current.due_date,
                completed_at: now,
                completed_by: Some(owner),
            });
            if let Some(saved) = self.store.save_task(owner, &current, &next, completion.as_ref()).await? {
                let reminder_moved = saved.arms_a_reminder_beyond(&current);
                self.effects.committed(Change::Task { owner, task: id, reminder_moved }).await;
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
        owner: UserId,
        id: TaskId,
        query: &CompletionQuery,
    ) -> Result<Page<Completion>> {
        self.get(owner, id).await?;
        let rows = self.store.completions(id, query).await?;
        Ok(Page::of_completions(rows, query))
    }

    pub async fn delete(&self, owner: UserId, id: TaskId, precondition: Option<&Precondition>) -> Result<()> {
        let only_version = match precondition {
            None => None,
            Some(precondition) => {
                let current = self.get(owner, id).await?;
                if !precondition.holds_for(current.version) {
                    return Err(Error::PreconditionFailed);
                }
                Some(current.version)
            }
        };
        if !self.store.delete_task(owner, id, only_version).await? {
            // Gone meanwhile; or, under a precondition, changed meanwhile.
            let still_there = only_version.is_some() && self.store.task(owner, id).await?.is_some();
            return Err(if still_there { Error::PreconditionFailed } else { Error::NotFound });
        }
        self.effects.committed(Change::Task { owner, task: id, reminder_moved: false }).await;
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
    pub async fn occurrences(&self, owner: UserId, id: TaskId, limit: usize) -> Result<Vec<Timestamp>> {
        Ok(self.get(owner, id).await?.occurrences(limit))
    }

    /// A page of the owner's tasks as JSON. Only the unfiltered first pages are cached: what the
    /// UI opens on, and a bounded set per user.
    pub async fn list_json(&self, owner: UserId, query: &TaskListQuery) -> Result<Bytes> {
        let entry = query
            .is_unfiltered_first_page()
            .then_some(Entry::TaskPage { sort: query.sort, limit: query.limit });
        cache::read_through(self.cache.as_ref(), owner, entry, async {
            let rows = self.store.list_tasks(owner, query, time::now()).await?;
            json::page(&Page::of_tasks(rows, query))
        })
        .await
    }
}
