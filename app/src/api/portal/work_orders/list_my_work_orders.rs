use leptos::server;

use crate::error::AppError;
use crate::model::paging::Page;
use crate::model::work_orders::WorkOrderSummary;

/// A page of the caller's work orders, most recently active first (those after the cursor
/// `before` when given). 422 `cursor_malformed` for a cursor it did not hand out.
#[server(endpoint = "work_orders/list_mine")]
pub async fn list_my_work_orders(before: Option<String>) -> Result<Page<WorkOrderSummary>, AppError> {
    use crate::backend::platform::auth::require_customer;
    use crate::backend::{state, work_orders};

    let caller = require_customer().await?;
    let before = crate::backend::platform::paging::cursor_param(before.as_deref())?;
    work_orders::list_for_customer(&state()?.db, caller.customer_id, before).await
}
