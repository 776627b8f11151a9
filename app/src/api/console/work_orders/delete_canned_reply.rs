use leptos::server;

use crate::error::AppError;

/// Deletes one of the caller's own canned replies; a shared one or a colleague's is 404.
/// Audited.
#[server(endpoint = "console/delete_canned_reply")]
pub async fn delete_canned_reply(id: i64) -> Result<(), AppError> {
    use crate::backend::content;
    use crate::backend::platform::auth::require_capability;
    use crate::backend::state;
    use crate::domain::Capability;

    let staff = require_capability(Capability::WorkDesk).await?;
    content::canned_replies::delete(&state()?.db, &staff, id).await
}
