//! The notifications service: the in-app list and marking read. (Notifications are created by the
//! reminder worker, in `worker`.)

use std::sync::Arc;

use axum::body::Bytes;

use crate::domain::{NotificationId, NotificationQuery, Page, UserId, time};
use crate::effects::{Change, Effects};
use crate::error::{Error, Result};
use crate::json;
use crate::store::Store;

pub struct Notifications {
    store: Arc<dyn Store>,
    effects: Effects,
}

impl Notifications {
    pub fn new(store: Arc<dyn Store>, effects: Effects) -> Self {
        Self { store, effects }
    }

    pub async fn list_json(&self, owner: UserId, query: &NotificationQuery) -> Result<Bytes> {
        let rows = self.store.notifications(owner, query).await?;
        json::page(&Page::of_notifications(rows, query))
    }

    /// Marks the owner's notification read (keeping the first time); another's is `NotFound`.
    pub async fn mark_read(&self, owner: UserId, id: NotificationId) -> Result<()> {
        if !self.store.mark_notification_read(owner, id, time::now()).await? {
            return Err(Error::NotFound);
        }
        self.effects.committed(Change::NotificationRead { owner, notification: id }).await;
        Ok(())
    }
}
