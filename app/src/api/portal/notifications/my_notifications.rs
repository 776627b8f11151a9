use leptos::server;

use crate::error::AppError;
use crate::model::notifications::NotificationList;

/// A page of the caller's notifications, newest first (those after the cursor `before`
/// when given), with the unread count. 422 `cursor_malformed` for a cursor it did not hand out.
#[server(endpoint = "notifications/mine")]
pub async fn my_notifications(before: Option<String>) -> Result<NotificationList, AppError> {
    use crate::backend::platform::auth::require_customer;
    use crate::backend::{messaging::notifications, state};

    let caller = require_customer().await?;
    let before = crate::backend::platform::paging::cursor_param(before.as_deref())?;
    notifications::list(&state()?.db, caller.customer_id, before).await
}

/// Marks one notification read, or all of them when `id` is absent. Returns the unread count.
#[server(endpoint = "notifications/mark_read")]
pub async fn mark_notifications_read(id: Option<i64>) -> Result<i64, AppError> {
    use crate::backend::platform::auth::require_customer;
    use crate::backend::{messaging::notifications, state};

    let caller = require_customer().await?;
    notifications::mark_read(&state()?.db, caller.customer_id, id).await
}

/// The unread count alone, for the badge in the navigation.
#[server(endpoint = "notifications/unread_count")]
pub async fn unread_count() -> Result<i64, AppError> {
    use crate::backend::platform::auth::require_customer;
    use crate::backend::{messaging::notifications, state};

    let caller = require_customer().await?;
    notifications::unread(&state()?.db, caller.customer_id).await
}
