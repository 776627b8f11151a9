use leptos::server;

use crate::domain::ClaimStage;
use crate::error::AppError;

/// Approves (`approve=true`) or refuses, with a `reason`, a payout waiting for someone with
/// enough authority. Not by whoever asked; 409 `above_authority` when the caller's limit is
/// lower. Approving moves the claim to `approved`. Audited.
#[server(endpoint = "console/decide_claim_approval")]
pub async fn decide_claim_approval(
    claim_no: String,
    approve: bool,
    reason: Option<String>,
) -> Result<ClaimStage, AppError> {
    use crate::backend::claims;
    use crate::backend::platform::auth::require_capability;
    use crate::backend::{now_ms, state};
    use crate::domain::Capability;

    let staff = require_capability(Capability::HandleClaims).await?;
    let claim_no = super::claim_number(&claim_no)?;
    claims::desk::decide_approval(&state()?.db, &staff, &claim_no, approve, reason.as_deref(), now_ms()).await
}
