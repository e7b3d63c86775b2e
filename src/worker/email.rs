//! Outgoing email over SMTP (lettre's async transport), for reminders.

use std::time::Duration;

use anyhow::Context;
use lettre::message::Mailbox;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

#[derive(Clone)]
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl Mailer {
    /// `url` as lettre reads it: `smtp://host:port` (plain, for a local relay), `smtp://…?tls=required`
    /// (STARTTLS) or `smtps://…` (TLS), with optional `user:password@`.
    pub fn new(url: &str, from: &str) -> anyhow::Result<Self> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .context("SMTP_URL is not a valid SMTP URL")?
            .timeout(Some(Duration::from_secs(10)))
            .build();
        let from = from.parse().context("SMTP_FROM is not a valid mailbox")?;
        Ok(Self { transport, from })
    }

    /// Sends one message; `Ok` only once the SMTP server has accepted it.
    pub async fn send(&self, to: &str, subject: &str, body: String) -> anyhow::Result<()> {
        let message = Message::builder()
            .from(self.from.clone())
            .to(to.parse().context("recipient address")?)
            .subject(subject)
            .body(body)?;
        self.transport.send(message).await?;
        Ok(())
    }
}
