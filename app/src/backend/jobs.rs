//! Housekeeping that runs in every server process on a timer. Each job is safe to run in
//! several processes at once.

use std::time::Duration;

use crate::backend::{
    content::announcements, customers::documents, loyalty::points, messaging::staff_alerts, now_ms,
    platform::rate_windows, Db, FileSettings,
};

/// Every `interval`: write off expired points and warn about expiring ones; delete
/// uploads nobody attached and counting windows past use; warn staff of service-level deadlines due soon or breached; send
/// scheduled announcements whose time has come. Runs until `stop` says so (the application is stopping).
pub async fn run(db: Db, files: FileSettings, interval: Duration, mut stop: tokio::sync::watch::Receiver<bool>) {
    while !*stop.borrow() {
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
        match staff_alerts::sweep_deadlines(&db, now).await {
            Ok(n) if n > 0 => tracing::info!(alerts = n, "service-level alerts raised"),
            Ok(_) => {}
            Err(error) => tracing::warn!(%error, "service-level sweep failed"),
        }
        if let Err(error) = rate_windows::sweep(&db, now).await {
            tracing::warn!(%error, "rate window sweep failed");
        }
        match announcements::sweep_due(&db, now).await {
            Ok(n) if n > 0 => tracing::info!(announcements = n, "scheduled announcements sent"),
            Ok(_) => {}
            Err(error) => tracing::warn!(%error, "announcement sweep failed"),
        }
        tokio::select! {
            _ = tokio::time::sleep(interval) => {}
            _ = stop.changed() => {}
        }
    }
}
