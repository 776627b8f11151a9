use leptos::server;

use crate::error::AppError;
use crate::model::admin::RewardSetting;

/// Sets a reward's price (points, above zero), stock (zero or more) and whether it is
/// offered; customers see it at once. 422 `reward_price_invalid` / `reward_stock_invalid`;
/// audited with before and after.
#[server(endpoint = "admin/rewards/update")]
pub async fn update_reward(
    code: String,
    points_price: String,
    stock: String,
    active: bool,
) -> Result<RewardSetting, AppError> {
    use crate::backend::platform::auth::require_capability;
    use crate::backend::{loyalty, state};
    use crate::domain::Capability;

    let admin = require_capability(Capability::ManageRules).await?;
    if code.len() > 64 {
        return Err(AppError::NotFound);
    }
    loyalty::rewards::update(&state()?.db, admin.staff_id, &code, &points_price, &stock, active).await
}
