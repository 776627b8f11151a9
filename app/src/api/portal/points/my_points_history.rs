use leptos::server;

use crate::error::AppError;
use crate::model::paging::Page;
use crate::model::points::PointsEntry;

/// The page of the caller's points history after the cursor `before` (`points/mine`
/// answers the first with the cursor of the next), newest first. 422 `cursor_malformed`
/// for a cursor it did not hand out.
#[server(endpoint = "points/history")]
pub async fn my_points_history(before: Option<String>) -> Result<Page<PointsEntry>, AppError> {
    use crate::backend::platform::auth::require_customer;
    use crate::backend::{loyalty::points, state};

    let caller = require_customer().await?;
    let before = crate::backend::platform::paging::cursor_param(before.as_deref())?;
    points::history(&state()?.db, caller.customer_id, before).await
}
