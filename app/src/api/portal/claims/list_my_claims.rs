use leptos::server;

use crate::error::AppError;
use crate::model::claims::ClaimSummary;

/// The caller's claims, newest first.
#[server(endpoint = "claims/list_mine")]
pub async fn list_my_claims() -> Result<Vec<ClaimSummary>, AppError> {
    use crate::backend::platform::auth::require_customer;
    use crate::backend::{claims, state};

    let caller = require_customer().await?;
    claims::list_for_customer(&state()?.db, caller.customer_id).await
}
