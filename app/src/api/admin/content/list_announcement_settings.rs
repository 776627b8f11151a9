use leptos::server;

use crate::error::AppError;
use crate::model::admin::AnnouncementSetting;

/// Every announcement (drafts, scheduled, published, withdrawn), newest first, with how
/// many customers each has told.
#[server(endpoint = "admin/announcements")]
pub async fn list_announcement_settings() -> Result<Vec<AnnouncementSetting>, AppError> {
    use crate::backend::platform::auth::require_capability;
    use crate::backend::{content::announcements, state};
    use crate::domain::Capability;

    require_capability(Capability::ManageRules).await?;
    announcements::list_all(&state()?.db).await
}
