use leptos::server;

use crate::error::AppError;

/// Saves one of the caller's own canned replies: `title`, `body` (placeholders
/// `{customer_name}`, `{order_no}`, `{due_date}` only; 422 `placeholder_unknown`),
/// optional `sets_status` (the status a reply with it moves the work order to). Answers
/// its id. Audited.
#[server(endpoint = "console/save_canned_reply")]
pub async fn save_canned_reply(title: String, body: String, sets_status: Option<String>) -> Result<i64, AppError> {
    use crate::backend::content;
    use crate::backend::platform::auth::require_capability;
    use crate::backend::{now_ms, state};
    use crate::domain::Capability;

    let staff = require_capability(Capability::WorkDesk).await?;
    content::canned_replies::save(
        &state()?.db,
        &staff,
        &title,
        &body,
        sets_status.as_deref().unwrap_or(""),
        now_ms(),
    )
    .await
}
