use leptos::server;

use crate::error::AppError;
use crate::model::work_orders::DeskWorkOrder;

/// A work order with the customer's whole case: messages and internal notes, attachments,
/// history, the customer's profile and policies, and where it may be passed on. 404 outside
/// the caller's groups (supervisors see all). Audited as a read.
#[server(endpoint = "console/get_work_order")]
pub async fn get_work_order(order_no: String) -> Result<DeskWorkOrder, AppError> {
    use crate::backend::platform::auth::require_capability;
    use crate::backend::work_orders::desk;
    use crate::backend::{now_ms, state};
    use crate::domain::{Capability, CaseKind};

    let staff = require_capability(Capability::WorkDesk).await?;
    let order_no = CaseKind::WorkOrder
        .parse(&order_no, "order_no_invalid")
        .map_err(|e| AppError::invalid("order_no", e))?;
    desk::detail(&state()?.db, &staff, &order_no, now_ms()).await
}
