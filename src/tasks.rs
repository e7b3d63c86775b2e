//! The tasks service: every read and write of tasks, and the effects of each write.

use std::sync::Arc;

use axum::body::Bytes;

use crate::cache::{self, Entry, ReadCache};
use crate::domain::time;
use crate::domain::{NewTask, Page, Task, TaskId, TaskListQuery, TaskPatch, UserId};
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
        let task = self.store.create_task(owner, task, time::now()).await?;
        let reminder_moved = task.remind_at.is_some();
        self.effects.committed(Change::Task { owner, task: task.id, reminder_moved }).await;
        Ok(task)
    }

    /// The owner's task; another user's is `NotFound`, like a missing one.
    pub async fn get(&self, owner: UserId, id: TaskId) -> Result<Task> {
        self.store.task(owner, id).await?.ok_or(Error::NotFound)
    }

    pub async fn update(&self, owner: UserId, id: TaskId, patch: &TaskPatch) -> Result<Task> {
        let task = self.store.update_task(owner, id, patch, time::now()).await?.ok_or(Error::NotFound)?;
        // Re-completing or moving the reminder may change when (or whether) it fires.
        let reminder_moved = patch.remind_at.is_some() || patch.completed.is_some();
        self.effects.committed(Change::Task { owner, task: id, reminder_moved }).await;
        Ok(task)
    }

    pub async fn delete(&self, owner: UserId, id: TaskId) -> Result<()> {
        if !self.store.delete_task(owner, id).await? {
            return Err(Error::NotFound);
        }
        self.effects.committed(Change::Task { owner, task: id, reminder_moved: false }).await;
        Ok(())
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
