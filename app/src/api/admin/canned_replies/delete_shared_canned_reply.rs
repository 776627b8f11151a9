use leptos::server;

use crate::error::AppError;

/// Deletes a shared canned reply; 404 for none (an agent's own is not an admin's to delete). Audited.
#[server(endpoint = "admin/canned_replies/delete")]
pub async fn delete_shared_canned_reply(id: i64) -> Result<(), AppError> {
    use crate::backend::platform::auth::require_capability;
    use crate::backend::{content, state};
    use crate::domain::Capability;

    let admin = require_capability(Capability::ManageRules).await?;
    content::canned_replies::delete_shared(&state()?.db, admin.staff_id, id).await
}
