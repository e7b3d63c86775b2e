//! Persistent storage of users and tasks, behind one trait so that the services never know which
//! database they run on. Every statement is in `sql.rs`, written once for both databases; each
//! backend's module holds only what its dialect does its own way.

pub mod postgres;
mod rows;
mod sql;
pub mod sqlite;

use async_trait::async_trait;

use crate::domain::time::Timestamp;
use crate::domain::{
    ApiToken, ApiTokenGrant, ApiTokenId, ApiTokenName, Color, Completion, CompletionQuery, DayWindows, Email,
    Member, NewTask, Notification, NotificationId, NotificationQuery, PendingEmail, Project, ProjectId,
    ProjectName, ProjectTally, Reminder, Role, Scopes, Task, TaskId, TaskListQuery, TimeZone, User, UserId,
};

/// A reminder the worker has just turned into a notification.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DeliveredReminder {
    /// Who was notified.
    pub user_id: UserId,
    pub notification: NotificationId,
    pub task: TaskId,
    pub fires_at: Timestamp,
}

/// What adding a member did.
#[derive(Debug, Clone, PartialEq)]
pub enum MemberAdded {
    Added(Member),
    /// No account has that email.
    NoSuchUser,
    AlreadyMember,
}

/// A label on the tasks a user can see, and on how many.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LabelCount {
    pub name: String,
    pub count: i64,
}

/// What snoozing a notification did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Snoozed {
    /// Marked read; its reminder fires once more at the snooze's end.
    Until(Timestamp),
    /// The owner has no such notification.
    NoSuchNotification,
    /// Its task is completed: nothing changed.
    TaskCompleted,
}

/// What a user's calendar feed holds, in a few numbers: any change to the feed's tasks (one added,
/// changed, completed, deleted, moved out of reach) or to their pending reminders changes one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CalendarStamp {
    pub tasks: i64,
    pub last_updated: Option<Timestamp>,
    pub version_sum: i64,
    pub id_sum: i64,
    pub pending_reminders: i64,
}

/// A project of an import document, checked: recreated for the importer (or, for the inbox, its
/// tasks added to theirs).
#[derive(Debug, Clone)]
pub struct ImportedProject {
    pub name: ProjectName,
    pub color: Option<Color>,
    pub inbox: bool,
    pub tasks: Vec<ImportedTask>,
}

/// A task of an import document, checked: `task` holds every field as stored (its `id`,
/// `project_id`, `created_by` and reminder ids are ignored: new ones are made).
#[derive(Debug, Clone)]
pub struct ImportedTask {
    pub task: Task,
    pub completions: Vec<Completion>,
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database cannot be reached (connection refused, pool exhausted, timed out).
    #[error("database unavailable: {0}")]
    Unavailable(#[source] sqlx::Error),
    /// A uniqueness rule refused the write.
    #[error("conflict")]
    Conflict,
    #[error(transparent)]
    Other(sqlx::Error),
}

impl From<sqlx::Error> for StoreError {
    fn from(err: sqlx::Error) -> Self {
        use sqlx::Error as E;
        match err {
            E::Io(_) | E::Tls(_) | E::PoolTimedOut | E::PoolClosed | E::WorkerCrashed => {
                Self::Unavailable(err)
            }
            E::Database(ref db) if db.is_unique_violation() => Self::Conflict,
            E::Database(ref db) if db.code().is_some_and(|code| refuses_service(&code)) => {
                Self::Unavailable(err)
            }
            other => Self::Other(other),
        }
    }
}

/// SQLSTATEs with which PostgreSQL declines to serve, whatever the request: the server going
/// away mid-conversation (08 connection exception, 57P shutdown or cannot connect now), or
/// refusing a new connection (28 bad credentials, 3D000 no such database, 53 out of connections,
/// memory or disk). Each is the database's trouble, not the request's: 503, never 500.
fn refuses_service(code: &str) -> bool {
    ["08", "57P", "28", "3D000", "53"].iter().any(|class| code.starts_with(class))
}

pub type StoreResult<T> = Result<T, StoreError>;

/// A user's id and password hash, for checking credentials.
#[derive(Debug, Clone)]
pub struct Credentials {
    pub user_id: UserId,
    pub password_hash: String,
}

/// Connections of a store's pool, for the metrics.
#[derive(Debug, Clone, Copy)]
pub struct PoolStatus {
    pub open: u32,
    pub idle: usize,
}

#[async_trait]
pub trait Store: Send + Sync + 'static {
    /// Answers when the database is reachable.
    async fn ping(&self) -> StoreResult<()>;
    fn pool_status(&self) -> PoolStatus;

