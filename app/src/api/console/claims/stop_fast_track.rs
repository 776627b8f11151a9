use leptos::server;

use crate::error::AppError;

/// Stops a fast-tracked claim before it is paid, with a reason for colleagues: it goes back
/// to `verified` for a person's check and the customer is told. Audited.
#[server(endpoint = "console/stop_fast_track")]
pub async fn stop_fast_track(claim_no: String, reason: String) -> Result<(), AppError> {
    use crate::backend::claims;
    use crate::backend::platform::auth::require_capability;
    use crate::backend::{now_ms, state};
    use crate::domain::Capability;

    let staff = require_capability(Capability::HandleClaims).await?;
    let claim_no = super::claim_number(&claim_no)?;
    claims::desk::stop_fast_track(&state()?.db, &staff, &claim_no, &reason, now_ms()).await
}
