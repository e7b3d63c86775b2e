//! The reminder worker: turns due reminders into notifications, exactly once, and sends their
//! emails from the outbox. Several workers on several machines may run against one database.

pub mod email;

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Notify;
use tokio_util::sync::CancellationToken;

use crate::domain::time::{self, Timestamp};
use crate::effects::{Change, Effects};
use crate::store::Store;
use email::Mailer;

/// Reminders delivered per transaction: small, so a transaction is short and a crash loses no more
/// than one uncommitted batch (which the next worker then delivers).
const REMINDER_BATCH: i64 = 50;
const EMAIL_BATCH: i64 = 20;
/// How long a claimed email is left to its worker before another may retry it.
const EMAIL_LEASE: Duration = Duration::from_secs(60);
const MAX_EMAIL_BACKOFF: Duration = Duration::from_secs(3600);

pub struct ReminderWorker {
    store: Arc<dyn Store>,
    mailer: Option<Mailer>,
    /// The longest the worker sleeps between passes.
    poll: Duration,
    /// Nudged when a reminder is armed in this process, so the worker need not wait for `poll`.
    wake: Arc<Notify>,
    /// A delivery is a write like any other: its effects go through the same place.
    effects: Effects,
}

/// What one pass of the worker did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Pass {
    pub delivered: u64,
    pub emailed: u64,
}

impl ReminderWorker {
    pub fn new(store: Arc<dyn Store>, mailer: Option<Mailer>, poll: Duration, effects: Effects) -> Self {
        Self { store, mailer, poll, wake: effects.reminder_wake(), effects }
    }

    /// Runs passes until `shutdown`; a pass in progress finishes its transaction first. Between
    /// passes it sleeps until the next reminder is due (at most `poll`), or until it is told that a
    /// reminder was armed: in this process through `wake`, in others through the store.
    pub async fn run(self, shutdown: CancellationToken) {
        tracing::info!(
            poll_ms = self.poll.as_millis() as u64,
            email = self.mailer.is_some(),
            "reminder worker started"
        );
        let listening =
            tokio::spawn(forward_changes(self.store.clone(), self.wake.clone(), shutdown.clone()));
        loop {
            self.pass(&shutdown).await;
            let nap = self.until_next_due().await;
            tokio::select! {
                () = shutdown.cancelled() => break,
                () = tokio::time::sleep(nap) => {}
                () = self.wake.notified() => {}
            }
        }
        listening.abort();
        tracing::info!("reminder worker stopped");
    }

    /// How long to sleep: until the earliest pending reminder, but never longer than `poll` (new
    /// reminders from elsewhere, email retries) nor so short that a failing store spins the loop.
    async fn until_next_due(&self) -> Duration {
        const FLOOR: Duration = Duration::from_millis(5);
        match self.store.next_reminder_due().await {
            Ok(Some(due)) => (due - time::now()).to_std().unwrap_or_default().clamp(FLOOR, self.poll),
            Ok(None) | Err(_) => self.poll,
        }
    }

    /// Delivers every due reminder (batch after batch, catching up after downtime), then sends
    /// the emails that are due.
    #[tracing::instrument(name = "reminder_pass", skip_all, fields(delivered, emailed))]
    pub async fn pass(&self, shutdown: &CancellationToken) -> Pass {
        let mut pass = Pass::default();
        while !shutdown.is_cancelled() {
            let now = time::now();
            match self.store.deliver_due_reminders(now, REMINDER_BATCH, self.mailer.is_some()).await {
                Ok(delivered) => {
                    for reminder in &delivered {
                        let lag = (now - reminder.fires_at).to_std().unwrap_or_default();
                        metrics::histogram!("reminder_delivery_lag_seconds").record(lag.as_secs_f64());
                    }
                    if !delivered.is_empty() {
                        let notifications = delivered.clone();
                        self.effects.committed(Change::RemindersDelivered { notifications }).await;
                    }
                    metrics::counter!("reminders_delivered_total").increment(delivered.len() as u64);
                    pass.delivered += delivered.len() as u64;
                    if delivered.len() < REMINDER_BATCH as usize {
                        break;
                    }
                }
                Err(err) => {
                    tracing::warn!(error = %err, "delivering reminders failed; will retry");
                    break;
                }
            }
        }
        if let Some(mailer) = &self.mailer {
            pass.emailed = self.send_emails(mailer, shutdown).await;
            pass.emailed += self.send_account_emails(mailer, shutdown).await;
        }
        tracing::Span::current().record("delivered", pass.delivered).record("emailed", pass.emailed);
        pass
    }

