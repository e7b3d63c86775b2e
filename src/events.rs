//! Live updates: the change events of `GET /events`. `Effects::committed` turns each committed
//! change into events addressed to the users who may see it (`events_of`) and publishes them on the
//! bus; every server fans what the bus carries out to its own open streams, each of which forwards
//! only the events addressed to its user.
//!
//! The bus is an in-process broadcast on the embedded default, and Redis pub/sub (one channel under
//! the key prefix) with Redis, so that a change made on any server reaches streams on all of them.
//! Events carry ids only: the client refetches what it shows.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use tokio::sync::{broadcast, mpsc, watch};
use tokio_stream::StreamExt;
use tokio_util::sync::{CancellationToken, DropGuard};

use crate::domain::{NotificationId, ProjectId, TaskId, UserId};
use crate::effects::{Change, ProjectOp, TaskOp};
use crate::error::{Error, Result};

/// How often an idle stream gets a comment line, so that proxies keep it open (the contract: at
/// least every 30 s).
pub const KEEP_ALIVE: Duration = Duration::from_secs(15);
/// How often a stream checks that its session still stands (the contract: it ends within 5 s of a
/// revocation; a token-store round trip may take up to 2 s more).
pub const RECHECK: Duration = Duration::from_secs(2);
/// Events queued for one stream while its client is not reading (beyond what the socket holds)…
pub const STREAM_BUFFER: usize = 256;
/// …and how long that queue may stay full before the stream is cut off: a client that reads makes
/// room within milliseconds, even after a burst.
pub const SLOW_CLIENT: Duration = Duration::from_secs(1);
/// Events a server holds for its slowest stream; a stream further behind ends (lagged).
const BUS_CAPACITY: usize = 1024;
/// How often the Redis subscription is pinged, and how long connecting or a ping may take.
const REDIS_PING_EVERY: Duration = Duration::from_secs(5);
const REDIS_TIMEOUT: Duration = Duration::from_secs(2);
/// How long a new stream waits for the Redis subscription (at start-up, after an outage).
const SUBSCRIBE_WAIT: Duration = Duration::from_secs(1);

/// The kind of an event: its `event:` line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Task,
    Project,
    Notification,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Self::Task => "task",
            Self::Project => "project",
            Self::Notification => "notification",
        }
    }
}

/// One event and who receives it, as the bus carries it between servers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Addressed {
    pub to: Vec<UserId>,
    pub kind: Kind,
    /// The event's `data:` line, JSON, encoded once for every stream.
    pub data: String,
}

#[derive(Serialize)]
struct TaskData {
    op: &'static str,
    id: TaskId,
    project_id: ProjectId,
    version: i64,
}

#[derive(Serialize)]
struct ProjectData {
    op: &'static str,
    id: ProjectId,
}

#[derive(Serialize)]
struct NotificationData {
    id: NotificationId,
    task_id: TaskId,
}

fn task_op(op: TaskOp) -> &'static str {
    match op {
        TaskOp::Created => "created",
        TaskOp::Updated => "updated",
        TaskOp::Deleted => "deleted",
    }
}

fn project_op(op: ProjectOp) -> &'static str {
    match op {
        ProjectOp::Created => "created",
        ProjectOp::Updated => "updated",
        ProjectOp::Deleted => "deleted",
        ProjectOp::MemberAdded => "member_added",
        ProjectOp::MemberRemoved => "member_removed",
    }
}

fn addressed(to: Vec<UserId>, kind: Kind, data: &impl Serialize) -> Option<Addressed> {
    let data = serde_json::to_string(data).expect("event data serialises");
    (!to.is_empty()).then_some(Addressed { to, kind, data })
}

/// The events a committed change makes, each addressed to those who may see it. A task moved out
/// of someone's sight is `deleted` for them and `updated` for those who see it now.
pub fn events_of(change: &Change) -> Vec<Addressed> {
    match change {
        Change::Task { task, project, version, op, audience, lost, .. } => {
            let data = |op| TaskData { op: task_op(op), id: *task, project_id: *project, version: *version };
            let gone = addressed(lost.clone(), Kind::Task, &data(TaskOp::Deleted));
            addressed(audience.clone(), Kind::Task, &data(*op)).into_iter().chain(gone).collect()
        }
        Change::Project { project, op, audience } => {
            let data = ProjectData { op: project_op(*op), id: *project };
            addressed(audience.clone(), Kind::Project, &data).into_iter().collect()
        }
        Change::RemindersDelivered { notifications } => notifications
            .iter()
            .filter_map(|n| {
                let data = NotificationData { id: n.notification, task_id: n.task };
                addressed(vec![n.user_id], Kind::Notification, &data)
            })
            .collect(),
        // Nothing another screen shows: reads, snoozes and profile changes are the user's own.
        _ => Vec::new(),
    }
}

