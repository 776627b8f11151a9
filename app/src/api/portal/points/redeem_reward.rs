use leptos::server;

use crate::error::AppError;
use crate::model::points::RewardOrder;

/// Redeems a reward for points. `request_key` makes a retry return the same order.
/// Phone credit tops up `top_up_phone` (the customer's own number when absent).
/// Not enough points or no stock: 409 (`insufficient_points`, `out_of_stock`).
#[server(endpoint = "points/redeem")]
pub async fn redeem_reward(
    reward_code: String,
    request_key: String,
    #[server(default)] top_up_phone: Option<String>,
) -> Result<RewardOrder, AppError> {
    use crate::backend::platform::auth::require_customer;
    use crate::backend::{loyalty::points, state};
    use crate::domain::{IdempotencyKey, Phone};

    let caller = require_customer().await?;
    let key = IdempotencyKey::parse(&request_key).map_err(|e| AppError::invalid("request_key", e))?;
    if reward_code.len() > 64 {
        return Err(AppError::NotFound);
    }
    let top_up_phone = top_up_phone
        .filter(|p| !p.trim().is_empty())
        .map(|p| Phone::parse(&p).map_err(|e| AppError::invalid("top_up_phone", e)))
        .transpose()?;
    points::redeem(
        &state()?.db,
        caller.customer_id,
        &reward_code,
        top_up_phone.as_ref(),
        &key,
    )
    .await
}