    async fn send_emails(&self, mailer: &Mailer, shutdown: &CancellationToken) -> u64 {
        let now = time::now();
        let lease_until = now + EMAIL_LEASE;
        let pending = match self.store.claim_emails(now, lease_until, EMAIL_BATCH).await {
            Ok(pending) => pending,
            Err(err) => {
                tracing::warn!(error = %err, "claiming outbox emails failed; will retry");
                return 0;
            }
        };
        let mut sent = 0;
        for email in pending {
            if shutdown.is_cancelled() {
                // Left claimed: the lease runs out and the next worker sends it.
                break;
            }
            let outcome = mailer.send(&email.to, &email.message, email.message.clone()).await;
            let recorded = match outcome {
                Ok(()) => {
                    sent += 1;
                    metrics::counter!("reminder_emails_sent_total").increment(1);
                    self.store.email_sent(email.notification_id, time::now()).await
                }
                Err(err) => {
                    metrics::counter!("reminder_email_failures_total").increment(1);
                    let retry_at = retry_time(time::now(), email.attempts);
                    tracing::warn!(notification_id = email.notification_id, attempts = email.attempts + 1, error = %err, "email not accepted; will retry");
                    self.store.email_failed(email.notification_id, retry_at, &format!("{err:#}")).await
                }
            };
            if let Err(err) = recorded {
                // The lease runs out and the email is tried again: at worst sent twice, never lost.
                tracing::warn!(notification_id = email.notification_id, error = %err, "recording an email outcome failed");
            }
        }
        sent
    }
}

impl ReminderWorker {
    /// Sends the due account emails (password resets) the same way: leased, retried with back-off,
    /// deleted once accepted.
    async fn send_account_emails(&self, mailer: &Mailer, shutdown: &CancellationToken) -> u64 {
        let now = time::now();
        let pending = match self.store.claim_account_emails(now, now + EMAIL_LEASE, EMAIL_BATCH).await {
            Ok(pending) => pending,
            Err(err) => {
                tracing::warn!(error = %err, "claiming account emails failed; will retry");
                return 0;
            }
        };
        let mut sent = 0;
        for email in pending {
            if shutdown.is_cancelled() {
                break;
            }
            let outcome = mailer.send(&email.to, &email.content.subject, email.content.body.clone()).await;
            let recorded = match outcome {
                Ok(()) => {
                    sent += 1;
                    metrics::counter!("account_emails_sent_total").increment(1);
                    self.store.account_email_sent(email.id).await
                }
                Err(err) => {
                    metrics::counter!("account_email_failures_total").increment(1);
                    let retry_at = retry_time(time::now(), email.attempts);
                    tracing::warn!(account_email_id = email.id, attempts = email.attempts + 1, error = %err, "account email not accepted; will retry");
                    self.store.account_email_failed(email.id, retry_at, &format!("{err:#}")).await
                }
            };
            if let Err(err) = recorded {
                tracing::warn!(account_email_id = email.id, error = %err, "recording an account email outcome failed");
            }
        }
        sent
    }
}

/// Turns the store's "reminders changed elsewhere" signal into a nudge of the worker.
async fn forward_changes(store: Arc<dyn Store>, wake: Arc<Notify>, shutdown: CancellationToken) {
    while !shutdown.is_cancelled() {
        match store.reminders_changed().await {
            Ok(()) => wake.notify_one(),
            Err(err) => {
                tracing::warn!(error = %err, "listening for reminder changes failed; polling meanwhile");
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
        }
    }
}

/// Exponential back-off from one second, capped at an hour.
fn retry_time(now: Timestamp, failed_attempts: i32) -> Timestamp {
    let backoff = Duration::from_secs(1u64 << failed_attempts.clamp(0, 12)).min(MAX_EMAIL_BACKOFF);
    now + backoff
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn back_off_doubles_from_one_second_up_to_an_hour() {
        let now = time::now();
        let delays: Vec<u64> = (0..14).map(|n| (retry_time(now, n) - now).num_seconds() as u64).collect();
        assert_eq!(&delays[..5], &[1, 2, 4, 8, 16]);
        assert_eq!(delays[13], 3600);
    }
}
