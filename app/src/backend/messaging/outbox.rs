//! The outbox: SMS and e-mail written in the transaction of what they tell about, then
//! delivered. Rows are claimed with a lease (`locked_until`), sent, and marked sent; a
//! process that dies mid-way leaves the lease to run out and another (or the same,
//! restarted) process sends the row again. Senders pass the row's `message_id` on, so a
//! gateway that drops repeats by client message id (as SMS gateways do) delivers once.
//! Temporary failures are retried with a doubling wait; permanent ones are recorded as
//! `failed` with the reason.

use std::time::Duration;

use crate::backend::{now_ms, Db};
use crate::error::AppError;

#[derive(Debug, Clone)]
pub struct OutgoingMessage {
    pub id: i64,
    pub channel: String,
    pub recipient: String,
    /// The e-mail subject line; SMS has none.
    pub subject: String,
    pub body: String,
}

impl OutgoingMessage {
    /// The id gateways and mail servers see: the same on every attempt, so a repeat can be
    /// recognised and dropped.
    pub fn message_id(&self) -> String {
        format!("outbox-{}", self.id)
    }
}

/// Why a message did not go out. A temporary failure is tried again later; a permanent one
/// (an address the gateway refuses, a mailbox that does not exist) is recorded and not retried.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SendError {
    Temporary(String),
    Permanent(String),
}

impl std::fmt::Display for SendError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Temporary(reason) => write!(f, "temporary: {reason}"),
            Self::Permanent(reason) => write!(f, "permanent: {reason}"),
        }
    }
}

/// A way out for SMS and e-mail (see `crate::backend::messaging::delivery`). `send` is called again with the
/// same message after a temporary failure or a crash, so it passes `message_id` along.
pub trait Sender: Send + Sync + 'static {
    fn send(&self, message: &OutgoingMessage) -> impl std::future::Future<Output = Result<(), SendError>> + Send;
}

/// How the outbox is worked off.
#[derive(Debug, Clone, Copy)]
pub struct DeliverySettings {
    /// A row picked up but never confirmed (the process died) is free again after this.
    pub lease: Duration,
    /// The wait after the first temporary failure; it doubles with each further one, up to
    /// an hour.
    pub first_retry: Duration,
    /// The most messages sent in any second, by all processes together: what the SMS
    /// gateway accepts. A million-customer announcement drains at this pace.
    pub per_second: u32,
}

impl Default for DeliverySettings {
    fn default() -> Self {
        Self {
            lease: Duration::from_secs(60),
            first_retry: Duration::from_secs(30),
            per_second: 20,
        }
    }
}

/// Attempts before a message that keeps failing temporarily is given up (about six hours
/// with the default first retry).
pub const MAX_ATTEMPTS: i64 = 10;
const LONGEST_WAIT_MS: i64 = 60 * 60 * 1000;

/// When the next attempt may run after `attempts` failed ones.
pub fn retry_delay_ms(first_retry: Duration, attempts: i64) -> i64 {
    let first = first_retry.as_millis() as i64;
    first
        .saturating_mul(1_i64 << (attempts - 1).clamp(0, 20))
        .min(LONGEST_WAIT_MS)
}

/// Puts a message in the outbox, in the transaction of what it tells about: it is sent
/// exactly when that commits.
pub async fn enqueue(
    tx: &mut crate::backend::Tx,
    channel: &str,
    recipient: &str,
    subject: &str,
    body: &str,
    at: i64,
) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO outbox (channel, recipient, subject, body, status, attempts, locked_until, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, 'pending', 0, 0, $5, $5)",
    )
    .bind(channel)
    .bind(recipient)
    .bind(subject)
    .bind(body)
    .bind(at)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The most one pass leases, whatever the rate: sent one after another, they must all go
/// well within the lease (50 at a slow gateway's 200 ms is 10 s of a 60 s lease); a higher
/// rate is reached by passing again at once (`run`).
const MOST_PER_PASS: i64 = 50;