/// Where published events go.
enum Transport {
    /// This process only: the embedded default runs one server.
    Local,
    /// Every server subscribed to the channel, this one included.
    Redis { conn: redis::aio::ConnectionManager, channel: String },
}

struct Inner {
    transport: Transport,
    /// What this server's streams receive.
    local: broadcast::Sender<Arc<Addressed>>,
    /// Whether this server receives every server's events: always on the embedded bus; with
    /// Redis, while subscribed. A stream cannot open without it and ends when it goes.
    receiving: watch::Receiver<bool>,
    /// Cancelled on shutdown: every stream ends, so that the connections can drain.
    closing: CancellationToken,
    /// Stops the Redis subscriber when the bus goes.
    _subscriber: Option<DropGuard>,
}

#[derive(Clone)]
pub struct EventBus {
    inner: Arc<Inner>,
}

impl EventBus {
    /// The embedded default: events stay in this process.
    pub fn local() -> Self {
        let (_, receiving) = watch::channel(true);
        Self::with(Transport::Local, receiving, None)
    }

    /// Publishes to Redis, and receives what every server publishes there (spawns the subscriber:
    /// call it inside the runtime).
    pub fn redis(url: &str, key_prefix: &str) -> anyhow::Result<Self> {
        let (transport, channel) = Self::redis_transport(url, key_prefix)?;
        let (subscribed, receiving) = watch::channel(false);
        let stop = CancellationToken::new();
        let bus = Self::with(transport, receiving, Some(stop.clone().drop_guard()));
        let client = redis::Client::open(url)?;
        tokio::spawn(subscribe(client, channel, bus.inner.local.clone(), subscribed, stop));
        Ok(bus)
    }

    /// Publishes to Redis without receiving: for processes that write but serve no streams (the
    /// reminder worker).
    pub fn redis_publisher(url: &str, key_prefix: &str) -> anyhow::Result<Self> {
        let (transport, _) = Self::redis_transport(url, key_prefix)?;
        let (_, receiving) = watch::channel(false);
        Ok(Self::with(transport, receiving, None))
    }

    fn redis_transport(url: &str, key_prefix: &str) -> anyhow::Result<(Transport, String)> {
        let channel = format!("{key_prefix}events");
        let conn = crate::tokens::redis::connection(url)?;
        Ok((Transport::Redis { conn, channel: channel.clone() }, channel))
    }

    fn with(transport: Transport, receiving: watch::Receiver<bool>, subscriber: Option<DropGuard>) -> Self {
        let (local, _) = broadcast::channel(BUS_CAPACITY);
        let closing = CancellationToken::new();
        Self { inner: Arc::new(Inner { transport, local, receiving, closing, _subscriber: subscriber }) }
    }

    /// Sends `events` to every server's streams. A failure is logged and counted, never returned:
    /// the write it reports has committed.
    pub async fn publish(&self, events: Vec<Addressed>) {
        if events.is_empty() {
            return;
        }
        match &self.inner.transport {
            Transport::Local => {
                for event in events {
                    // No receiver is no open stream: nothing to do.
                    let _ = self.inner.local.send(Arc::new(event));
                }
            }
            Transport::Redis { conn, channel } => {
                let payload = serde_json::to_string(&events).expect("events serialise");
                let published: redis::RedisResult<i64> =
                    redis::cmd("PUBLISH").arg(channel).arg(payload).query_async(&mut conn.clone()).await;
                if let Err(err) = published {
                    metrics::counter!("events_publish_failures_total").increment(events.len() as u64);
                    tracing::warn!(error = %err, events = events.len(), "publishing change events failed");
                }
            }
        }
    }

    /// Ends every open stream and refuses new ones: the server is shutting down.
    pub fn close(&self) {
        self.inner.closing.cancel();
    }

