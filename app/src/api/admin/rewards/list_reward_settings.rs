use leptos::server;

use crate::error::AppError;
use crate::model::admin::RewardSetting;

/// Every reward, offered or not, cheapest first.
#[server(endpoint = "admin/rewards")]
pub async fn list_reward_settings() -> Result<Vec<RewardSetting>, AppError> {
    use crate::backend::platform::auth::require_capability;
    use crate::backend::{loyalty, state};
    use crate::domain::Capability;

    require_capability(Capability::ManageRules).await?;
    loyalty::rewards::list(&state()?.db).await
}
