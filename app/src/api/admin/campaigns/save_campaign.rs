use leptos::server;
use server_fn::codec::Json;

use crate::domain::CampaignFields;
use crate::error::AppError;
use crate::model::campaigns::CampaignSetting;

/// Writes a campaign and its activities (a new one without `id`): 422 per field
/// (`activities.<n>.points`, `campaign_window_invalid`, ...), 409 `campaign_code_taken`,
/// `activity_has_entries` (an activity customers did keeps its kind and stays); audited.
#[server(endpoint = "admin/campaigns/save", input = Json)]
pub async fn save_campaign(id: Option<i64>, campaign: CampaignFields) -> Result<CampaignSetting, AppError> {
    use crate::backend::platform::auth::require_capability;
    use crate::backend::{loyalty::campaigns, state};
    use crate::domain::Capability;

    let admin = require_capability(Capability::ManageRules).await?;
    campaigns::save(&state()?.db, admin.staff_id, id, &campaign).await
}