    /// Opens a stream of the events addressed to `user`, until `check` (run every `RECHECK`) says
    /// its session ended, `expires_at` (unix seconds) passes, the client stops reading or goes, the
    /// stream lags behind the bus, the bus stops receiving, or the server shuts down. 503 when
    /// this server does not receive every server's events (Redis out of reach).
    pub async fn open<C, F>(
        &self,
        user: UserId,
        expires_at: i64,
        check: C,
    ) -> Result<mpsc::Receiver<Arc<Addressed>>>
    where
        C: FnMut() -> F + Send + 'static,
        F: Future<Output = Option<Ended>> + Send + 'static,
    {
        let mut receiving = self.inner.receiving.clone();
        let subscribed = tokio::time::timeout(SUBSCRIBE_WAIT, receiving.wait_for(|up| *up))
            .await
            .is_ok_and(|up| up.is_ok());
        if !subscribed || self.inner.closing.is_cancelled() {
            return Err(Error::Unavailable("event bus"));
        }
        // Subscribed before the response goes out: an event committed after it arrives is seen.
        let remaining = (expires_at - crate::domain::time::now().timestamp()).clamp(0, MAX_LIFE) as u64;
        let (stream, events) =
            self.stream(user, tokio::time::Instant::now() + Duration::from_secs(remaining));
        tokio::spawn(stream.forward(check));
        Ok(events)
    }

    /// A stream of `user`'s events, subscribed now, ending at `expires` at the latest.
    fn stream(
        &self,
        user: UserId,
        expires: tokio::time::Instant,
    ) -> (Stream, mpsc::Receiver<Arc<Addressed>>) {
        let (out, events) = mpsc::channel(STREAM_BUFFER);
        let stream = Stream {
            user,
            events: self.inner.local.subscribe(),
            out,
            receiving: self.inner.receiving.clone(),
            closing: self.inner.closing.clone(),
            expires,
        };
        (stream, events)
    }
}

/// No stream outlives its access token; this bounds one whose token lives for ever (seconds).
const MAX_LIFE: i64 = 365 * 24 * 3600;

/// Why a stream ended, as its log line and metric say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ended {
    /// The session was revoked or the token denied.
    Revoked,
    /// The token store could not say: the stream is never served unchecked.
    Unchecked,
    Expired,
    /// Its buffer filled: the client does not read.
    SlowClient,
    /// It fell further behind the bus than the bus keeps.
    Lagged,
    /// This server no longer receives every server's events.
    BusDown,
    ClientGone,
    ShuttingDown,
}

impl Ended {
    fn label(self) -> &'static str {
        match self {
            Self::Revoked => "revoked",
            Self::Unchecked => "unchecked",
            Self::Expired => "expired",
            Self::SlowClient => "slow_client",
            Self::Lagged => "lagged",
            Self::BusDown => "bus_down",
            Self::ClientGone => "client_gone",
            Self::ShuttingDown => "shutting_down",
        }
    }
}

/// One open stream: what it forwards from, and what ends it.
struct Stream {
    user: UserId,
    events: broadcast::Receiver<Arc<Addressed>>,
    out: mpsc::Sender<Arc<Addressed>>,
    receiving: watch::Receiver<bool>,
    closing: CancellationToken,
    expires: tokio::time::Instant,
}

/// Counts a stream while it is open, whichever way it ends.
struct OpenStream;

impl OpenStream {
    fn new() -> Self {
        metrics::gauge!("events_open_streams").increment(1);
        Self
    }
}

impl Drop for OpenStream {
    fn drop(&mut self) {
        metrics::gauge!("events_open_streams").decrement(1);
    }
}

impl Stream {
    /// Forwards this stream's events until something ends it; dropping `out` then ends the response.
    async fn forward<C, F>(mut self, mut check: C) -> Ended
    where
        C: FnMut() -> F,
        F: Future<Output = Option<Ended>>,
    {
        let _open = OpenStream::new();
        let mut recheck = tokio::time::interval_at(tokio::time::Instant::now() + RECHECK, RECHECK);
        let ended = loop {
            tokio::select! {
                received = self.events.recv() => match received {
                    Ok(event) if event.to.contains(&self.user) => match self.queue(event).await {
                        Ok(()) => metrics::counter!("events_sent_total").increment(1),
                        Err(ended) => break ended,
                    },
                    Ok(_) => {}
                    Err(broadcast::error::RecvError::Lagged(_)) => break Ended::Lagged,
                    Err(broadcast::error::RecvError::Closed) => break Ended::ShuttingDown,
                },
                _ = recheck.tick() => if let Some(ended) = check().await {
                    break ended;
                },
                () = tokio::time::sleep_until(self.expires) => break Ended::Expired,
                () = self.out.closed() => break Ended::ClientGone,
                // (Never, on the embedded bus, whose sender is gone: the branch is then disabled.)
                Ok(()) = async { self.receiving.wait_for(|up| !*up).await.map(drop) } => break Ended::BusDown,
                () = self.closing.cancelled() => break Ended::ShuttingDown,
            }
        };
        metrics::counter!("events_streams_ended_total", "reason" => ended.label()).increment(1);
        tracing::debug!(user_id = self.user, reason = ended.label(), "event stream ended");
        ended
    }
}

