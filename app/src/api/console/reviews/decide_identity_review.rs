use leptos::server;

use crate::error::AppError;

/// Approves an ID photo (the customer becomes advanced-verified) or refuses it with a
/// `reason` the customer reads; the customer is told. Once: 409 `already_reviewed`. Audited.
#[server(endpoint = "console/decide_identity_review")]
pub async fn decide_identity_review(request_id: i64, approve: bool, reason: Option<String>) -> Result<(), AppError> {
    use crate::backend::platform::auth::require_capability;
    use crate::backend::{customers, now_ms, state};
    use crate::domain::Capability;

    let staff = require_capability(Capability::ReviewIdentities).await?;
    customers::verification::decide(
        &state()?.db,
        &staff,
        request_id,
        approve,
        reason.as_deref().unwrap_or(""),
        now_ms(),
    )
    .await
}
