use leptos::server;

use crate::error::AppError;
use crate::model::notifications::ChannelPreferences;

/// The caller's channel choices (defaults until they choose: in-app and SMS).
#[server(endpoint = "notifications/preferences")]
pub async fn notification_preferences() -> Result<ChannelPreferences, AppError> {
    use crate::backend::platform::auth::require_customer;
    use crate::backend::{messaging::notifications, state};

    let caller = require_customer().await?;
    notifications::preferences(&state()?.db, caller.customer_id).await
}

/// Saves the caller's channel choices.
#[server(endpoint = "notifications/save_preferences")]
pub async fn save_notification_preferences(
    in_app: bool,
    sms: bool,
    email: bool,
) -> Result<ChannelPreferences, AppError> {
    use crate::backend::platform::auth::require_customer;
    use crate::backend::{messaging::notifications, state};

    let caller = require_customer().await?;
    let preferences = ChannelPreferences { in_app, sms, email };
    notifications::save_preferences(&state()?.db, caller.customer_id, preferences).await?;
    Ok(preferences)
}
