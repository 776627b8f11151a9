use leptos::server;

use crate::error::AppError;
use crate::model::campaigns::CampaignSetting;

/// Every campaign, newest window first, with participants and entries per activity.
#[server(endpoint = "admin/campaigns")]
pub async fn list_campaign_settings() -> Result<Vec<CampaignSetting>, AppError> {
    use crate::backend::platform::auth::require_capability;
    use crate::backend::{loyalty::campaigns, state};
    use crate::domain::Capability;

    require_capability(Capability::ManageRules).await?;
    campaigns::list_all(&state()?.db).await
}
