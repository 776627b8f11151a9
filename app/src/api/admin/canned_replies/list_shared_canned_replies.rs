use leptos::server;

use crate::error::AppError;
use crate::model::admin::SharedCannedReply;

/// The shared canned_replies, by title.
#[server(endpoint = "admin/canned_replies")]
pub async fn list_shared_canned_replies() -> Result<Vec<SharedCannedReply>, AppError> {
    use crate::backend::platform::auth::require_capability;
    use crate::backend::{content, state};
    use crate::domain::Capability;

    require_capability(Capability::ManageRules).await?;
    content::canned_replies::list_shared(&state()?.db).await
}
