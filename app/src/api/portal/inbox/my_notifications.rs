use leptos::server;

use crate::error::AppError;
use crate::model::inbox::Inbox;

/// The caller's inbox, newest first, with the unread count.
#[server(endpoint = "inbox/mine")]
pub async fn my_notifications() -> Result<Inbox, AppError> {
    use crate::backend::platform::auth::require_customer;
    use crate::backend::{messaging::inbox, state};

    let caller = require_customer().await?;
    inbox::inbox(&state()?.db, caller.customer_id).await
}

/// Marks one message read, or all of them when `id` is absent. Returns the unread count.
#[server(endpoint = "inbox/mark_read")]
pub async fn mark_notifications_read(id: Option<i64>) -> Result<i64, AppError> {
    use crate::backend::platform::auth::require_customer;
    use crate::backend::{messaging::inbox, state};

    let caller = require_customer().await?;
    inbox::mark_read(&state()?.db, caller.customer_id, id).await
}

/// The unread count alone, for the badge in the navigation.
#[server(endpoint = "inbox/unread_count")]
pub async fn unread_count() -> Result<i64, AppError> {
    use crate::backend::platform::auth::require_customer;
    use crate::backend::{messaging::inbox, state};

    let caller = require_customer().await?;
    inbox::unread(&state()?.db, caller.customer_id).await
}
