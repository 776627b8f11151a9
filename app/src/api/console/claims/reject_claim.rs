use leptos::server;

use crate::error::AppError;

/// Rejects a claim with the reason the customer reads (at least 10 characters). Only a
/// person rejects; the rules never do. Audited.
#[server(endpoint = "console/reject_claim")]
pub async fn reject_claim(claim_no: String, reason: String) -> Result<(), AppError> {
    use crate::backend::claims;
    use crate::backend::platform::auth::require_capability;
    use crate::backend::{now_ms, state};
    use crate::domain::Capability;

    let staff = require_capability(Capability::HandleClaims).await?;
    let claim_no = super::claim_number(&claim_no)?;
    claims::desk::reject(&state()?.db, &staff, &claim_no, &reason, now_ms()).await
}