/// Sends what is due now, at most what `settings.per_second` leaves of the last second
/// (counted over every process's sending; two passing at the same instant may together go
/// over by one pass), leasing each row for `settings.lease` (a process that dies mid-way
/// leaves its rows to whoever finds the lease run out); returns how many were sent.
pub async fn deliver_due<S: Sender>(db: &Db, sender: &S, settings: DeliverySettings) -> Result<usize, AppError> {
    let now = now_ms();
    #[derive(sqlx::FromRow)]
    struct ClaimedRow {
        id: i64,
        channel: String,
        recipient: String,
        subject: String,
        body: String,
        attempts: i64,
    }
    // Every attempt of the last second counts against the rate, answered or still leased,
    // by any process (a lease and an answer both stamp updated_at).
    let lately: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE attempts > 0 AND updated_at > $1")
        .bind(now - 1000)
        .fetch_one(&db.pool)
        .await?;
    let room = (i64::from(settings.per_second) - lately).clamp(0, MOST_PER_PASS);
    if room == 0 {
        return Ok(0);
    }
    // The oldest free ones, from the head of `outbox_pending_id_idx`, then leased by id: as
    // one `UPDATE … WHERE id IN (SELECT …)` the planner, misjudging a million pending rows
    // as few, joined every pending row to the subquery (13 s a pass). A row another process
    // leased in between fails the condition again under its lock and is not returned.
    let due: Vec<i64> =
        sqlx::query_scalar("SELECT id FROM outbox WHERE status = 'pending' AND locked_until < $1 ORDER BY id LIMIT $2")
            .bind(now)
            .bind(room)
            .fetch_all(&db.pool)
            .await?;
    if due.is_empty() {
        return Ok(0);
    }
    let ids = (0..due.len())
        .map(|i| format!("${}", i + 3))
        .collect::<Vec<_>>()
        .join(", ");
    let lease = format!(
        "UPDATE outbox SET locked_until = $1, attempts = attempts + 1, updated_at = $2 \
         WHERE id IN ({ids}) AND status = 'pending' AND locked_until < $2 \
         RETURNING id, channel, recipient, subject, body, attempts"
    );
    let mut leasing = sqlx::query_as(&lease)
        .persistent(false)
        .bind(now + settings.lease.as_millis() as i64)
        .bind(now);
    for id in &due {
        leasing = leasing.bind(*id);
    }
    let claimed: Vec<ClaimedRow> = leasing.fetch_all(&db.pool).await?;
    let mut sent = 0;
    for row in claimed {
        let (id, attempts) = (row.id, row.attempts);
        let message = OutgoingMessage {
            id,
            channel: row.channel,
            recipient: row.recipient,
            subject: row.subject,
            body: row.body,
        };
        match sender.send(&message).await {
            Ok(()) => {
                sqlx::query("UPDATE outbox SET status = 'sent', sent_at = $1, updated_at = $1 WHERE id = $2")
                    .bind(now_ms())
                    .bind(id)
                    .execute(&db.pool)
                    .await?;
                sent += 1;
            }
            Err(error) => {
                let given_up = matches!(error, SendError::Permanent(_)) || attempts >= MAX_ATTEMPTS;
                if given_up {
                    tracing::error!(outbox_id = id, attempts, %error, "message not delivered, given up");
                } else {
                    tracing::warn!(outbox_id = id, attempts, %error, "sending failed, will retry");
                }
                let status = if given_up { "failed" } else { "pending" };
                let retry_at = now_ms() + retry_delay_ms(settings.first_retry, attempts);
                let error = error.to_string();
                sqlx::query(
                    "UPDATE outbox SET status = $1, locked_until = $2, last_error = $3, updated_at = $4 WHERE id = $5",
                )
                .bind(status)
                .bind(retry_at)
                .bind(&error)
                .bind(now_ms())
                .bind(id)
                .execute(&db.pool)
                .await?;
            }
        }
    }
    Ok(sent)
}

/// Runs `deliver_due` every `interval` until `stop` says so (the application is stopping).
pub async fn run<S: Sender>(
    db: Db,
    sender: S,
    interval: Duration,
    settings: DeliverySettings,
    mut stop: tokio::sync::watch::Receiver<bool>,
) {
    while !*stop.borrow() {
        match deliver_due(&db, &sender, settings).await {
            Ok(n) if n > 0 => {
                tracing::info!(sent = n, "outbox delivered");
                // More may be waiting and the rate may allow them: pass again at once.
                continue;
            }
            Ok(_) => {}
            Err(error) => tracing::warn!(%error, "outbox pass failed"),
        }
        tokio::select! {
            _ = tokio::time::sleep(interval) => {}
            _ = stop.changed() => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_wait_doubles_up_to_an_hour() {
        let first = Duration::from_secs(30);
        assert_eq!(retry_delay_ms(first, 1), 30_000);
        assert_eq!(retry_delay_ms(first, 2), 60_000);
        assert_eq!(retry_delay_ms(first, 4), 240_000);
        assert_eq!(retry_delay_ms(first, 9), LONGEST_WAIT_MS);
        assert_eq!(retry_delay_ms(first, 500), LONGEST_WAIT_MS);
    }
}
