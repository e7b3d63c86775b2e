//! The notifications service: the in-app list and marking read. (Notifications are created by the
//! reminder worker, in `worker`.)

use std::sync::Arc;

use axum::body::Bytes;

use crate::domain::{NotificationId, NotificationQuery, Page, UserId, time};
use crate::effects::{Change, Effects};
use crate::error::{Error, Result};
use crate::json;
use crate::store::{Snoozed, Store};

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

    /// Marks every unread notification of the owner read; how many there were. Like a single
    /// read, nothing another screen shows changes, so there is no change event.
    pub async fn mark_all_read(&self, owner: UserId) -> Result<u64> {
        Ok(self.store.mark_all_notifications_read(owner, time::now()).await?)
    }

    /// Marks the notification read and has its reminder fire once more `minutes` from now.
    pub async fn snooze(&self, owner: UserId, id: NotificationId, minutes: SnoozeMinutes) -> Result<()> {
        let now = time::now();
        match self.store.snooze_notification(owner, id, now + minutes.duration(), now).await? {
            Snoozed::Until(_) => {
                self.effects.committed(Change::Snoozed { owner, notification: id }).await;
                Ok(())
            }
            Snoozed::NoSuchNotification => Err(Error::NotFound),
            Snoozed::TaskCompleted => {
                Err(Error::Conflict("the task is completed: there is nothing to snooze"))
            }
        }
    }
}

/// How long a notification is snoozed: 1 to 1440 minutes (a day).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SnoozeMinutes(u16);

impl SnoozeMinutes {
    pub fn parse(minutes: i64) -> Result<Self, &'static str> {
        match u16::try_from(minutes) {
            Ok(m @ 1..=1440) => Ok(Self(m)),
            _ => Err("must be a whole number of minutes from 1 to 1440"),
        }
    }

    fn duration(self) -> chrono::TimeDelta {
        chrono::TimeDelta::minutes(i64::from(self.0))
    }
}
