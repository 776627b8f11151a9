use leptos::server;
use server_fn::codec::Json;

use crate::domain::AnnouncementFields;
use crate::error::AppError;
use crate::model::admin::AnnouncementSetting;

/// Writes a draft announcement (a new one without `id`): 422 per field (`title_required`,
/// `publish_at_past`, `segment_invalid`, ...); 409 `announcement_not_draft` once published.
#[server(endpoint = "admin/announcements/save", input = Json)]
pub async fn save_announcement(
    id: Option<i64>,
    announcement: AnnouncementFields,
) -> Result<AnnouncementSetting, AppError> {
    use crate::backend::platform::auth::require_capability;
    use crate::backend::{content::announcements, state};
    use crate::domain::Capability;

    let admin = require_capability(Capability::ManageRules).await?;
    announcements::save_draft(&state()?.db, admin.staff_id, id, &announcement).await
}
