use leptos::server;

use crate::error::AppError;

/// Gives a claim to a handler. Without `handler_id` the caller takes it (only a claim
/// nobody has); supervisors give it to any claims handler. Audited.
#[server(endpoint = "console/assign_claim")]
pub async fn assign_claim(claim_no: String, handler_id: Option<i64>) -> Result<(), AppError> {
    use crate::backend::claims;
    use crate::backend::platform::auth::require_capability;
    use crate::backend::{now_ms, state};
    use crate::domain::Capability;

    let staff = require_capability(Capability::HandleClaims).await?;
    let claim_no = super::claim_number(&claim_no)?;
    claims::desk::assign(&state()?.db, &staff, &claim_no, handler_id, now_ms()).await
}
