use leptos::server;

use crate::error::AppError;

/// Asks the customer for documents (`documents`: what, in words they understand) by
/// `due_date` (`YYYY-MM-DD`, after today); the customer is told. Audited.
#[server(endpoint = "console/request_claim_documents")]
pub async fn request_claim_documents(claim_no: String, documents: String, due_date: String) -> Result<(), AppError> {
    use crate::backend::claims;
    use crate::backend::platform::auth::require_capability;
    use crate::backend::platform::clock::insurer_today;
    use crate::backend::{now_ms, state};
    use crate::domain::Capability;

    let staff = require_capability(Capability::HandleClaims).await?;
    let claim_no = super::claim_number(&claim_no)?;
    claims::desk::request_documents(
        &state()?.db,
        &staff,
        &claim_no,
        &documents,
        &due_date,
        &insurer_today(),
        now_ms(),
    )
    .await
}
