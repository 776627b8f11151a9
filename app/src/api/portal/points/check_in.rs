use leptos::server;

use crate::error::AppError;

/// The monthly sign-in: the points earned now, or 0 if already signed in this month.
#[server(endpoint = "points/check_in")]
pub async fn check_in() -> Result<i64, AppError> {
    use crate::backend::platform::auth::require_customer;
    use crate::backend::{loyalty::points, state};

    let caller = require_customer().await?;
    let state = state()?;
    points::check_in(&state.db, &state.points, caller.customer_id).await
}
