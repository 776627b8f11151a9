use leptos::server;

use crate::error::AppError;
use crate::model::admin::AnnouncementSetting;

/// Takes a published or scheduled announcement down. 409 `announcement_not_published`.
#[server(endpoint = "admin/announcements/withdraw")]
pub async fn withdraw_announcement(id: i64) -> Result<AnnouncementSetting, AppError> {
    use crate::backend::platform::auth::require_capability;
    use crate::backend::{content::announcements, state};
    use crate::domain::Capability;

    let admin = require_capability(Capability::ManageRules).await?;
    announcements::withdraw(&state()?.db, admin.staff_id, id).await
}
