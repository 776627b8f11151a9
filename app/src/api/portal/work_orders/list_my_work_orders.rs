use leptos::server;

use crate::error::AppError;
use crate::model::work_orders::WorkOrderSummary;

/// The caller's work orders, most recently active first.
#[server(endpoint = "work_orders/list_mine")]
pub async fn list_my_work_orders() -> Result<Vec<WorkOrderSummary>, AppError> {
    use crate::backend::platform::auth::require_customer;
    use crate::backend::{state, work_orders};

    let caller = require_customer().await?;
    work_orders::list_for_customer(&state()?.db, caller.customer_id).await
}
