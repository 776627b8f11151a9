use leptos::server;

use crate::error::AppError;
use crate::model::points::PointsOverview;

/// The caller's balance, soon-to-expire points, history, orders, rules and rewards.
#[server(endpoint = "points/mine")]
pub async fn my_points() -> Result<PointsOverview, AppError> {
    use crate::backend::platform::auth::require_customer;
    use crate::backend::{loyalty::points, state};

    let caller = require_customer().await?;
    points::overview(&state()?.db, caller.customer_id).await
}
