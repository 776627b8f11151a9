use leptos::server;

use crate::error::AppError;
use crate::model::work_orders::WorkOrderDetail;

/// The customer answers on an open work order. A finished one takes no more replies (409).
#[server(endpoint = "work_orders/reply")]
pub async fn reply_to_work_order(order_no: String, message: String) -> Result<WorkOrderDetail, AppError> {
    use crate::backend::platform::auth::require_customer;
    use crate::backend::{state, work_orders};
    use crate::domain::{CaseKind, MESSAGE};

    let caller = require_customer().await?;
    let order_no = CaseKind::WorkOrder
        .parse(&order_no, "order_no_invalid")
        .map_err(|e| AppError::invalid("order_no", e))?;
    let message = MESSAGE.check(&message).map_err(|e| AppError::invalid("message", e))?;
    work_orders::customer_reply(&state()?.db, caller.customer_id, &order_no, &message).await
}
