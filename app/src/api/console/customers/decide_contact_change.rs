use leptos::server;

use crate::error::AppError;

/// A second person decides a waiting correction: `approve` applies it (never by the person
/// who asked: 409 `second_person_required`), otherwise it is refused with a `reason`. The
/// person who asked may withdraw it (no reason needed). 409 `contact_change_decided` once
/// decided. Audited.
#[server(endpoint = "console/decide_contact_change")]
pub async fn decide_contact_change(change_id: i64, approve: bool, reason: Option<String>) -> Result<(), AppError> {
    use crate::backend::platform::auth::require_capability;
    use crate::backend::{customers::contact_changes, now_ms, state};
    use crate::domain::Capability;

    let staff = require_capability(Capability::CorrectContacts).await?;
    contact_changes::decide(&state()?.db, &staff, change_id, approve, reason.as_deref(), now_ms()).await
}
