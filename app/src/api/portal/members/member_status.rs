use leptos::server;

use crate::error::AppError;
use crate::model::members::Membership;

/// The caller's member level, pending verification, VIP tier, services and bookings.
#[server(endpoint = "members/status")]
pub async fn member_status() -> Result<Membership, AppError> {
    use crate::backend::platform::auth::require_customer;
    use crate::backend::{loyalty, state};

    let caller = require_customer().await?;
    loyalty::membership::status(&state()?.db, caller.customer_id).await
}
