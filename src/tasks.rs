//! The tasks service: every read and write of tasks, and the effects of each write.

use std::sync::Arc;

use axum::body::Bytes;

use crate::cache::{self, Entry, ReadCache};
use crate::domain::time::{self, Timestamp};
use crate::domain::{NewTask, Page, Precondition, Task, TaskId, TaskListQuery, TaskPatch, UserId};
use crate::effects::{Change, Effects};
use crate::error::{Error, Result};
use crate::json;
use crate::store::Store;

pub struct Tasks {
    store: Arc<dyn Store>,
    cache: Option<ReadCache>,
    effects: Effects,
}

impl Tasks {
    pub fn new(store: Arc<dyn Store>, cache: Option<ReadCache>, effects: Effects) -> Self {
        Self { store, cache, effects }
    }

    pub async fn create(&self, owner: UserId, task: &NewTask) -> Result<Task> {
        if let Some(recurrence) = &task.recurrence {
            // The series' rules depend on the zone: the task's own, else its creator's.
            let zone = match task.time_zone {
                Some(zone) => zone,
                None => {
                    self.store
                        .user(owner)
                        .await?
                        .ok_or(Error::Unauthorized("user no longer exists"))?
                        .time_zone
                }
            };
            let Some(due) = task.due_date else {
                return Err(Error::field(
                    "recurrence",
                    "needs a due date: the due date is the first occurrence",
                ));
            };
            recurrence.series(due, zone).map_err(|e| Error::field("recurrence", e.to_string()))?;
        }
        let task = self.store.create_task(owner, task, time::now()).await?;
        let reminder_moved = task.remind_at.is_some();
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
        loop {
            let current = self.get(owner, id).await?;
            if precondition.is_some_and(|p| !p.holds_for(current.version)) {
                return Err(Error::PreconditionFailed);
            }
            let Some(next) =
                current.patched(patch, time::now()).map_err(|(field, e)| Error::field(field, e))?
            else {
                return Ok(current);
            };
            let rearm = next.rearms_reminder_of(&current);
            if let Some(saved) = self.store.save_task(owner, &next, rearm, current.version).await? {
                // Moving the reminder changes when it fires; (un)completing, whether.
                let reminder_moved = rearm || saved.completed != current.completed;
                self.effects.committed(Change::Task { owner, task: id, reminder_moved }).await;
                return Ok(saved);
            }
            // Changed meanwhile: read it again. Without a precondition (or with `*`) the patch
            // then applies on top; a named version is stale now, and the next pass says 412.
        }
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
