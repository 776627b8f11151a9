//! Delivering the outbox. Rows are claimed with a lease (`locked_until`), sent, and marked
//! sent; a process that dies mid-way leaves the lease to run out and another (or the same,
//! restarted) process sends the row again. Senders take the row id as the message id and
//! must drop a repeat, as SMS and e-mail gateways do with a client message id, so a
//! message is neither lost nor delivered twice.

use std::collections::HashSet;
use std::path::PathBuf;
use std::time::Duration;

use tokio::io::AsyncWriteExt;
use tokio::sync::Mutex;

use super::{now_ms, Db};
use crate::error::AppError;

#[derive(Debug, Clone)]
pub struct OutgoingMessage {
    pub id: i64,
    pub channel: String,
    pub recipient: String,
    pub body: String,
}

/// A way out for SMS and e-mail. `send` must be idempotent per `message.id`.
pub trait Sender: Send + Sync + 'static {
    fn send(&self, message: &OutgoingMessage) -> impl std::future::Future<Output = Result<(), String>> + Send;
}

/// The default sender: appends each message as a JSON line to a log file, so nothing leaves
/// the machine. Remembers the ids in the file so a repeat is written once.
pub struct LogFileSender {
    path: PathBuf,
    sent: Mutex<HashSet<i64>>,
}

impl LogFileSender {
    pub async fn open(path: PathBuf) -> std::io::Result<Self> {
        let existing = match tokio::fs::read_to_string(&path).await {
            Ok(text) => text,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => String::new(),
            Err(err) => return Err(err),
        };
        let sent = existing
            .lines()
            .filter_map(|line| {
                serde_json::from_str::<serde_json::Value>(line)
                    .ok()?
                    .get("id")?
                    .as_i64()
            })
            .collect();
        Ok(Self {
            path,
            sent: Mutex::new(sent),
        })
    }
}

impl Sender for LogFileSender {
    async fn send(&self, message: &OutgoingMessage) -> Result<(), String> {
        let mut sent = self.sent.lock().await;
        if sent.contains(&message.id) {
            return Ok(());
        }
        let line = serde_json::json!({
            "id": message.id,
            "at": now_ms(),
            "channel": message.channel,
            "to": message.recipient,
            "body": message.body,
        });
        let mut file = tokio::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.path)
            .await
            .map_err(|e| e.to_string())?;
        file.write_all(format!("{line}\n").as_bytes())
            .await
            .map_err(|e| e.to_string())?;
        file.sync_data().await.map_err(|e| e.to_string())?;
        sent.insert(message.id);
        Ok(())
    }
}

/// Puts a message in the outbox, in the transaction of what it tells about: it is sent
/// exactly when that commits.
pub async fn enqueue(tx: &mut super::Tx, channel: &str, recipient: &str, body: &str, at: i64) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO outbox (channel, recipient, body, status, attempts, locked_until, created_at, updated_at) \
         VALUES ($1, $2, $3, 'pending', 0, 0, $4, $4)",
    )
    .bind(channel)
    .bind(recipient)
    .bind(body)
    .bind(at)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

const BATCH: i64 = 20;
const MAX_ATTEMPTS: i64 = 8;

/// Sends what is due now, leasing each row for `lease` (a process that dies mid-way leaves
/// its rows to whoever finds the lease run out); returns how many were sent.
pub async fn deliver_due<S: Sender>(db: &Db, sender: &S, lease: Duration) -> Result<usize, AppError> {
    let now = now_ms();
    #[derive(sqlx::FromRow)]
    struct ClaimedRow {
        id: i64,
        channel: String,
        recipient: String,
        body: String,
        attempts: i64,
    }
    let claimed: Vec<ClaimedRow> = sqlx::query_as(
        "UPDATE outbox SET locked_until = $1, attempts = attempts + 1, updated_at = $2 \
         WHERE id IN (SELECT id FROM outbox WHERE status = 'pending' AND locked_until < $2 ORDER BY id LIMIT $3) \
           AND status = 'pending' AND locked_until < $2 \
         RETURNING id, channel, recipient, body, attempts",
    )
    .bind(now + lease.as_millis() as i64)
    .bind(now)
    .bind(BATCH)
    .fetch_all(&db.pool)
    .await?;
    let mut sent = 0;
    for row in claimed {
        let (id, attempts) = (row.id, row.attempts);
        let message = OutgoingMessage {
            id,
            channel: row.channel,
            recipient: row.recipient,
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
                tracing::warn!(outbox_id = id, attempts, %error, "sending failed");
                let status = if attempts >= MAX_ATTEMPTS { "failed" } else { "pending" };
                let retry_at = now_ms() + 1000 * (1_i64 << attempts.min(12));
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
    lease: Duration,
    mut stop: tokio::sync::watch::Receiver<bool>,
) {
    while !*stop.borrow() {
        match deliver_due(&db, &sender, lease).await {
            Ok(n) if n > 0 => tracing::info!(sent = n, "outbox delivered"),
            Ok(_) => {}
            Err(error) => tracing::warn!(%error, "outbox pass failed"),
        }
        tokio::select! {
            _ = tokio::time::sleep(interval) => {}
            _ = stop.changed() => {}
        }
    }
}