    /// Creates a user with their inbox; `Conflict` when the email is taken.
    async fn create_user(
        &self,
        email: &Email,
        password_hash: &str,
        time_zone: TimeZone,
        now: Timestamp,
    ) -> StoreResult<User>;
    async fn user(&self, id: UserId) -> StoreResult<Option<User>>;
    /// The user after the change; `None` when there is no such user.
    async fn set_user_time_zone(&self, id: UserId, time_zone: TimeZone) -> StoreResult<Option<User>>;
    async fn credentials_by_email(&self, email: &Email) -> StoreResult<Option<Credentials>>;
    async fn password_hash(&self, id: UserId) -> StoreResult<Option<String>>;
    async fn set_password_hash(&self, id: UserId, password_hash: &str) -> StoreResult<bool>;
    /// Deletes the user and, by cascade, the projects they own and their memberships; the tasks
    /// they created elsewhere stay (`created_by` null), their assignments are cleared.
    async fn delete_user(&self, id: UserId) -> StoreResult<bool>;

    /// The user's role in the project; `None` when they are not a member or there is no such project.
    async fn role(&self, user: UserId, project: ProjectId) -> StoreResult<Option<Role>>;
    async fn inbox(&self, user: UserId) -> StoreResult<Option<ProjectId>>;
    /// Every project the user is a member of, inbox first, then by name (case-insensitively).
    async fn projects(&self, user: UserId) -> StoreResult<Vec<Project>>;
    /// The project as the user sees it; `None` when they are not a member.
    async fn project(&self, user: UserId, id: ProjectId) -> StoreResult<Option<Project>>;
    async fn create_project(
        &self,
        owner: UserId,
        name: &ProjectName,
        color: Option<&Color>,
        now: Timestamp,
    ) -> StoreResult<Project>;
    /// Renames and/or recolours (`Some(None)` clears the colour); `false` when there is no such project.
    async fn update_project(
        &self,
        id: ProjectId,
        name: Option<&ProjectName>,
        color: Option<Option<&Color>>,
        now: Timestamp,
    ) -> StoreResult<bool>;
    /// Deletes the project with its tasks, their reminders and notifications.
    async fn delete_project(&self, id: ProjectId) -> StoreResult<bool>;
    /// The members, the owner first, then by email.
    async fn members(&self, project: ProjectId) -> StoreResult<Vec<Member>>;
    async fn member_ids(&self, project: ProjectId) -> StoreResult<Vec<UserId>>;
    /// Everyone who shares a project with the user (not the user).
    async fn co_members(&self, user: UserId) -> StoreResult<Vec<UserId>>;
    async fn add_member(
        &self,
        project: ProjectId,
        email: &Email,
        role: Role,
        now: Timestamp,
    ) -> StoreResult<MemberAdded>;
    /// The member after the change; `None` when they are not a member.
    async fn set_member_role(
        &self,
        project: ProjectId,
        user: UserId,
        role: Role,
    ) -> StoreResult<Option<Member>>;
    /// Removes the member and clears them as assignee of the project's tasks (each such task gets
    /// a new version): those tasks' ids and new versions, or `None` when they were not a member.
    async fn remove_member(
        &self,
        project: ProjectId,
        user: UserId,
        now: Timestamp,
    ) -> StoreResult<Option<Vec<(TaskId, i64)>>>;
    /// The labels on the tasks the user can see, by name (folded), with the spelling first used.
    async fn labels(&self, user: UserId) -> StoreResult<Vec<LabelCount>>;
    /// Each project the user is in, with how many of its tasks fall in each view at `windows`.
    async fn task_counts(&self, user: UserId, windows: &DayWindows) -> StoreResult<Vec<ProjectTally>>;

