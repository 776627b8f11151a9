use leptos::server;

use crate::error::AppError;

/// Applies a waiting correction with the code the customer read out from their old
/// contact: the old contacts are told, the customer's sessions end, and for a day sign-in
/// by code, password reset and new payout accounts wait. 422 `code_wrong` / `code_expired`.
#[server(endpoint = "console/confirm_contact_change")]
pub async fn confirm_contact_change(change_id: i64, code: String) -> Result<(), AppError> {
    use crate::backend::platform::auth::require_capability;
    use crate::backend::{customers::contact_changes, now_ms, state};
    use crate::domain::{parse_code, Capability};

    let staff = require_capability(Capability::CorrectContacts).await?;
    let code = parse_code(&code).map_err(|e| AppError::invalid("code", e))?;
    contact_changes::confirm_with_code(&state()?, &staff, change_id, &code, now_ms()).await
}
