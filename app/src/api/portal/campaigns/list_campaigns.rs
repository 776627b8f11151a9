use leptos::server;

use crate::error::AppError;
use crate::model::campaigns::Campaign;

/// The campaigns running today, with what the caller has joined and done.
#[server(endpoint = "campaigns/list")]
pub async fn list_campaigns() -> Result<Vec<Campaign>, AppError> {
    use crate::backend::platform::auth::require_customer;
    use crate::backend::{loyalty::campaigns, state};

    let me = require_customer().await?;
    campaigns::current(&state()?.db, me.customer_id).await
}