    /// Creates the task in `project` with its reminders (`NewTask::reminders`).
    async fn create_task(
        &self,
        creator: UserId,
        project: ProjectId,
        task: &NewTask,
        reminders: &[Reminder],
        now: Timestamp,
    ) -> StoreResult<Task>;
    /// The task with the user's role in its project; `None` when it does not exist or the user is
    /// not a member of its project.
    async fn task(&self, user: UserId, id: TaskId) -> StoreResult<Option<(Task, Role)>>;
    /// Writes `after` (what `Task::patched` made of `before`) if the task is still as `before` was
    /// read: its version, and its reminders (which the worker and snoozes change without a new
    /// version); `None` when it is not (changed meanwhile, or gone). Records `completion` with it.
    async fn save_task(
        &self,
        before: &Task,
        after: &Task,
        completion: Option<&Completion>,
    ) -> StoreResult<Option<Task>>;
    /// Deletes the task (only at `only_version`, if given); `false` when none was deleted.
    async fn delete_task(&self, id: TaskId, only_version: Option<i64>) -> StoreResult<bool>;
    /// Up to `query.fetch_limit()` of the tasks the user can see (of one project, when the filter
    /// names one the caller has checked) after `query.after`, in `query.sort` order.
    async fn list_tasks(&self, user: UserId, query: &TaskListQuery, now: Timestamp)
    -> StoreResult<Vec<Task>>;

    /// The task's completions, newest first (the caller has checked that it may see the task).
    async fn completions(&self, task: TaskId, query: &CompletionQuery) -> StoreResult<Vec<Completion>>;

    /// Delivers up to `batch` due reminders in one transaction: each armed reminder whose
    /// `fires_at` has passed becomes one notification (queued for email when `email`) and is
    /// marked sent. Concurrent callers never deliver the same reminder twice.
    async fn deliver_due_reminders(
        &self,
        now: Timestamp,
        batch: i64,
        email: bool,
    ) -> StoreResult<Vec<DeliveredReminder>>;
    /// The earliest `fires_at` still to be delivered, so the worker can sleep until exactly then.
    async fn next_reminder_due(&self) -> StoreResult<Option<Timestamp>>;
    /// Completes when another process may have armed or moved a reminder. Backends without such a
    /// signal never complete (their worker runs in the process that makes the change, and is nudged
    /// directly).
    async fn reminders_changed(&self) -> StoreResult<()> {
        std::future::pending().await
    }
    async fn notifications(&self, owner: UserId, query: &NotificationQuery)
    -> StoreResult<Vec<Notification>>;
    /// Marks every unread notification of the owner read; how many that was.
    async fn mark_all_notifications_read(&self, owner: UserId, now: Timestamp) -> StoreResult<u64>;
    /// Marks the owner's notification read (keeping the first time); `false` when there is none.
    async fn mark_notification_read(
        &self,
        owner: UserId,
        id: NotificationId,
        now: Timestamp,
    ) -> StoreResult<bool>;

    /// Marks the owner's notification read and arms a one-shot reminder of its task at `until`
    /// (one per notification: snoozing again moves it), unless the task is completed.
    async fn snooze_notification(
        &self,
        owner: UserId,
        id: NotificationId,
        until: Timestamp,
        now: Timestamp,
    ) -> StoreResult<Snoozed>;

    /// Leases up to `batch` outbox emails that are due at `now` until `lease_until`, so that a
    /// worker that dies mid-send leaves them to be retried, not lost.
    async fn claim_emails(
        &self,
        now: Timestamp,
        lease_until: Timestamp,
        batch: i64,
    ) -> StoreResult<Vec<PendingEmail>>;
    /// The SMTP server accepted the email: it leaves the outbox.
    async fn email_sent(&self, id: NotificationId, now: Timestamp) -> StoreResult<()>;
    /// The send failed: counted, and scheduled again at `retry_at`.
    async fn email_failed(&self, id: NotificationId, retry_at: Timestamp, error: &str) -> StoreResult<()>;

    // API tokens.

