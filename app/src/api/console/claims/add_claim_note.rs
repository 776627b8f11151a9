use leptos::server;

use crate::error::AppError;

/// An internal note on a claim for colleagues; never shown to the customer. Audited.
#[server(endpoint = "console/add_claim_note")]
pub async fn add_claim_note(claim_no: String, note: String) -> Result<(), AppError> {
    use crate::backend::claims;
    use crate::backend::platform::auth::require_capability;
    use crate::backend::{now_ms, state};
    use crate::domain::Capability;

    let staff = require_capability(Capability::HandleClaims).await?;
    let claim_no = super::claim_number(&claim_no)?;
    claims::desk::add_note(&state()?.db, &staff, &claim_no, &note, now_ms()).await
}
