use leptos::server;

use crate::error::AppError;

/// Sets the share of closed claims followed up (0-100%) and the calls before a follow-up
/// closes as unreached (1-10). 422 `sample_percent_invalid` / `max_attempts_invalid`; audited.
#[server(endpoint = "admin/rules/follow_up")]
pub async fn set_follow_up_settings(sample_percent: String, max_attempts: String) -> Result<(i64, i64), AppError> {
    use crate::backend::platform::auth::require_capability;
    use crate::backend::{rules, state};
    use crate::domain::Capability;

    let admin = require_capability(Capability::ManageRules).await?;
    rules::set_follow_up(&state()?.db, admin.staff_id, &sample_percent, &max_attempts).await
}
