//! Counts per key in fixed windows (a minute, an hour, an insurer's day), kept in the
//! database so every server process counts into the same window: budgets such as the
//! one-time codes sent by SMS. Each count is one upsert, so requests at once count one by
//! one on both databases.

use crate::backend::Db;
use crate::error::AppError;

/// A fixed window: its length and where windows start (an offset from the epoch, so a
/// day window starts at the insurer's midnight).
#[derive(Debug, Clone, Copy)]
pub struct Window {
    pub length_ms: i64,
    pub offset_ms: i64,
}

impl Window {
    /// When the window holding `now` started.
    pub fn start(self, now: i64) -> i64 {
        now - (now + self.offset_ms).rem_euclid(self.length_ms)
    }

    /// When the window holding `now` ends.
    pub fn end(self, now: i64) -> i64 {
        self.start(now) + self.length_ms
    }
}

/// Counts one more for `key` in the window holding `now`; answers the count so far. In a
/// transaction, the count stands only if it commits (and the window's row waits for it).
pub async fn count(conn: &mut sqlx::AnyConnection, key: &str, window: Window, now: i64) -> Result<i64, AppError> {
    #[derive(sqlx::FromRow)]
    struct CountRow {
        count: i64,
    }
    let row: CountRow = sqlx::query_as(
        "INSERT INTO rate_windows (key, window_start, count, created_at, updated_at) VALUES ($1, $2, 1, $3, $3) \
         ON CONFLICT (key, window_start) DO UPDATE SET count = rate_windows.count + 1, updated_at = $3 \
         RETURNING count",
    )
    .bind(key)
    .bind(window.start(now))
    .bind(now)
    .fetch_one(conn)
    .await?;
    Ok(row.count)
}

/// Deletes windows untouched for two days (the longest window is a day).
pub async fn sweep(db: &Db, now: i64) -> Result<u64, AppError> {
    let done = sqlx::query("DELETE FROM rate_windows WHERE updated_at < $1")
        .bind(now - 2 * crate::domain::calendar::DAY_MS)
        .execute(&db.pool)
        .await?;
    Ok(done.rows_affected())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::calendar::{DAY_MS, HOUR_MS, INSURER_OFFSET_MS, MINUTE_MS};

    #[test]
    fn a_day_window_starts_at_the_insurers_midnight() {
        let day = Window {
            length_ms: DAY_MS,
            offset_ms: INSURER_OFFSET_MS,
        };
        // 2026-12-07 00:30 in Shanghai is 2026-12-06 16:30 UTC.
        let shanghai_midnight = 1_796_601_600_000 - INSURER_OFFSET_MS;
        assert_eq!(day.start(shanghai_midnight + 30 * MINUTE_MS), shanghai_midnight);
        assert_eq!(day.start(shanghai_midnight - 1), shanghai_midnight - DAY_MS);
        assert_eq!(day.end(shanghai_midnight + 5 * HOUR_MS), shanghai_midnight + DAY_MS);
        let minute = Window {
            length_ms: MINUTE_MS,
            offset_ms: 0,
        };
        assert_eq!(minute.start(90_000), 60_000);
    }
}