    /// Records a new API token of `user`: only the hash of its secret.
    async fn create_api_token(
        &self,
        user: UserId,
        name: &ApiTokenName,
        token_hash: &str,
        scopes: &Scopes,
        now: Timestamp,
        expires_at: Option<Timestamp>,
    ) -> StoreResult<ApiToken>;
    /// The user's tokens, newest first.
    async fn api_tokens(&self, user: UserId) -> StoreResult<Vec<ApiToken>>;
    /// The token whose secret hashes to `token_hash`, expired or not.
    async fn api_token_grant(&self, token_hash: &str) -> StoreResult<Option<ApiTokenGrant>>;
    /// Deletes the user's token; its hash (for the token store's refusal), `None` when there is none.
    async fn delete_api_token(&self, user: UserId, id: ApiTokenId) -> StoreResult<Option<String>>;
    /// The hashes of every token of the user.
    async fn api_token_hashes(&self, user: UserId) -> StoreResult<Vec<String>>;
    /// Records a use of the token (callers write at most about once a minute per token).
    async fn touch_api_token(&self, id: ApiTokenId, at: Timestamp) -> StoreResult<()>;
    /// Queues an email about the account to `user`, due at `now` and dropped unsent after
    /// `expires_at`. One statement whatever `user` is: `None` (or a user that no longer exists)
    /// queues nothing, at the cost of the same round trip, so callers can do the same work for
    /// every email address.
    async fn queue_account_email(
        &self,
        user: Option<UserId>,
        email: &AccountEmailContent,
        now: Timestamp,
        expires_at: Timestamp,
    ) -> StoreResult<()>;
    /// Drops the expired account emails, then leases up to `batch` due ones until `lease_until`.
    async fn claim_account_emails(
        &self,
        now: Timestamp,
        lease_until: Timestamp,
        batch: i64,
    ) -> StoreResult<Vec<PendingAccountEmail>>;
    /// The SMTP server accepted it: deleted, with the link it carried.
    async fn account_email_sent(&self, id: i64) -> StoreResult<()>;
    async fn account_email_failed(&self, id: i64, retry_at: Timestamp, error: &str) -> StoreResult<()>;

    // Calendar feed, export and import (issue 14).

    /// The user's calendar feed secret; `None` before the feed was first asked for.
    async fn calendar_secret(&self, user: UserId) -> StoreResult<Option<String>>;
    /// Makes `secret` the user's feed secret, replacing the one they had; `Conflict` if another
    /// user's feed has it.
    async fn set_calendar_secret(&self, user: UserId, secret: &str, now: Timestamp) -> StoreResult<()>;
    /// Whose feed `secret` is.
    async fn calendar_owner(&self, secret: &str) -> StoreResult<Option<UserId>>;
    /// The stamp of the user's feed: one aggregate query, no task read.
    async fn calendar_stamp(&self, user: UserId) -> StoreResult<CalendarStamp>;
    /// Up to `limit` of the open tasks with a due date in every project the user is a member of,
    /// with ids above `after`, by id, with their reminders.
    async fn calendar_tasks(&self, user: UserId, after: TaskId, limit: i64) -> StoreResult<Vec<Task>>;
    /// Up to `limit` of the project's tasks after `after` (created_at, id) in that order, with
    /// their reminders and completions (the caller has checked that the user may read them).
    async fn export_tasks(
        &self,
        project: ProjectId,
        after: Option<(Timestamp, TaskId)>,
        limit: i64,
    ) -> StoreResult<Vec<(Task, Vec<Completion>)>>;
    /// Writes a checked import document for `user` in one transaction: the inbox's tasks into
    /// `inbox`, every other project created, owned by `user`. The ids of the projects created and
    /// of every task created, with its project.
    async fn import(
        &self,
        user: UserId,
        inbox: ProjectId,
        projects: &[ImportedProject],
        now: Timestamp,
    ) -> StoreResult<(Vec<ProjectId>, Vec<(TaskId, ProjectId)>)>;
}

/// What an account email says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountEmailContent {
    pub subject: String,
    pub body: String,
}

/// An account email leased to a worker for sending.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingAccountEmail {
    pub id: i64,
    pub to: String,
    pub content: AccountEmailContent,
    /// Sends so far that the SMTP server did not accept.
    pub attempts: i32,
}
