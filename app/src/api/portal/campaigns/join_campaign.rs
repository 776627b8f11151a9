use leptos::server;

use crate::error::AppError;

/// Joins a campaign running today (again: nothing changes). 404 for one not running.
#[server(endpoint = "campaigns/join")]
pub async fn join_campaign(code: String) -> Result<(), AppError> {
    use crate::backend::platform::auth::require_customer;
    use crate::backend::{loyalty::campaigns, state};

    let me = require_customer().await?;
    if code.len() > 60 {
        return Err(AppError::NotFound);
    }
    campaigns::join(&state()?.db, me.customer_id, &code).await
}
