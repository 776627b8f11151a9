use leptos::server;

use crate::error::AppError;
use crate::model::claims::ClaimDetail;

/// The customer contests a decided claim, once, saying why: it is reviewed again by a
/// different handler. 409 `already_disputed` the second time, `not_decided` before a decision.
#[server(endpoint = "claims/dispute")]
pub async fn dispute_claim(claim_no: String, reason: String) -> Result<ClaimDetail, AppError> {
    use crate::backend::platform::auth::require_customer;
    use crate::backend::{claims, now_ms, state};
    use crate::domain::CaseKind;

    let caller = require_customer().await?;
    let claim_no = CaseKind::Claim
        .parse(&claim_no, "claim_no_invalid")
        .map_err(|e| AppError::invalid("claim_no", e))?;
    let db = &state()?.db;
    claims::desk::dispute(db, caller.customer_id, &claim_no, &reason, now_ms()).await?;
    claims::detail_for_customer(db, caller.customer_id, &claim_no)
        .await?
        .ok_or(AppError::NotFound)
}
