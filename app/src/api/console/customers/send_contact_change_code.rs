use leptos::server;

use crate::error::AppError;

/// Sends a code to the customer's old number (or old address) for a waiting correction; the
/// customer reads it out to prove the change is theirs. One a minute (429), a few per
/// correction. Audited.
#[server(endpoint = "console/send_contact_change_code")]
pub async fn send_contact_change_code(change_id: i64) -> Result<(), AppError> {
    use crate::backend::platform::auth::require_capability;
    use crate::backend::{customers::contact_changes, now_ms, state};
    use crate::domain::Capability;

    let staff = require_capability(Capability::CorrectContacts).await?;
    contact_changes::send_code(&state()?, &staff, change_id, now_ms()).await
}