impl Stream {
    /// Queues `event` for the client, waiting up to `SLOW_CLIENT` for room.
    async fn queue(&self, event: Arc<Addressed>) -> std::result::Result<(), Ended> {
        let event = match self.out.try_send(event) {
            Ok(()) => return Ok(()),
            Err(mpsc::error::TrySendError::Closed(_)) => return Err(Ended::ClientGone),
            Err(mpsc::error::TrySendError::Full(event)) => event,
        };
        match tokio::time::timeout(SLOW_CLIENT, self.out.send(event)).await {
            Ok(Ok(())) => Ok(()),
            Ok(Err(_)) => Err(Ended::ClientGone),
            Err(_) => Err(Ended::SlowClient),
        }
    }
}

/// Feeds `local` with what every server publishes on `channel`, reconnecting when Redis goes; while
/// it is not subscribed, `subscribed` says so (streams end, new ones are refused: they would miss
/// events).
async fn subscribe(
    client: redis::Client,
    channel: String,
    local: broadcast::Sender<Arc<Addressed>>,
    subscribed: watch::Sender<bool>,
    stop: CancellationToken,
) {
    loop {
        let failed = tokio::select! {
            failed = listen(&client, &channel, &local, &subscribed) => failed,
            () = stop.cancelled() => return,
        };
        if subscribed.send_replace(false) {
            metrics::counter!("events_bus_disconnects_total").increment(1);
        }
        tracing::warn!(error = %failed, "the change event subscription is down; retrying");
        tokio::select! {
            () = tokio::time::sleep(Duration::from_millis(500)) => {}
            () = stop.cancelled() => return,
        }
    }
}

