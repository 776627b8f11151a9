use leptos::server;
use server_fn::codec::Json;

use crate::error::AppError;
use crate::model::claims::ClaimDetail;

/// Adds uploaded documents to an open claim, e.g. when the insurer asks for more.
#[server(endpoint = "claims/add_documents", input = Json)]
pub async fn add_claim_documents(claim_no: String, documents: Vec<String>) -> Result<ClaimDetail, AppError> {
    use crate::backend::platform::auth::require_customer;
    use crate::backend::{claims, state};
    use crate::domain::CaseKind;

    let caller = require_customer().await?;
    let claim_no = CaseKind::Claim
        .parse(&claim_no, "claim_no_invalid")
        .map_err(|e| AppError::invalid("claim_no", e))?;
    claims::add_documents(&state()?, caller.customer_id, &claim_no, &documents).await
}
