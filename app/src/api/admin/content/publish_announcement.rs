use leptos::server;

use crate::error::AppError;
use crate::model::admin::AnnouncementSetting;

/// Publishes a draft at its chosen time (at once without one); when due and asked to, tells
/// its segment, each customer once. 409 `announcement_not_draft` the second time.
#[server(endpoint = "admin/announcements/publish")]
pub async fn publish_announcement(id: i64) -> Result<AnnouncementSetting, AppError> {
    use crate::backend::platform::auth::require_capability;
    use crate::backend::{content::announcements, state};
    use crate::domain::Capability;

    let admin = require_capability(Capability::ManageRules).await?;
    announcements::publish(&state()?.db, admin.staff_id, id).await
}