/// One subscription, for as long as Redis answers: returns why it stopped.
async fn listen(
    client: &redis::Client,
    channel: &str,
    local: &broadcast::Sender<Arc<Addressed>>,
    subscribed: &watch::Sender<bool>,
) -> anyhow::Error {
    let connected = async {
        let mut pubsub = tokio::time::timeout(REDIS_TIMEOUT, client.get_async_pubsub()).await??;
        tokio::time::timeout(REDIS_TIMEOUT, pubsub.subscribe(channel)).await??;
        anyhow::Ok(pubsub)
    };
    let (mut sink, mut messages) = match connected.await {
        Ok(pubsub) => pubsub.split(),
        Err(err) => return err,
    };
    subscribed.send_replace(true);
    let mut ping = tokio::time::interval_at(tokio::time::Instant::now() + REDIS_PING_EVERY, REDIS_PING_EVERY);
    loop {
        tokio::select! {
            message = messages.next() => {
                let Some(message) = message else { return anyhow::anyhow!("the subscription connection closed") };
                match serde_json::from_slice::<Vec<Addressed>>(message.get_payload_bytes()) {
                    Ok(events) => events.into_iter().for_each(|event| {
                        let _ = local.send(Arc::new(event));
                    }),
                    Err(err) => tracing::warn!(error = %err, "an unreadable change event on the bus"),
                }
            }
            _ = ping.tick() => {
                // Subscribed, Redis answers a PING with an array, not a string.
                match tokio::time::timeout(REDIS_TIMEOUT, sink.ping::<redis::Value>()).await {
                    Ok(Ok(_)) => {}
                    Ok(Err(err)) => return err.into(),
                    Err(elapsed) => return elapsed.into(),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::DeliveredReminder;

    fn task_change(op: TaskOp, audience: Vec<UserId>, lost: Vec<UserId>) -> Change {
        Change::Task { task: 7, project: 3, version: 2, op, audience, lost, reminder_moved: false }
    }

    #[test]
    fn a_task_change_goes_to_its_audience_and_a_move_is_deleted_for_who_lost_it() {
        let events = events_of(&task_change(TaskOp::Updated, vec![1, 2], vec![5]));
        assert_eq!(events.len(), 2);
        assert_eq!((events[0].to.clone(), events[0].kind), (vec![1, 2], Kind::Task));
        assert_eq!(events[0].data, r#"{"op":"updated","id":7,"project_id":3,"version":2}"#);
        assert_eq!(events[1].to, vec![5]);
        assert_eq!(events[1].data, r#"{"op":"deleted","id":7,"project_id":3,"version":2}"#);
        assert_eq!(events_of(&task_change(TaskOp::Created, vec![1], vec![])).len(), 1);
    }

    #[test]
    fn project_and_notification_events_carry_ids_only() {
        let change = Change::Project { project: 3, op: ProjectOp::MemberRemoved, audience: vec![1, 9] };
        let events = events_of(&change);
        assert_eq!(
            (events[0].kind, events[0].data.as_str()),
            (Kind::Project, r#"{"op":"member_removed","id":3}"#)
        );
        let delivered =
            DeliveredReminder { user_id: 4, notification: 11, task: 7, fires_at: crate::domain::time::now() };
        let events = events_of(&Change::RemindersDelivered { notifications: vec![delivered] });
        assert_eq!((events[0].to.clone(), events[0].data.as_str()), (vec![4], r#"{"id":11,"task_id":7}"#));
        assert!(events_of(&Change::ProfileChanged { user: 4 }).is_empty());
    }

    fn event_for(user: UserId, n: usize) -> Vec<Addressed> {
        (0..n).map(|i| Addressed { to: vec![user], kind: Kind::Task, data: i.to_string() }).collect()
    }

    fn open(
        bus: &EventBus,
        user: UserId,
    ) -> (mpsc::Receiver<Arc<Addressed>>, tokio::task::JoinHandle<Ended>) {
        let (stream, events) = bus.stream(user, tokio::time::Instant::now() + Duration::from_secs(3600));
        (events, tokio::spawn(stream.forward(|| async { None })))
    }

    #[tokio::test]
    async fn a_stream_gets_only_its_users_events() {
        let bus = EventBus::local();
        let (mut mine, _) = open(&bus, 1);
        bus.publish(event_for(2, 3)).await;
        bus.publish(event_for(1, 1)).await;
        assert_eq!(mine.recv().await.unwrap().to, vec![1]);
        assert!(mine.try_recv().is_err());
    }

    #[tokio::test(start_paused = true)]
    async fn a_stream_whose_client_does_not_read_is_cut_off() {
        let bus = EventBus::local();
        let (_unread, forwarder) = open(&bus, 1);
        for event in event_for(1, STREAM_BUFFER + 1) {
            bus.publish(vec![event]).await;
            tokio::task::yield_now().await;
        }
        assert_eq!(forwarder.await.unwrap(), Ended::SlowClient);
    }

    #[tokio::test]
    async fn a_stream_that_falls_behind_the_bus_ends() {
        let bus = EventBus::local();
        let (_unread, forwarder) = open(&bus, 1);
        // Published without yielding: the forwarder cannot keep up.
        bus.publish(event_for(2, BUS_CAPACITY + 1)).await;
        assert_eq!(forwarder.await.unwrap(), Ended::Lagged);
    }

    #[tokio::test]
    async fn closing_the_bus_ends_every_stream_and_refuses_new_ones() {
        let bus = EventBus::local();
        let (_stream, forwarder) = open(&bus, 1);
        bus.close();
        assert_eq!(forwarder.await.unwrap(), Ended::ShuttingDown);
        assert!(bus.open(1, i64::MAX, || async { None }).await.is_err());
    }

    #[tokio::test(start_paused = true)]
    async fn a_failed_check_ends_the_stream_at_the_next_recheck() {
        let bus = EventBus::local();
        let (stream, _events) = bus.stream(1, tokio::time::Instant::now() + Duration::from_secs(3600));
        let started = tokio::time::Instant::now();
        let ended = stream.forward(|| async { Some(Ended::Revoked) }).await;
        assert_eq!(ended, Ended::Revoked);
        // (The timer rounds up to its millisecond.)
        assert!(started.elapsed().abs_diff(RECHECK) <= Duration::from_millis(1), "{:?}", started.elapsed());
    }
}
