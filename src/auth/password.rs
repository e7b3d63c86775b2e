//! bcrypt, off the async runtime: on a few threads of its own, at low OS priority.
//!
//! A cost-12 hash takes a quarter of a second of CPU. On tokio's worker threads it would stall every
//! request sharing them; on tokio's blocking pool, a login storm starts one thread per login and
//! takes the CPU from the workers (measured: the task list fell from 2,261 to 272 req/s beside 16
//! logins in flight). Here bcrypt gets one thread per core at nice 10, so it uses the CPU that
//! requests leave idle, and a burst queues (bounded; past it, 503) instead of multiplying threads.

use std::sync::mpsc::{Receiver, SyncSender, TrySendError, sync_channel};
use std::sync::{Arc, Mutex};

use anyhow::Context;
use tokio::sync::oneshot;

use crate::domain::Password;
use crate::error::{Error, Result};

type Job = Box<dyn FnOnce() + Send>;

/// Hash jobs that may wait for a thread before new ones are refused.
const QUEUE: usize = 256;
/// The OS niceness of the bcrypt threads (0 is normal, 19 the lowest priority).
const NICENESS: i32 = 10;

#[derive(Clone)]
pub struct PasswordHasher {
    cost: u32,
    /// Verified against when the email is unknown, so both login failures take the same time.
    dummy_hash: String,
    jobs: SyncSender<Job>,
}

impl PasswordHasher {
    pub async fn new(cost: u32) -> anyhow::Result<Self> {
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
        let (jobs, queue) = sync_channel::<Job>(QUEUE);
        let queue = Arc::new(Mutex::new(queue));
        for index in 0..threads {
            let queue = queue.clone();
            std::thread::Builder::new().name(format!("bcrypt-{index}")).spawn(move || work(&queue))?;
        }
        let mut hasher = Self { cost, dummy_hash: String::new(), jobs };
        hasher.dummy_hash = hasher
            .run(move || bcrypt::hash("not a real password", cost))
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?
            .context("hashing the dummy password")?;
        Ok(hasher)
    }

    pub async fn hash(&self, password: &Password) -> Result<String> {
        let password = password.expose().to_owned();
        let cost = self.cost;
        let span = tracing::info_span!("bcrypt_hash", cost);
        let hashed = self.run(move || span.in_scope(|| bcrypt::hash(password, cost))).await?;
        Ok(hashed.context("hashing a password")?)
    }

    /// Checks `candidate` against `hash`, or against the dummy hash when there is no user, so the
    /// answer takes as long either way. Candidates bcrypt would truncate never match.
    pub async fn verify(&self, candidate: &str, hash: Option<&str>) -> Result<bool> {
        let fits = candidate.len() <= Password::MAX_BYTES;
        let candidate = candidate.as_bytes()[..candidate.len().min(Password::MAX_BYTES)].to_vec();
        let hash = hash.unwrap_or(&self.dummy_hash).to_owned();
        let real = hash != self.dummy_hash;
        let span = tracing::info_span!("bcrypt_verify");
        let matched = self.run(move || span.in_scope(|| bcrypt::verify(candidate, &hash))).await?;
        Ok(matched.context("verifying a password")? && fits && real)
    }

    /// Runs `job` on a bcrypt thread; 503 when the queue is full.
    async fn run<T: Send + 'static>(&self, job: impl FnOnce() -> T + Send + 'static) -> Result<T> {
        let (done, result) = oneshot::channel();
        let job: Job = Box::new(move || {
            let _ = done.send(job());
        });
        match self.jobs.try_send(job) {
            Ok(()) => {}
            Err(TrySendError::Full(_)) => {
                return Err(Error::Unavailable("password hashing (too many at once)"));
            }
            Err(TrySendError::Disconnected(_)) => {
                return Err(anyhow::anyhow!("the bcrypt threads are gone").into());
            }
        }
        result.await.map_err(|_| anyhow::anyhow!("a bcrypt job panicked").into())
    }
}

fn work(queue: &Mutex<Receiver<Job>>) {
    // On Linux, niceness is per thread: this lowers only the calling thread.
    // SAFETY: setpriority has no memory-safety preconditions; a failure only leaves the priority.
    unsafe {
        libc::setpriority(libc::PRIO_PROCESS, 0, NICENESS);
    }
    loop {
        // The lock is held only while waiting for the next job, not while running it.
        let next = queue.lock().map(|receiver| receiver.recv());
        match next {
            Ok(Ok(job)) => job(),
            _ => return, // every sender is gone: the hasher was dropped
        }
    }
}
