use leptos::server;

use crate::error::AppError;
use crate::model::admin::SharedCannedReply;

/// Writes a shared canned reply (a new one without `id`): `title`, `body` (placeholders
/// `{customer_name}`, `{order_no}`, `{due_date}` only; 422 `placeholder_unknown`),
/// `sets_status` (empty for none). Every agent has it at once; audited with before and after.
#[server(endpoint = "admin/canned_replies/save")]
pub async fn save_shared_canned_reply(
    id: Option<i64>,
    title: String,
    body: String,
    sets_status: String,
) -> Result<SharedCannedReply, AppError> {
    use crate::backend::platform::auth::require_capability;
    use crate::backend::{content, state};
    use crate::domain::Capability;

    let admin = require_capability(Capability::ManageRules).await?;
    content::canned_replies::save_shared(&state()?.db, admin.staff_id, id, &title, &body, &sets_status).await
}
