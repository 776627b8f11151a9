//! The one clock. Instants are epoch milliseconds UTC; the insurer's days, months and years
//! come from `domain::calendar` (Asia/Shanghai), so every module counts days alike.

use crate::domain::calendar::{insurer_date, latest_date};

/// Milliseconds since the Unix epoch, UTC: how every instant is stored.
pub fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

/// Today on the insurer's calendar, `YYYY-MM-DD`.
pub fn insurer_today() -> String {
    insurer_date(now_ms()).iso()
}

/// The latest date anywhere on Earth now: a date a customer typed is in the future only if
/// it is after this.
pub fn latest_today() -> String {
    latest_date(now_ms()).iso()
}
