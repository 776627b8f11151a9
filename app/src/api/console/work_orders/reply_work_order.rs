use leptos::server;

use crate::error::AppError;

/// Staff answer a customer's work order and set its status (`in_progress`,
/// `awaiting_customer`, `resolved`, `closed`); the customer is notified. Audited.
#[server(endpoint = "console/reply_work_order")]
pub async fn reply_work_order(order_no: String, message: String, status: String) -> Result<(), AppError> {
    use crate::backend::auth::require_staff;
    use crate::backend::{state, work_orders};
    use crate::domain::{CaseKind, Invalid, Role, WorkOrderStatus, MESSAGE};

    let staff = require_staff(Role::Agent).await?;
    let order_no = CaseKind::WorkOrder
        .parse(&order_no, "order_no_invalid")
        .map_err(|e| AppError::invalid("order_no", e))?;
    let message = MESSAGE.check(&message).map_err(|e| AppError::invalid("message", e))?;
    let status = WorkOrderStatus::parse(status.trim())
        .filter(|s| *s != WorkOrderStatus::Open)
        .ok_or_else(|| AppError::invalid("status", Invalid::new("status_invalid", "Choose the new status")))?;
    work_orders::staff_reply(&state()?.db, staff.staff_id, &order_no, &message, status).await
}
