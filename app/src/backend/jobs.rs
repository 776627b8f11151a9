//! Housekeeping that runs in every server process on a timer. Each job is safe to run in
//! several processes at once.

use std::time::Duration;

use super::{documents, now_ms, points, Db, FileSettings};

/// Every `interval`: write off expired points and warn about expiring ones; delete
/// uploads nobody attached. Runs until the process ends.
pub async fn run(db: Db, files: FileSettings, interval: Duration) {
    loop {
        let now = now_ms();
        match points::sweep(&db, now).await {
            Ok(n) if n > 0 => tracing::info!(customers = n, "points sweep"),
            Ok(_) => {}
            Err(error) => tracing::warn!(%error, "points sweep failed"),
        }
        match documents::sweep_unattached(&db, &files, now).await {
            Ok(n) if n > 0 => tracing::info!(deleted = n, "unattached uploads deleted"),
            Ok(_) => {}
            Err(error) => tracing::warn!(%error, "upload sweep failed"),
        }
        tokio::time::sleep(interval).await;
    }
}
