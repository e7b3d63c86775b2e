//! The export and import service: the user's data as one versioned JSON document, written as a
//! stream a page at a time (an account of any size exports in bounded memory), and read back into
//! an account, checked whole before anything is written, in one transaction.

mod document;
mod import;

use std::sync::Arc;

use axum::body::Bytes;
use serde::Serialize;
use tokio::sync::mpsc;
use tokio_stream::wrappers::ReceiverStream;

use crate::domain::time::{self, Timestamp};
use crate::domain::{NotificationQuery, Project, TaskId, UserId};
use crate::effects::{Change, Effects, ProjectOp, TaskOp};
use crate::error::{Error, Result};
use crate::store::{Store, StoreResult};
use document::{DocNotification, DocProjectHead, DocTask, DocUser, Head};

/// Rows read per query while exporting.
const PAGE: i64 = 500;
/// The body is sent in chunks of about this size.
const CHUNK: usize = 64 * 1024;
/// Chunks waiting for a slow client: with `CHUNK`, what one export may hold in memory.
const CHUNKS_IN_FLIGHT: usize = 4;
/// Above this many tasks an import announces its projects, not each task.
const EVENTS_PER_TASK_UP_TO: usize = 1000;

/// What an import created.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Imported {
    /// Projects created (the inbox is not one).
    pub projects: usize,
    pub tasks: usize,
}

/// The chunks of an export's body; an error ends it early (the client sees a cut-off body).
pub type ExportStream = ReceiverStream<std::io::Result<Bytes>>;

pub struct Exports {
    store: Arc<dyn Store>,
    effects: Effects,
    /// `IMPORT_MAX_BYTES`: the largest document an import reads.
    max_bytes: usize,
}

impl Exports {
    pub fn new(store: Arc<dyn Store>, effects: Effects, max_bytes: usize) -> Self {
        Self { store, effects, max_bytes }
    }

    pub fn max_bytes(&self) -> usize {
        self.max_bytes
    }

    /// Starts the user's export: when it was taken (for the file name), and its body.
    pub async fn export(&self, user: UserId) -> Result<(Timestamp, ExportStream)> {
        let profile = self.store.user(user).await?.ok_or(Error::Unauthorized("user no longer exists"))?;
        let now = time::now();
        let head = Head {
            format: document::FORMAT,
            version: document::VERSION,
            exported_at: time::format(&now),
            user: DocUser::from(&profile),
        };
        let (sender, receiver) = mpsc::channel(CHUNKS_IN_FLIGHT);
        let store = self.store.clone();
        tokio::spawn(async move {
            let mut out = Writer { buf: Vec::with_capacity(CHUNK), sender };
            if let Err(err) = write_export(&*store, user, &head, &mut out).await {
                match err {
                    Written::Store(err) => {
                        tracing::warn!(user, error = %err, "export stopped: the store failed");
                        let _ = out.sender.send(Err(std::io::Error::other("the export failed"))).await;
                    }
                    // The client went away: nothing to tell anyone.
                    Written::Gone => {}
                }
                return;
            }
            let _ = out.flush().await;
        });
        Ok((now, ReceiverStream::new(receiver)))
    }

    /// Checks the document `body` whole, then writes it into the user's account in one
    /// transaction: the inbox's tasks into theirs, every other project recreated as theirs.
    pub async fn import(&self, user: UserId, body: &[u8]) -> Result<Imported> {
        let projects = import::check(body)?;
        let inbox = self.store.inbox(user).await?.ok_or(Error::Unauthorized("user no longer exists"))?;
        let (created, tasks) = self.store.import(user, inbox, &projects, time::now()).await?;
        let reminder_moved =
            projects.iter().flat_map(|p| &p.tasks).any(|t| t.task.reminders.iter().any(|r| r.armed));
        for &project in &created {
            let change = Change::Project { project, op: ProjectOp::Created, audience: vec![user] };
            self.effects.committed(change).await;
        }
        if tasks.len() <= EVENTS_PER_TASK_UP_TO {
            for (n, &(task, project)) in tasks.iter().enumerate() {
                self.effects.committed(task_created(user, task, project, reminder_moved && n == 0)).await;
            }
        } else {
            // Screens reload a project's tasks on its event; one per project instead of a flood.
            let change = Change::Project { project: inbox, op: ProjectOp::Updated, audience: vec![user] };
            self.effects.committed(change).await;
            if let Some(&(task, project)) = tasks.first() {
                self.effects.committed(task_created(user, task, project, reminder_moved)).await;
            }
        }
        Ok(Imported { projects: created.len(), tasks: tasks.len() })
    }
}

