use leptos::server;

use crate::error::AppError;
use crate::model::claims::ClaimCase;

/// A claim with everything its handler needs on one screen: the customer, the policy, the
/// documents, the history with who moved it, internal notes and approvals. Audited as a read.
#[server(endpoint = "console/get_claim_case")]
pub async fn get_claim_case(claim_no: String) -> Result<ClaimCase, AppError> {
    use crate::backend::claims;
    use crate::backend::platform::auth::require_capability;
    use crate::backend::{now_ms, state};
    use crate::domain::Capability;

    let staff = require_capability(Capability::HandleClaims).await?;
    let claim_no = super::claim_number(&claim_no)?;
    claims::desk::case(&state()?.db, &staff, &claim_no, now_ms()).await
}
