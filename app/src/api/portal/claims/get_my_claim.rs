use leptos::server;

use crate::error::AppError;
use crate::model::claims::ClaimDetail;

/// One of the caller's claims with its timeline; anyone else's number is "not found".
#[server(endpoint = "claims/get_mine")]
pub async fn get_my_claim(claim_no: String) -> Result<ClaimDetail, AppError> {
    use crate::backend::platform::auth::require_customer;
    use crate::backend::{claims, state};
    use crate::domain::CaseKind;

    let caller = require_customer().await?;
    let claim_no = CaseKind::Claim
        .parse(&claim_no, "claim_no_invalid")
        .map_err(|e| AppError::invalid("claim_no", e))?;
    claims::detail_for_customer(&state()?.db, caller.customer_id, &claim_no)
        .await?
        .ok_or(AppError::NotFound)
}
