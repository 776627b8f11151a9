use leptos::server;

use crate::error::AppError;
use crate::model::admin::RewardSetting;

/// Every reward, offered or not, cheapest first.
#[server(endpoint = "admin/rewards")]
pub async fn list_reward_settings() -> Result<Vec<RewardSetting>, AppError> {
    use crate::backend::auth::require_capability;
    use crate::backend::{reward_admin, state};
    use crate::domain::Capability;

    require_capability(Capability::ManageRules).await?;
    reward_admin::list(&state()?.db).await
}
