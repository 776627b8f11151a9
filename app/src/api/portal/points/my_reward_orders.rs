use leptos::server;

use crate::error::AppError;
use crate::model::paging::Page;
use crate::model::points::RewardOrder;

/// The page of the caller's reward orders after the cursor `before` (`points/mine` answers
/// the first with the cursor of the next), newest first. 422 `cursor_malformed` for a
/// cursor it did not hand out.
#[server(endpoint = "points/orders")]
pub async fn my_reward_orders(before: Option<String>) -> Result<Page<RewardOrder>, AppError> {
    use crate::backend::platform::auth::require_customer;
    use crate::backend::{loyalty::points, state};

    let caller = require_customer().await?;
    let before = crate::backend::platform::paging::cursor_param(before.as_deref())?;
    points::orders(&state()?.db, caller.customer_id, before).await
}
