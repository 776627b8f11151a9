use leptos::server;

use crate::error::AppError;

/// Refuses a claim with the reason the customer reads (at least 10 characters). Only a
/// person refuses; the rules never do. Audited.
#[server(endpoint = "console/refuse_claim")]
pub async fn refuse_claim(claim_no: String, reason: String) -> Result<(), AppError> {
    use crate::backend::claims;
    use crate::backend::platform::auth::require_capability;
    use crate::backend::{now_ms, state};
    use crate::domain::Capability;

    let staff = require_capability(Capability::HandleClaims).await?;
    let claim_no = super::claim_number(&claim_no)?;
    claims::desk::refuse(&state()?.db, &staff, &claim_no, &reason, now_ms()).await
}
