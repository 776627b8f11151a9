use leptos::server;

use crate::error::AppError;

/// Staff answer a customer's work order and set its status (`in_progress`,
/// `awaiting_customer`, `resolved`, `closed`); the customer is notified. Audited.
#[server(endpoint = "agent/reply_request")]
pub async fn reply_request(order_no: String, message: String, status: String) -> Result<(), AppError> {
    use crate::backend::auth::require_staff;
    use crate::backend::{audit, state, work_orders};
    use crate::domain::{CaseKind, Invalid, Role, WorkOrderStatus, MESSAGE};

    let staff = require_staff(Role::Agent).await?;
    let order_no = CaseKind::WorkOrder
        .parse(&order_no, "order_no_invalid")
        .map_err(|e| AppError::invalid("order_no", e))?;
    let message = MESSAGE.check(&message).map_err(|e| AppError::invalid("message", e))?;
    let status = WorkOrderStatus::parse(status.trim())
        .filter(|s| *s != WorkOrderStatus::Open)
        .ok_or_else(|| AppError::invalid("status", Invalid::new("status_invalid", "Choose the new status")))?;
    let db = state()?.db;
    let customer_id = work_orders::staff_reply(&db, staff.staff_id, &order_no, &message, status).await?;
    audit::record(
        &db,
        staff.staff_id,
        "work_order.reply",
        Some(customer_id),
        &format!("order_no={order_no} status={}", status.as_str()),
    )
    .await
}
