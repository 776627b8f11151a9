use std::collections::HashSet;
use std::path::PathBuf;

use tokio::io::AsyncWriteExt;
use tokio::sync::Mutex;

use crate::backend::messaging::outbox::{OutgoingMessage, SendError, Sender};
use crate::backend::now_ms;

/// The default way out: appends each message as a JSON line to a log file, so nothing leaves
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
    async fn send(&self, message: &OutgoingMessage) -> Result<(), SendError> {
        let mut sent = self.sent.lock().await;
        if sent.contains(&message.id) {
            return Ok(());
        }
        let line = serde_json::json!({
            "id": message.id,
            "at": now_ms(),
            "channel": message.channel,
            "to": message.recipient,
            "subject": message.subject,
            "body": message.body,
        });
        let failed = |e: std::io::Error| SendError::Temporary(format!("writing {}: {e}", self.path.display()));
        let mut file = tokio::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.path)
            .await
            .map_err(failed)?;
        file.write_all(format!("{line}\n").as_bytes()).await.map_err(failed)?;
        file.sync_data().await.map_err(failed)?;
        sent.insert(message.id);
        Ok(())
    }
}
