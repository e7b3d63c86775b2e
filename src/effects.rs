//! What a committed write does beyond its own rows. Every service reports each write here, after
//! its transaction committed, as a `Change`; this is the one place that decides what follows:
//! whose cached reads go stale, whether the reminder worker must look again, and which change
//! events go to the open screens (`events`).

use std::sync::Arc;

use tokio::sync::Notify;

use crate::cache::ReadCache;
use crate::domain::{NotificationId, ProjectId, TaskId, UserId};
use crate::events::{self, EventBus};
use crate::store::DeliveredReminder;

/// What happened to a task, as its change event says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TaskOp {
    Created,
    Updated,
    Deleted,
}

/// What happened to a project, as its change event says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProjectOp {
    Created,
    Updated,
    Deleted,
    MemberAdded,
    MemberRemoved,
}

/// A committed write, as the rest of the system needs to hear of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// A task was created, changed or deleted. `reminder_moved`: its reminder may now fire at
    /// another time than before (armed, moved, or back after un-completing).
    Task {
        task: TaskId,
        /// Its project now (before, when deleted).
        project: ProjectId,
        version: i64,
        op: TaskOp,
        /// Who can see it now: the members of its project (who could, when deleted).
        audience: Vec<UserId>,
        /// Who could see it before a move and no longer can.
        lost: Vec<UserId>,
        reminder_moved: bool,
    },
    /// A project, or who is in it, changed: `audience` is everyone whose view changed (its
    /// members, and a member just added or removed).
    Project {
        project: ProjectId,
        op: ProjectOp,
        audience: Vec<UserId>,
    },
    /// The worker turned due reminders into these notifications.
    RemindersDelivered {
        notifications: Vec<DeliveredReminder>,
    },
    NotificationRead {
        owner: UserId,
        notification: NotificationId,
    },
    /// Read, and its reminder armed again for later.
    Snoozed {
        owner: UserId,
        notification: NotificationId,
    },
    /// The user's own record (what `GET /users/me` shows) changed.
    ProfileChanged {
        user: UserId,
    },
    /// The account and everything it owned are gone.
    AccountDeleted {
        user: UserId,
        /// Who shared a project with them.
        others: Vec<UserId>,
    },
}

impl Change {
    /// Everyone whose reads the change may alter.
    fn audience(&self) -> Vec<UserId> {
        match self {
            Self::Task { audience, lost, .. } => audience.iter().chain(lost).copied().collect(),
            Self::Project { audience, .. } => audience.clone(),
            Self::NotificationRead { owner, .. } | Self::Snoozed { owner, .. } => vec![*owner],
            Self::ProfileChanged { user } => vec![*user],
            Self::AccountDeleted { user, others } => others.iter().copied().chain([*user]).collect(),
            // A delivered reminder shows as its `sent_at` in its task's pages.
            Self::RemindersDelivered { notifications } => notifications.iter().map(|n| n.user_id).collect(),
        }
    }

    /// Whether the change shows in what the read cache keeps (profiles and task pages).
    fn shows_in_cached_reads(&self) -> bool {
        // A snooze is not one of the task's shown reminders.
        !matches!(self, Self::NotificationRead { .. } | Self::Snoozed { .. })
    }
}

#[derive(Clone)]
pub struct Effects {
    cache: Option<ReadCache>,
    /// Wakes this process's reminder worker; workers elsewhere hear of it through the store.
    reminder_wake: Arc<Notify>,
    /// Where the change events go (none: a process nobody streams from, e.g. in unit tests).
    events: Option<EventBus>,
}

impl Effects {
    pub fn new(cache: Option<ReadCache>, reminder_wake: Arc<Notify>) -> Self {
        Self { cache, reminder_wake, events: None }
    }

    /// The same, publishing the change events of live updates on `bus`.
    pub fn with_events(self, bus: EventBus) -> Self {
        Self { events: Some(bus), ..self }
    }

    /// What the reminder worker of this process waits on.
    pub fn reminder_wake(&self) -> Arc<Notify> {
        self.reminder_wake.clone()
    }

    /// Carries out everything `change` implies. Call it only after the write committed: a reader
    /// that refills the cache in between must already see the new rows.
    pub async fn committed(&self, change: Change) {
        if let Some(cache) = &self.cache
            && change.shows_in_cached_reads()
        {
            let mut audience = change.audience();
            audience.sort_unstable();
            audience.dedup();
            cache.invalidate(&audience).await;
        }
        if matches!(change, Change::Task { reminder_moved: true, .. } | Change::Snoozed { .. }) {
            self.reminder_wake.notify_one();
        }
        if let Some(bus) = &self.events {
            bus.publish(events::events_of(&change)).await;
        }
    }
}
