use leptos::server;

use crate::error::AppError;
use crate::model::inbox::ChannelPreferences;

/// The caller's channel choices (defaults until they choose: in-app and SMS).
#[server(endpoint = "inbox/preferences")]
pub async fn notification_preferences() -> Result<ChannelPreferences, AppError> {
    use crate::backend::platform::auth::require_customer;
    use crate::backend::{messaging::inbox, state};

    let caller = require_customer().await?;
    inbox::preferences(&state()?.db, caller.customer_id).await
}

/// Saves the caller's channel choices.
#[server(endpoint = "inbox/save_preferences")]
pub async fn save_notification_preferences(
    in_app: bool,
    sms: bool,
    email: bool,
) -> Result<ChannelPreferences, AppError> {
    use crate::backend::platform::auth::require_customer;
    use crate::backend::{messaging::inbox, state};

    let caller = require_customer().await?;
    let preferences = ChannelPreferences { in_app, sms, email };
    inbox::save_preferences(&state()?.db, caller.customer_id, preferences).await?;
    Ok(preferences)
}
