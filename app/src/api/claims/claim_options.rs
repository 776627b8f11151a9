use leptos::server;

use super::ClaimablePolicy;
use crate::error::AppError;

/// The caller's in-force policies and their coverages: what a claim can be made on.
#[server(endpoint = "claims/options")]
pub async fn claim_options() -> Result<Vec<ClaimablePolicy>, AppError> {
    use crate::backend::auth::require_customer;
    use crate::backend::{claims, state};

    let caller = require_customer().await?;
    claims::claimable_policies(&state()?.db, caller.customer_id).await
}
