use leptos::server;

use crate::error::AppError;
use crate::model::claims::ClaimablePolicy;

/// The caller's in-force policies and their coverages: what a claim can be made on.
#[server(endpoint = "claims/options")]
pub async fn claim_options() -> Result<Vec<ClaimablePolicy>, AppError> {
    use crate::backend::platform::auth::require_customer;
    use crate::backend::{claims, state};

    let caller = require_customer().await?;
    claims::claimable_policies(&state()?.db, caller.customer_id).await
}
