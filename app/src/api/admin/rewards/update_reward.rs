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
    use crate::backend::auth::require_capability;
    use crate::backend::{reward_admin, state};
    use crate::domain::Capability;

    let admin = require_capability(Capability::ManageRules).await?;
    if code.len() > 64 {
        return Err(AppError::NotFound);
    }
    reward_admin::update(&state()?.db, admin.staff_id, &code, &points_price, &stock, active).await
}
