use leptos::server;

use crate::error::AppError;
use crate::model::home::HomeSummary;

/// What needs the caller's attention: open claims, unread replies, premiums due within
/// 30 days, points, announcements.
#[server(endpoint = "home/mine")]
pub async fn portal_home() -> Result<HomeSummary, AppError> {
    use crate::backend::platform::auth::require_customer;
    use crate::backend::{home, state};

    let caller = require_customer().await?;
    home::home(&state()?.db, caller.customer_id).await
}