fn task_created(user: UserId, task: TaskId, project: i64, reminder_moved: bool) -> Change {
    Change::Task {
        task,
        project,
        version: 1,
        op: TaskOp::Created,
        audience: vec![user],
        lost: vec![],
        reminder_moved,
    }
}

/// Why an export stopped.
enum Written {
    Store(crate::store::StoreError),
    Gone,
}

impl From<crate::store::StoreError> for Written {
    fn from(err: crate::store::StoreError) -> Self {
        Self::Store(err)
    }
}

/// Gathers the body into chunks and hands each to the response as it fills.
struct Writer {
    buf: Vec<u8>,
    sender: mpsc::Sender<std::io::Result<Bytes>>,
}

impl Writer {
    async fn raw(&mut self, text: &str) -> Result<(), Written> {
        self.buf.extend_from_slice(text.as_bytes());
        self.maybe_flush().await
    }

    async fn json<T: Serialize>(&mut self, value: &T) -> Result<(), Written> {
        // Our own types, of strings and numbers: serialising them cannot fail.
        serde_json::to_writer(&mut self.buf, value).map_err(|_| Written::Gone)?;
        self.maybe_flush().await
    }

    async fn maybe_flush(&mut self) -> Result<(), Written> {
        match self.buf.len() >= CHUNK {
            true => self.flush().await,
            false => Ok(()),
        }
    }

    async fn flush(&mut self) -> Result<(), Written> {
        let chunk = std::mem::replace(&mut self.buf, Vec::with_capacity(CHUNK));
        self.sender.send(Ok(chunk.into())).await.map_err(|_| Written::Gone)
    }
}

/// The document, written as `{head…, "projects": [{project…, "tasks": [...]}, …], "notifications": [...]}`.
async fn write_export(store: &dyn Store, user: UserId, head: &Head, out: &mut Writer) -> Result<(), Written> {
    let head = serde_json::to_string(head).map_err(|_| Written::Gone)?;
    // The head's closing brace makes way for the lists.
    out.raw(&head[..head.len() - 1]).await?;
    out.raw(",\"projects\":[").await?;
    for (n, project) in store.projects(user).await?.iter().enumerate() {
        if n > 0 {
            out.raw(",").await?;
        }
        write_project(store, project, out).await?;
    }
    out.raw("],\"notifications\":[").await?;
    let mut query = NotificationQuery { unread_only: false, limit: PAGE as u32, after: None };
    let mut first = true;
    loop {
        let page = store.notifications(user, &query).await?;
        for notification in page.iter().take(PAGE as usize) {
            if !std::mem::take(&mut first) {
                out.raw(",").await?;
            }
            out.json(&DocNotification::from(notification)).await?;
        }
        match page.get(PAGE as usize - 1) {
            Some(last) if page.len() > PAGE as usize => query.after = Some((last.created_at, last.id)),
            _ => break,
        }
    }
    out.raw("]}").await
}

async fn write_project(store: &dyn Store, project: &Project, out: &mut Writer) -> Result<(), Written> {
    let members = store.members(project.id).await?;
    let head = serde_json::to_string(&DocProjectHead::new(project, &members)).map_err(|_| Written::Gone)?;
    out.raw(&head[..head.len() - 1]).await?;
    out.raw(",\"tasks\":[").await?;
    let email_of = |id: Option<UserId>| {
        id.and_then(|id| members.iter().find(|m| m.user_id == id)).map(|m| m.email.clone())
    };
    let mut after = None;
    let mut first = true;
    loop {
        let page: StoreResult<_> = store.export_tasks(project.id, after, PAGE).await;
        let page = page?;
        for (task, completions) in &page {
            if !std::mem::take(&mut first) {
                out.raw(",").await?;
            }
            out.json(&DocTask::new(task, completions, email_of(task.assignee_id))).await?;
        }
        match page.last() {
            Some((last, _)) if page.len() as i64 == PAGE => after = Some((last.created_at, last.id)),
            _ => break,
        }
    }
    out.raw("]}").await
}
