use leptos::server;

use crate::error::AppError;
use crate::model::work_orders::WorkOrderDetail;

/// One of the caller's work orders with its conversation; anyone else's is "not found".
#[server(endpoint = "work_orders/get_mine")]
pub async fn get_my_work_order(order_no: String) -> Result<WorkOrderDetail, AppError> {
    use crate::backend::platform::auth::require_customer;
    use crate::backend::{state, work_orders};
    use crate::domain::CaseKind;

    let caller = require_customer().await?;
    let order_no = CaseKind::WorkOrder
        .parse(&order_no, "order_no_invalid")
        .map_err(|e| AppError::invalid("order_no", e))?;
    work_orders::detail_for_customer(&state()?.db, caller.customer_id, &order_no)
        .await?
        .ok_or(AppError::NotFound)
}
